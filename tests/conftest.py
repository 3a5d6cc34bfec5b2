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
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real Celery worker process sharing the test database (see tests/worker.py)."""
    from tests.worker import start_worker, stop_worker

    with django_db_blocker.unblock():
        worker = start_worker(tmp_path_factory.mktemp("celery") / "worker.log")
    yield worker
    stop_worker(worker)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Live screens keep session versions in the cache; ids repeat between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
