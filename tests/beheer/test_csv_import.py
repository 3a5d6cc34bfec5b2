"""The CSV import: parsing, the plan (every kind of error row), applying, idempotence."""

import pytest

from tests.factories import TeamFactory, UserFactory
from werkplekleren import csv_import
from werkplekleren.csv_import import CHANGED, ERROR, NEW, UNCHANGED
from werkplekleren.models import Role, RoleAssignment, Team, User


def plan_of(org, text):
    return csv_import.build_plan(organisation=org, text=text)


def snapshot(org):
    people = sorted(
        User.objects.filter(organisation=org).values_list("email", "name", "team__name")
    )
    roles = sorted(
        RoleAssignment.objects.filter(organisation=org).values_list("user__email", "role")
    )
    teams = sorted(Team.objects.filter(organisation=org).values_list("name", flat=True))
    return people, roles, teams


@pytest.mark.parametrize(
    ("cell", "roles", "unknown"),
    [
        ("professional", ["professional"], []),
        ("Professional; L&O", ["professional", "lo"], []),
        ("leidinggevende,admin", ["leidinggevende", "admin"], []),
        (" Organisatiebeheerder ; lo ", ["admin", "lo"], []),
        ("L & O, Leidinggevende", ["lo", "leidinggevende"], []),
        ("beheerder;professional;professional", ["admin", "professional"], []),
        ("", [], []),
        ("professional; directeur", ["professional"], ["directeur"]),
    ],
)
def test_parse_roles(cell, roles, unknown):
    assert csv_import.parse_roles(cell) == (roles, unknown)


def test_bom_and_semicolons(org):
    raw = (
        "\ufeffnaam;e-mail;team;rollen\r\nAnna Bos;Anna@Voorbeeld.nl;Team Zuid;professional, lo\r\n"
    )
    text = csv_import.decode(raw.encode("utf-8"))
    [row] = plan_of(org, text).rows
    assert (row.name, row.email, row.team, row.roles) == (
        "Anna Bos",
        "anna@voorbeeld.nl",
        "Team Zuid",
        ["professional", "lo"],
    )


def test_commas_with_quoted_roles_and_english_headers_in_another_order(org):
    text = 'email,name,roles,team\nbram@voorbeeld.nl,Bram,"leidinggevende;professional",Noord\n'
    [row] = plan_of(org, text).rows
    assert (row.name, row.email, row.team) == ("Bram", "bram@voorbeeld.nl", "Noord")
    assert row.roles == ["leidinggevende", "professional"]


def test_without_header_columns_are_taken_in_order(org):
    [row] = plan_of(org, "Cor;cor@voorbeeld.nl;;lo\n").rows
    assert (row.name, row.email, row.team, row.roles, row.status) == (
        "Cor",
        "cor@voorbeeld.nl",
        "",
        ["lo"],
        NEW,
    )


def test_not_utf8_is_refused_in_dutch():
    with pytest.raises(csv_import.ImportFileError, match="geen UTF-8"):
        csv_import.decode("naam;e-mail\nJosé;j@x.nl\n".encode("cp1252"))


def test_too_many_rows_is_refused(org, monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_ROWS", 2)
    text = "naam;e-mail\n" + "".join(f"P{i};p{i}@voorbeeld.nl\n" for i in range(3))
    with pytest.raises(csv_import.ImportFileError, match="hoogstens 2"):
        plan_of(org, text)


def test_every_kind_of_error_row(org, other_org):
    UserFactory(organisation=other_org, email="vreemd@andere.nl")
    text = (
        "naam;e-mail;team;rollen\n"
        "Zonder Mail;;Team Zuid;professional\n"  # 2: missing e-mail
        "Fout Adres;geen-adres;Team Zuid;professional\n"  # 3: invalid e-mail
        "Rare Rol;rol@voorbeeld.nl;Team Zuid;directeur\n"  # 4: unknown role
        "Vreemd;vreemd@andere.nl;Team Zuid;professional\n"  # 5: another organisation
        "Eerste;dubbel@voorbeeld.nl;Team Zuid;professional\n"  # 6: fine
        "Tweede;DUBBEL@voorbeeld.nl;Team Zuid;professional\n"  # 7: duplicate in the file
        ";naamloos@voorbeeld.nl;Team Zuid;professional\n"  # 8: a new person needs a name
        f"{'x' * 151};lang@voorbeeld.nl;;\n"  # 9: name too long
        f"Lang Team;team@voorbeeld.nl;{'t' * 151};\n"  # 10: team name too long
    )
    plan = plan_of(org, text)
    by_line = {row.line: row for row in plan.rows}
    expected = {
        2: "Het e-mailadres ontbreekt.",
        3: "is geen geldig e-mailadres",
        4: "Onbekende rol: ‘directeur’",
        5: "hoort bij een account buiten deze organisatie",
        7: "Dit e-mailadres staat ook op regel 6.",
        8: "De naam ontbreekt",
        9: "De naam is te lang",
        10: "De teamnaam is te lang",
    }
    for line, message in expected.items():
        row = by_line[line]
        assert row.status == ERROR, line
        assert any(message in error for error in row.errors), (line, row.errors)
    assert by_line[6].status == NEW
    assert plan.counts == {
        "new": 1,
        "changed": 0,
        "unchanged": 0,
        "error": 8,
        "total": 9,
        "teams": 1,
    }
    # Applying skips the error rows: only line 6 comes in; the foreign account is untouched.
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    result = csv_import.apply_plan(organisation=org, by=admin, text=text)
    assert (result.created, result.skipped) == (1, 8)
    assert User.objects.get(email="dubbel@voorbeeld.nl").name == "Eerste"
    assert User.objects.get(email="vreemd@andere.nl").organisation == other_org
    assert not User.objects.filter(email__in=["rol@voorbeeld.nl", "naamloos@voorbeeld.nl"])


def test_plan_new_changed_unchanged_and_new_teams(org, team):
    anna = UserFactory(
        organisation=org, email="anna@voorbeeld.nl", name="Anna", team=team, roles=["professional"]
    )
    UserFactory(
        organisation=org, email="bram@voorbeeld.nl", name="Bram", team=team, roles=["professional"]
    )
    UserFactory(organisation=org, email="cor@voorbeeld.nl", name="Cor", team=team, roles=["lo"])
    text = (
        "naam;e-mail;team;rollen\n"
        "Anna Bos;anna@voorbeeld.nl;Team Zuid;professional\n"  # name changed
        "Bram;bram@voorbeeld.nl;Team Noord;leidinggevende\n"  # team (new) and a role added
        "Cor;cor@voorbeeld.nl;team zuid;\n"  # same team (case), no roles: unchanged
        "Dirk;dirk@voorbeeld.nl;;\n"  # new, professional by default, no team
    )
    plan = plan_of(org, text)
    statuses = [row.status for row in plan.rows]
    assert statuses == [CHANGED, CHANGED, UNCHANGED, NEW]
    assert plan.rows[0].changes == ["naam: Anna → Anna Bos"]
    assert plan.rows[1].changes == ["team: Team Zuid → Team Noord", "rol erbij: Leidinggevende"]
    assert plan.rows[1].new_team is True
    assert plan.rows[3].roles == [Role.PROFESSIONAL]
    assert plan.new_teams == ["Team Noord"]
    assert anna.name == "Anna"  # planning writes nothing


def test_apply_then_the_same_file_again_changes_nothing(org, team, django_assert_max_num_queries):
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    UserFactory(organisation=org, email="anna@voorbeeld.nl", name="Anna", team=team)
    text = (
        "naam,e-mail,team,rollen\n"
        "Anna Bos,anna@voorbeeld.nl,Team Zuid,professional\n"
        'Bram,bram@voorbeeld.nl,Team Noord,"leidinggevende;professional"\n'
        "Dirk,dirk@voorbeeld.nl,,admin\n"
        "Fout,fout,,\n"
    )
    first = csv_import.apply_plan(organisation=org, by=admin, text=text)
    assert (first.created, first.updated, first.unchanged, first.skipped) == (2, 1, 0, 1)
    assert first.teams_created == 1
    bram = User.objects.get(email="bram@voorbeeld.nl")
    assert bram.team.name == "Team Noord" and bram.roles == {"leidinggevende", "professional"}
    assert bram.team.gesprek_interval_weeks == org.gesprek_interval_weeks
    assert not bram.has_usable_password()
    assert User.objects.get(email="anna@voorbeeld.nl").name == "Anna Bos"
    assert User.objects.get(email="dirk@voorbeeld.nl").roles == {"admin"}
    before = snapshot(org)

    plan = plan_of(org, text)
    assert not plan.has_work and plan.new_teams == []
    assert plan.counts["unchanged"] == 3 and plan.counts["error"] == 1
    second = csv_import.apply_plan(organisation=org, by=admin, text=text)
    assert (second.created, second.updated, second.teams_created) == (0, 0, 0)
    assert second.unchanged == 3
    assert snapshot(org) == before


def test_import_adds_roles_never_removes_them(org):
    admin = UserFactory(organisation=org, email="ik@voorbeeld.nl", roles=[Role.ADMIN])
    csv_import.apply_plan(
        organisation=org,
        by=admin,
        text="naam;e-mail;team;rollen\nIk;ik@voorbeeld.nl;;professional\n",
    )
    admin.__dict__.pop("roles", None)
    assert admin.roles == {"admin", "professional"}


def test_apply_is_all_or_nothing(org, monkeypatch):
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    anna = UserFactory(organisation=org, email="anna@voorbeeld.nl", name="Anna")

    def failing(**kwargs):
        raise RuntimeError("stop")

    monkeypatch.setattr(csv_import.services, "people_create_bulk", failing)
    text = "naam;e-mail;team\nAnna Bos;anna@voorbeeld.nl;Nieuw\nB;b@voorbeeld.nl;Nieuw\n"
    with pytest.raises(RuntimeError):
        csv_import.apply_plan(organisation=org, by=admin, text=text)
    anna.refresh_from_db()
    assert anna.name == "Anna" and anna.team is None
    assert not User.objects.filter(email="b@voorbeeld.nl").exists()
    assert not Team.objects.filter(name="Nieuw").exists()


def test_large_file_is_applied_in_one_request(org):
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    text = "naam;e-mail;team;rollen\n" + "".join(
        f"P {i};p{i}@voorbeeld.nl;Team {i % 7};professional,lo\n" for i in range(1200)
    )
    result = csv_import.apply_plan(organisation=org, by=admin, text=text)
    assert (result.created, result.teams_created) == (1200, 7)
    assert RoleAssignment.objects.filter(organisation=org, role="lo").count() == 1200
    assert User.objects.get(email="p1199@voorbeeld.nl").team.name == "Team 2"
    assert not csv_import.build_plan(organisation=org, text=text).has_work


def test_only_an_admin_of_the_organisation_may_apply(org, other_org):
    from django.core.exceptions import PermissionDenied

    for user in (
        UserFactory(organisation=org, roles=[Role.LO]),
        UserFactory(organisation=other_org, roles=[Role.ADMIN]),
    ):
        with pytest.raises(PermissionDenied):
            csv_import.apply_plan(organisation=org, by=user, text="naam;e-mail\nA;a@x.nl\n")


def test_token_binds_the_file_and_the_organisation(org, other_org):
    token = csv_import.make_token(organisation=org, text="a")
    assert csv_import.token_matches(token, organisation=org, text="a")
    assert not csv_import.token_matches(token, organisation=org, text="b")
    assert not csv_import.token_matches(token, organisation=other_org, text="a")
    assert not csv_import.token_matches("knoeiwerk", organisation=org, text="a")


def test_a_team_with_the_same_name_elsewhere_is_not_used(org, other_org):
    TeamFactory(organisation=other_org, name="Team West")
    plan = plan_of(org, "naam;e-mail;team\nA;a@voorbeeld.nl;Team West\n")
    assert plan.new_teams == ["Team West"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("foo,bar\nAnna,anna@voorbeeld.nl\n", "‘foo’, ‘bar’"),
        ("naam;e-mail;personeelsnummer\nAnna;anna@voorbeeld.nl;12\n", "‘personeelsnummer’"),
    ],
)
def test_a_header_with_unknown_columns_is_reported_as_such(org, text, named):
    """Not row by row as bad e-mail addresses: the file's columns are named."""
    with pytest.raises(csv_import.ImportFileError) as caught:
        plan_of(org, text)
    assert f"Onbekende kolommen: {named}." in str(caught.value)
    assert "naam, e-mail, team en rollen" in str(caught.value)
