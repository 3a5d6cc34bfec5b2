"""The circles overview for L&O, who read every circle of the organisation: one page, by
team name, searchable, with counts per circle, in a fixed number of queries."""

import re

from django.urls import reverse

from didactiek.models import Verbetervoorstel
from profcirkel.models import ProfCirkel
from tests.factories import SessieFactory, TeamFactory, UserFactory
from werkplekleren.models import Role

Status = Verbetervoorstel.Status


def _circle(org, name: str, statuses=()) -> ProfCirkel:
    cirkel = ProfCirkel.objects.create(
        organisation=org, team=TeamFactory(organisation=org, name=name)
    )
    for status in statuses:
        Verbetervoorstel.objects.create(
            organisation=org, sessie=SessieFactory(), status=status, cirkel=cirkel
        )
    return cirkel


def test_lo_circles_page_by_page_with_search_and_constant_queries(
    org, login, django_assert_num_queries
):
    client = login(UserFactory(organisation=org, roles=[Role.LO]))
    url = reverse("profcirkel:cirkel_list")
    _circle(org, "Cirkel 000", [Status.INGEDIEND, Status.INGEDIEND, Status.IN_UITVOERING])
    # session, user, roles, the number of circles, one page with counts
    with django_assert_num_queries(5):
        body = client.get(url).content.decode()
    assert "2 wachten op antwoord" in body and "1 in uitvoering" in body
    for i in range(1, 60):
        _circle(org, f"Cirkel {i:03d}", [Status.INGEDIEND] if i % 2 else [])
    with django_assert_num_queries(5):
        body = client.get(url).content.decode()
    assert len(re.findall(r'href="/cirkels/\d+/"', body)) == 50
    assert "Pagina 1 van 2" in body and "2 wachten op antwoord" in body
    body = client.get(url, {"pagina": "2"}).content.decode()
    assert len(re.findall(r'href="/cirkels/\d+/"', body)) == 10
    with django_assert_num_queries(5):
        body = client.get(url, {"q": " cirkel 05 "}).content.decode()
    assert len(re.findall(r'href="/cirkels/\d+/"', body)) == 10  # 050 … 059
    assert "Geen team gevonden." in client.get(url, {"q": "zzz"}).content.decode()
