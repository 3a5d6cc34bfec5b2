"""The Content-Security-Policy holds in a real browser: an inline script that slipped into a
page does not run, and the violation is reported (the conftest fails any other test that
causes one)."""

import pytest
from django.urls import reverse

from tests.browser.test_session_live import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_carry_the_policy_and_an_injected_script_does_not_run(
    browser, live_server, professional, no_csp_violations
):
    page = browser.new_page()
    _log_in(page, live_server.url, professional, reverse("home"))
    page.wait_for_url(f"{live_server.url}/")
    response = page.goto(f"{live_server.url}/")
    policy = response.headers["content-security-policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    # An inline script put into the page (as an XSS would) is refused by the browser.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__ran === true") is False
    assert any("script-src" in v for v in no_csp_violations)
    no_csp_violations.clear()  # expected here; any other violation fails the test
