"""The demo organisation's opbrengsten page is alive: after ``seed_demo``, L&O sees proposals
through every step, effects, vitality and hours in the closed months, and the credited
groups; the leidinggevende above the teams sees the accountability of the teams below.
Screenshots go to artifacts/screenshots (and, looked at, to docs/screens)."""

import re

import pytest
from django.urls import reverse

from tests.browser.test_profcirkel import DESKTOP
from werkplekleren.demo import DEMO_PASSWORD
from werkplekleren.management.commands.seed_demo import seed_demo
from werkplekleren.models import Team, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base, email, next_path):
    page.goto(f"{base}{reverse('login')}?next={next_path}")
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")


def test_the_demo_opbrengsten_page_is_alive(browser, live_server, kader, screenshot):
    seed_demo()
    base = live_server.url
    ctx = browser.new_context(**{**DESKTOP, "viewport": {"width": 1280, "height": 1000}})
    page = ctx.new_page()
    _log_in(page, base, "femke.dewit@linde.example", reverse("profcirkel:opbrengsten"))
    page.wait_for_selector("[data-testid=tiles]")
    totals = {
        key: int(page.inner_text(f"[data-testid=total-{key}]"))
        for key in ("gemaakt", "gevalideerd", "ingediend", "beantwoord", "gerealiseerd", "effect")
    }
    assert all(n > 0 for n in totals.values()), totals
    assert totals["gemaakt"] >= totals["ingediend"] >= totals["gerealiseerd"] >= totals["effect"]
    assert page.locator("svg.chart").count() == 4
    effecten = page.inner_text("[data-testid=table-effecten]")
    assert "Uren bespaard per week" in effecten
    # Vitality: the organisation's figure in closed months (the demo teams have six people).
    organisation_row = page.locator(".lo-table tr.lo-total").first.inner_text()
    assert re.search(r"\d[,.]\d", organisation_row), organisation_row
    uren = page.inner_text("[data-testid=table-uren]")
    assert re.search(r"\d[,.]\d", uren), uren
    assert page.locator("[data-testid=credits] li").count() > 0
    screenshot(page, "opbrengsten-lo")

    page.goto(f"{base}{reverse('profcirkel:bank_list')}")
    page.wait_for_selector("[data-testid=bank-list]")
    screenshot(page, "bank-list-demo")

    # The leidinggevende above both teams: accountability of the teams below, and their yields.
    ingrid = User.objects.get(email="ingrid.bos@linde.example")
    parent = Team.objects.get(leidinggevende=ingrid)
    ctx2 = browser.new_context(**DESKTOP)
    page2 = ctx2.new_page()
    _log_in(page2, base, ingrid.email, reverse("profcirkel:verantwoording", args=[parent.pk]))
    page2.wait_for_selector("[data-testid=below]")
    assert "Thuiszorg Noord" in page2.inner_text("[data-testid=below]")
    screenshot(page2, "verantwoording-boven")
    page2.goto(f"{base}{reverse('profcirkel:opbrengsten')}")
    page2.wait_for_selector("[data-testid=tiles]")
    assert "Thuiszorg Noord" in page2.content() and "Planning" in page2.content()
    screenshot(page2, "opbrengsten-leidinggevende")
    ctx.close()
    ctx2.close()
