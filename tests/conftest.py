import pytest

from tests.factories import PASSWORD, OrganisationFactory, TeamFactory, UserFactory
from werkplekleren.models import Role


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Organisatie A", slug="org-a")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Organisatie B", slug="org-b")


@pytest.fixture
def team(org):
    return TeamFactory(organisation=org, name="Team Zuid")


@pytest.fixture
def professional(org, team):
    return UserFactory(organisation=org, team=team, roles=[Role.PROFESSIONAL])


@pytest.fixture
def login(client):
    """Log a user in on the test client: ``login(user)``."""

    def _login(user):
        assert client.login(username=user.email, password=PASSWORD)
        return client

    return _login


@pytest.fixture(scope="session")
def llm_server():
    """A local server speaking the OpenAI chat-completions protocol (tests/llm_server.py)."""
    from tests.llm_server import LLMServer

    server = LLMServer().start()
    yield server
    server.stop()


@pytest.fixture
def llm(llm_server, settings):
    """Point the platform's OpenAI-compatible client at the local server, script cleared."""
    llm_server.script()
    settings.OPENAI_BASE_URL = llm_server.url
    settings.OPENAI_API_KEY = "test-key"
    settings.LLM_MODEL = "test-model"
    settings.LLM_TIMEOUT_SECONDS = 1.0
    return llm_server


@pytest.fixture(scope="session")
def smtp_server():
    """A local SMTP server (tests/smtp_server.py): the worker's mail goes here."""
    from tests.smtp_server import SMTPServer

    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server):
    smtp_server.release()
    smtp_server.clear()
    yield smtp_server
    smtp_server.release()


@pytest.fixture(scope="session")
def oidc_provider_server():
    from tests.oidc_provider import OIDCProvider

    provider = OIDCProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def oidc_provider(oidc_provider_server, settings):
    """A real OpenID Connect provider on a local port (tests/oidc_provider.py)."""
    settings.OIDC_ALLOW_HTTP_ISSUER = True
    oidc_provider_server.reset()
    return oidc_provider_server


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory, llm_server, smtp_server):
    """A real Celery worker process sharing the test database (see tests/worker.py); it
    drafts against the local LLM server and sends mail to the local SMTP server, giving up
    on a silent mail server after 2 s and trying again a second later."""
    from tests.worker import start_worker, stop_worker

    with django_db_blocker.unblock():
        worker = start_worker(
            tmp_path_factory.mktemp("celery") / "worker.log",
            extra_env={
                "OPENAI_BASE_URL": llm_server.url,
                "OPENAI_API_KEY": "test-key",
                "LLM_MODEL": "test-model",
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp_server.port),
                "EMAIL_TIMEOUT": "2",
                "MAIL_RETRY_SECONDS": "1",
            },
        )
    yield worker
    stop_worker(worker)


@pytest.fixture
def asgi_server(transactional_db):
    """The real ASGI app (HTTP + WebSockets) on a free port: ``asgi_server.url``."""
    from tests.asgi_server import ASGIServer

    server = ASGIServer().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Live screens keep session versions in the cache; ids repeat between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _platform_language():
    """Every test starts in the platform's language, as every request and every worker task
    does: a test client request in English leaves English active in this thread after it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _load_kader() -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("didactiek.migrations.0002_didactisch_kader")
    migration.load(apps, None)
    english = importlib.import_module("didactiek.migrations.0011_kader_in_english")
    english.forward(apps, None)


@pytest.fixture
def kader(db):
    """The ten questions, as the data migration made them (see below)."""
    _load_kader()


def _flushes(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    names = getattr(item, "fixturenames", ())
    return bool(transactional or "transactional_db" in names or "live_server" in names)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table (pytest-django's flush), the ten
    questions the data migration made too: they are put back, so no test depends on which
    tests ran before it in its process (``make test`` deals the files out over processes)."""
    result = yield
    if nextitem is not None and _flushes(item):  # (after the last test the database is gone)
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _load_kader()
    return result
