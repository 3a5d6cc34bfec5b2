"""The access module: the design brief's "Who sees what" table, and 404 across boundaries."""

import pytest
from django.http import Http404

from tests.factories import GroepFactory, TeamFactory, UserFactory, add_member
from weekcyclus.models import GroepMember
from werkplekleren import access
from werkplekleren.access import Asset, Scope
from werkplekleren.models import Role, User

# The brief's table, restated independently of access.MATRIX (role -> asset -> scope).
# "other group members: session content read/write (same group)" is the professional's
# OWN_GROUPS scope; "organisation admin" sees none of anyone's learning.
DESIGN_TABLE = {
    Role.PROFESSIONAL: {
        Asset.TRAJECT_FULL: Scope.OWN,
        Asset.TRAJECT_OUTLINE: Scope.OWN,
        Asset.SESSION_CONTENT: Scope.OWN_GROUPS,
        Asset.PROPOSALS: Scope.OWN_GROUPS,
        Asset.PROPOSAL_BANK: Scope.ORGANISATION,
        Asset.HOURS: Scope.OWN,
        Asset.CONVERSATIONS: Scope.OWN,
    },
    Role.LEIDINGGEVENDE: {
        Asset.TRAJECT_OUTLINE: Scope.TEAM,
        Asset.PROPOSALS: Scope.TEAM,
        Asset.PROPOSAL_BANK: Scope.ORGANISATION,
        Asset.HOURS: Scope.TEAM,
        Asset.HOURS_AGGREGATE: Scope.TEAM,
        Asset.YIELDS: Scope.TEAM,
        Asset.CONVERSATIONS: Scope.AS_PARTICIPANT,
    },
    Role.LO: {
        Asset.TRAJECT_OUTLINE: Scope.ORGANISATION,
        Asset.PROGRESS_SIGNALS: Scope.ORGANISATION,
        Asset.PROPOSALS: Scope.ORGANISATION,
        Asset.PROPOSAL_BANK: Scope.ORGANISATION,
        Asset.HOURS_AGGREGATE: Scope.ORGANISATION,
        Asset.YIELDS: Scope.ORGANISATION,
    },
    Role.ADMIN: {Asset.PEOPLE_ADMIN: Scope.ORGANISATION},
}
LEARNING_ASSETS = [a for a in Asset if a not in (Asset.DIRECTORY, Asset.PEOPLE_ADMIN)]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("asset", LEARNING_ASSETS + [Asset.PEOPLE_ADMIN])
def test_matrix_matches_the_design_table(org, role, asset):
    user = UserFactory(organisation=org, roles=[role])
    expected = DESIGN_TABLE[role].get(asset)
    assert access.scopes(user, asset) == (frozenset({expected}) if expected else frozenset())


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_directory_of_its_own_organisation(org, role):
    user = UserFactory(organisation=org, roles=[role])
    assert access.scopes(user, Asset.DIRECTORY) == {Scope.ORGANISATION}


@pytest.mark.parametrize("asset", [Asset.TRAJECT_FULL, Asset.SESSION_CONTENT, Asset.CONVERSATIONS])
def test_how_someone_learns_is_hidden_from_manager_lo_and_admin(org, asset):
    for role in (Role.LEIDINGGEVENDE, Role.LO, Role.ADMIN):
        user = UserFactory(organisation=org, roles=[role])
        assert Scope.OWN not in access.scopes(user, asset)
        assert Scope.OWN_GROUPS not in access.scopes(user, asset)
        assert Scope.ORGANISATION not in access.scopes(user, asset)


def test_several_roles_give_the_union_of_their_scopes(org):
    user = UserFactory(organisation=org, roles=[Role.PROFESSIONAL, Role.LEIDINGGEVENDE])
    assert access.scopes(user, Asset.HOURS) == {Scope.OWN, Scope.TEAM}
    assert access.scopes(user, Asset.TRAJECT_FULL) == {Scope.OWN}


def test_inactive_or_organisationless_users_see_nothing(org):
    inactive = UserFactory(organisation=org, is_active=False, roles=[Role.LO])
    superuser = User.objects.create_superuser("root@platform.example", "x", name="Root")
    for user in (inactive, superuser):
        assert access.scopes(user, Asset.DIRECTORY) == frozenset()
        assert not access.teams_for(user).exists()
        assert not access.people_for(user).exists()


def test_lists_are_scoped_to_the_own_organisation(org, other_org, team, professional):
    foreign_team = TeamFactory(organisation=other_org)
    foreign_person = UserFactory(organisation=other_org)
    assert team in access.teams_for(professional)
    assert foreign_team not in access.teams_for(professional)
    assert professional in access.people_for(professional)
    assert foreign_person not in access.people_for(professional)


def test_foreign_objects_raise_404(org, other_org, professional):
    foreign_team = TeamFactory(organisation=other_org)
    foreign_person = UserFactory(organisation=other_org)
    foreign_groep = GroepFactory(organisation=other_org)
    add_member(foreign_groep, foreign_person)
    with pytest.raises(Http404):
        access.access_team(professional, foreign_team.pk)
    with pytest.raises(Http404):
        access.access_person(professional, foreign_person.pk)
    with pytest.raises(Http404):
        access.access_groep(professional, foreign_groep.pk)


@pytest.mark.parametrize("bad_id", ["abc", None, "", 10**12])
def test_malformed_or_missing_ids_raise_404(professional, bad_id):
    with pytest.raises(Http404):
        access.access_team(professional, bad_id)


def test_group_content_is_for_active_members_only(org, professional):
    groep = GroepFactory(organisation=org)
    colleague_invited = UserFactory(organisation=org)
    colleague_left = UserFactory(organisation=org)
    manager = UserFactory(organisation=org, roles=[Role.LEIDINGGEVENDE, Role.LO, Role.ADMIN])
    add_member(groep, professional)
    add_member(groep, colleague_invited, status=GroepMember.Status.INVITED)
    add_member(groep, colleague_left, status=GroepMember.Status.LEFT)

    assert access.access_groep(professional, groep.pk) == groep
    for outsider in (colleague_invited, colleague_left, manager):
        with pytest.raises(Http404):
            access.access_groep(outsider, groep.pk)


def test_led_team_members_are_the_team_scope(org):
    team = TeamFactory(organisation=org)
    other_team = TeamFactory(organisation=org)
    member = UserFactory(organisation=org, team=team)
    UserFactory(organisation=org, team=other_team)
    assert list(access.led_team_members_for(team.leidinggevende)) == [member]
    assert not access.led_team_members_for(member).exists()
