import pytest
from django.core.exceptions import ValidationError

from tests.factories import UserFactory
from weekcyclus.models import Groep, GroepMember
from weekcyclus.services import groep_create


def test_groep_create_adds_creator_and_members(org, professional):
    colleagues = [UserFactory(organisation=org) for _ in range(3)]
    groep = groep_create(created_by=professional, name="De Verbeteraars", members=colleagues)
    assert groep.organisation == org
    active = groep.members.filter(status=GroepMember.Status.ACTIVE)
    assert {m.user for m in active} == {professional, *colleagues}
    assert all(m.joined_at for m in active)
    assert active.get(user=colleagues[0]).invited_by == professional


def test_groep_members_come_from_one_organisation(org, other_org, professional):
    stranger = UserFactory(organisation=other_org)
    with pytest.raises(ValidationError, match="één organisatie"):
        groep_create(created_by=professional, name="Gemengd", members=[stranger])
    assert not Groep.objects.exists()  # atomic: nothing half-made


def test_groep_names_are_unique_per_organisation(org, professional):
    groep_create(created_by=professional, name="Koffie & Kritiek")
    with pytest.raises(ValidationError):
        groep_create(created_by=professional, name="Koffie & Kritiek")
