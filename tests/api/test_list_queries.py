"""API lists run a fixed number of queries however much data there is: the conversations
(with each one's visible talking points) and the proposals (page first, then its rows)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from didactiek.models import Verbetervoorstel
from profcirkel import services as profcirkel_services
from profcirkel.models import Agendapunt, ProfCirkel
from tests.api.conftest import PRIVATE_OF_LEIDINGGEVENDE, PRIVATE_OF_PROFESSIONAL
from tests.factories import SessieFactory, UserFactory


def _queries(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()


def test_conversation_list_queries_do_not_grow_and_private_points_stay_private(world, api):
    w = world.a
    client = api(w.leidinggevende)
    before, _ = _queries(client, "/api/gesprekken/")
    for i in range(6):
        colleague = UserFactory(organisation=w.org, team=w.team)
        gesprek = profcirkel_services.gesprek_plan(
            professional=colleague,
            leidinggevende=w.leidinggevende,
            planned_at=timezone.now() + timedelta(days=10 + i),
        )
        Agendapunt.objects.create(gesprek=gesprek, author=colleague, text=f"Punt {i}")
        Agendapunt.objects.create(gesprek=gesprek, author=colleague, text="Privé", shared=False)
    after, body = _queries(client, "/api/gesprekken/")
    assert after == before
    assert body["count"] == 7
    texts = [p["text"] for g in body["results"] for p in g["agendapunten"]]
    assert "Punt 3" in texts and "Privé" not in texts
    assert PRIVATE_OF_PROFESSIONAL not in texts and PRIVATE_OF_LEIDINGGEVENDE in texts


def test_proposal_list_queries_do_not_grow(world, api):
    w = world.a
    client = api(w.professional)
    before, body = _queries(client, "/api/proposals/")
    assert body["count"] == 1
    cirkel = ProfCirkel.objects.create(organisation=w.org, team=w.team)
    for i in range(8):
        sessie = SessieFactory(
            weekcyclus__groep=w.groep,
            weekcyclus__week_start=w.cyclus.week_start + timedelta(weeks=i + 1),
        )
        Verbetervoorstel.objects.create(
            organisation=w.org,
            sessie=sessie,
            titel=f"Nieuw {i}",
            status=Verbetervoorstel.Status.INGEDIEND,
            cirkel=cirkel if i % 2 else None,
            owner=UserFactory(organisation=w.org),
        )
    after, body = _queries(client, "/api/proposals/")
    assert after == before
    assert body["count"] == 9
    titles = [p["titel"] for p in body["results"]]
    assert titles[0] == "Nieuw 7"  # newest first
