"""The production stack is described correctly (no Docker engine runs here to try it)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services_with_health_checks():
    services = _compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert "healthcheck" in services[name], name
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "werkplekleren", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "werkplekleren", "beat"]


def test_app_services_run_production_settings_on_postgres_and_redis():
    services = _compose()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "werkplekleren.settings.production"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379")


def test_env_example_names_every_setting_production_requires():
    example = (ROOT / ".env.example").read_text()
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "POSTGRES_PASSWORD",
        "OPENAI_BASE_URL",
        "OPENAI_API_KEY",
        "LLM_MODEL",
    ):
        assert f"\n{name}=" in f"\n{example}", name
    hosts = next(line for line in example.splitlines() if line.startswith("ALLOWED_HOSTS="))
    assert "localhost" in hosts  # the in-container health check uses it
