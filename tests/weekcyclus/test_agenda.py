"""The private iCalendar feed: RFC 5545 details and who sees which sessions."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    GroepFactory,
    SessieFactory,
    UserFactory,
    WeekcyclusFactory,
    add_member,
)
from weekcyclus import ical, services
from weekcyclus.models import GroepMember, Sessie

# --- The writer ----------------------------------------------------------------------------


def test_escape_text():
    assert ical.escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


@pytest.mark.parametrize("text", ["x" * 200, "é" * 100, "Vitale Weekcyclus – " * 12, "ab€" * 40])
def test_fold_keeps_lines_within_75_octets_and_whole_characters(text):
    folded = ical.fold("SUMMARY:" + text)
    lines = folded.split("\r\n")
    assert len(lines) > 1
    assert all(len(line.encode()) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert lines[0] + "".join(line[1:] for line in lines[1:]) == "SUMMARY:" + text


def test_short_lines_are_not_folded():
    assert ical.fold("VERSION:2.0") == "VERSION:2.0"
    assert ical.fold("X" * 75) == "X" * 75
    assert ical.fold("X" * 76) == "X" * 75 + "\r\n X"


def test_times_must_be_aware():
    with pytest.raises(ValueError):
        ical.format_utc(datetime(2031, 3, 3, 9))
    amsterdam = timezone.make_aware(datetime(2031, 7, 1, 9))
    assert ical.format_utc(amsterdam) == "20310701T070000Z"


# --- Parsing helpers -----------------------------------------------------------------------


def physical_lines(body: bytes) -> list[bytes]:
    assert body.endswith(b"\r\n")
    lines = body[:-2].split(b"\r\n")
    for line in lines:
        assert b"\n" not in line and b"\r" not in line  # every line ends in CRLF, nothing else
        assert len(line) <= 75, line
    return lines


def unfold(body: bytes) -> list[str]:
    logical: list[str] = []
    for line in physical_lines(body):
        text = line.decode("utf-8")  # never split inside a character
        if text.startswith(" "):
            logical[-1] += text[1:]
        else:
            logical.append(text)
    return logical


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            assert value[i] not in ";,", value  # unescaped separators would split the value
            out.append(value[i])
            i += 1
    return "".join(out)


def events(body: bytes) -> list[dict[str, str]]:
    found, current = [], None
    for line in unfold(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


# --- The feed ------------------------------------------------------------------------------


@pytest.fixture
def setup(org, professional):
    """The professional's group with sessions now-ish, far back and ahead; a stranger's group."""
    groep = GroepFactory(organisation=org, name="Koffie, Kritiek; & meer")
    add_member(groep, professional)
    now = timezone.localtime()
    this_monday = now.date() - timedelta(days=now.weekday())
    current = SessieFactory(
        weekcyclus__groep=groep,
        weekcyclus__week_start=this_monday + timedelta(days=14),
        room="Zaal 1, 2e verdieping; achter\\links",
    )
    recent = SessieFactory(
        weekcyclus__groep=groep, weekcyclus__week_start=this_monday - timedelta(days=21)
    )
    old = SessieFactory(
        weekcyclus__groep=groep, weekcyclus__week_start=this_monday - timedelta(days=42)
    )
    other = GroepFactory(organisation=org, name="Andermans groep")
    foreign = SessieFactory(weekcyclus__groep=other, weekcyclus__week_start=this_monday)
    feed = services.agenda_feed_get_or_create(user=professional)
    return {
        "groep": groep,
        "current": current,
        "recent": recent,
        "old": old,
        "foreign": foreign,
        "url": reverse("weekcyclus:agenda_feed", args=[feed.token]),
    }


def test_feed_is_valid_icalendar(client, setup):
    response = client.get(setup["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    lines = unfold(response.content)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines[-1] == "END:VCALENDAR"
    assert any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 2


def test_feed_events_have_utc_times_escaped_text_and_the_join_code(client, setup):
    sessie = setup["current"]
    body = client.get(setup["url"]).content
    by_uid = {e["UID"]: e for e in events(body)}
    event = by_uid[f"sessie-{sessie.pk}@werkplekleren"]
    assert event["DTSTART"] == sessie.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["DTEND"] == (sessie.starts_at + timedelta(minutes=60)).astimezone(UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    assert event["DTSTAMP"].endswith("Z")
    assert event["SUMMARY"] == "Vitale Weekcyclus – Koffie\\, Kritiek\\; & meer (sessie 1)"
    assert unescape(event["SUMMARY"]) == "Vitale Weekcyclus – Koffie, Kritiek; & meer (sessie 1)"
    assert event["LOCATION"] == "Zaal 1\\, 2e verdieping\\; achter\\\\links"
    assert unescape(event["LOCATION"]) == sessie.room
    description = unescape(event["DESCRIPTION"])
    assert sessie.join_code in description
    assert f"/sessies/{sessie.pk}/" in description
    assert "\n" in description and "\\n" in event["DESCRIPTION"]


def test_long_and_non_ascii_text_is_folded_at_75_octets(client, org, professional):
    groep = GroepFactory(organisation=org, name="Één groep – " + "ë" * 60)
    add_member(groep, professional)
    SessieFactory(weekcyclus__groep=groep, room="Ruimte " + "€" * 40)
    feed = services.agenda_feed_get_or_create(user=professional)
    body = client.get(reverse("weekcyclus:agenda_feed", args=[feed.token])).content
    lines = physical_lines(body)
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    (event,) = events(body)
    assert unescape(event["SUMMARY"]).startswith("Vitale Weekcyclus – Één groep – ëëë")
    assert unescape(event["LOCATION"]) == "Ruimte " + "€" * 40


def test_only_own_groups_upcoming_and_last_30_days(client, setup, professional):
    uids = {e["UID"] for e in events(client.get(setup["url"]).content)}
    assert uids == {
        f"sessie-{setup['current'].pk}@werkplekleren",
        f"sessie-{setup['recent'].pk}@werkplekleren",
    }
    # Leaving the group takes its sessions out of the feed.
    GroepMember.objects.filter(groep=setup["groep"], user=professional).update(
        status=GroepMember.Status.LEFT
    )
    assert events(client.get(setup["url"]).content) == []


def test_uid_is_stable_when_a_session_moves(client, setup):
    sessie = setup["current"]
    before = {e["UID"]: e for e in events(client.get(setup["url"]).content)}
    Sessie.objects.filter(pk=sessie.pk).update(starts_at=sessie.starts_at + timedelta(hours=2))
    after = {e["UID"]: e for e in events(client.get(setup["url"]).content)}
    uid = f"sessie-{sessie.pk}@werkplekleren"
    assert set(before) == set(after)
    assert before[uid]["DTSTART"] != after[uid]["DTSTART"]


def test_unknown_token_and_renewed_token_are_404(client, setup, professional):
    assert client.get(reverse("weekcyclus:agenda_feed", args=["onbekend"])).status_code == 404
    assert client.get("/agenda/.ics").status_code == 404
    assert client.get(setup["url"]).status_code == 200
    feed = services.agenda_feed_renew(user=professional)
    assert client.get(setup["url"]).status_code == 404
    new_url = reverse("weekcyclus:agenda_feed", args=[feed.token])
    assert client.get(new_url).status_code == 200


def test_a_deactivated_persons_feed_is_gone(client, setup, professional):
    professional.is_active = False
    professional.save(update_fields=["is_active"])
    assert client.get(setup["url"]).status_code == 404


def test_feed_needs_no_login_and_shows_only_the_token_owners_sessions(client, setup, login, org):
    colleague = UserFactory(organisation=org)
    login(colleague)  # being logged in as someone else changes nothing
    uids = {e["UID"] for e in events(client.get(setup["url"]).content)}
    assert f"sessie-{setup['foreign'].pk}@werkplekleren" not in uids
    assert len(uids) == 2
    own = services.agenda_feed_get_or_create(user=colleague)
    assert events(client.get(reverse("weekcyclus:agenda_feed", args=[own.token])).content) == []


def test_feed_query_count_does_not_grow(client, setup, professional, django_assert_num_queries):
    # feed with user, roles, sessions with week and group, Talentontwikkelgesprekken
    with django_assert_num_queries(4):
        client.get(setup["url"])
    for _ in range(5):
        groep = GroepFactory(organisation=professional.organisation)
        add_member(groep, professional)
        week = WeekcyclusFactory(groep=groep)
        for number in range(1, 5):
            SessieFactory(weekcyclus=week, number=number)
    with django_assert_num_queries(4):
        body = client.get(setup["url"]).content
    assert len(events(body)) == 2 + 20
