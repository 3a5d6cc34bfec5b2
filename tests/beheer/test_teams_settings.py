"""Teams (create, leidinggevende, cadence) and the organisation settings."""

from decimal import Decimal

from django.urls import reverse

from tests.factories import TeamFactory, UserFactory
from werkplekleren.models import Role, Team


def test_team_list_and_create_with_a_new_leidinggevende(as_admin, org, team):
    org.gesprek_interval_weeks = 6
    org.save()
    body = as_admin.get(reverse("beheer:teams")).content.decode()
    assert "Team Zuid" in body and 'value="6"' in body  # the default cadence is proposed
    person = UserFactory(organisation=org, roles=[Role.PROFESSIONAL])
    response = as_admin.post(
        reverse("beheer:teams"),
        {"name": " Team  Noord ", "leidinggevende": person.pk, "gesprek_interval_weeks": "4"},
    )
    assert response.status_code == 302
    created = Team.objects.get(organisation=org, name="Team Noord")
    assert created.leidinggevende == person and created.gesprek_interval_weeks == 4
    person.__dict__.pop("roles", None)
    assert person.roles == {"professional", "leidinggevende"}


def test_team_create_errors_keep_the_input(as_admin, org, team, other_org):
    foreign = UserFactory(organisation=other_org)
    response = as_admin.post(
        reverse("beheer:teams"),
        {"name": "team zuid", "leidinggevende": foreign.pk, "gesprek_interval_weeks": "99"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Er is al een team met deze naam." in body
    assert "Kies iemand uit de lijst." in body
    assert "Hoogstens 52 weken." in body
    assert 'value="team zuid"' in body and 'value="99"' in body
    assert Team.objects.filter(organisation=org).count() == 1


def test_change_leidinggevende_and_cadence(as_admin, org, team):
    newcomer = UserFactory(organisation=org, roles=[Role.PROFESSIONAL])
    url = reverse("beheer:team_edit", args=[team.pk])
    assert team.name in as_admin.get(url).content.decode()
    response = as_admin.post(
        url, {"name": "Team Zuid", "leidinggevende": newcomer.pk, "gesprek_interval_weeks": "12"}
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.leidinggevende == newcomer and team.gesprek_interval_weeks == 12
    assert newcomer.role_assignments.filter(role=Role.LEIDINGGEVENDE).exists()
    # Without a leidinggevende is allowed too.
    as_admin.post(url, {"name": "Team Zuid", "leidinggevende": "", "gesprek_interval_weeks": "8"})
    team.refresh_from_db()
    assert team.leidinggevende is None


def test_team_of_another_organisation_is_404(as_admin, other_org):
    foreign = TeamFactory(organisation=other_org)
    url = reverse("beheer:team_edit", args=[foreign.pk])
    assert as_admin.get(url).status_code == 404
    assert as_admin.post(url, {"name": "x", "gesprek_interval_weeks": "3"}).status_code == 404


def test_settings_saved(as_admin, org):
    url = reverse("organisation_settings")
    body = as_admin.get(url).content.decode()
    assert "Beschikbare leertijd per week" in body and "Talentontwikkelgesprek" in body
    response = as_admin.post(
        url,
        {
            "hours_per_week": "3,5",
            "gesprek_interval_weeks": "6",
            "ai_enabled": "on",
            "llm_model": " llama3.1:8b ",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.hours_per_week == Decimal("3.5") and org.gesprek_interval_weeks == 6
    assert org.ai_enabled is True and org.llm_model == "llama3.1:8b"
    as_admin.post(url, {"hours_per_week": "4.5", "gesprek_interval_weeks": "8"})
    org.refresh_from_db()
    assert org.hours_per_week == Decimal("4.5") and org.ai_enabled is False


def test_settings_errors_in_dutch_and_input_kept(as_admin, org):
    url = reverse("organisation_settings")
    response = as_admin.post(
        url,
        {"hours_per_week": "41", "gesprek_interval_weeks": "0", "llm_model": "mijn-model"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Hoogstens 40 uur per week." in body
    assert "Minstens één week." in body
    assert 'value="41"' in body and 'value="0"' in body and 'value="mijn-model"' in body
    response = as_admin.post(url, {"hours_per_week": "veel", "gesprek_interval_weeks": ""})
    body = response.content.decode()
    assert "Vul een getal in" in body and "Vul in om de hoeveel weken" in body
    org.refresh_from_db()
    assert org.hours_per_week == Decimal("4") and org.gesprek_interval_weeks == 8
