"""Planning pages: the plan form, the week page, werksituaties, plan-next, the agenda page."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from didactiek.models import DidactischeVraag, Werksituatie
from tests.factories import (
    GroepFactory,
    SessieFactory,
    UserFactory,
    WeekcyclusFactory,
    WerksituatieFactory,
    add_member,
)
from weekcyclus import services
from weekcyclus.models import AgendaFeed, GroepMember, Sessie, Weekcyclus
from werkplekleren.models import Role

MONDAY = date(2031, 3, 3)


@pytest.fixture
def groep(org, professional):
    groep = GroepFactory(organisation=org, name="Koffie & Kritiek", created_by=professional)
    add_member(groep, professional)
    return groep


def plan_data(**overrides) -> dict:
    """What the plan form posts: three sessions (row 3 left empty), two questions, a
    werksituatie."""
    data = {
        "week": "2031-03-05",  # a Wednesday
        "sessies-TOTAL_FORMS": "4",
        "sessies-INITIAL_FORMS": "4",
        "sessies-0-day": "0",
        "sessies-0-start": "09:00",
        "sessies-0-duration_minutes": "60",
        "sessies-0-room": "Zaal 1",
        "sessies-1-day": "2",
        "sessies-1-start": "13:30",
        "sessies-1-duration_minutes": "45",
        "sessies-1-room": "",
        "sessies-2-day": "",
        "sessies-2-start": "",
        "sessies-2-duration_minutes": "60",
        "sessies-2-room": "",
        "sessies-3-day": "4",
        "sessies-3-start": "10:00",
        "sessies-3-duration_minutes": "",
        "sessies-3-room": "Kantine",
        "vragen": ["1", "9"],
        "ws-title": "Overdracht bij de avonddienst",
        "ws-description": "Wie weet wat, als de dienst wisselt?",
        "ws-kind": "bedrijfsproces",
        "ws-critical": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def local(sessie: Sessie):
    return timezone.localtime(sessie.starts_at)


# --- The plan form -------------------------------------------------------------------------


def test_plan_form_is_prefilled(groep, professional, login):
    body = (
        login(professional)
        .get(reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]))
        .content.decode()
    )
    today = timezone.localdate()
    next_monday = today + timedelta(days=7 - today.weekday())
    assert f'value="{next_monday:%Y-%m-%d}"' in body
    assert body.count('value="09:00"') == 4
    assert body.count('name="sessies-0-duration_minutes" value="60"') == 1
    assert body.count('type="checkbox" name="vragen"') == 10
    assert "Hoe kunnen we als groep:" in body and "Als individu:" in body
    assert body.index("8. ") < body.index("Als individu:") < body.index("9. ")
    assert 'name="ws-critical" id="id_ws-critical" checked' in body


def test_plan_form_defaults_to_the_first_week_not_yet_planned(groep, professional, login):
    today = timezone.localdate()
    next_monday = today + timedelta(days=7 - today.weekday())
    WeekcyclusFactory(groep=groep, week_start=next_monday)
    body = (
        login(professional)
        .get(reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]))
        .content.decode()
    )
    assert f'value="{next_monday + timedelta(days=7):%Y-%m-%d}"' in body


def test_plan_a_week(groep, professional, login):
    response = login(professional).post(
        reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]), plan_data()
    )
    cyclus = Weekcyclus.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("weekcyclus:weekcyclus_detail", args=[cyclus.pk])
    assert (cyclus.groep, cyclus.week_start) == (groep, MONDAY)
    rows = [
        (s.number, local(s).date(), local(s).time(), s.duration_minutes, s.room)
        for s in cyclus.sessies.order_by("number")
    ]
    assert rows == [
        (1, MONDAY, time(9), 60, "Zaal 1"),
        (2, MONDAY + timedelta(days=2), time(13, 30), 45, ""),
        (3, MONDAY + timedelta(days=4), time(10), 60, "Kantine"),  # empty duration → 60
    ]
    assert sorted(cyclus.vragen.values_list("number", flat=True)) == [1, 9]
    ws = Werksituatie.objects.get()
    assert (ws.weekcyclus, ws.title, ws.kind, ws.critical, ws.created_by) == (
        cyclus,
        "Overdracht bij de avonddienst",
        "bedrijfsproces",
        True,
        professional,
    )


def test_plan_a_week_without_werksituatie_and_not_critical(groep, professional, login):
    client = login(professional)
    client.post(
        reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]),
        plan_data(**{"ws-title": "", "ws-description": "", "ws-kind": None}),
    )
    assert Weekcyclus.objects.count() == 1
    assert not Werksituatie.objects.exists()
    client.post(
        reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]),
        plan_data(week="2031-03-12", **{"ws-critical": None}),
    )
    assert Werksituatie.objects.get().critical is False


def _assert_kept(body: str) -> None:
    """What the person typed is still in the form."""
    assert 'name="week" value="2031-03-05"' in body
    assert 'name="sessies-3-room" value="Kantine"' in body
    assert 'name="sessies-1-start" value="13:30"' in body
    assert '<option value="4" selected>' in body
    assert 'name="vragen" value="1" checked' in body
    assert 'name="vragen" value="9" checked' in body
    assert 'name="vragen" value="2" checked' not in body
    assert 'value="Overdracht bij de avonddienst"' in body
    assert "Wie weet wat, als de dienst wisselt?" in body
    assert 'value="bedrijfsproces" id="id_ws-kind_1" checked' in body


def test_service_refusal_is_shown_in_dutch_and_input_kept(groep, professional, login):
    WeekcyclusFactory(groep=groep, week_start=MONDAY)
    response = login(professional).post(
        reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]), plan_data()
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Voor deze week is al een weekcyclus gepland." in body
    assert 'role="alert"' in body
    _assert_kept(body)
    assert Weekcyclus.objects.count() == 1 and not Werksituatie.objects.exists()


def test_half_filled_row_gets_a_field_error_and_input_kept(groep, professional, login):
    response = login(professional).post(
        reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]),
        plan_data(**{"sessies-2-room": "Zaal 9"}),
    )
    body = response.content.decode()
    assert "Kies een dag, of maak de hele rij leeg." in body
    assert "Vul een begintijd in, of maak de hele rij leeg." in body
    assert 'name="sessies-2-room" value="Zaal 9"' in body
    _assert_kept(body)
    assert not Weekcyclus.objects.exists()


def test_no_sessions_at_all_is_refused(groep, professional, login):
    empty = {f"sessies-{i}-{f}": "" for i in range(4) for f in ("day", "start", "room")}
    body = (
        login(professional)
        .post(reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]), plan_data(**empty))
        .content.decode()
    )
    assert "Een weekcyclus heeft één tot vier sessies." in body
    assert not Weekcyclus.objects.exists()


def test_bad_date_and_werksituatie_without_title(groep, professional, login):
    body = (
        login(professional)
        .post(
            reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]),
            plan_data(week="volgende week", **{"ws-title": ""}),
        )
        .content.decode()
    )
    assert "Voer een geldige datum in." in body or "Geef een geldige datum op." in body
    assert 'value="volgende week"' in body
    assert "Geef de werksituatie een titel, of laat beide leeg." in body
    assert not Weekcyclus.objects.exists()


def test_a_failing_werksituatie_undoes_the_whole_plan(groep, professional, login):
    login(professional).post(
        reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]),
        plan_data(**{"ws-title": "x" * 201}),
    )
    assert not Weekcyclus.objects.exists() and not Sessie.objects.exists()


# --- Week page and werksituaties -----------------------------------------------------------


def test_week_page_shows_sessions_questions_and_werksituaties(groep, professional, login):
    cyclus = services.weekcyclus_plan(
        groep=groep,
        by=professional,
        week_start=MONDAY,
        sessies=[
            {"day": MONDAY, "start": time(9), "room": "Zaal <1>"},
            {"day": MONDAY + timedelta(days=3), "start": time(14)},
        ],
        vragen=DidactischeVraag.objects.filter(number__in=[6, 10]),
    )
    WerksituatieFactory(
        weekcyclus=cyclus, title="Werkdruk op maandag", kind="kenmerk", description="Te veel"
    )
    WerksituatieFactory(weekcyclus=cyclus, title="Intake", kind="werkproces", critical=False)
    body = (
        login(professional)
        .get(reverse("weekcyclus:weekcyclus_detail", args=[cyclus.pk]))
        .content.decode()
    )
    for sessie in cyclus.sessies.all():
        assert f'href="/sessies/{sessie.pk}/"' in body
    assert "Zaal &lt;1&gt;" in body
    assert "09:00–10:00" in body and "14:00–15:00" in body
    assert "Gepland" in body
    assert "ons werkklimaat en onze vitaliteit verbeteren" in body
    assert "Wat kan mijn organisatie" in body
    assert "Werkdruk op maandag" in body and "Kenmerk (zoals werkbelasting" in body
    assert body.count("badge-critical") == 1
    assert reverse("weekcyclus:werksituatie_add", args=[cyclus.pk]) in body


def test_add_werksituatie(groep, professional, login):
    cyclus = WeekcyclusFactory(groep=groep)
    response = login(professional).post(
        reverse("weekcyclus:werksituatie_add", args=[cyclus.pk]),
        {"ws-title": "Klantcontact", "ws-kind": "werkproces", "ws-description": "Aan de balie"},
    )
    assert response.status_code == 302
    assert response.url.endswith("#werksituaties")
    ws = Werksituatie.objects.get()
    # An unticked checkbox is not sent: not critical.
    assert (ws.weekcyclus, ws.title, ws.critical) == (cyclus, "Klantcontact", False)


def test_add_werksituatie_errors_keep_the_input(groep, professional, login):
    cyclus = WeekcyclusFactory(groep=groep)
    response = login(professional).post(
        reverse("weekcyclus:werksituatie_add", args=[cyclus.pk]),
        {"ws-title": "", "ws-kind": "kenmerk", "ws-description": "Lawaai in de open ruimte"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Geef de werksituatie een titel." in body
    assert "Lawaai in de open ruimte" in body
    assert 'value="kenmerk" id="id_ws-kind_2" required checked' in body
    assert not Werksituatie.objects.exists()


def test_week_page_only_answers_get(groep, professional, login):
    cyclus = WeekcyclusFactory(groep=groep)
    client = login(professional)
    assert client.post(reverse("weekcyclus:weekcyclus_detail", args=[cyclus.pk])).status_code == 405
    url = reverse("weekcyclus:werksituatie_add", args=[cyclus.pk])
    assert client.get(url).status_code == 405


# --- Plan the next week --------------------------------------------------------------------


def test_plan_next_week(groep, professional, login):
    first = services.weekcyclus_plan(
        groep=groep,
        by=professional,
        week_start=MONDAY,
        sessies=[{"day": MONDAY + timedelta(days=1), "start": time(15), "room": "Zaal 2"}],
    )
    first.vragen.set([3])
    client = login(professional)
    url = reverse("weekcyclus:weekcyclus_plan_next", args=[groep.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    nxt = Weekcyclus.objects.get(week_start=MONDAY + timedelta(days=7))
    assert response.status_code == 302
    assert response.url == reverse("weekcyclus:weekcyclus_detail", args=[nxt.pk])
    sessie = nxt.sessies.get()
    assert local(sessie).date() == MONDAY + timedelta(days=8)
    assert (local(sessie).time(), sessie.room) == (time(15), "Zaal 2")
    assert list(nxt.vragen.values_list("number", flat=True)) == [3]


def test_plan_next_without_a_week_says_why(groep, professional, login):
    response = login(professional).post(
        reverse("weekcyclus:weekcyclus_plan_next", args=[groep.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("weekcyclus:groep_detail", args=[groep.pk])
    assert "Er is nog geen week om te kopiëren." in response.content.decode()


# --- The group page's weeks ----------------------------------------------------------------


def test_group_page_lists_weeks_and_the_plan_buttons(groep, professional, login):
    client = login(professional)
    url = reverse("weekcyclus:groep_detail", args=[groep.pk])
    body = client.get(url).content.decode()
    assert "Er is nog geen week gepland." in body
    assert reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]) in body
    assert reverse("weekcyclus:weekcyclus_plan_next", args=[groep.pk]) not in body

    this_monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    current = SessieFactory(weekcyclus__groep=groep, weekcyclus__week_start=this_monday)
    past = SessieFactory(
        weekcyclus__groep=groep, weekcyclus__week_start=this_monday - timedelta(days=7)
    )
    Sessie.objects.filter(pk=past.pk).update(state=Sessie.State.CLOSED)
    foreign = SessieFactory(weekcyclus__groep=GroepFactory(organisation=groep.organisation))
    body = client.get(url).content.decode()
    assert "Deze week" in body and "Afgelopen weken" in body
    assert f'href="/sessies/{current.pk}/"' in body
    assert f'href="/sessies/{past.pk}/"' in body and "Afgerond" in body
    assert current.room in body
    assert f'href="/sessies/{foreign.pk}/"' not in body
    assert reverse("weekcyclus:weekcyclus_detail", args=[current.weekcyclus_id]) in body
    assert reverse("weekcyclus:weekcyclus_plan_next", args=[groep.pk]) in body
    assert "Plan de volgende week" in body


def _populate_weeks(groep, n):
    """n weeks far ahead and n far back, each with four sessions, questions, a werksituatie."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    start = groep.weekcycli.count() // 2
    for i in range(start, start + n):
        for offset in (i + 20, -(i + 20)):
            week = WeekcyclusFactory(groep=groep, week_start=monday + timedelta(weeks=offset))
            week.vragen.set([1, 2])
            for number in range(1, 5):
                SessieFactory(weekcyclus=week, number=number)
            WerksituatieFactory(weekcyclus=week)


def test_group_weeks_fragment_query_count_is_fixed(groep, django_assert_num_queries):
    context = {"groep": groep}
    with django_assert_num_queries(2):  # upcoming, recent (no sessions to fetch)
        render_to_string("weekcyclus/_groep_weken.html", context)
    _populate_weeks(groep, 1)
    with django_assert_num_queries(3):  # upcoming, recent, their sessions
        render_to_string("weekcyclus/_groep_weken.html", context)
    _populate_weeks(groep, 8)
    with django_assert_num_queries(3):
        html = render_to_string("weekcyclus/_groep_weken.html", context)
    assert html.count("<article") == 6 and html.count("<details") == 4  # bounded lists


def test_planning_pages_query_counts_do_not_grow(
    groep, professional, login, django_assert_num_queries
):
    client = login(professional)
    _populate_weeks(groep, 1)
    cyclus = groep.weekcycli.first()
    feed = services.agenda_feed_get_or_create(user=professional)
    urls = {
        # session, user, roles, groep, the ten questions, weeks already planned, the frames
        # to choose from (none here; with frames +2: their questions and versions)
        reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]): 7,
        # session, user, roles, week with groep, sessions, questions, werksituaties
        reverse("weekcyclus:weekcyclus_detail", args=[cyclus.pk]): 7,
        # session, user, roles, savepoint, feed (get), release (a service: atomic)
        reverse("weekcyclus:agenda"): 6,
        # feed with user, roles, sessions with week and groep, Talentontwikkelgesprekken
        # (no session, no login)
        reverse("weekcyclus:agenda_feed", args=[feed.token]): 4,
    }
    for url, expected in urls.items():
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200, url
    group_page = reverse("weekcyclus:groep_detail", args=[groep.pk])
    client.get(group_page)
    with CaptureQueriesContext(connection) as before:
        client.get(group_page)

    _populate_weeks(groep, 6)
    for _ in range(3):
        add_member(groep, UserFactory(organisation=groep.organisation))
    cyclus.vragen.set(range(1, 11))
    for _ in range(5):
        WerksituatieFactory(weekcyclus=cyclus)
    for url, expected in urls.items():
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as after:
        client.get(group_page)
    assert len(after) == len(before)  # the group page's own queries are another's to count


# --- Who may see what ----------------------------------------------------------------------


def _urls(groep, cyclus):
    return [
        ("get", reverse("weekcyclus:weekcyclus_plan", args=[groep.pk])),
        ("post", reverse("weekcyclus:weekcyclus_plan", args=[groep.pk])),
        ("post", reverse("weekcyclus:weekcyclus_plan_next", args=[groep.pk])),
        ("get", reverse("weekcyclus:weekcyclus_detail", args=[cyclus.pk])),
        ("post", reverse("weekcyclus:werksituatie_add", args=[cyclus.pk])),
    ]


@pytest.mark.parametrize("who", ["other-organisation", "colleague", "invited", "left"])
def test_strangers_get_404_on_every_url(org, other_org, groep, login, who):
    cyclus = SessieFactory(weekcyclus__groep=groep, weekcyclus__week_start=MONDAY).weekcyclus
    if who == "other-organisation":
        user = UserFactory(organisation=other_org, roles=list(Role))
    else:
        user = UserFactory(organisation=org, roles=list(Role))
        if who == "invited":
            add_member(groep, user, status=GroepMember.Status.INVITED)
        elif who == "left":
            add_member(groep, user, status=GroepMember.Status.LEFT)
    client = login(user)
    for method, url in _urls(groep, cyclus):
        data = plan_data(week="2031-03-19") if "nieuw" in url else {"ws-title": "x"}
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 404, (who, method, url)
    assert Weekcyclus.objects.count() == 1
    assert not Werksituatie.objects.exists()


def test_malformed_and_unknown_ids_are_404(groep, professional, login):
    client = login(professional)
    for url in ("/groepen/999999/weken/nieuw/", "/weken/999999/", "/weken/abc/"):
        assert client.get(url).status_code == 404


def test_planning_pages_require_login(client, groep):
    cyclus = WeekcyclusFactory(groep=groep)
    for method, url in [*_urls(groep, cyclus), ("get", reverse("weekcyclus:agenda"))]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    assert not AgendaFeed.objects.exists()


# --- The agenda page -----------------------------------------------------------------------


def test_agenda_page_shows_the_private_url_and_renews_it(professional, login):
    client = login(professional)
    body = client.get(reverse("weekcyclus:agenda")).content.decode()
    feed = AgendaFeed.objects.get(user=professional)
    url = "http://testserver" + reverse("weekcyclus:agenda_feed", args=[feed.token])
    assert url in body
    assert "Abonneren vanaf internet" in body and "Outlook" in body
    assert client.get(reverse("weekcyclus:agenda")).content.decode().count(url) == 1
    assert AgendaFeed.objects.count() == 1  # the same feed on the next visit

    assert client.get(reverse("weekcyclus:agenda_renew")).status_code == 405
    response = client.post(reverse("weekcyclus:agenda_renew"), follow=True)
    body = response.content.decode()
    feed.refresh_from_db()
    assert url not in body
    assert reverse("weekcyclus:agenda_feed", args=[feed.token]) in body
    assert "De oude link werkt niet meer" in body


def test_plan_a_week_with_a_frame_per_session(
    groep, org, other_org, professional, login, kader, django_assert_num_queries
):
    from didactiek import services as frame_services

    lo = UserFactory(organisation=org, roles=[Role.LO])
    stappen = [
        {"kind": "checkin", "minutes": 10},
        {"kind": "vitaliteit", "minutes": 40},
        {"kind": "afsluiten", "minutes": 10},
    ]
    concept = frame_services.frame_create(
        by=lo, title="Energie", stappen=stappen, vragen=DidactischeVraag.objects.filter(number=6)
    )
    versie = frame_services.frame_publish(versie=concept, by=lo)
    other_lo = UserFactory(organisation=other_org, roles=[Role.LO])
    foreign = frame_services.frame_publish(
        versie=frame_services.frame_create(by=other_lo, title="Elders", stappen=stappen),
        by=other_lo,
    )
    client = login(professional)
    url = reverse("weekcyclus:weekcyclus_plan", args=[groep.pk])
    client.get(url)
    with django_assert_num_queries(
        9
    ):  # as in the test below, with the frames' questions and versions
        body = client.get(url).content.decode()
    assert 'name="sessies-0-frame"' in body and "Energie (v1 · vragen 6)" in body
    assert "Elders" not in body
    # Another organisation's frame is not a choice: the form says so, nothing is planned.
    response = client.post(url, plan_data(**{"sessies-0-frame": str(foreign.pk)}))
    assert response.status_code == 200 and not Weekcyclus.objects.exists()
    assert "Controleer de gemarkeerde velden." in response.content.decode()
    # Ticking question 6 marks the frames for it.
    six = str(DidactischeVraag.objects.get(number=6).pk)
    response = client.post(url, plan_data(vragen=[six], **{"sessies-0-frame": str(foreign.pk)}))
    assert "★ Energie" in response.content.decode()

    response = client.post(url, plan_data(**{"sessies-1-frame": str(versie.pk)}))
    assert response.status_code == 302
    first, second, third = Weekcyclus.objects.get().sessies.order_by("number")
    assert first.frame_versie is None and third.frame_versie is None
    assert second.frame_versie == versie
    # A 45-minute session: the frame's minutes fitted to its length.
    assert [s["kind"] for s in second.stappen] == ["checkin", "vitaliteit", "afsluiten"]
    assert sum(second.step_minutes) == 45
