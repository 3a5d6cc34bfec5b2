import pytest
from django.core.exceptions import ValidationError

from tests.factories import TeamFactory, UserFactory
from werkplekleren import services
from werkplekleren.models import Role, RoleAssignment, Team


def test_person_create_with_roles(org, team):
    person = services.person_create(
        organisation=org,
        email=" Anna.Bos@Voorbeeld.example ",
        name="Anna Bos",
        team=team,
        roles=[Role.PROFESSIONAL, Role.LO],
        password="een-goed-wachtwoord",
    )
    assert person.email == "anna.bos@voorbeeld.example"
    assert person.roles == {Role.PROFESSIONAL, Role.LO}
    assert person.check_password("een-goed-wachtwoord")


def test_person_create_without_password_cannot_log_in(org):
    person = services.person_create(organisation=org, email="x@voorbeeld.example", name="X")
    assert not person.has_usable_password()


def test_person_cannot_join_a_team_of_another_organisation(org, other_org):
    foreign_team = TeamFactory(organisation=other_org)
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            organisation=org, email="y@voorbeeld.example", name="Y", team=foreign_team
        )
    assert "team" in exc.value.message_dict


def test_email_is_unique(org, professional):
    with pytest.raises(ValidationError):
        services.person_create(organisation=org, email=professional.email.upper(), name="Z")


def test_role_grant_is_idempotent_and_refreshes_cached_roles(org, professional):
    assert professional.roles == {Role.PROFESSIONAL}
    services.role_grant(user=professional, role=Role.LEIDINGGEVENDE)
    services.role_grant(user=professional, role=Role.LEIDINGGEVENDE)
    assert RoleAssignment.objects.filter(user=professional).count() == 2
    assert professional.roles == {Role.PROFESSIONAL, Role.LEIDINGGEVENDE}


def test_team_create_requires_a_leidinggevende_of_the_same_organisation(org, other_org):
    manager = UserFactory(organisation=org, roles=[Role.LEIDINGGEVENDE])
    team = services.team_create(organisation=org, name="Team Oost", leidinggevende=manager)
    assert team.leidinggevende == manager

    foreign_manager = UserFactory(organisation=other_org, roles=[Role.LEIDINGGEVENDE])
    with pytest.raises(ValidationError, match="andere organisatie"):
        services.team_create(organisation=org, name="Team West", leidinggevende=foreign_manager)

    not_a_manager = UserFactory(organisation=org, roles=[Role.PROFESSIONAL])
    with pytest.raises(ValidationError, match="geen rol als leidinggevende"):
        services.team_create(organisation=org, name="Team Noord", leidinggevende=not_a_manager)
    assert Team.objects.filter(organisation=org).count() == 1


def test_team_names_are_unique_per_organisation(org, other_org):
    services.team_create(organisation=org, name="Team Oost")
    services.team_create(organisation=other_org, name="Team Oost")
    with pytest.raises(ValidationError):
        services.team_create(organisation=org, name="Team Oost")
