"""Pushing a session's changes to its screens: render once per change, send the same bytes.

After a write commits, ``publish`` renders what changed once per kind of screen (projector,
member phone, guest phone) and language that someone is watching, and hands the result to
the channel layer, which delivers it to every screen of that kind in every server process
(``weekcyclus/consumers.py`` only forwards the text). The cost of a change therefore depends
on the kinds of screen, never on how many screens there are.

A message is JSON: ``{"from": a, "v": b, "ops": [...]}``. A screen that shows version ``a``
applies the ops and now shows ``b``; a screen that shows anything else catches up with one
request (``live_poll``), so a lost or reordered message is never shown wrongly. Ops:

- ``{"op": "live", "html": …}`` — the whole shared part of the step (``#live``);
- ``{"op": "input", "html": …, "step": n}`` — the phone's forms; the phone replaces them only
  when the person is not typing in them (or when the step changed);
- ``{"op": "upsert", "id": …, "parent": …, "html": …}`` — a new or changed card;
- ``{"op": "text", "id": …, "text": …}`` — a number that changed (an idea's votes).

Per-person parts (my votes, my energy, whether I facilitate) never travel here: they come
with the person's own requests (``#mine``).
"""

import asyncio
import json
import logging
import threading

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import translation

from . import live, screens
from .models import Bijdrage, Sessie

log = logging.getLogger(__name__)

STAGE_TEMPLATES = {
    live.PROJECTOR: "weekcyclus/sessie/_projector_live.html",
    live.MEMBER: "weekcyclus/sessie/_phone_live.html",
    live.GUEST: "weekcyclus/sessie/_phone_live.html",
}
CARD_TEMPLATES = {
    live.PROJECTOR: "weekcyclus/sessie/_card_projector.html",
    live.MEMBER: "weekcyclus/sessie/_card_phone.html",
    live.GUEST: "weekcyclus/sessie/_card_phone.html",
}

# The event loop of this process's ASGI server, set when the first screen connects. The
# in-memory layer (embedded default) lives in that loop; writes made in other threads hand
# their messages to it.
_server_loop: asyncio.AbstractEventLoop | None = None


def remember_loop(loop: asyncio.AbstractEventLoop) -> None:
    global _server_loop
    _server_loop = loop


def stage_context(*, sessie: Sessie, screen: screens.Screen, kind: str) -> dict:
    """What the shared templates need; the same for every screen of ``kind``."""
    context = {
        "screen": screen,
        "sessie": sessie,
        "steps": sessie.steps,
        "kind": kind,
        "is_member": kind == live.MEMBER,
        "keep": {},
        "errors": [],
    }
    if kind == live.MEMBER and sessie.step.key == "kiezen":
        context.update(screens.choose_options(sessie=sessie))
    if kind == live.MEMBER and sessie.step.key in ("voorstel", "valideren"):
        from didactiek import llm

        context["drafter"] = llm.drafter_label(sessie.weekcyclus.groep.organisation)
    return context


def _audiences(sessie_id: int) -> list[tuple[str, str]]:
    layer = get_channel_layer()
    languages = [code for code, _name in settings.LANGUAGES]
    if isinstance(layer, InMemoryChannelLayer):
        groups = set(layer.groups)
        return [
            (kind, lang)
            for kind in live.KINDS
            for lang in languages
            if live.group_name(sessie_id, kind, lang) in groups
        ]
    return live.listening(sessie_id, languages)


def publish(*, sessie_id: int, version: int, change: live.Change | None) -> None:
    """Render the change for every kind of screen that watches ``sessie_id`` and send it."""
    try:
        audiences = _audiences(sessie_id)
        if not audiences:
            return
        messages = _messages(sessie_id, version, change, audiences)
        _send(messages)
    except Exception:  # a screen that misses this catches up; the write itself stands
        log.exception("live push failed for sessie %s v%s", sessie_id, version)


def votes_op(idee: Bijdrage, *, fresh: bool = False) -> dict:
    """The idea's vote count as the screens show it. The push counts (``fresh``) and notes
    the count on the row; the voter's own answer, in the same request, reuses it."""
    if fresh or not hasattr(idee, "vote_count"):
        idee.vote_count = Bijdrage.objects.filter(pk=idee.pk).aggregate(n=Count("stemmen"))["n"]
    return {"op": "text", "id": f"votes-{idee.pk}", "text": str(idee.vote_count or 0)}


def _numbered(bijdrage: Bijdrage) -> Bijdrage:
    """Ideas carry the number the screens show: their place in the order they were added."""
    if bijdrage.kind == Bijdrage.Kind.IDEE and not hasattr(bijdrage, "nummer"):
        bijdrage.nummer = (
            Bijdrage.objects.filter(sessie_id=bijdrage.sessie_id, kind=Bijdrage.Kind.IDEE)
            .filter(
                Q(created_at__lt=bijdrage.created_at)
                | Q(created_at=bijdrage.created_at, id__lte=bijdrage.id)
            )
            .count()
        )
    if not hasattr(bijdrage, "vote_count"):
        bijdrage.vote_count = 0 if bijdrage._state.adding else bijdrage.stemmen.count()
    return bijdrage


def card_op(*, bijdrage: Bijdrage, kind: str) -> dict:
    """Insert or replace one contribution's card, for screens of ``kind`` in the active
    language."""
    bijdrage = _numbered(bijdrage)
    html = render_to_string(
        CARD_TEMPLATES[kind], {"b": bijdrage, "kind": kind, "is_member": kind == live.MEMBER}
    )
    parent = "ideas" if bijdrage.kind == Bijdrage.Kind.IDEE else "notes"
    return {"op": "upsert", "id": f"card-{bijdrage.pk}", "parent": parent, "html": html}


def _messages(sessie_id, version, change, audiences) -> list[tuple[str, dict]]:
    start = version - 1
    if change is not None and change.what == "stem":
        idee = change.row if change.row is not None else Bijdrage(pk=change.pk)
        text = json.dumps({"from": start, "v": version, "ops": [votes_op(idee, fresh=True)]})
        return [_event(sessie_id, kind, lang, version, text) for kind, lang in audiences]
    if change is not None and change.what == "bijdrage":
        bijdrage = change.row
        if bijdrage is not None and change.new:
            bijdrage.vote_count = 0
        if bijdrage is None:
            bijdrage = (
                Bijdrage.objects.select_related("sessie")
                .annotate(vote_count=Count("stemmen"))
                .filter(pk=change.pk)
                .first()
            )
        if bijdrage is None:
            return []
        out = []
        for kind, lang in audiences:
            with translation.override(lang):
                op = card_op(bijdrage=bijdrage, kind=kind)
            text = json.dumps({"from": start, "v": version, "ops": [op]})
            out.append(_event(sessie_id, kind, lang, version, text))
        return out
    sessie = Sessie.objects.select_related(
        "weekcyclus__groep__organisation", "werksituatie", "facilitator"
    ).get(pk=sessie_id)
    screen = screens.session_screen(sessie=sessie)
    out = []
    for kind, lang in audiences:
        with translation.override(lang):
            context = stage_context(sessie=sessie, screen=screen, kind=kind)
            ops = [{"op": "live", "html": render_to_string(STAGE_TEMPLATES[kind], context)}]
            if kind != live.PROJECTOR:
                ops.append(_input_op(sessie, context))
        text = json.dumps({"from": start, "v": version, "ops": ops})
        out.append(_event(sessie_id, kind, lang, version, text))
    return out


def _input_op(sessie: Sessie, context: dict) -> dict:
    op = {"op": "input", "step": sessie.current_step, "state": sessie.state}
    if sessie.is_live and sessie.step.key == "afsluiten" and context["kind"] == live.MEMBER:
        # This form holds the person's private learning intention: each phone fetches its own.
        op["fetch"] = True
    else:
        op["html"] = render_to_string("weekcyclus/sessie/_phone_input.html", context)
    return op


def _event(sessie_id: int, kind: str, lang: str, version: int, text: str) -> tuple[str, dict]:
    return live.group_name(sessie_id, kind, lang), {
        "type": "live.update",
        "v": version,
        "text": text,
    }


def _send(messages: list[tuple[str, dict]]) -> None:
    if not messages:
        return
    layer = get_channel_layer()

    async def send_all():
        await asyncio.gather(*(layer.group_send(group, event) for group, event in messages))

    if isinstance(layer, InMemoryChannelLayer):
        loop = _server_loop
        if loop is None or not loop.is_running():
            return
        asyncio.run_coroutine_threadsafe(send_all(), loop).result(timeout=5)
    else:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            async_to_sync(send_all)()
            return
        # A synchronous caller in a thread that runs an event loop (Playwright's in the tests):
        # async_to_sync refuses there, so a short-lived thread sends it.
        sender = threading.Thread(target=lambda: asyncio.run(send_all()), daemon=True)
        sender.start()
        sender.join(timeout=5)
