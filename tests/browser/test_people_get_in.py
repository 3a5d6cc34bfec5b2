"""People get in, in a real browser: the admin imports a CSV, the invitation arrives (the
real worker sends it to a local SMTP server), the invitee sets a password and lands home;
a password reset end to end; single sign-on against a local OpenID Connect provider lands
the right person, and an unknown address is refused with a clear message."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from tests.smtp_server import text_of
from werkplekleren import services
from werkplekleren.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CSV = (
    "naam;e-mail;team;rollen\r\n"
    "Anna Bos;anna@zorggroep.nl;Team Zuid;professional\r\n"
    "Bram Jansen;bram@zorggroep.nl;Team Zuid;leidinggevende\r\n"
)


def path_in(message, marker: str) -> str:
    url = next(w for w in text_of(message).split() if marker in w)
    return url[url.index(marker) :]


def log_in(page, base, email, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")


def test_import_invite_set_password_and_reset(
    browser, live_server, org, celery_worker, smtp, screenshot, tmp_path
):
    base = live_server.url
    admin = UserFactory(organisation=org, name="Ada Beheer", roles=[Role.ADMIN])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, base, admin.email, PASSWORD)
    page.wait_for_url(f"{base}/")

    csv_file = tmp_path / "mensen.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    page.goto(f"{base}/organisatie/beheer/mensen/import/")
    page.set_input_files("input[type=file]", str(csv_file))
    page.click("form.beheer-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/import/controle/$"))
    page.click("form[action$='/import/toepassen/'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/beheer/mensen/.*"))

    # The worker sends the invitations; the admin sees who has not accepted yet.
    message = smtp.to("anna@zorggroep.nl")
    assert "Welkom bij Werkplekleren+" in message["Subject"]
    page.goto(f"{base}/organisatie/beheer/uitnodigingen/")
    pending = page.locator("#pending").inner_text()
    assert "anna@zorggroep.nl" in pending and "bram@zorggroep.nl" in pending
    screenshot(page, "invitations-pending")
    page.close()

    invitee = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    invitee.goto(base + path_in(message, "/uitnodiging/"))
    assert "Welkom, Anna" in invitee.locator("h1").inner_text()
    invitee.fill("#id_new_password1", "12345678")
    invitee.fill("#id_new_password2", "12345678")
    invitee.click("button[type=submit].primary")
    expect(invitee.locator(".field-error").first).to_be_visible()  # a Dutch reason, still here
    screenshot(invitee, "invitation-weak-password-phone")
    invitee.fill("#id_new_password1", "Fietsbel-Kraan-42")
    invitee.fill("#id_new_password2", "Fietsbel-Kraan-42")
    invitee.click("button[type=submit].primary")
    invitee.wait_for_url(f"{base}/welkom/")
    assert "Als professional" in invitee.locator("main").inner_text()
    screenshot(invitee, "welcome-professional-phone")
    invitee.click("text=Naar mijn startpagina")
    invitee.wait_for_url(f"{base}/")
    assert "Anna Bos" in invitee.locator(".whoami").inner_text()
    invitee.context.close()

    # A password reset, end to end.
    smtp.clear()
    forgetful = browser.new_page(viewport={"width": 1280, "height": 900})
    forgetful.goto(f"{base}/accounts/login/")
    forgetful.click("text=Wachtwoord vergeten?")
    forgetful.fill("#id_email", "anna@zorggroep.nl")
    forgetful.click("button[type=submit].primary")
    expect(forgetful.locator("h1")).to_contain_text("Kijk in je mail")
    reset = smtp.to("anna@zorggroep.nl")
    forgetful.goto(base + path_in(reset, "/accounts/reset/"))
    forgetful.fill("#id_new_password1", "Zonnige-Dijk-77")
    forgetful.fill("#id_new_password2", "Zonnige-Dijk-77")
    forgetful.click("button[type=submit].primary")
    expect(forgetful.locator("h1")).to_contain_text("Je nieuwe wachtwoord is ingesteld")
    forgetful.click("text=Naar mijn startpagina")
    forgetful.wait_for_url(f"{base}/")
    assert "Anna Bos" in forgetful.locator(".whoami").inner_text()
    forgetful.close()


def test_single_sign_on_lands_the_right_person_and_refuses_a_stranger(
    browser, live_server, org, oidc_provider, screenshot
):
    base = live_server.url
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    services.sso_provider_save(
        organisation=org,
        by=admin,
        name="Microsoft",
        issuer=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        client_secret=oidc_provider.client_secret,
        allowed_domains="zorggroep.nl",
        enabled=True,
    )
    UserFactory(organisation=org, email="sanne@zorggroep.nl", name="Sanne de Vries")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "sanne@zorggroep.nl")
    button = page.locator("#sso-login")
    button.wait_for()
    assert button.inner_text() == "Inloggen met Microsoft"
    screenshot(page, "login-sso-button")
    button.click()
    # The click leaves for the provider: read its page once it is there, not the login page.
    expect(page.locator("h1")).to_contain_text("Aanmelden bij de testprovider")
    assert page.input_value("#email") == "sanne@zorggroep.nl"
    page.click("#signin")
    page.wait_for_url(f"{base}/")
    assert "Sanne de Vries" in page.locator(".whoami").inner_text()
    page.close()

    stranger = browser.new_page(viewport={"width": 1280, "height": 900})
    stranger.goto(f"{base}/accounts/login/")
    stranger.fill("#id_username", "onbekend@zorggroep.nl")
    stranger.locator("#sso-login").click()
    stranger.click("#signin")
    stranger.wait_for_url(f"{base}/accounts/login/")
    message = stranger.locator(".messages").inner_text()
    assert "Er is geen actief account met het e-mailadres onbekend@zorggroep.nl" in message
    screenshot(stranger, "login-sso-unknown")
    stranger.close()
