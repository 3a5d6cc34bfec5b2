"""A small iCalendar (RFC 5545) writer for the private session feed.

Written by hand on purpose: we publish one kind of event, and the rules that matter are few:
CRLF line endings, TEXT escaping, times in UTC and lines folded at 75 octets (never inside a
UTF-8 character).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    # For an invitation (METHOD:REQUEST): who invites, who is invited, which revision.
    organizer: str = ""
    attendees: tuple[str, ...] = ()
    sequence: int = 0


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def format_utc(moment: datetime) -> str:
    """A DATE-TIME in UTC form, e.g. 20250303T080000Z."""
    if moment.tzinfo is None:
        raise ValueError("iCalendar times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, continued with CRLF + space."""
    pieces: list[str] = []
    current, size, limit = [], 0, MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # the leading space counts
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def _property(name: str, value: str) -> str:
    return fold(f"{name}:{value}")


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    stamp: datetime,
    prodid: str = "-//Werkplekleren+//NL",
    method: str = "PUBLISH",
) -> bytes:
    """The whole VCALENDAR as UTF-8 bytes, every line ending in CRLF.

    ``method="REQUEST"`` makes it an invitation (an e-mail attachment): mail programs such as
    Outlook offer to add it to the calendar, and a later one with the same UID updates it."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _property("PRODID", prodid),
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    if method == "PUBLISH":
        lines += [
            _property("X-WR-CALNAME", escape_text(name)),
            "X-PUBLISHED-TTL:PT1H",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        ]
    dtstamp = format_utc(stamp)
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            _property("UID", event.uid),
            f"DTSTAMP:{dtstamp}",
            f"DTSTART:{format_utc(event.starts_at)}",
            f"DTEND:{format_utc(event.ends_at)}",
            _property("SUMMARY", escape_text(event.summary)),
        ]
        if event.location:
            lines.append(_property("LOCATION", escape_text(event.location)))
        if event.description:
            lines.append(_property("DESCRIPTION", escape_text(event.description)))
        if event.url:
            lines.append(_property("URL", event.url))
        if event.organizer:
            lines.append(_property("ORGANIZER;CN=Werkplekleren+", f"mailto:{event.organizer}"))
        for attendee in event.attendees:
            lines.append(
                _property(
                    "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE",
                    f"mailto:{attendee}",
                )
            )
        if event.sequence:
            lines.append(f"SEQUENCE:{event.sequence}")
        lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return (CRLF.join(lines) + CRLF).encode("utf-8")


def invitation(event: Event) -> bytes:
    """One event as an e-mail invitation (METHOD:REQUEST)."""
    return calendar([event], name="", stamp=event_stamp(), method="REQUEST")


def event_stamp() -> datetime:
    return datetime.now(UTC)
