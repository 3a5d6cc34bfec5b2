import pytest

from tests.factories import UserFactory
from werkplekleren.models import Role


@pytest.fixture
def admin(org):
    return UserFactory(organisation=org, name="Ada Beheer", roles=[Role.ADMIN])


@pytest.fixture
def as_admin(admin, login):
    return login(admin)
