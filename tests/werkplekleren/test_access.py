"""The access module: the design brief's "Who sees what" table, and 404 across boundaries."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from didactiek.models import Verbetervoorstel
from profcirkel import access as profcirkel_access
from profcirkel.models import ProfCirkel, Talentontwikkelgesprek
from tests.factories import (
    GroepFactory,
    LeeractiviteitFactory,
    ProfTrajectFactory,
    SessieFactory,
    TeamFactory,
    UserFactory,
    WeekcyclusFactory,
    add_member,
)
from trajecten import access as trajecten_access
from weekcyclus import access as weekcyclus_access
from weekcyclus.models import GroepMember
from werkplekleren import access
from werkplekleren.access import Asset, Scope
from werkplekleren.models import Role, User


@pytest.fixture
def world(org, team, professional):
    """One professional's learning, as the brief's "Who sees what" table talks about it: a
    traject with an activity, a group with a session and a validated proposal submitted to
    the team's circle, and a conversation with their leidinggevende."""
    traject = ProfTrajectFactory(user=professional, state="actief")
    activiteit = LeeractiviteitFactory(traject=traject)
    groep = GroepFactory(organisation=org, created_by=professional)
    add_member(groep, professional)
    sessie = SessieFactory(weekcyclus=WeekcyclusFactory(groep=groep))
    cirkel = ProfCirkel.objects.create(organisation=org, team=team)
    voorstel = Verbetervoorstel.objects.create(
        organisation=org,
        sessie=sessie,
        titel="Vaste overdracht",
        status=Verbetervoorstel.Status.INGEDIEND,
        cirkel=cirkel,
        submitted_at=timezone.now(),
    )
    gesprek = Talentontwikkelgesprek.objects.create(
        organisation=org,
        professional=professional,
        leidinggevende=team.leidinggevende,
        planned_at=timezone.now() + timedelta(days=7),
    )
    return {
        "traject": traject,
        "activiteit": activiteit,
        "sessie": sessie,
        "voorstel": voorstel,
        "gesprek": gesprek,
    }


def _yields_reach_team(user, team) -> None:
    _organisation, teams = profcirkel_access.opbrengsten_reach(user)
    if teams is not None and team.pk not in teams:
        raise Http404


def _reaches(helper, user, pk) -> bool:
    try:
        helper(user, pk)
    except Http404:
        return False
    return True


# What each viewer reaches of the professional's learning, through the helpers the pages and
# the API use, written from the design brief (not from access.MATRIX): own traject in full
# for the owner only; the outline for the team's leidinggevende and L&O; session content for
# the group; proposals for the group, the circle's leidinggevende and L&O; hours for the
# owner and their leidinggevende (L&O aggregates only); conversations for the two of them;
# signals for L&O; people administration for the organisation admin. A teammate outside the
# group sits in the team's Prof-cirkel, so sees the proposal submitted there, nothing else;
# the admin and another team's leidinggevende see none of it.
VIEWERS = ["owner", "leidinggevende", "lo", "admin", "colleague", "other_leidinggevende"]
REACH = {
    "traject_full": {"owner"},
    "traject_outline": {"owner", "leidinggevende", "lo"},
    "session_content": {"owner"},
    "proposals": {"owner", "leidinggevende", "lo", "colleague"},
    "hours": {"owner", "leidinggevende"},
    "conversations": {"owner", "leidinggevende"},
    "progress_signals": {"lo"},
    "people_admin": {"admin"},
    # The proposal bank: a submitted proposal is the organisation's to read (not the admin's,
    # who runs the organisation, not its learning); opbrengsten of the team: its
    # leidinggevende and L&O.
    "proposal_bank": {"owner", "leidinggevende", "lo", "colleague", "other_leidinggevende"},
    "yields": {"leidinggevende", "lo"},
}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_each_viewer_reaches_what_the_design_brief_says(org, team, professional, world, viewer):
    user = {
        "owner": lambda: professional,
        "leidinggevende": lambda: team.leidinggevende,
        "lo": lambda: UserFactory(organisation=org, roles=[Role.LO]),
        "admin": lambda: UserFactory(organisation=org, roles=[Role.ADMIN]),
        "colleague": lambda: UserFactory(organisation=org, team=team),
        "other_leidinggevende": lambda: TeamFactory(organisation=org).leidinggevende,
    }[viewer]()
    reached = {
        "traject_full": _reaches(trajecten_access.access_activiteit, user, world["activiteit"].pk),
        "traject_outline": _reaches(
            trajecten_access.access_traject_outline, user, world["traject"].pk
        ),
        "session_content": _reaches(weekcyclus_access.access_sessie, user, world["sessie"].pk),
        "proposals": _reaches(weekcyclus_access.access_voorstel, user, world["voorstel"].pk),
        "hours": access.hours_visible_of(user, [professional.pk]) == {professional.pk},
        "conversations": _reaches(profcirkel_access.access_gesprek, user, world["gesprek"].pk),
        "progress_signals": _reaches(lambda u, _pk: access.access_lo_dashboard(u), user, 0),
        "people_admin": _reaches(lambda u, _pk: access.access_organisation_admin(u), user, 0),
        "proposal_bank": _reaches(
            profcirkel_access.access_bank_voorstel, user, world["voorstel"].pk
        ),
        "yields": _reaches(lambda u, _pk: _yields_reach_team(u, team), user, 0),
    }
    expected = {what: viewer in who for what, who in REACH.items()}
    assert reached == expected


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
        weekcyclus_access.access_groep(professional, foreign_groep.pk)


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

    assert weekcyclus_access.access_groep(professional, groep.pk) == groep
    for outsider in (colleague_invited, colleague_left, manager):
        with pytest.raises(Http404):
            weekcyclus_access.access_groep(outsider, groep.pk)


def test_led_team_members_are_the_team_scope(org):
    team = TeamFactory(organisation=org)
    other_team = TeamFactory(organisation=org)
    member = UserFactory(organisation=org, team=team)
    UserFactory(organisation=org, team=other_team)
    assert list(access.led_team_members_for(team.leidinggevende)) == [member]
    assert not access.led_team_members_for(member).exists()
