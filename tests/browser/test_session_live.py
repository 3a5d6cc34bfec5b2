"""A session in two real browsers: the projector (1920×1080) and a phone (390×844)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus.models import Bijdrage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base, user, next_path):
    page.goto(f"{base}{reverse('login')}?next={next_path}")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")


def test_phone_input_reaches_the_projector_and_the_phone_follows_the_steps(
    browser, asgi_server, org, screenshot
):
    groep, members, cyclus, sessie = group_with_session(org)
    base = asgi_server.url

    projector_ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    projector = projector_ctx.new_page()
    _log_in(projector, base, members[0], reverse("weekcyclus:sessie_detail", args=[sessie.pk]))
    projector.click("text=Start de sessie")
    projector.wait_for_url(f"**{reverse('weekcyclus:projector', args=[sessie.pk])}")
    projector.evaluate("window.__noReload = true")
    assert projector.locator("[data-testid=join-code]").inner_text() == sessie.join_code
    assert projector.locator(".qr svg").count() == 1

    phone_ctx = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    phone = phone_ctx.new_page()
    # The phone types the short code from the screen.
    _log_in(phone, base, members[1], reverse("weekcyclus:join"))
    phone.fill("#code", sessie.join_code.lower())
    phone.click("button[type=submit].primary")
    phone.wait_for_selector("[data-testid=step-title]")
    assert phone.locator("[data-testid=step-title]").inner_text() == "Check-in"
    phone.click(".energy-buttons button[value='4']")
    projector.wait_for_selector(".bars")  # the group's energy distribution appears
    screenshot(phone, "phone-checkin")

    # The facilitator presses → four times; the phone follows to the brainstorm.
    for _ in range(4):
        projector.keyboard.press("ArrowRight")
        projector.wait_for_timeout(150)
    projector.wait_for_selector(".step-brainstorm")
    phone.wait_for_function(
        "document.querySelector('[data-testid=step-title]').textContent === 'Brainstorm'"
    )

    phone.fill("#input-text", "Vaste overdracht om 14:00 met een checklist")
    phone.click("#phone-input button[type=submit]")
    projector.wait_for_selector("text=Vaste overdracht om 14:00 met een checklist", timeout=3000)
    assert phone.input_value("#input-text") == ""  # the phone's form is ready for the next
    assert Bijdrage.objects.filter(sessie=sessie).count() == 1

    phone.fill("#input-text", "Overdracht in het rooster zetten")
    phone.click("#phone-input button[type=submit]")
    phone.wait_for_selector("text=Overdracht in het rooster zetten")
    phone.locator("[data-testid=ideas] li").first.locator("button.vote").click()
    projector.wait_for_function(
        "[...document.querySelectorAll('.idea .votes')].some(e => e.textContent.trim() === '1')"
    )
    phone.wait_for_selector("text=Je hebt nog 2 stemmen.")
    screenshot(projector, "projector-brainstorm")
    screenshot(phone, "phone-brainstorm")

    # T pauses the timer on the projector.
    projector.keyboard.press("t")
    projector.wait_for_selector(".timer.is-paused")

    projector.keyboard.press("ArrowRight")
    phone.wait_for_function(
        "document.querySelector('[data-testid=step-title]').textContent === 'Voorstel'"
    )
    assert projector.evaluate("window.__noReload") is True  # no page reload happened
    projector_ctx.close()
    phone_ctx.close()


def test_projector_text_is_large_enough_for_the_back_of_the_room(browser, asgi_server, org):
    groep, members, cyclus, sessie = group_with_session(org)
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = ctx.new_page()
    _log_in(
        page, asgi_server.url, members[0], reverse("weekcyclus:sessie_detail", args=[sessie.pk])
    )
    page.click("text=Start de sessie")
    page.wait_for_selector(".stage-title")
    # The stylesheet may still be on its way on a busy machine: measure once it applies.
    page.wait_for_load_state("load")
    page.wait_for_function(
        "parseFloat(getComputedStyle(document.querySelector('.stage-title')).fontSize) > 16"
    )
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.stage-main *, .stage-head *, .join-code')]
              .filter(e => e.childNodes.length && [...e.childNodes].some(
                  n => n.nodeType === 3 && n.textContent.trim()))
              .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes and min(sizes) >= 28, sizes
    ctx.close()
