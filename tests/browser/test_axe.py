"""The axe-core check every browser test runs: it sees a WCAG violation in a real page (so a
green suite means something), and the pages it checks keep their Content-Security-Policy."""

import pytest
from django.urls import reverse

from tests.browser.test_session_live import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_violation_put_into_a_page_is_found(browser, live_server, professional, axe_found):
    page = browser.new_page()
    _log_in(page, live_server.url, professional, reverse("home"))
    page.wait_for_url(f"{live_server.url}/")
    assert axe_found == []  # the home page as it is: no violation
    # An image without a text alternative and a button without a name, as a careless
    # template change would bring.
    page.evaluate(
        "() => { const i = document.createElement('img'); i.src = '/static/favicon.svg';"
        " document.querySelector('main').appendChild(i);"
        " document.querySelector('main').appendChild(document.createElement('button')); }"
    )
    page.wait_for_selector("main img")
    ids = " ".join(axe_found)
    assert "image-alt" in ids and "button-name" in ids
    axe_found.clear()  # expected here; any other violation fails the test
    page.close()
