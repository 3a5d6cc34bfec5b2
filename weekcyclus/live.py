"""The version of a live session, and who may listen to it.

Every service that changes what a session shows calls ``bump`` inside its transaction: the
``Sessie.version`` column is the truth, and after commit the new version is mirrored into the
shared cache and the change is pushed to the screens (``weekcyclus/push.py``). Screens hold a
signed ticket that names the session, the kind of screen and the language; they use it to
open their WebSocket (``weekcyclus/consumers.py``) and, where a network blocks WebSockets, to
poll: an unchanged poll is an empty 204 decided from the signature and one cache read.

Cache entries live for ``TTL`` seconds. A miss costs one small query and refills the entry;
the TTL also bounds how long a rare out-of-order write from two simultaneous commits could
keep a stale number.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.core.cache import cache
from django.db import connection, transaction

from .models import Sessie

TTL = 10
TICKET_SALT = "weekcyclus.live"
TICKET_MAX_AGE = 60 * 60 * 12

# The kinds of screen: every screen of one kind (and language) is sent the same bytes.
PROJECTOR, MEMBER, GUEST = "projector", "member", "guest"
KINDS = (PROJECTOR, MEMBER, GUEST)


@dataclass(eq=False)
class Change:
    """What a write changed, when a small part of the screens can show it: a new or edited
    contribution (``bijdrage``) or the vote count of an idea (``stem``). ``None`` means
    "render the step again".

    ``row`` is the contribution the write holds, so the push need not read it again; the
    push notes on it what it worked out (its number, its votes), and the writer's own answer
    reuses that instead of asking the database a second time. ``new``: just added, so it has
    no votes to count."""

    what: str
    pk: int
    row: object = field(default=None, repr=False)
    new: bool = False


def _key(sessie_id: int) -> str:
    return f"wpl:sessie-version:{sessie_id}"


def bump(sessie: Sessie, *, change: Change | None = None) -> int:
    """Record that ``sessie`` changed; call inside the service's transaction."""
    # One statement: increment and read back (PostgreSQL and SQLite >= 3.35 both return it).
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Sessie._meta.db_table} SET version = version + 1 WHERE id = %s "
            "RETURNING version",
            [sessie.pk],
        )
        version = cursor.fetchone()[0]
    sessie.version = version
    transaction.on_commit(lambda: _after_commit(sessie.pk, version, change))
    return version


def _after_commit(sessie_id: int, version: int, change: Change | None) -> None:
    cached = cache.get(_key(sessie_id))
    if cached is None or cached < version:
        cache.set(_key(sessie_id), version, TTL)
    from . import push  # the renderer needs the screens; they import the services

    push.publish(sessie_id=sessie_id, version=version, change=change)


def current_version(sessie_id: int) -> int | None:
    """The session's version; None when the session no longer exists."""
    version = cache.get(_key(sessie_id))
    if version is None:
        version = Sessie.objects.values_list("version", flat=True).filter(pk=sessie_id).first()
        if version is None:
            return None
        cache.add(_key(sessie_id), version, TTL)
    return version


def current_versions(sessie_ids: list[int]) -> dict[int, int]:
    """Versions of many sessions in one cache round trip (the watchdog's question)."""
    found = cache.get_many([_key(pk) for pk in sessie_ids])
    versions = {pk: found[_key(pk)] for pk in sessie_ids if _key(pk) in found}
    missing = [pk for pk in sessie_ids if pk not in versions]
    if missing:
        rows = dict(Sessie.objects.filter(pk__in=missing).values_list("pk", "version"))
        cache.set_many({_key(pk): v for pk, v in rows.items()}, TTL)
        versions.update(rows)
    return versions


def ticket(
    *, sessie_id: int, view: str, code: str = "", user_id: int | None = None, lang: str = "nl"
) -> str:
    """A signed, URL-safe ticket naming the session, the kind of screen (projector, member,
    guest), for phones the join code they joined with, who it was given to and the language
    the screen shows. It only opens the stream of changes; the WebSocket checks access again
    when it connects and a poll that finds a change checks it before it renders."""
    return signing.dumps(
        {"s": sessie_id, "v": view, "c": code, "u": user_id, "l": lang},
        salt=TICKET_SALT,
        compress=True,
    )


def read_ticket(value: str) -> dict | None:
    try:
        data = signing.loads(value, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("v") not in KINDS + ("phone",):
        return None
    return data


def group_name(sessie_id: int, kind: str, lang: str) -> str:
    return f"sessie.{sessie_id}.{kind}.{lang}"


def _listen_key(sessie_id: int, kind: str, lang: str) -> str:
    return f"wpl:live-listen:{sessie_id}:{kind}:{lang}"


LISTEN_TTL = 15 * 60


def mark_listening(sessie_id: int, kind: str, lang: str) -> None:
    """A screen of this kind and language is connected somewhere (refreshed while it is),
    so changes are rendered for it; kinds nobody watches cost nothing."""
    cache.set(_listen_key(sessie_id, kind, lang), 1, LISTEN_TTL)


def mark_listening_many(marks) -> None:
    if marks:
        cache.set_many({_listen_key(*mark): 1 for mark in marks}, LISTEN_TTL)


def listening(sessie_id: int, languages: list[str]) -> list[tuple[str, str]]:
    keys = {
        _listen_key(sessie_id, kind, lang): (kind, lang) for kind in KINDS for lang in languages
    }
    found = cache.get_many(list(keys))
    return [keys[k] for k in keys if k in found]
