"""The live update path of session screens: "has anything changed?" without the database.

Every service that changes what a session shows bumps ``Sessie.version`` (the database row
is the truth) and, after commit, mirrors it into the shared cache. Screens poll with the
version they show and a signed ticket; when the cached version equals theirs the answer is
an empty 204, decided from the signature and one cache read: no session, no user, no query.

Cache entries live for ``TTL`` seconds. A miss costs one small query and refills the entry;
the TTL also bounds how long a rare out-of-order write from two simultaneous commits could
keep a stale number.
"""

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from .models import Sessie

TTL = 10
TICKET_SALT = "weekcyclus.live"
TICKET_MAX_AGE = 60 * 60 * 12


def _key(sessie_id: int) -> str:
    return f"wpl:sessie-version:{sessie_id}"


def bump(sessie: Sessie) -> int:
    """Record that ``sessie`` changed; call inside the service's transaction."""
    Sessie.objects.filter(pk=sessie.pk).update(version=F("version") + 1)
    version = Sessie.objects.values_list("version", flat=True).get(pk=sessie.pk)
    sessie.version = version
    transaction.on_commit(lambda: _publish(sessie.pk, version))
    return version


def _publish(sessie_id: int, version: int) -> None:
    cached = cache.get(_key(sessie_id))
    if cached is None or cached < version:
        cache.set(_key(sessie_id), version, TTL)


def current_version(sessie_id: int) -> int:
    version = cache.get(_key(sessie_id))
    if version is None:
        version = Sessie.objects.values_list("version", flat=True).get(pk=sessie_id)
        cache.add(_key(sessie_id), version, TTL)
    return version


def ticket(*, sessie_id: int, view: str, code: str = "") -> str:
    """A signed, URL-safe ticket naming the session, the screen that polls it and, for
    phones, the join code they joined with. It only answers "changed or not"; rendering the
    change checks access again."""
    return signing.dumps({"s": sessie_id, "v": view, "c": code}, salt=TICKET_SALT, compress=True)


def read_ticket(value: str) -> dict | None:
    try:
        return signing.loads(value, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        return None
