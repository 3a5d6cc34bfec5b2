"""Composing a Prof-traject on one short page: concepts lose nothing, starting explains in
Dutch what is missing and keeps the input, one active traject at a time, a finished one is
read-only; choosing questions per cycle keeps the history."""

from datetime import timedelta
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from didactiek.models import DidactischeVraag
from tests.factories import GroepFactory, ProfTrajectFactory, UserFactory, add_member
from trajecten import services
from trajecten.models import Leeractiviteit, ProfTraject, Vraagkeuze
from weekcyclus.models import GroepMember
from werkplekleren.models import Role

NEW = reverse("trajecten:compose")


def _ids(*numbers):
    return [
        str(pk)
        for pk in DidactischeVraag.objects.filter(number__in=numbers).values_list("pk", flat=True)
    ]


def _edit(traject):
    return reverse("trajecten:compose_edit", args=[traject.pk])


@pytest.fixture
def me(professional, kader):
    return professional


@pytest.fixture
def groep(org, me):
    groep = GroepFactory(organisation=org, name="Koffie & Kritiek")
    add_member(groep, me)
    return groep


def test_new_page_has_the_frame_and_sensible_defaults(me, groep, org, login):
    GroepFactory(organisation=org, name="Andermans groep")
    left = GroepFactory(organisation=org, name="Verlaten groep")
    add_member(left, me, status=GroepMember.Status.LEFT)
    body = login(me).get(NEW).content.decode()
    today = timezone.localdate()
    assert f'value="{today:%Y-%m-%d}"' in body
    assert f'value="{today + timedelta(weeks=26):%Y-%m-%d}"' in body
    assert 'name="active_weeks" value="20"' in body
    assert body.count('name="vragen"') == 10
    assert "Hoe kunnen we als groep:" in body
    assert escape("Koffie & Kritiek") in body
    assert "Andermans groep" not in body and "Verlaten groep" not in body
    assert "Bewaar als concept" in body and "Start mijn Prof-traject" in body


def test_concept_is_saved_with_whatever_is_filled_in(me, login):
    client = login(me)
    response = client.post(
        NEW,
        {"action": "concept", "talenten": "Luisteren", "start": "", "end": "", "active_weeks": ""},
    )
    traject = ProfTraject.objects.get(user=me)
    assert response.status_code == 302 and response.url == _edit(traject)
    assert traject.state == ProfTraject.State.CONCEPT
    assert traject.talenten == "Luisteren" and traject.ambitie == ""
    assert traject.start == timezone.localdate() and traject.active_weeks == 20
    assert not traject.vraagkeuzes.exists()
    body = client.get(_edit(traject)).content.decode()
    assert "Luisteren" in body and "Je concept is bewaard" in body


def test_an_existing_concept_is_continued_not_doubled(me, groep, login):
    client = login(me)
    client.post(NEW, {"action": "concept", "ambitie": "Eerste versie"})
    traject = ProfTraject.objects.get(user=me)
    response = client.get(NEW)
    assert response.status_code == 302 and response.url == _edit(traject)
    body = client.get(response.url).content.decode()
    assert "Eerste versie" in body
    client.post(
        NEW,
        {
            "action": "concept",
            "ambitie": "Tweede versie",
            "vragen": _ids(2, 9),
            "groepen": [groep.pk],
        },
    )
    assert ProfTraject.objects.filter(user=me).count() == 1
    traject.refresh_from_db()
    assert traject.ambitie == "Tweede versie"
    assert list(traject.groepen.all()) == [groep]
    assert sorted(v.number for v in traject.vraagkeuzes.get().vragen.all()) == [2, 9]


def test_starting_explains_what_is_missing_and_keeps_the_input(me, groep, login):
    client = login(me)
    data = {
        "action": "start",
        "ambitie": "",
        "talenten": "Rust bewaren",
        "leerbehoeften": "Feedback geven",
        "active_weeks": "18",
        "groepen": [groep.pk],
    }
    response = client.post(NEW, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Schrijf eerst in je eigen woorden je ambitie." in body
    assert "Rust bewaren" in body and "Feedback geven" in body
    assert 'name="active_weeks" value="18"' in body
    assert f'value="{groep.pk}" checked' in body
    traject = ProfTraject.objects.get(user=me)  # the concept is kept: nothing is lost
    assert traject.state == ProfTraject.State.CONCEPT and traject.talenten == "Rust bewaren"
    assert f'action="{_edit(traject)}"' in body

    data.update(ambitie="Beter overdragen")
    body = client.post(_edit(traject), data).content.decode()
    assert "Kies minstens één vraag van het didactisch kader." in body
    assert "Beter overdragen" in body

    data.update(vragen=_ids(1, 9))
    response = client.post(_edit(traject), data)
    assert response.url == reverse("trajecten:activiteiten", args=[traject.pk])
    traject.refresh_from_db()
    assert traject.state == ProfTraject.State.ACTIEF and traject.active_weeks == 18
    assert sorted(v.number for v in traject.vraagkeuzes.get().vragen.all()) == [1, 9]


def test_a_wrong_period_is_refused_and_nothing_typed_is_lost(me, login):
    client = login(me)
    today = timezone.localdate()
    body = client.post(
        NEW,
        {
            "action": "concept",
            "ambitie": "Mijn ambitie",
            "start": f"{today:%Y-%m-%d}",
            "end": f"{today - timedelta(days=3):%Y-%m-%d}",
        },
    ).content.decode()
    assert "Kies een einddatum na de begindatum." in body
    assert "Mijn ambitie" in body
    assert not ProfTraject.objects.exists()
    body = client.post(NEW, {"action": "concept", "ambitie": "Nog steeds", "start": "gisteren"})
    assert "Nog steeds" in body.content.decode()
    assert not ProfTraject.objects.exists()


def test_one_active_traject_at_a_time(me, login):
    running = services.traject_save(
        user=me, ambitie="Het lopende", vragen=DidactischeVraag.objects.filter(number=1)
    )
    services.traject_activate(traject=running)
    client = login(me)
    body = client.post(
        NEW, {"action": "start", "ambitie": "Een tweede", "vragen": _ids(3)}
    ).content.decode()
    assert "Je hebt al een actief Prof-traject." in body
    assert "Een tweede" in body
    second = ProfTraject.objects.get(user=me, ambitie="Een tweede")
    assert second.state == ProfTraject.State.CONCEPT
    assert ProfTraject.objects.filter(user=me, state=ProfTraject.State.ACTIEF).get() == running

    # After finishing the running one, the concept can start.
    response = client.post(reverse("trajecten:finish", args=[running.pk]))
    assert response.url == _edit(running)
    client.post(_edit(second), {"action": "start", "ambitie": "Een tweede", "vragen": _ids(3)})
    second.refresh_from_db()
    running.refresh_from_db()
    assert running.state == ProfTraject.State.AFGEROND
    assert second.state == ProfTraject.State.ACTIEF


def test_an_active_traject_is_edited_in_place(me, login):
    traject = services.traject_activate(
        traject=services.traject_save(
            user=me, ambitie="Oud", vragen=DidactischeVraag.objects.filter(number=1)
        )
    )
    client = login(me)
    body = client.get(_edit(traject)).content.decode()
    assert "Bewaar wijzigingen" in body and "Rond mijn Prof-traject af" in body
    assert "Start mijn Prof-traject" not in body
    client.post(_edit(traject), {"action": "save", "ambitie": "Nieuw", "vragen": _ids(1)})
    traject.refresh_from_db()
    assert traject.ambitie == "Nieuw" and traject.state == ProfTraject.State.ACTIEF


def test_a_finished_traject_is_read_only(me, login):
    traject = ProfTrajectFactory(user=me, ambitie="Afgerond verhaal", state="afgerond")
    activiteit = Leeractiviteit.objects.create(traject=traject, kind="boek", title="Boek")
    client = login(me)
    body = client.get(_edit(traject)).content.decode()
    assert "Afgerond verhaal" in body and "afgerond" in body
    assert "Bewaar als concept" not in body and "Bewaar wijzigingen" not in body
    assert "disabled" in body

    response = client.post(_edit(traject), {"action": "save", "ambitie": "Overschreven"})
    assert response.status_code == 302
    client.post(reverse("trajecten:vragen", args=[traject.pk]), {"vragen": _ids(2)})
    client.post(
        reverse("trajecten:activiteiten", args=[traject.pk]), {"kind": "boek", "title": "Nog één"}
    )
    client.post(
        reverse("trajecten:activiteit", args=[activiteit.pk]),
        {"kind": "boek", "title": "Anders", "status": "afgerond", "reflectie": "Later"},
    )
    client.post(
        reverse("trajecten:tijd_log", args=[activiteit.pk]),
        {"minutes": "30", "day": f"{timezone.localdate():%Y-%m-%d}"},
    )
    response = client.post(reverse("trajecten:finish", args=[traject.pk]))
    traject.refresh_from_db()
    activiteit.refresh_from_db()
    assert traject.ambitie == "Afgerond verhaal" and traject.state == ProfTraject.State.AFGEROND
    assert not traject.vraagkeuzes.exists()
    assert traject.activiteiten.count() == 1
    assert activiteit.title == "Boek" and activiteit.reflectie == ""
    assert not activiteit.tijden.exists()
    response = client.get(reverse("trajecten:activiteiten", args=[traject.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dit Prof-traject is afgerond." in body and "Boek" in body  # the page, read-only
    assert "Activiteit toevoegen" not in body


def test_finishing_needs_a_post_and_an_active_traject(me, login):
    traject = ProfTrajectFactory(user=me)
    client = login(me)
    url = reverse("trajecten:finish", args=[traject.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Alleen een actief Prof-traject kun je afronden." in response.content.decode()
    traject.refresh_from_db()
    assert traject.state == ProfTraject.State.CONCEPT


def test_only_a_professional_composes(org, kader, login):
    for roles in ([Role.LEIDINGGEVENDE], [Role.LO], [Role.ADMIN]):
        user = UserFactory(organisation=org, roles=roles)
        client = login(user)
        assert client.get(NEW).status_code == 404
        assert client.post(NEW, {"action": "concept", "ambitie": "x"}).status_code == 404
    assert not ProfTraject.objects.exists()


def test_a_foreign_group_cannot_be_chosen(me, org, other_org, login):
    theirs = GroepFactory(organisation=other_org)
    not_mine = GroepFactory(organisation=org)
    client = login(me)
    for groep in (theirs, not_mine):
        response = client.post(NEW, {"action": "concept", "ambitie": "x", "groepen": [groep.pk]})
        assert response.status_code == 200  # refused, re-rendered
    assert not ProfTraject.objects.exists()


# --- Questions per cycle -------------------------------------------------------------------


def test_changing_the_questions_keeps_earlier_cycles(me, login):
    traject = ProfTrajectFactory(user=me, state="actief")
    last_week = timezone.localdate() - timedelta(weeks=1)
    services.traject_choose_vragen(
        traject=traject,
        vragen=DidactischeVraag.objects.filter(number__in=[1, 2]),
        cycle_start=last_week,
    )
    client = login(me)
    url = reverse("trajecten:vragen", args=[traject.pk])
    body = client.get(url).content.decode()
    assert f'value="{_ids(1)[0]}" checked' in body  # last choice proposed again

    response = client.post(url, {"vragen": _ids(5, 9)})
    assert response.status_code == 302
    keuzes = list(Vraagkeuze.objects.filter(traject=traject).order_by("cycle_start"))
    assert [k.cycle_start for k in keuzes] == [
        services.monday_of(last_week),
        services.monday_of(timezone.localdate()),
    ]
    assert [sorted(v.number for v in k.vragen.all()) for k in keuzes] == [[1, 2], [5, 9]]

    # Changing again in the same week replaces this week's choice only.
    client.post(url, {"vragen": _ids(6)})
    assert Vraagkeuze.objects.filter(traject=traject).count() == 2
    body = client.get(url).content.decode()
    for keuze in keuzes:
        assert f"Week {keuze.cycle_start.isocalendar().week}" in body
    assert DidactischeVraag.objects.get(number=6).text in body
    assert DidactischeVraag.objects.get(number=2).text in body


def test_no_question_ticked_is_explained(me, login):
    traject = ProfTrajectFactory(user=me, state="actief")
    body = login(me).post(reverse("trajecten:vragen", args=[traject.pk]), {}).content.decode()
    assert "Kies minstens één vraag van het didactisch kader." in body
    assert not traject.vraagkeuzes.exists()


def test_compose_pages_query_count_is_fixed(me, org, login, django_assert_max_num_queries):
    traject = ProfTrajectFactory(user=me, state="actief")
    for n in range(1, 6):
        groep = GroepFactory(organisation=org)
        add_member(groep, me)
        traject.groepen.add(groep)
        services.traject_choose_vragen(
            traject=traject,
            vragen=DidactischeVraag.objects.filter(number__lte=n),
            cycle_start=timezone.localdate() - timedelta(weeks=n),
        )
    client = login(me)
    with django_assert_max_num_queries(12):
        assert client.get(_edit(traject)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("trajecten:vragen", args=[traject.pk])).status_code == 200
