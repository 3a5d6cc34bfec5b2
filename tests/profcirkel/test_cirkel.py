"""The Prof-cirkel pages: my circles, a circle's board, a proposal's follow-up page and its
one-click and form actions. Who may see and do what (a 404 for anyone else), overdue
flags, and the board's query count."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from didactiek.models import DidactischeVraag, Verbetervoorstel
from profcirkel import services
from profcirkel.models import Bijeenkomst, ProfCirkel, VoorstelUpdate
from tests.factories import TeamFactory, UserFactory
from tests.mailbox import deliver
from tests.profcirkel.test_voorstel_lifecycle import make_voorstel
from werkplekleren.models import Role

Status = Verbetervoorstel.Status
Antwoord = Verbetervoorstel.Antwoord


@pytest.fixture
def world(org, team):
    voorstel, groep, members, sessie = make_voorstel(org, team)
    return SimpleNamespace(
        org=org,
        team=team,
        lg=team.leidinggevende,
        voorstel=voorstel,
        groep=groep,
        members=members,
        colleague=UserFactory(organisation=org, team=team),
        lo=UserFactory(organisation=org, roles=[Role.LO]),
    )


@pytest.fixture
def ingediend(world):
    world.voorstel = services.voorstel_submit(voorstel=world.voorstel, by=world.members[0])
    world.cirkel = world.voorstel.cirkel
    return world


def _status(w) -> str:
    return Verbetervoorstel.objects.get(pk=w.voorstel.pk).status


def _urls(w) -> list[tuple[str, str]]:
    c, v = w.cirkel.pk, w.voorstel.pk
    return [
        ("get", reverse("profcirkel:cirkel_board", args=[c])),
        ("post", reverse("profcirkel:bijeenkomst_add", args=[c])),
        ("post", reverse("profcirkel:cirkel_invite", args=[c])),
        ("get", reverse("profcirkel:voorstel_detail", args=[v])),
        ("post", reverse("profcirkel:voorstel_submit", args=[v])),
        ("post", reverse("profcirkel:voorstel_answer", args=[v])),
        ("post", reverse("profcirkel:voorstel_assign", args=[v])),
        ("post", reverse("profcirkel:voorstel_implemented", args=[v])),
        ("post", reverse("profcirkel:voorstel_review", args=[v])),
    ]


# --- Privacy -------------------------------------------------------------------------------


def test_the_urls(ingediend):
    w = ingediend
    assert reverse("profcirkel:cirkel_list") == "/cirkels/"
    assert reverse("profcirkel:cirkel_board", args=[w.cirkel.pk]) == f"/cirkels/{w.cirkel.pk}/"
    assert reverse("profcirkel:voorstel_detail", args=[3]) == "/voorstellen/3/"
    assert reverse("profcirkel:voorstel_submit", args=[3]) == "/voorstellen/3/indienen/"


def test_another_organisation_gets_404_everywhere(ingediend, other_org, login):
    w = ingediend
    stranger = UserFactory(
        organisation=other_org,
        team=TeamFactory(organisation=other_org),
        roles=[Role.PROFESSIONAL, Role.LEIDINGGEVENDE, Role.LO, Role.ADMIN],
    )
    client = login(stranger)
    for method, url in _urls(w):
        assert getattr(client, method)(url).status_code == 404, url
    assert client.post(reverse("profcirkel:cirkel_open", args=[w.team.pk])).status_code == 404
    page = client.get(reverse("profcirkel:cirkel_list"))
    assert w.team.name not in page.content.decode()
    assert _status(w) == Status.INGEDIEND and VoorstelUpdate.objects.count() == 1


@pytest.mark.parametrize("who", ["other_team_colleague", "other_team_lg", "admin"])
def test_outside_the_group_and_the_team_is_404(ingediend, login, who):
    w = ingediend
    other_team = TeamFactory(organisation=w.org)
    user = {
        "other_team_colleague": lambda: UserFactory(organisation=w.org, team=other_team),
        "other_team_lg": lambda: other_team.leidinggevende,
        "admin": lambda: UserFactory(organisation=w.org, roles=[Role.ADMIN]),
    }[who]()
    client = login(user)
    for method, url in _urls(w):
        assert getattr(client, method)(url).status_code == 404, url
    assert client.post(reverse("profcirkel:cirkel_open", args=[w.team.pk])).status_code == 404
    assert _status(w) == Status.INGEDIEND


def test_a_group_member_of_another_team_reads_the_proposal_not_the_board(world, login):
    """The proposal went to the circle of the submitter's team; a member of the group in
    another team follows the proposal, but that team's board is not his."""
    w = world
    w.members[2].team = TeamFactory(organisation=w.org)
    w.members[2].save()
    v = services.voorstel_submit(voorstel=w.voorstel, by=w.members[0])
    client = login(w.members[2])
    assert client.get(reverse("profcirkel:voorstel_detail", args=[v.pk])).status_code == 200
    assert client.get(reverse("profcirkel:cirkel_board", args=[v.cirkel_id])).status_code == 404


def test_lo_reads_boards_and_proposals_but_acts_nowhere(ingediend, login):
    w = ingediend
    client = login(w.lo)
    assert client.get(reverse("profcirkel:cirkel_list")).status_code == 200
    board = client.get(reverse("profcirkel:cirkel_board", args=[w.cirkel.pk]))
    assert board.status_code == 200 and "Vaste overdracht" in board.content.decode()
    page = client.get(reverse("profcirkel:voorstel_detail", args=[w.voorstel.pk]))
    assert page.status_code == 200 and "Antwoord geven" not in page.content.decode()
    answer = client.post(
        reverse("profcirkel:voorstel_answer", args=[w.voorstel.pk]),
        {"ant-antwoord": "overgenomen"},
    )
    assert answer.status_code == 404
    for held_on in (timezone.localdate().isoformat(), ""):
        meeting = client.post(
            reverse("profcirkel:bijeenkomst_add", args=[w.cirkel.pk]), {"bk-held_on": held_on}
        )
        assert meeting.status_code == 404
    assert _status(w) == Status.INGEDIEND and not Bijeenkomst.objects.exists()


def test_a_team_colleague_reads_the_board_but_does_not_answer(ingediend, login):
    w = ingediend
    client = login(w.colleague)
    assert client.get(reverse("profcirkel:cirkel_board", args=[w.cirkel.pk])).status_code == 200
    answer = client.post(
        reverse("profcirkel:voorstel_answer", args=[w.voorstel.pk]),
        {"ant-antwoord": "overgenomen"},
    )
    assert answer.status_code == 404
    assert _status(w) == Status.INGEDIEND


def test_a_concept_is_no_ones_business_here(org, team, login):
    voorstel, _g, members, _s = make_voorstel(org, team, status=Status.CONCEPT)
    client = login(members[0])
    assert client.get(reverse("profcirkel:voorstel_detail", args=[voorstel.pk])).status_code == 404
    assert client.get("/voorstellen/nee/").status_code == 404


# --- My circles ----------------------------------------------------------------------------


def test_my_circles_and_opening_the_circle_of_my_team(world, login):
    w = world
    client = login(w.colleague)
    page = client.get(reverse("profcirkel:cirkel_list"))
    assert "Open de Prof-cirkel" in page.content.decode()
    response = client.post(reverse("profcirkel:cirkel_open", args=[w.team.pk]))
    cirkel = ProfCirkel.objects.get(team=w.team)
    assert response.url == reverse("profcirkel:cirkel_board", args=[cirkel.pk])
    page = client.get(reverse("profcirkel:cirkel_list")).content.decode()
    assert reverse("profcirkel:cirkel_board", args=[cirkel.pk]) in page
    assert "Open de Prof-cirkel" not in page


# --- Submitting and the follow-up through the pages ----------------------------------------


def test_a_group_member_submits_with_one_click(world, login, django_capture_on_commit_callbacks):
    w = world
    url = reverse("profcirkel:voorstel_detail", args=[w.voorstel.pk])
    client = login(w.members[1])
    page = client.get(url).content.decode()
    assert 'data-testid="submit"' in page and "Indienen bij de Prof-cirkel" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profcirkel:voorstel_submit", args=[w.voorstel.pk]))
    assert response.status_code == 302 and response.url == url
    voorstel = Verbetervoorstel.objects.get(pk=w.voorstel.pk)
    assert voorstel.status == Status.INGEDIEND and voorstel.cirkel.team == w.team
    outbox = deliver("voorstel_update")
    assert sorted(m.to[0] for m in outbox) == sorted(m.email for m in w.members)
    page = client.get(url).content.decode()
    assert "Ingediend bij de Prof-cirkel" not in page
    assert "is door" in page  # the history
    again = client.post(reverse("profcirkel:voorstel_submit", args=[w.voorstel.pk]), follow=True)
    assert "al ingediend" in again.content.decode()


def test_the_submit_button_is_for_the_group_only(world, login):
    url = reverse("profcirkel:voorstel_detail", args=[world.voorstel.pk])
    page = login(world.lo).get(url)
    assert page.status_code == 200 and 'data-testid="submit"' not in page.content.decode()
    # Not yet in his circle: the leidinggevende does not see it at all.
    assert login(world.lg).get(url).status_code == 404


def test_without_a_team_there_is_no_button_but_a_reason(world, login):
    world.members[0].team = None
    world.members[0].save()
    page = login(world.members[0]).get(
        reverse("profcirkel:voorstel_detail", args=[world.voorstel.pk])
    )
    content = page.content.decode()
    assert 'data-testid="submit"' not in content and "niet bij een team" in content


def test_the_whole_follow_up_through_the_pages(
    ingediend, login, kader, django_capture_on_commit_callbacks
):
    w = ingediend
    v = w.voorstel.pk
    detail = reverse("profcirkel:voorstel_detail", args=[v])
    lg = login(w.lg)
    assert "Antwoord geven" in lg.get(detail).content.decode()

    refused = lg.post(
        reverse("profcirkel:voorstel_answer", args=[v]), {"ant-antwoord": "afgewezen"}
    )
    assert refused.status_code == 400 and "een reden nodig" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ok = lg.post(
            reverse("profcirkel:voorstel_answer", args=[v]),
            {"ant-antwoord": "aangepast", "ant-reden": "Eerst op één afdeling"},
        )
    assert ok.status_code == 302 and _status(w) == Status.BEANTWOORD
    outbox = deliver("voorstel_update")
    assert any("aangepast overgenomen: Eerst op één afdeling" in m.body for m in outbox)

    day = timezone.localdate() + timedelta(days=5)
    ok = lg.post(
        reverse("profcirkel:voorstel_assign", args=[v]),
        {"eig-owner": w.members[1].pk, "eig-due_date": day.isoformat()},
    )
    assert ok.status_code == 302 and _status(w) == Status.IN_UITVOERING

    owner = login(w.members[1])
    page = owner.get(detail).content.decode()
    assert "Zet op gerealiseerd" in page and "Antwoord geven" not in page
    assert owner.post(reverse("profcirkel:voorstel_implemented", args=[v])).status_code == 302
    assert _status(w) == Status.GEREALISEERD

    member = login(w.members[2])
    review = reverse("profcirkel:voorstel_review", args=[v])
    bad = member.post(review, {"eff-effect": "Rustiger", "eff-tevredenheid": "heel"})
    assert bad.status_code == 400 and "moet een getal zijn" in bad.content.decode()
    vraag = DidactischeVraag.objects.get(number=3)
    ok = member.post(
        review,
        {"eff-effect": "Rustiger", "eff-vragen": [vraag.pk], "eff-uren_bespaard": "1,5"},
    )
    assert ok.status_code == 302 and _status(w) == Status.EFFECT_BEOORDEELD
    page = member.get(detail).content.decode()
    assert "Rustiger" in page and "1,5" in page  # Dutch decimal comma
    assert VoorstelUpdate.objects.filter(voorstel_id=v).count() == 5


def test_an_owner_of_another_organisation_is_a_404(ingediend, login, other_org):
    w = ingediend
    services.voorstel_answer(voorstel=w.voorstel, by=w.lg, antwoord="overgenomen", reden="")
    outsider = UserFactory(organisation=other_org)
    response = login(w.lg).post(
        reverse("profcirkel:voorstel_assign", args=[w.voorstel.pk]),
        {"eig-owner": outsider.pk, "eig-due_date": timezone.localdate().isoformat()},
    )
    assert response.status_code in (400, 404)  # not even offered as a choice
    assert _status(w) == Status.BEANTWOORD


def test_out_of_order_through_a_page_says_why(ingediend, login):
    w = ingediend
    client = login(w.lg)
    response = client.post(
        reverse("profcirkel:voorstel_implemented", args=[w.voorstel.pk]), follow=True
    )
    assert "in uitvoering" in response.content.decode()
    response = client.post(
        reverse("profcirkel:voorstel_assign", args=[w.voorstel.pk]),
        {"eig-owner": w.lo.pk, "eig-due_date": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "eigenaar nadat" in response.content.decode()
    assert _status(w) == Status.INGEDIEND


# --- The board -----------------------------------------------------------------------------


def _assign(w, voorstel, days):
    v = services.voorstel_answer(voorstel=voorstel, by=w.lg, antwoord="overgenomen", reden="")
    return services.voorstel_assign(
        voorstel=v,
        by=w.lg,
        owner=w.members[0],
        due_date=timezone.localdate() + timedelta(days=days),
    )


def test_the_board_has_a_column_per_state_and_flags_overdue(ingediend, login, monkeypatch):
    w = ingediend
    _assign(w, w.voorstel, days=3)
    later, _g, members, _s = make_voorstel(w.org, w.team, titel="Tweede voorstel")
    services.voorstel_submit(voorstel=later, by=members[0])
    client = login(w.lg)
    url = reverse("profcirkel:cirkel_board", args=[w.cirkel.pk])
    page = client.get(url).content.decode()
    for column in ("Ingediend", "Beantwoord", "In uitvoering", "Gerealiseerd", "Effect beoordeeld"):
        assert column in page
    assert 'data-testid="overdue"' not in page
    moment = timezone.now() + timedelta(days=4)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    page = client.get(url).content.decode()
    assert page.count('data-testid="overdue"') == 1
    assert "1 voorstel over datum" in page
    overview = client.get(reverse("profcirkel:cirkel_list")).content.decode()
    assert "1 over datum" in overview and "1 wacht op antwoord" in overview


def test_meetings_and_what_was_submitted_since_the_last(ingediend, login):
    w = ingediend
    today = timezone.localdate()
    Verbetervoorstel.objects.filter(pk=w.voorstel.pk).update(
        submitted_at=timezone.now() - timedelta(days=10)
    )
    client = login(w.colleague)
    url = reverse("profcirkel:bijeenkomst_add", args=[w.cirkel.pk])
    bad = client.post(url, {"bk-held_on": ""})
    assert bad.status_code == 400 and "datum van de bijeenkomst" in bad.content.decode()
    ok = client.post(
        url, {"bk-held_on": (today - timedelta(days=2)).isoformat(), "bk-notes": "Besproken"}
    )
    assert ok.status_code == 302
    later, _g, members, _s = make_voorstel(w.org, w.team, titel="Na de bijeenkomst")
    services.voorstel_submit(voorstel=later, by=members[0])
    board = client.get(reverse("profcirkel:cirkel_board", args=[w.cirkel.pk])).context["board"]
    assert board.last.notes == "Besproken"
    assert [v.titel for v in board.since_last] == ["Na de bijeenkomst"]
    assert [[v.titel for v in row.voorstellen] for row in board.meetings] == [["Vaste overdracht"]]
    assert not board.lo_candidates and not board.leads and board.may_add_bijeenkomst


def test_the_leidinggevende_invites_lo(ingediend, login):
    w = ingediend
    client = login(w.lg)
    board = client.get(reverse("profcirkel:cirkel_board", args=[w.cirkel.pk]))
    assert [u.pk for u in board.context["board"].lo_candidates] == [w.lo.pk]
    url = reverse("profcirkel:cirkel_invite", args=[w.cirkel.pk])
    refused = client.post(url, {"inv-user": w.colleague.pk}, follow=True)
    assert "L&amp;O" in refused.content.decode()
    assert client.post(url, {"inv-user": w.lo.pk}).status_code == 302
    assert list(w.cirkel.invited.all()) == [w.lo]
    # A team member may not invite.
    assert login(w.colleague).post(url, {"inv-user": w.lo.pk}).status_code == 404


def _board_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer", ["lg", "colleague", "lo"])
def test_the_board_runs_a_fixed_number_of_queries(ingediend, login, viewer):
    w = ingediend
    client = login(getattr(w, viewer))
    url = reverse("profcirkel:cirkel_board", args=[w.cirkel.pk])
    client.get(url)  # warm up (session, content types)
    one = _board_queries(client, url)
    # More proposals in every state, from other groups, and meetings.
    for i in range(5):
        v, _g, members, _s = make_voorstel(w.org, w.team, titel=f"Voorstel {i}")
        v = services.voorstel_submit(voorstel=v, by=members[0])
        if i >= 1:
            v = _assign(w, v, days=2)
        if i >= 3:
            v = services.voorstel_implemented(voorstel=v, by=w.lg)
        services.bijeenkomst_add(
            cirkel=w.cirkel, by=w.lg, held_on=timezone.localdate() - timedelta(days=i)
        )
    services.cirkel_invite(
        cirkel=w.cirkel, by=w.lg, user=UserFactory(organisation=w.org, roles=[Role.LO])
    )
    many = _board_queries(client, url)
    expected = {"lg": 8, "colleague": 7, "lo": 7}[viewer]
    assert one == many == expected
