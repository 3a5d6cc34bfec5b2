import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from werkplekleren.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")


def test_login_home_and_frame_in_a_real_browser(browser, live_server, org, kader, screenshot):
    user = UserFactory(organisation=org, name="Sanne de Vries", roles=[Role.PROFESSIONAL])
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Inloggen"
    screenshot(page, "login-desktop")

    page.fill("#id_username", user.email)
    page.fill("#id_password", "verkeerd")
    page.click("button[type=submit].primary")
    expect(page.locator("[role=alert]")).to_be_visible()
    assert page.input_value("#id_username") == user.email  # nothing typed is lost

    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Welkom, Sanne"
    assert page.locator("#rol-professional").is_visible()
    screenshot(page, "home-professional-desktop")

    page.click("text=Didactisch kader")
    expect(page.locator("ol.vragen li")).to_have_count(10)
    screenshot(page, "kader-desktop")

    page.click("button[name=language][value=en]")
    expect(page.locator("h1")).to_have_text("The didactic frame")
    page.close()


def test_home_reads_well_on_a_phone(browser, live_server, org, screenshot):
    user = UserFactory(organisation=org, name="Aylin Kaya", roles=[Role.LEIDINGGEVENDE])
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    _login(page, live_server, user)
    assert page.locator("#rol-leidinggevende").is_visible()
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "home-leidinggevende-phone")
    page.close()
