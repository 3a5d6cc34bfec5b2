"""Services of self-chosen groups: inviting, answering an invitation, leaving."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.factories import GroepFactory, UserFactory, add_member
from weekcyclus import access
from weekcyclus.models import Groep, GroepMember
from weekcyclus.services import (
    groep_create,
    groep_invitation_respond,
    groep_invite,
    groep_leave,
)
from werkplekleren.models import Role

Status = GroepMember.Status


@pytest.fixture
def groep(org, professional):
    groep = GroepFactory(organisation=org, created_by=professional, name="Koffie & Kritiek")
    add_member(groep, professional)
    return groep


@pytest.fixture
def colleague(org):
    return UserFactory(organisation=org, roles=[Role.PROFESSIONAL])


def _row(groep, user) -> GroepMember:
    return GroepMember.objects.get(groep=groep, user=user)


# --- groep_create --------------------------------------------------------------------------


def test_groep_create_strips_the_name_and_refuses_a_duplicate_in_plain_dutch(org, professional):
    groep = groep_create(created_by=professional, name="  De Verbeteraars  ")
    assert groep.name == "De Verbeteraars"
    with pytest.raises(ValidationError, match="Er is al een groep met de naam De Verbeteraars"):
        groep_create(created_by=professional, name="De Verbeteraars ")
    assert Groep.objects.count() == 1


def test_groep_create_refuses_a_blank_name(org, professional):
    with pytest.raises(ValidationError):
        groep_create(created_by=professional, name="   ")
    assert not Groep.objects.exists()


def test_the_same_name_may_exist_in_another_organisation(org, other_org, professional):
    groep_create(created_by=professional, name="Koffie")
    stranger = UserFactory(organisation=other_org)
    assert groep_create(created_by=stranger, name="Koffie").organisation == other_org


# --- groep_invite --------------------------------------------------------------------------


def test_invite_a_colleague(groep, professional, colleague):
    member = groep_invite(groep=groep, invited_by=professional, user=colleague)
    row = _row(groep, colleague)
    assert row.pk == member.pk
    assert row.status == Status.INVITED
    assert row.invited_by == professional
    assert row.joined_at is None
    assert access.groep_invitations_for(colleague).get() == row
    # An invitation is not a membership: the group stays closed until they accept.
    with pytest.raises(Http404):
        access.access_groep(colleague, groep.pk)


def test_invite_only_colleagues_of_the_same_organisation(groep, professional, other_org):
    stranger = UserFactory(organisation=other_org)
    with pytest.raises(ValidationError, match="eigen organisatie"):
        groep_invite(groep=groep, invited_by=professional, user=stranger)
    assert not GroepMember.objects.filter(user=stranger).exists()


def test_invite_refuses_inactive_people(groep, professional, org):
    gone = UserFactory(organisation=org, is_active=False)
    with pytest.raises(ValidationError, match="eigen organisatie"):
        groep_invite(groep=groep, invited_by=professional, user=gone)
    assert not GroepMember.objects.filter(user=gone).exists()


def test_invite_refuses_people_who_are_not_professionals(groep, professional, org):
    lo = UserFactory(organisation=org, roles=[Role.LO])
    with pytest.raises(ValidationError, match="geen professional"):
        groep_invite(groep=groep, invited_by=professional, user=lo)
    assert not GroepMember.objects.filter(user=lo).exists()


def test_invite_refuses_members_and_people_already_invited(groep, professional, colleague, org):
    with pytest.raises(ValidationError, match="al lid"):
        groep_invite(groep=groep, invited_by=professional, user=professional)
    groep_invite(groep=groep, invited_by=professional, user=colleague)
    with pytest.raises(ValidationError, match="al uitgenodigd"):
        groep_invite(groep=groep, invited_by=professional, user=colleague)
    assert GroepMember.objects.filter(groep=groep, user=colleague).count() == 1


def test_re_invite_after_a_decline_reuses_the_row(groep, professional, colleague, org):
    first = groep_invite(groep=groep, invited_by=professional, user=colleague)
    groep_invitation_respond(member=first, accept=False)
    assert _row(groep, colleague).status == Status.DECLINED
    other = UserFactory(organisation=org)
    add_member(groep, other)
    again = groep_invite(groep=groep, invited_by=other, user=colleague)
    assert again.pk == first.pk
    row = _row(groep, colleague)
    assert (row.status, row.invited_by) == (Status.INVITED, other)


def test_re_invite_after_leaving(groep, professional, colleague):
    add_member(groep, colleague)
    groep_leave(groep=groep, user=colleague)
    groep_invite(groep=groep, invited_by=professional, user=colleague)
    row = _row(groep, colleague)
    assert (row.status, row.joined_at) == (Status.INVITED, None)


@pytest.mark.parametrize("status", [None, Status.INVITED, Status.DECLINED, Status.LEFT])
def test_only_active_members_may_invite(groep, org, colleague, status):
    inviter = UserFactory(organisation=org)
    if status is not None:
        add_member(groep, inviter, status=status)
    with pytest.raises(PermissionDenied):
        groep_invite(groep=groep, invited_by=inviter, user=colleague)
    assert not GroepMember.objects.filter(user=colleague).exists()


# --- groep_invitation_respond --------------------------------------------------------------


def test_accept_makes_an_active_member(groep, professional, colleague):
    invitation = groep_invite(groep=groep, invited_by=professional, user=colleague)
    groep_invitation_respond(member=invitation, accept=True)
    row = _row(groep, colleague)
    assert row.status == Status.ACTIVE
    assert row.joined_at is not None
    assert access.access_groep(colleague, groep.pk) == groep
    assert not access.groep_invitations_for(colleague).exists()


def test_decline_leaves_the_group_closed(groep, professional, colleague):
    invitation = groep_invite(groep=groep, invited_by=professional, user=colleague)
    groep_invitation_respond(member=invitation, accept=False)
    row = _row(groep, colleague)
    assert (row.status, row.joined_at) == (Status.DECLINED, None)
    with pytest.raises(Http404):
        access.access_groep(colleague, groep.pk)
    assert not access.groep_invitations_for(colleague).exists()


@pytest.mark.parametrize("first", [True, False])
@pytest.mark.parametrize("second", [True, False])
def test_an_invitation_is_answered_once(groep, professional, colleague, first, second):
    invitation = groep_invite(groep=groep, invited_by=professional, user=colleague)
    groep_invitation_respond(member=invitation, accept=first)
    expected = Status.ACTIVE if first else Status.DECLINED
    # Both with the object in hand and with a stale copy read before the first answer.
    stale = GroepMember.objects.get(pk=invitation.pk)
    stale.status = Status.INVITED
    for copy in (invitation, stale):
        with pytest.raises(ValidationError, match="niet meer open"):
            groep_invitation_respond(member=copy, accept=second)
    assert _row(groep, colleague).status == expected


# --- groep_leave ---------------------------------------------------------------------------


def test_leave_keeps_the_history(groep, professional, colleague):
    member = add_member(groep, colleague)
    GroepMember.objects.filter(pk=member.pk).update(joined_at="2025-01-06T09:00:00Z")
    groep_leave(groep=groep, user=colleague)
    row = _row(groep, colleague)
    assert row.pk == member.pk  # the row stays: who was in the group is history
    assert row.status == Status.LEFT
    assert row.joined_at is not None
    assert Groep.objects.filter(pk=groep.pk).exists()
    with pytest.raises(Http404):
        access.access_groep(colleague, groep.pk)
    assert access.access_groep(professional, groep.pk) == groep  # the others carry on


def test_leave_twice_or_without_being_a_member_is_refused(groep, colleague, org):
    add_member(groep, colleague)
    groep_leave(groep=groep, user=colleague)
    with pytest.raises(ValidationError, match="geen lid"):
        groep_leave(groep=groep, user=colleague)
    invited = UserFactory(organisation=org)
    add_member(groep, invited, status=Status.INVITED)
    with pytest.raises(ValidationError, match="geen lid"):
        groep_leave(groep=groep, user=invited)
    assert _row(groep, invited).status == Status.INVITED
