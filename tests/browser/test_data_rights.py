"""Data rights end to end in real browsers: a professional downloads their data; after they
left, the organisation administrator erases them; the group's session summary still reads
well, with the idea kept and "oud-collega" instead of the name."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.test_session_live import _log_in
from tests.factories import LeeractiviteitFactory, ProfTrajectFactory, UserFactory
from trajecten.models import ProfTraject
from weekcyclus import services, steps
from weekcyclus.models import Bijdrage
from werkplekleren.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "nl-NL", "accept_downloads": True}
IDEA = "Overdracht om half drie, met een vaste checklist"
REFLECTION = "Ik merk dat ik in drukte de checklist oversla"


def _closed_session(org, members):
    groep = services.groep_create(
        created_by=members[0], name="Koffie & Kritiek", members=members[1:]
    )
    starts = timezone.localtime() - timedelta(minutes=5)
    cyclus = services.weekcyclus_plan(
        groep=groep,
        by=members[0],
        week_start=starts.date(),
        sessies=[{"day": starts.date(), "start": starts.time().replace(microsecond=0)}],
    )
    sessie = cyclus.sessies.get()
    services.sessie_start(sessie=sessie, by=members[0])
    d = [services.sessie_join(sessie=sessie, user=m) for m in members]
    services.deelnemer_checkin(deelnemer=d[1], energie=4)
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("brainstorm"))
    services.bijdrage_add(deelnemer=d[1], kind=Bijdrage.Kind.IDEE, text=IDEA)
    services.bijdrage_add(deelnemer=d[2], kind=Bijdrage.Kind.IDEE, text="Eén aanspreekpunt")
    services.sessie_close(sessie=sessie, by=members[0])
    return sessie


def test_export_then_erase_and_the_summary_still_reads_well(
    browser, live_server, org, team, screenshot
):
    base = live_server.url
    members = [UserFactory(organisation=org, team=team) for _ in range(4)]
    eva = members[1]
    eva.name = "Eva Eik"
    eva.save()
    traject = ProfTrajectFactory(user=eva, state=ProfTraject.State.ACTIEF)
    LeeractiviteitFactory(traject=traject, title="Boek over overdracht", reflectie=REFLECTION)
    sessie = _closed_session(org, members)
    admin = UserFactory(organisation=org, roles=[Role.ADMIN], name="Bea Beheer")

    # Eva downloads her data from "Mijn gegevens" (her name in the top bar).
    eva_ctx = browser.new_context(**DESKTOP)
    page = eva_ctx.new_page()
    _log_in(page, base, eva, reverse("home"))
    page.click("a.whoami")
    page.wait_for_selector("h1:has-text('Mijn gegevens')")
    screenshot(page, "mijn-gegevens")
    with page.expect_download() as download_info:
        page.click("a:has-text('Download mijn gegevens')")
    download = download_info.value
    assert download.suggested_filename.startswith("mijn-gegevens-")
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as archive:
        data = json.loads(archive.read("gegevens.json"))
        readable = archive.read("gegevens.md").decode()
    assert data["persoon"]["naam"] == "Eva Eik"
    assert [b["tekst"] for b in data["bijdragen"]] == [IDEA]
    assert REFLECTION in readable and "Eén aanspreekpunt" not in readable
    eva_ctx.close()

    # Eva left: the administrator deactivates her, then erases her data.
    admin_ctx = browser.new_context(**DESKTOP)
    page = admin_ctx.new_page()
    _log_in(page, base, admin, reverse("beheer:people"))
    row = page.locator("tr", has_text="Eva Eik")
    row.locator("button:has-text('Deactiveren')").click()
    page.wait_for_selector("text=is gedeactiveerd")
    page.goto(f"{base}{reverse('beheer:people')}?active=0")
    page.locator("tr", has_text="Eva Eik").locator("a:has-text('Gegevens wissen')").click()
    page.wait_for_selector("h1:has-text('Gegevens van Eva Eik wissen')")
    screenshot(page, "gegevens-wissen")
    page.click("button:has-text('Wis de gegevens')")
    page.wait_for_selector("text=zijn gewist")
    assert not User.objects.filter(pk=eva.pk).exists()
    assert not ProfTraject.objects.filter(pk=traject.pk).exists()
    admin_ctx.close()

    # A colleague opens the session summary: the idea is there, the name is not.
    colleague_ctx = browser.new_context(**DESKTOP)
    page = colleague_ctx.new_page()
    _log_in(page, base, members[2], reverse("weekcyclus:summary", args=[sessie.pk]))
    page.wait_for_selector(f"text={IDEA}")
    body = page.inner_text("main")
    assert "oud-collega" in body and "Eva Eik" not in body
    assert "Eén aanspreekpunt" in body
    screenshot(page, "samenvatting-na-wissen")
    colleague_ctx.close()
