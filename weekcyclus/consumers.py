"""The WebSocket a session screen listens on: ``/ws/live/<ticket>/?v=<version shown>``.

It carries changes one way, server → screen; the screen's own actions stay ordinary POSTs.
On connect it checks the ticket and, once, the person's access; then it only forwards the
text ``weekcyclus/push.py`` rendered. One watchdog task per process compares, every
``LIVE_WATCHDOG_SECONDS``, the version each connected session has in the shared cache with
the last version this process delivered, and tells screens that fell behind to catch up (a
change made where the channel layer does not reach, e.g. by the worker in the embedded
default, or a message lost on the way).
"""

import asyncio
import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.http import Http404

from weekcyclus import access

from . import live, push

GUEST_KEY = "gast_deelnemers"
RESYNC = json.dumps({"resync": True})


def _may_listen(scope, data: dict) -> bool:
    """The same rule as the pages: a member of the group (projector, member phone) or the
    guest this browser joined as, while the guest link is valid."""
    user = scope.get("user")
    sessie_id = data["s"]
    kind = data["v"]
    try:
        if kind == live.GUEST:
            session = scope.get("session")
            guests = list((session.get(GUEST_KEY, {}) if session is not None else {}).values())
            deelnemer = access.access_guest_participation(data.get("c", ""), guests)
            return deelnemer.sessie_id == sessie_id
        if user is None or not user.is_authenticated or user.pk != data.get("u"):
            return False
        access.access_sessie(user, sessie_id)
        return True
    except Http404:
        return False


class _Watchdog:
    """Per process: the sessions with screens here and the last version delivered."""

    def __init__(self):
        self.consumers: dict[int, set[LiveConsumer]] = {}
        self.task: asyncio.Task | None = None

    def add(self, consumer: "LiveConsumer") -> None:
        self.consumers.setdefault(consumer.sessie_id, set()).add(consumer)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self.run())

    def discard(self, consumer: "LiveConsumer") -> None:
        group = self.consumers.get(consumer.sessie_id)
        if group is not None:
            group.discard(consumer)
            if not group:
                del self.consumers[consumer.sessie_id]

    async def run(self) -> None:
        while self.consumers:
            await asyncio.sleep(settings.LIVE_WATCHDOG_SECONDS)
            ids = list(self.consumers)
            if not ids:
                break
            marks = {c.listen_mark for group in self.consumers.values() for c in group}
            try:
                versions = await database_sync_to_async(_tick)(ids, marks)
            except Exception:  # the cache or database is briefly away: try again next tick
                continue
            for sessie_id, version in versions.items():
                for consumer in list(self.consumers.get(sessie_id, ())):
                    try:
                        await consumer.check(version)
                    except Exception:  # that screen just went away: the others still count
                        self.discard(consumer)


def _tick(sessie_ids: list[int], marks: set[tuple[int, str, str]]) -> dict[int, int]:
    live.mark_listening_many(marks)
    return live.current_versions(sessie_ids)


watchdog = _Watchdog()


class LiveConsumer(AsyncWebsocketConsumer):
    sessie_id: int
    delivered: int = -1
    behind_since_tick: bool = False

    async def connect(self):
        data = live.read_ticket(self.scope["url_route"]["kwargs"]["ticket"])
        if data is None or data["v"] == "phone":
            await self.close(code=4404)
            return
        if not await database_sync_to_async(_may_listen)(self.scope, data):
            await self.close(code=4404)
            return
        self.sessie_id = data["s"]
        lang = data.get("l") or settings.LANGUAGE_CODE
        self.group = live.group_name(self.sessie_id, data["v"], lang)
        push.remember_loop(asyncio.get_running_loop())
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await database_sync_to_async(live.mark_listening)(self.sessie_id, data["v"], lang)
        self.listen_mark = (self.sessie_id, data["v"], lang)
        try:
            shown = int(self._query().get("v", "-1"))
        except ValueError:
            shown = -1
        current = await database_sync_to_async(live.current_version)(self.sessie_id)
        if current is None:
            await self.close(code=4404)
            return
        self.delivered = max(shown, 0)
        if current != shown:
            await self.send(text_data=RESYNC)
            self.delivered = current
        watchdog.add(self)

    def _query(self) -> dict:
        raw = self.scope.get("query_string", b"").decode("latin-1")
        return dict(part.split("=", 1) for part in raw.split("&") if "=" in part)

    async def disconnect(self, code):
        if hasattr(self, "group"):
            watchdog.discard(self)
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        # Screens send nothing but keep-alive pings; their actions are ordinary requests.
        if text_data == "ping":
            await self.send(text_data='{"pong":true}')

    async def live_update(self, event):
        self.delivered = max(self.delivered, event["v"])
        await self.send(text_data=event["text"])

    async def check(self, version: int) -> None:
        """Watchdog tick: behind means the screen must catch up. A change is normally pushed,
        so only behind on two ticks in a row counts, not a message still on its way (the
        version is in the cache a moment before its push arrives). In memory, a change made
        elsewhere (the worker) only arrives this way: within two ticks of a second."""
        if version > self.delivered:
            if self.behind_since_tick:
                self.delivered = version
                self.behind_since_tick = False
                await self.send(text_data=RESYNC)
            else:
                self.behind_since_tick = True
        else:
            self.behind_since_tick = False
