"""bench/scale.py builds a consistent organisation (small here) that the pages accept, and
finds it again instead of building twice."""

from bench.scale import build
from didactiek.models import Verbetervoorstel
from profcirkel.models import Talentontwikkelgesprek
from trajecten.models import Leeractiviteit, ProfTraject
from weekcyclus import access
from weekcyclus.models import Deelnemer, GroepMember, Sessie
from werkplekleren.models import Role, Team, User


def test_builds_a_small_organisation_once(db, kader, client):
    scale = build(people=40, weeks=8, future_weeks=1, verbose=False)
    org = scale.organisation
    assert scale.built_seconds is not None
    assert User.objects.filter(organisation=org).count() == 42  # + L&O and an admin
    assert scale.people == 36  # the first of each team of ten leads it
    # Four teams of ten under one department (as in the demo, a team above the teams).
    teams = Team.objects.filter(organisation=org)
    assert teams.filter(parent__isnull=False).count() == 4
    department = teams.get(parent__isnull=True)
    assert set(department.children.values_list("pk", flat=True)) == set(
        teams.exclude(pk=department.pk).values_list("pk", flat=True)
    )
    assert all(t.leidinggevende.has_role(Role.LEIDINGGEVENDE) for t in Team.objects.all())
    assert GroepMember.objects.filter(groep__organisation=org).count() == 6 * 4
    assert Sessie.objects.filter(weekcyclus__groep__organisation=org).count() == 6 * 8
    assert Deelnemer.objects.count() == 6 * 7 * 4  # closed weeks × members
    assert Verbetervoorstel.objects.filter(organisation=org).exists()
    assert Talentontwikkelgesprek.objects.filter(organisation=org).count() == 36 * 4
    assert ProfTraject.objects.filter(organisation=org).exists()
    assert Leeractiviteit.objects.exists()
    for role, user in scale.as_role.items():
        assert user.has_role(role), role
    professional = scale.as_role["professional"]
    assert access.groepen_for(professional).exists()
    assert access.voorstellen_for(professional).exists()
    client.force_login(professional)
    assert client.get("/api/proposals/").json()["count"] > 0
    again = build(people=40, weeks=8, verbose=False)
    assert again.built_seconds is None and again.organisation == org
    assert User.objects.filter(organisation=org).count() == 42
