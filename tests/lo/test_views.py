"""The dashboard page and its CSV downloads: access, privacy, contents, query count."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import GroepFactory, TeamFactory, UserFactory
from tests.lo.seed import (
    SECRET_REFLECTION,
    SECRET_TALENT,
    SECRET_TITLE,
    at,
    seed_funnel,
    seed_signals,
    session,
)
from weekcyclus.models import Leervoornemen
from werkplekleren.models import Role


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def seeded(org, today, kader):
    seed = seed_signals(org, today)
    seed_funnel(org, today, GroepFactory(organisation=org))
    return seed


def _csv(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    # For Dutch Excel: a byte order mark, and semicolons between the cells.
    assert body.startswith("\ufeff".encode()), body[:20]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_urls():
    assert reverse("lo:dashboard") == "/lo/"
    assert reverse("lo:csv", args=["funnel"]) == "/lo/funnel.csv"
    assert reverse("lo:bericht") == "/lo/bericht/"
    assert reverse("lo:bericht_gelezen", args=[3]) == "/lo/bericht/3/gelezen/"


@pytest.mark.parametrize("roles", [[Role.PROFESSIONAL], [Role.LEIDINGGEVENDE], [Role.ADMIN], []])
def test_only_lo_may_open_the_dashboard(org, login, roles):
    client = login(UserFactory(organisation=org, roles=roles))
    assert client.get("/lo/").status_code == 404
    for chart in ("signals", "coverage", "funnel", "vitality"):
        assert client.get(f"/lo/{chart}.csv").status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get("/lo/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_dashboard_shows_signals_with_outline_links_and_no_content(seeded, login):
    Leervoornemen.objects.create(
        sessie=seeded.anna.deelnames.first().sessie,
        user=seeded.anna,
        wil_leren="GEHEIM-LEERVOORNEMEN-Yt5",
    )
    response = login(seeded.lo).get("/lo/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Anna Aal", "Bram Bos", "Carla Cox", "Dirk Dam", "Eva Eik"):
        assert name in html
    anna = seeded.trajecten["anna"]
    assert reverse("trajecten:outline", args=[anna.pk]) in html
    assert f"/trajecten/{anna.pk}/" not in html.replace(
        reverse("trajecten:outline", args=[anna.pk]), ""
    )
    for secret in (SECRET_TITLE, SECRET_REFLECTION, SECRET_TALENT, "GEHEIM-LEERVOORNEMEN-Yt5"):
        assert secret not in html
    assert anna.ambitie not in html  # the outline has it, not the overview
    assert "Berichten van L&O" not in html
    # The outline itself opens for L&O.
    assert login(seeded.lo).get(reverse("trajecten:outline", args=[anna.pk])).status_code == 200
    # The other charts are there, each with a CSV download.
    for chart in ("signals", "coverage", "funnel", "vitality"):
        assert reverse("lo:csv", args=[chart]) in html
    assert 'class="lo-heatmap"' in html


def test_dashboard_filters(seeded, login):
    client = login(seeded.lo)
    html = client.get("/lo/", {"signaal": "stil"}).content.decode()
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "Bram Bos" in table and "Carla Cox" not in table
    html = client.get("/lo/", {"team": seeded.zuid.pk}).content.decode()
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "Eva Eik" in table and "Anna Aal" not in table


def test_other_organisation_sees_nothing_of_ours(seeded, other_org, login):
    # A fixed name: a random one could itself contain "Noord" (e.g. "van Noorden").
    lo_b = UserFactory(organisation=other_org, roles=[Role.LO], name="Lotte Lamme")
    client = login(lo_b)
    html = client.get("/lo/").content.decode()
    assert "Anna Aal" not in html and "Noord" not in html
    rows = _csv(client.get("/lo/signals.csv"))
    assert rows[1:] == []
    funnel = _csv(client.get("/lo/funnel.csv"))
    assert funnel[1] == ["Gevalideerd", "0", "0", "", "0"]
    anna = seeded.trajecten["anna"]
    assert client.get(reverse("trajecten:outline", args=[anna.pk])).status_code == 404


def test_csv_downloads(seeded, login, today):
    client = login(seeded.lo)
    response = client.get("/lo/signals.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == [
        "Naam",
        "Team",
        "Begin",
        "Einde",
        "Laatste sessie",
        "Signalen",
    ]
    bram = seeded.trajecten["bram"]
    assert [
        "Bram Bos",
        "Noord",
        bram.start.isoformat(),
        bram.end.isoformat(),
        (today - timedelta(days=30)).isoformat(),
        "Actief; Stilgevallen; Minder dan de helft van de uren; Eindigt binnen 4 weken",
    ] in rows
    assert ["Carla Cox", "Zuid", "", "", "", "Niet gestart"] in rows
    assert [r[0] for r in _csv(client.get("/lo/signals.csv", {"signaal": "stil"}))[1:]] == [
        "Bram Bos"
    ]

    funnel = _csv(client.get("/lo/funnel.csv"))
    assert funnel[0] == ["Stap", "Bereikt", "Nu", "Mediaan dagen", "Te laat"]
    assert ["Ingediend", "6", "1", "3,5", "0"] in funnel  # (a decimal comma, as Excel reads it)
    assert ["In uitvoering", "4", "2", "", "1"] in funnel

    coverage = client.get("/lo/coverage.csv")
    assert coverage["Content-Type"] == "text/csv; charset=utf-8"
    coverage = _csv(coverage)
    assert coverage[0][0] == "Vraag" and coverage[0][-1] == today.strftime("%Y-%m")
    assert len(coverage) == 11 and coverage[1][0].startswith("1. ")

    vitality = _csv(client.get("/lo/vitality.csv"))
    assert vitality[0] == ["Groep", "Maand", "Mensen", "Gemiddelde energie"]

    assert client.get("/lo/anders.csv").status_code == 404


def test_vitality_on_page_and_csv_never_shows_small_groups(org, login, today):
    lo = UserFactory(organisation=org, roles=[Role.LO])
    klein = TeamFactory(organisation=org, name="Klein")
    groot = TeamFactory(organisation=org, name="Groot")
    groep = GroepFactory(organisation=org)
    four = [UserFactory(organisation=org, team=klein) for _i in range(4)]
    five = [UserFactory(organisation=org, team=groot) for _i in range(5)]
    month_start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # a closed month
    session(groep, at(month_start, 9), people=four, energie=[1, 1, 2, 1])
    session(groep, at(month_start, 11), people=five, energie=[4, 4, 4, 4, 3])
    client = login(lo)
    rows = _csv(client.get("/lo/vitality.csv"))
    month = month_start.strftime("%Y-%m")
    assert ["Groot", month, "5", "3,8"] in rows
    assert ["Klein", month, "", "verborgen"] in rows
    assert ["Hele organisatie", month, "", "verborgen"] in rows
    html = client.get("/lo/").content.decode()
    section = html.split('id="vitaliteit"')[1].split('id="bericht"')[0]
    assert "Groot" not in section  # teams one by one: through the filter
    html = client.get("/lo/", {"team": groot.pk}).content.decode()
    section = html.split('id="vitaliteit"')[1].split('id="bericht"')[0]
    assert "3.8" in section or "3,8" in section
    assert "1.2" not in section and "1,2" not in section  # the small team's average
    assert "Verborgen" in section


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/lo/").status_code == 200
    return len(queries.captured_queries)


def test_dashboard_query_count_does_not_grow(org, login, today, kader):
    seed = seed_signals(org, today)
    seed_funnel(org, today, GroepFactory(organisation=org))
    client = login(seed.lo)
    once = _dashboard_queries(client)
    for index in range(4):
        seed_signals(org, today, lo=seed.lo, suffix=f" {index}")
        seed_funnel(org, today, GroepFactory(organisation=org))
    five_times = _dashboard_queries(client)
    assert five_times == once
    assert once == 15  # session, user, roles; signals 3, coverage 2, funnel 1, 3 + 3 per table
