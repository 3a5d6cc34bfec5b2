"""Pushing changes to live screens over real WebSockets (uvicorn in a thread, tests/asgi_server.py).

A change is rendered once per kind of screen and the same bytes go to every screen of that
kind: the cost of a write does not grow with the number of screens.
"""

import json
from contextlib import ExitStack

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from tests.factories import UserFactory
from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import live, services, steps
from weekcyclus.models import Bijdrage

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def brainstorm(org):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("brainstorm"))
    for member in members:
        services.sessie_join(sessie=sessie, user=member)
    sessie.refresh_from_db()
    return sessie, members


def _cookie(client, user) -> str:
    """A session cookie for ``user``; ``client`` ends up logged in as the last one asked."""
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    client.cookies.clear()  # a next login must not end this person's session
    return cookie


def _screen(server, sessie, *, kind, user, cookie, version=None, lang="nl"):
    ticket = live.ticket(
        sessie_id=sessie.pk,
        view=kind,
        code=sessie.join_code if kind != live.PROJECTOR else "",
        user_id=user.pk,
        lang=lang,
    )
    v = sessie.version if version is None else version
    url = f"ws://127.0.0.1:{server.port}/ws/live/{ticket}/?v={v}"
    return connect(
        url,
        additional_headers={"Cookie": cookie},
        origin=server.url,
        open_timeout=5,
    )


def _recv(ws) -> str:
    """The next pushed change; a watchdog's "catch up" that raced it is harmless: skipped."""
    while True:
        raw = ws.recv(timeout=5)
        if raw != '{"resync": true}':
            return raw


def _next(ws) -> dict:
    return json.loads(_recv(ws))


def _post_idea(client, sessie, text):
    url = reverse("weekcyclus:participant_action", args=[sessie.join_code, "idee"])
    return client.post(url, {"text": text}, **HTMX)


def _write_queries(client, sessie, screens, text) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = _post_idea(client, sessie, text)
    assert response.status_code == 200
    for ws in screens:
        message = _next(ws)
        assert text in message["ops"][0]["html"]
    return len(ctx.captured_queries)


def _vote_queries(client, sessie, screens, idea) -> int:
    url = reverse("weekcyclus:participant_action", args=[sessie.join_code, "stem"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url, {"idee": idea.pk}, **HTMX)
    assert response.status_code == 200
    for ws in screens:
        op = _next(ws)["ops"][0]
        assert op == {"op": "text", "id": f"votes-{idea.pk}", "text": op["text"]}
    return len(ctx.captured_queries)


def test_a_write_costs_the_same_few_queries_with_5_and_with_50_screens(
    brainstorm, asgi_server, client
):
    sessie, members = brainstorm
    cookie_projector = _cookie(client, members[0])
    cookie_phone = _cookie(client, members[1])
    client.force_login(members[1])  # the phone that writes

    def open_screens(stack, n):
        screens = [
            _screen(
                asgi_server, sessie, kind=live.PROJECTOR, user=members[0], cookie=cookie_projector
            )
        ]
        screens += [
            _screen(asgi_server, sessie, kind=live.MEMBER, user=members[1], cookie=cookie_phone)
            for _ in range(n - 1)
        ]
        return [stack.enter_context(ws) for ws in screens]

    counts = {}
    for n in (5, 50):
        sessie.refresh_from_db()
        with ExitStack() as stack:
            screens = open_screens(stack, n)
            ideas = _write_queries(client, sessie, screens, f"Idee met {n} schermen")
            idea = Bijdrage.objects.get(text=f"Idee met {n} schermen")
            votes = _vote_queries(client, sessie, screens, idea)
            counts[n] = (ideas, votes)
    assert counts[5] == counts[50], counts
    ideas, votes = counts[50]
    # Session + user + roles (3; production reads the session from Redis), the participation
    # (1), BEGIN, lock, insert, version, COMMIT, the card's number (1, shared by the push and
    # this phone's answer), my votes (1): none of it per screen. A vote: the idea (1), whether
    # I voted it and my votes used (2), the count (1, shared), instead of the card's number.
    assert ideas <= 11, ideas
    assert votes <= 14, votes


def test_every_screen_of_a_kind_gets_the_same_bytes_and_a_new_step_reaches_all(
    brainstorm, asgi_server, client
):
    sessie, members = brainstorm
    projector_cookie = _cookie(client, members[0])
    stack = ExitStack()
    phones = [
        stack.enter_context(
            _screen(asgi_server, sessie, kind=live.MEMBER, user=m, cookie=_cookie(client, m))
        )
        for m in members[1:]
    ]
    projector = stack.enter_context(
        _screen(asgi_server, sessie, kind=live.PROJECTOR, user=members[0], cookie=projector_cookie)
    )
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("voorstel"))
    raw = [_recv(ws) for ws in phones]
    assert len(set(raw)) == 1  # one rendering, the same bytes for every member phone
    message = json.loads(raw[0])
    assert message["from"] == sessie.version - 1 and message["v"] == sessie.version
    assert [op["op"] for op in message["ops"]] == ["live", "input"]
    assert 'data-step-key="voorstel"' in message["ops"][0]["html"]
    projector_message = _next(projector)
    assert "Voorstel" in projector_message["ops"][0]["html"]
    stack.close()


def test_a_screen_that_missed_changes_is_told_to_catch_up(brainstorm, asgi_server, client):
    sessie, members = brainstorm
    cookie = _cookie(client, members[1])
    with _screen(
        asgi_server,
        sessie,
        kind=live.MEMBER,
        user=members[1],
        cookie=cookie,
        version=sessie.version - 2,
    ) as ws:
        assert json.loads(ws.recv(timeout=5)) == {"resync": True}


@pytest.mark.parametrize("who", ["stranger", "other_member_ticket", "anonymous"])
def test_a_socket_is_refused_without_access(brainstorm, asgi_server, client, org, who):
    sessie, members = brainstorm
    if who == "stranger":
        stranger = UserFactory(organisation=org)
        cookie = _cookie(client, stranger)
        user = stranger
    elif who == "other_member_ticket":  # a ticket given to someone else
        cookie = _cookie(client, members[2])
        user = members[1]
    else:
        cookie = ""
        user = members[1]
    with (
        pytest.raises((ConnectionClosed, InvalidStatus)),
        _screen(asgi_server, sessie, kind=live.MEMBER, user=user, cookie=cookie) as ws,
    ):
        ws.recv(timeout=5)


def test_a_forged_ticket_is_refused(asgi_server):
    with (
        pytest.raises((ConnectionClosed, InvalidStatus)),
        connect(
            f"ws://127.0.0.1:{asgi_server.port}/ws/live/forged/?v=1", origin=asgi_server.url
        ) as ws,
    ):
        ws.recv(timeout=5)
