"""Production keeps database connections (with health checks, or a pool under ASGI);
big-table indexes are built without blocking writes on PostgreSQL and as plain indexes on
SQLite."""

import importlib
import sys

import pytest
from django.core.management import call_command
from django.db import connection


def test_production_keeps_connections_with_health_checks(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db:5432/wpl")
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    monkeypatch.delitem(sys.modules, "uvicorn", raising=False)
    monkeypatch.delitem(sys.modules, "daphne", raising=False)
    from werkplekleren.settings import base

    importlib.reload(base)
    production = importlib.import_module("werkplekleren.settings.production")
    production = importlib.reload(production)
    assert production.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert production.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert production.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    # An ASGI web process (uvicorn loaded) runs each request in a thread of its own: it takes
    # connections from a pool shared by its threads instead of keeping one per thread.
    monkeypatch.setitem(sys.modules, "uvicorn", object())
    importlib.reload(base)
    production = importlib.reload(production)
    assert production.DATABASES["default"]["CONN_MAX_AGE"] == 0
    assert production.DATABASES["default"]["OPTIONS"]["pool"]["max_size"] == 20
    monkeypatch.setenv("DATABASE_POOL", "false")  # e.g. behind PgBouncer
    importlib.reload(base)
    production = importlib.reload(production)
    assert "pool" not in production.DATABASES["default"].get("OPTIONS", {})
    assert production.DATABASES["default"]["CONN_MAX_AGE"] == 0
    assert production.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    monkeypatch.setenv("CONN_MAX_AGE", "30")  # the environment always wins
    importlib.reload(base)
    production = importlib.reload(production)
    assert production.DATABASES["default"]["CONN_MAX_AGE"] == 30
    monkeypatch.undo()
    importlib.reload(base)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a pool is for PostgreSQL")
def test_the_pool_hands_a_closed_connection_to_the_next_request():
    """The production pool settings work with our driver: closing a request's connection
    returns it to the pool, and the next request gets the same server connection back.
    One connection at most: with more, the pool may open a spare while it resets the returned
    one, and which of the two comes back is the pool's choice (the flake CI once hit)."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    settings_dict = {
        **connection.settings_dict,
        "CONN_MAX_AGE": 0,
        "OPTIONS": {"pool": {"min_size": 1, "max_size": 1, "timeout": 5}},
    }
    wrapper = DatabaseWrapper(settings_dict, alias="pool_check")
    try:
        pids = []
        for _request in range(3):
            with wrapper.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids.append(cursor.fetchone()[0])
            wrapper.close()  # what Django does when a request ends
        assert len(set(pids)) == 1, pids
    finally:
        wrapper.close_pool()


@pytest.mark.django_db(transaction=True)  # SQLite: no schema editor inside a test transaction
@pytest.mark.parametrize(
    ("app", "migration", "index"),
    [
        ("weekcyclus", "0006_indexes_for_scale", "sessie_starts_at_idx"),
        ("didactiek", "0008_indexes_for_scale", "voorstel_org_created_idx"),
        ("profcirkel", "0002_indexes_for_scale", "gesprek_state_planned_idx"),
        ("trajecten", "0003_indexes_for_scale", "leerpad_state_upd_idx"),
        ("werkplekleren", "0007_user_name_index", "user_org_name_idx"),
    ],
)
def test_indexes_are_built_concurrently_on_postgresql(app, migration, index, capsys):
    call_command("sqlmigrate", app, migration)
    sql = capsys.readouterr().out
    if connection.vendor == "postgresql":
        assert f'CREATE INDEX CONCURRENTLY "{index}"' in sql
    else:
        assert f'CREATE INDEX "{index}"' in sql and "CONCURRENTLY" not in sql
    with connection.cursor() as cursor:  # and it exists in the test database
        names = {
            name
            for table in connection.introspection.table_names(cursor)
            for name in connection.introspection.get_constraints(cursor, table)
        }
    assert index in names
