"""The proposal bank: submitted proposals for the whole organisation, searchable and
filterable; follow (news by e-mail, without names), recognise ("wij hebben dit ook", counted
never named), take into a week of one's own group. Never session notes, reviews, votes or the
names of a group that chose to hide them."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from didactiek.models import DidactischeVraag, Verbetervoorstel, VoorstelIndex
from profcirkel import services
from profcirkel.models import VoorstelHerkenning, VoorstelVolger
from tests.factories import (
    GroepFactory,
    SessieFactory,
    TeamFactory,
    UserFactory,
    WeekcyclusFactory,
    add_member,
)
from tests.profcirkel.test_voorstel_lifecycle import make_voorstel
from weekcyclus.models import Bijdrage, Deelnemer
from werkplekleren.models import OutgoingMail, Role

Status = Verbetervoorstel.Status
NOTE = "Geheime analysenotitie van de groep"
REVIEW = "Geheim antwoord in de kritische toets"


@pytest.fixture
def bank_world(org, team, kader):
    voorstel, groep, members, sessie = make_voorstel(org, team, titel="Vaste overdracht")
    sessie.probleemstelling = (
        "Bij de overdracht van dag- naar avonddienst gaat informatie verloren."
    )
    sessie.save()
    sessie.vragen.set(DidactischeVraag.objects.filter(number__in=[1, 3]))
    deelnemer = Deelnemer.objects.create(sessie=sessie, user=members[0])
    Bijdrage.objects.create(sessie=sessie, deelnemer=deelnemer, kind="analyse", text=NOTE)
    voorstel.review = {"klopt": REVIEW}
    voorstel.save()
    other_team = TeamFactory(organisation=org, name="Planning")
    reader = UserFactory(organisation=org, team=other_team)  # another team, not in the group
    return SimpleNamespace(
        org=org,
        team=team,
        lg=team.leidinggevende,
        voorstel=voorstel,
        groep=groep,
        members=members,
        sessie=sessie,
        reader=reader,
        other_team=other_team,
    )


def submit(w, names_visible=False):
    return services.voorstel_submit(
        voorstel=w.voorstel, by=w.members[0], names_visible=names_visible
    )


def test_only_submitted_proposals_are_in_the_bank(bank_world, login, client):
    w = bank_world
    login(w.reader)
    assert client.get(reverse("profcirkel:bank_detail", args=[w.voorstel.pk])).status_code == 404
    submit(w)
    assert VoorstelIndex.objects.filter(voorstel=w.voorstel).exists()
    page = client.get(reverse("profcirkel:bank_list"))
    assert page.status_code == 200
    assert "Vaste overdracht" in page.content.decode()
    detail = client.get(reverse("profcirkel:bank_detail", args=[w.voorstel.pk]))
    assert detail.status_code == 200
    assert "gaat informatie verloren" in detail.content.decode()


def test_the_bank_is_the_organisations_only(bank_world, login, client, other_org):
    w = bank_world
    submit(w)
    stranger = UserFactory(organisation=other_org)
    login(stranger)
    assert client.get(reverse("profcirkel:bank_detail", args=[w.voorstel.pk])).status_code == 404
    assert "Vaste overdracht" not in client.get(reverse("profcirkel:bank_list")).content.decode()
    admin = UserFactory(organisation=w.org, roles=[Role.ADMIN])
    login(admin)
    assert client.get(reverse("profcirkel:bank_list")).status_code == 404
    assert client.get(reverse("profcirkel:bank_detail", args=[w.voorstel.pk])).status_code == 404


def test_the_bank_carries_no_session_content_votes_or_hidden_names(bank_world, login, client):
    w = bank_world
    submit(w, names_visible=False)
    login(w.reader)
    pages = [
        client.get(reverse("profcirkel:bank_list")).content.decode(),
        client.get(reverse("profcirkel:bank_detail", args=[w.voorstel.pk])).content.decode(),
    ]
    for html in pages:
        assert NOTE not in html
        assert REVIEW not in html
        assert w.groep.name not in html
        for member in w.members:
            assert member.name not in html  # the submitter's name is in the group's news only


def test_names_show_when_the_group_chose_so(bank_world, login, client):
    w = bank_world
    submit(w, names_visible=True)
    login(w.reader)
    html = client.get(reverse("profcirkel:bank_detail", args=[w.voorstel.pk])).content.decode()
    assert w.groep.name in html
    assert all(m.name in html for m in w.members)


def test_following_mails_the_next_update_without_names(bank_world, login, client):
    w = bank_world
    voorstel = submit(w)
    login(w.reader)
    response = client.post(
        reverse("profcirkel:bank_follow", args=[voorstel.pk]),
        {"volgen": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Je volgt dit" in response.content.decode()
    assert VoorstelVolger.objects.filter(voorstel=voorstel, user=w.reader).exists()
    services.voorstel_answer(
        voorstel=voorstel, by=w.lg, antwoord="aangepast", reden="Eerst vier weken proberen."
    )
    sent = OutgoingMail.objects.filter(user=w.reader, kind="voorstel_gevolgd").get()
    assert "Beantwoord: aangepast overgenomen. Eerst vier weken proberen." in sent.text
    assert w.lg.name not in sent.text and w.members[0].name not in sent.text
    html = client.get(reverse("profcirkel:bank_detail", args=[voorstel.pk])).content.decode()
    assert "Eerst vier weken proberen." in html
    assert "Beantwoord" in html
    # Stop following: the next news does not reach them.
    client.post(reverse("profcirkel:bank_follow", args=[voorstel.pk]), {"volgen": "0"})
    assert not VoorstelVolger.objects.filter(voorstel=voorstel, user=w.reader).exists()


def test_a_follower_in_the_group_gets_only_the_groups_mail(bank_world):
    w = bank_world
    voorstel = submit(w)
    services.voorstel_follow(voorstel=voorstel, by=w.members[1])
    services.voorstel_answer(voorstel=voorstel, by=w.lg, antwoord="overgenomen", reden="")
    assert not OutgoingMail.objects.filter(user=w.members[1], kind="voorstel_gevolgd").exists()
    assert OutgoingMail.objects.filter(user=w.members[1], kind="voorstel_update").exists()


def test_recognising_is_counted_never_named(bank_world, login, client):
    w = bank_world
    voorstel = submit(w)
    login(w.reader)
    client.post(reverse("profcirkel:bank_recognise", args=[voorstel.pk]), {"herkennen": "1"})
    client.post(reverse("profcirkel:bank_recognise", args=[voorstel.pk]), {"herkennen": "1"})
    assert VoorstelHerkenning.objects.filter(voorstel=voorstel).count() == 1
    html = client.get(reverse("profcirkel:bank_detail", args=[voorstel.pk])).content.decode()
    assert "1 collega herkent dit" in html
    login(w.members[0])
    html = client.get(reverse("profcirkel:voorstel_detail", args=[voorstel.pk])).content.decode()
    assert "1 collega herkent dit" in html
    assert w.reader.name not in html


def test_search_and_filters(bank_world, login, client, kader):
    w = bank_world
    submit(w)
    other, groep2, members2, sessie2 = make_voorstel(
        w.org, w.other_team, titel="Rooster eerder rond"
    )
    sessie2.probleemstelling = "Het rooster is te laat bekend, collega's kunnen niet plannen."
    sessie2.save()
    sessie2.vragen.set(DidactischeVraag.objects.filter(number=5))
    services.voorstel_submit(voorstel=other, by=members2[0])
    login(w.reader)
    url = reverse("profcirkel:bank_list")

    def titles(**params):
        html = client.get(url, params).content.decode()
        return {t for t in ("Vaste overdracht", "Rooster eerder rond") if t in html}

    assert titles() == {"Vaste overdracht", "Rooster eerder rond"}
    assert titles(q="overdrachten") == {"Vaste overdracht"}  # Dutch stems: plural finds it
    assert titles(q="rooster plannen") == {"Rooster eerder rond"}
    assert titles(q="nergens") == set()
    assert titles(vraag="5") == {"Rooster eerder rond"}
    assert titles(vraag="1") == {"Vaste overdracht"}
    assert titles(team=str(w.other_team.pk)) == {"Rooster eerder rond"}
    assert titles(status="ingediend") == {"Vaste overdracht", "Rooster eerder rond"}
    assert titles(status="effect") == set()
    services.voorstel_follow(voorstel=other, by=w.reader)
    assert titles(gevolgd="1") == {"Rooster eerder rond"}
    # Nonsense input is no error.
    for params in (
        {"vraag": "x"},
        {"team": "99999999999999999999"},
        {"pagina": "-1"},
        {"q": "\x00"},
    ):
        assert client.get(url, params).status_code == 200


def test_bank_list_queries_do_not_grow(bank_world, login, client, django_assert_max_num_queries):
    w = bank_world
    submit(w, names_visible=True)
    for i in range(6):
        v, _g, members, _s = make_voorstel(w.org, w.other_team, titel=f"Voorstel {i}")
        services.voorstel_submit(voorstel=v, by=members[0], names_visible=i % 2 == 0)
    login(w.reader)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("profcirkel:bank_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert (
            client.get(reverse("profcirkel:bank_detail", args=[w.voorstel.pk])).status_code == 200
        )


def test_bank_detail_reads_its_news_in_one_query(bank_world, login, client):
    """Each piece of news is shown in the reader's language from its stored event: one read
    for all of them, however many there are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = bank_world
    voorstel = submit(w)
    login(w.reader)
    url = reverse("profcirkel:bank_detail", args=[voorstel.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    services.voorstel_answer(voorstel=voorstel, by=w.lg, antwoord="overgenomen", reden="")
    services.voorstel_assign(voorstel=voorstel, by=w.lg, owner=w.lg, due_date=timezone.localdate())
    services.voorstel_implemented(voorstel=voorstel, by=w.lg)
    with CaptureQueriesContext(connection) as four:
        html = client.get(url).content.decode()
    assert "Gerealiseerd." in html and "In uitvoering, klaar uiterlijk" in html
    assert len(four) == len(one)
    client.cookies["django_language"] = "en"
    assert "Implemented." in client.get(url).content.decode()


def test_a_group_takes_a_proposal_into_its_week(bank_world, login, client):
    w = bank_world
    voorstel = submit(w)
    groep = GroepFactory(organisation=w.org, created_by=w.reader)
    add_member(groep, w.reader)
    login(w.reader)
    url = reverse("profcirkel:bank_take", args=[voorstel.pk])
    # No week planned yet: a clear message, nothing made.
    response = client.post(url, {"groep": groep.pk}, follow=True)
    assert "heeft nog geen week gepland" in response.content.decode()
    cyclus = WeekcyclusFactory(groep=groep)
    SessieFactory(weekcyclus=cyclus)
    response = client.post(url, {"groep": groep.pk})
    assert response.status_code == 302
    werksituatie = cyclus.werksituaties.get()
    assert werksituatie.bron == voorstel
    assert "gaat informatie verloren" in werksituatie.description
    assert VoorstelVolger.objects.filter(voorstel=voorstel, user=w.reader).exists()
    # Twice is refused; someone else's group is a 404.
    response = client.post(url, {"groep": groep.pk}, follow=True)
    assert "heeft dit voorstel al" in response.content.decode()
    assert client.post(url, {"groep": w.groep.pk}).status_code == 404


def test_thanks_with_the_answer_credit_the_group(bank_world, login, client):
    w = bank_world
    voorstel = submit(w, names_visible=False)
    services.voorstel_answer(
        voorstel=voorstel,
        by=w.lg,
        antwoord="overgenomen",
        reden="",
        bedankt="Dank jullie wel, dit scheelt de avonddienst veel zoeken!",
    )
    voorstel = services.voorstel_assign(
        voorstel=voorstel,
        by=w.lg,
        owner=w.members[1],
        due_date=timezone.localdate(),
    )
    services.voorstel_implemented(voorstel=voorstel, by=w.members[1])
    login(w.reader)
    html = client.get(reverse("profcirkel:bank_list")).content.decode()
    assert "Gerealiseerd dankzij een groep uit" in html
    assert "dit scheelt de avonddienst veel zoeken" in html
    login(w.members[0])
    html = client.get(reverse("weekcyclus:groep_detail", args=[w.groep.pk])).content.decode()
    assert "Wat jullie voorstellen opleverden" in html
    assert "dit scheelt de avonddienst veel zoeken" in html


def test_follows_are_in_ones_own_download_and_go_with_erasure(bank_world):
    from werkplekleren import privacy
    from werkplekleren import services as core

    w = bank_world
    voorstel = submit(w)
    services.voorstel_follow(voorstel=voorstel, by=w.reader)
    services.voorstel_recognise(voorstel=voorstel, by=w.reader)
    data = privacy.person_export(user=w.reader)
    assert data["voorstellenbank"]["volg_ik"][0]["voorstel"] == "Vaste overdracht"
    assert data["voorstellenbank"]["herken_ik"][0]["voorstel"] == "Vaste overdracht"
    admin = UserFactory(organisation=w.org, roles=[Role.ADMIN])
    core.person_deactivate(person=w.reader, by=admin)
    privacy.person_erase(person=w.reader, by=admin)
    assert not VoorstelVolger.objects.filter(voorstel=voorstel).exists()
    assert not VoorstelHerkenning.objects.filter(voorstel=voorstel).exists()
