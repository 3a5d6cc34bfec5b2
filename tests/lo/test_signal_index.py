"""The signal index: everyone's signals read once and kept in the cache (refreshed by
beat), so the dashboard and the CSV never wait for a read of the whole organisation."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import TeamFactory, UserFactory
from trajecten import lo_selectors, tasks
from werkplekleren.models import Role


def test_index_is_cached_refreshed_by_beat_and_the_csv_streams_from_one_query(
    org, settings, client, monkeypatch
):
    today = timezone.localdate()
    settings.LO_FIGURES_CACHE_SECONDS = 600
    cache.clear()
    lo = UserFactory(organisation=org, roles=[Role.LO])
    team = TeamFactory(organisation=org)
    for i in range(7):
        UserFactory(organisation=org, team=team, name=f"Persoon {i:02}")
    first = lo_selectors.signals(user=lo, today=today, page_size=3)
    assert first.total == 7 and first.counts["niet_gestart"] == 7
    with CaptureQueriesContext(connection) as cached:
        again = lo_selectors.signals(user=lo, today=today, page_size=3)
        assert [r.name for r in again.rows] == ["Persoon 00", "Persoon 01", "Persoon 02"]
    assert len(cached.captured_queries) == 2  # teams and the page's rows: no read of everyone
    # Someone new shows after beat computed the figures again (minutes, not at once).
    UserFactory(organisation=org, team=team, name="Persoon 07")
    assert lo_selectors.signals(user=lo, today=today).total == 7
    tasks.refresh_lo_figures()
    assert lo_selectors.signals(user=lo, today=today).total == 8
    # The CSV reads the rows from one query, a chunk at a time, in name order, everyone once;
    # twice as many people cost not one query more.
    monkeypatch.setattr(lo_selectors, "CSV_CHUNK", 3)
    client.force_login(lo)

    def download() -> tuple[list[str], int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/lo/signals.csv")
            lines = b"".join(response.streaming_content).decode().splitlines()
        return [line.split(";")[0] for line in lines[1:]], len(queries.captured_queries)

    names, queries = download()
    assert names == [f"Persoon {i:02}" for i in range(8)]
    for i in range(8, 16):
        UserFactory(organisation=org, team=team, name=f"Persoon {i:02}")
    tasks.refresh_lo_figures()
    names, more_people_queries = download()
    assert names == [f"Persoon {i:02}" for i in range(16)]
    assert more_people_queries == queries


def test_with_many_teams_the_team_filter_is_typed(org, monkeypatch, client):
    monkeypatch.setattr(lo_selectors, "TEAM_SELECT_MAX", 1)
    lo = UserFactory(organisation=org, roles=[Role.LO])
    noord, zuid = (
        TeamFactory(organisation=org, name="Noord"),
        TeamFactory(organisation=org, name="Zuid"),
    )
    UserFactory(organisation=org, team=noord, name="Nina")
    UserFactory(organisation=org, team=zuid, name="Zeno")
    today = timezone.localdate()
    by_name = lo_selectors.signals(user=lo, today=today, team_id=" zui")
    assert by_name.teams is None and by_name.team_name == "Zuid"
    assert [r.name for r in by_name.rows] == ["Zeno"]
    by_id = lo_selectors.signals(user=lo, today=today, team_id=str(noord.pk))
    assert [r.name for r in by_id.rows] == ["Nina"]
    for nonsense in ("1180591620717411303424", "onbekend"):
        assert lo_selectors.signals(user=lo, today=today, team_id=nonsense).total == 2
    client.force_login(lo)
    body = client.get("/lo/", {"team": "zuid"}).content.decode()
    assert 'name="team" value="Zuid"' in body and f'<option value="{zuid.pk}"' not in body
