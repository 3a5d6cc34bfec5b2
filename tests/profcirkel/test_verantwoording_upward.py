"""Accountability upward: a team can fall under a parent team; the parent's leidinggevende
(the own leidinggevende of the team's leidinggevende) reads the accountability pages of the
teams below and a summary per team on their own page, and answers for their level in turn
(the leidinggevenden of the teams directly below read the parent's page)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from profcirkel import services
from tests.factories import TeamFactory, UserFactory
from tests.profcirkel.test_voorstel_lifecycle import make_voorstel
from werkplekleren.models import Role


@pytest.fixture
def tree(org):
    directie = TeamFactory(organisation=org, name="Directie Zorg")
    noord = TeamFactory(organisation=org, name="Thuiszorg Noord", parent=directie)
    wijk = TeamFactory(organisation=org, name="Wijkteam Noord", parent=noord)
    zuid = TeamFactory(organisation=org, name="Thuiszorg Zuid")
    return directie, noord, wijk, zuid


def test_the_leidinggevende_above_reads_the_pages_below(tree, login):
    directie, noord, wijk, zuid = tree
    client = login(directie.leidinggevende)
    for team in (directie, noord, wijk):
        assert client.get(reverse("profcirkel:verantwoording", args=[team.pk])).status_code == 200
    assert client.get(reverse("profcirkel:verantwoording", args=[zuid.pk])).status_code == 404
    # The team below cannot read a sibling, nor anything further up than its own parent.
    client = login(wijk.leidinggevende)
    assert client.get(reverse("profcirkel:verantwoording", args=[noord.pk])).status_code == 200
    assert client.get(reverse("profcirkel:verantwoording", args=[directie.pk])).status_code == 404
    assert client.get(reverse("profcirkel:verantwoording", args=[zuid.pk])).status_code == 404
    # A professional of the team below reads their own team only.
    member = UserFactory(organisation=noord.organisation, team=wijk)
    client = login(member)
    assert client.get(reverse("profcirkel:verantwoording", args=[noord.pk])).status_code == 404


def test_the_page_above_sums_up_the_teams_below(tree, login, org, django_assert_max_num_queries):
    directie, noord, wijk, zuid = tree
    voorstel, _g, members, _s = make_voorstel(org, noord, titel="Vaste overdracht")
    voorstel = services.voorstel_submit(voorstel=voorstel, by=members[0])
    services.voorstel_answer(
        voorstel=voorstel,
        by=noord.leidinggevende,
        antwoord="afgewezen",
        reden="Past niet in de begroting.",
    )
    waiting, _g, members2, _s = make_voorstel(org, noord, titel="Rooster eerder")
    services.voorstel_submit(voorstel=waiting, by=members2[0])
    gesprek = services.gesprek_plan(
        professional=members[0],
        leidinggevende=noord.leidinggevende,
        planned_at=timezone.now() + timedelta(days=3),
    )
    services.gespreksafspraak_add(
        gesprek=gesprek,
        by=noord.leidinggevende,
        text="Meeloopdag regelen",
        owner=noord.leidinggevende,
        for_organisation=True,
    )
    client = login(directie.leidinggevende)
    with django_assert_max_num_queries(20):
        html = client.get(reverse("profcirkel:verantwoording", args=[directie.pk])).content.decode()
    assert 'data-testid="below"' in html
    row = html.split("Thuiszorg Noord</a>")[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split("<td>")[1:]]
    # open agreements, done, waiting, adopted, declined, implemented, overdue, wishes
    assert cells == ["1", "0", "1", "0", "1", "0", "0", "0"]
    assert "Meeloopdag regelen" not in html  # counts, not the agreement's text
    # The page below names whom it accounts to, and shows the answers to its proposals.
    html = client.get(reverse("profcirkel:verantwoording", args=[noord.pk])).content.decode()
    assert "Legt verantwoording af aan" in html and "Directie Zorg" in html
    assert "Past niet in de begroting." in html


def test_a_team_cannot_fall_under_itself_or_below(tree):
    directie, noord, wijk, zuid = tree
    directie.parent = wijk
    with pytest.raises(ValidationError):
        directie.full_clean()
    directie.parent = directie
    with pytest.raises(ValidationError):
        directie.full_clean()


def test_the_admin_sets_the_parent(tree, org, login, client):
    directie, noord, wijk, zuid = tree
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    login(admin)
    url = reverse("beheer:team_edit", args=[zuid.pk])
    data = {
        "name": zuid.name,
        "leidinggevende": zuid.leidinggevende.email,
        "gesprek_interval_weeks": 8,
        "parent": "directie zorg",
    }
    assert client.post(url, data).status_code == 302
    zuid.refresh_from_db()
    assert zuid.parent == directie
    # Under a team below itself: refused with a Dutch reason, nothing changed.
    response = client.post(
        url.replace(str(zuid.pk), str(directie.pk)),
        {
            **data,
            "name": directie.name,
            "leidinggevende": directie.leidinggevende.email,
            "parent": "Thuiszorg Zuid",
        },
    )
    assert response.status_code == 400
    assert "onder zichzelf of een eigen onderteam" in response.content.decode()
    assert client.post(url, {**data, "parent": "Bestaat niet"}).status_code == 400
