"""Accessible and polished where people stumbled, in a real Chromium: a skip link and a
focus ring one can see, a traject page and a long conversation that never scroll sideways
(desktop and phone), and the L&O dashboard that opens with its summary. The screenshots in
docs/screens/ come from here."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from didactiek.models import DidactischeVraag
from profcirkel import services as profcirkel
from tests.browser.test_session_live import _log_in
from tests.factories import GroepFactory, LeeractiviteitFactory, UserFactory, add_member
from tests.lo.seed import at, seed_funnel, seed_signals, session
from trajecten import services as trajecten
from werkplekleren.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
DESKTOP = {"viewport": {"width": 1440, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
UNBROKEN = "Roosterwijzigingsafstemmingsoverlegverslag" * 30  # 1,260 characters, no space


def _doc_shot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _contrast(rgb_a: str, rgb_b: str) -> float:
    def luminance(rgb):
        values = [int(v) / 255 for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
        linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _traject(user, weeks_ago=8):
    today = timezone.localdate()
    traject = trajecten.traject_save(
        user=user,
        ambitie="Ik wil rustiger overdragen aan het eind van de dienst.",
        vragen=DidactischeVraag.objects.filter(number__in=[1, 4, 9]),
        start=today - timedelta(weeks=weeks_ago),
        end=today + timedelta(weeks=16),
    )
    traject = trajecten.traject_activate(traject=traject)
    activiteit = LeeractiviteitFactory(traject=traject, kind="boek", title=UNBROKEN[:200])
    for days_ago in (3, 10, 24):
        trajecten.tijd_log(activiteit=activiteit, minutes=45, day=today - timedelta(days=days_ago))
    return traject


def test_a_skip_link_first_and_a_focus_ring_one_can_see(browser, live_server, org, kader):
    user = UserFactory(organisation=org, roles=[Role.PROFESSIONAL])
    traject = _traject(user)
    page = browser.new_page(**DESKTOP)
    _log_in(page, live_server.url, user, reverse("trajecten:activiteiten", args=[traject.pk]))
    page.wait_for_url(f"**{reverse('trajecten:activiteiten', args=[traject.pk])}")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 10  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    # The next Tab lands in the page's content, not in the menu: the activity form is a
    # few presses away, not 27.
    presses = 0
    while presses < 40:
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("document.activeElement.name") == "title":
            break
    assert presses <= 12, presses
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )
    assert ring[0] == "solid" and float(ring[1].rstrip("px")) >= 2
    assert _contrast(ring[2], "rgb(255, 255, 255)") >= 3  # WCAG 1.4.11 on white
    assert _contrast(ring[2], "rgb(246, 247, 244)") >= 3  # and on the page background
    page.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_traject_page_never_scrolls_sideways(browser, live_server, org, kader, device):
    user = UserFactory(organisation=org, roles=[Role.PROFESSIONAL])
    traject = _traject(user)
    page = browser.new_page(**(PHONE if device == "phone" else DESKTOP))
    url = reverse("trajecten:detail", args=[traject.pk])
    _log_in(page, live_server.url, user, url)
    page.wait_for_url(f"**{url}")
    assert _width(page) <= page.viewport_size["width"]
    # The chart's labels stay readable on a phone (at least 10 px as drawn).
    label = page.locator(".hours-chart .chart-label").first
    assert label.bounding_box()["height"] >= 10
    # The ten questions are named on their tiles.
    assert page.locator(".coverage-text").count() == 10
    if device == "phone":
        _doc_shot(page, "traject-phone")
    for path in (
        reverse("trajecten:activiteiten", args=[traject.pk]),
        reverse("trajecten:activiteit", args=[traject.activiteiten.get().pk]),
    ):
        page.goto(live_server.url + path)
        assert _width(page) <= page.viewport_size["width"], path
    page.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_long_conversation_wraps_for_both_people(browser, live_server, org, team, device):
    lg = team.leidinggevende
    professional = UserFactory(organisation=org, team=team)
    gesprek = profcirkel.gesprek_plan(
        professional=professional,
        leidinggevende=lg,
        planned_at=timezone.now() + timedelta(days=2),
    )
    profcirkel.ontwikkeling_save(gesprek=gesprek, by=professional, text=UNBROKEN)
    profcirkel.agendapunt_add(gesprek=gesprek, by=professional, text=UNBROKEN[:500], shared=True)
    profcirkel.agendapunt_add(
        gesprek=gesprek, by=lg, text="Hoe gaat het met de planning?", shared=True
    )
    profcirkel.gespreksafspraak_add(
        gesprek=gesprek, by=lg, text=UNBROKEN[:500], owner=lg, for_organisation=True
    )
    url = reverse("profcirkel:gesprek_detail", args=[gesprek.pk])
    for person in (professional, lg):
        context = browser.new_context(**(PHONE if device == "phone" else DESKTOP))
        page = context.new_page()
        _log_in(page, live_server.url, person, url)
        page.wait_for_url(f"**{url}")
        assert _width(page) <= page.viewport_size["width"], person
        pills = page.eval_on_selector_all(
            ".badge, .state", "els => els.map(e => e.getBoundingClientRect().height)"
        )
        assert pills and max(pills) < 36, pills  # pills, not ovals
        if person == professional:
            _doc_shot(page, f"gesprek-lang-{device}")
        # (and it does not carry over to the next page)
        page.goto(live_server.url + reverse("profcirkel:gesprek_list"))
        assert _width(page) <= page.viewport_size["width"]
        page.close()
        context.close()


def test_the_lo_dashboard_opens_with_its_summary(browser, live_server, org, kader):
    today = timezone.localdate()
    seed = seed_signals(org, today)
    groep = GroepFactory(organisation=org)
    seed_funnel(org, today, groep)
    session(groep, at(today.replace(day=1)), vragen=range(1, 8))  # 8, 9 and 10 not this month
    page = browser.new_page(**DESKTOP)
    _log_in(page, live_server.url, seed.lo, reverse("lo:dashboard"))
    page.wait_for_url(f"**{reverse('lo:dashboard')}")
    first = page.locator("main section").first
    assert first.get_attribute("id") == "samenvatting"
    assert first.bounding_box()["y"] < 450  # the summary is what one sees first
    names = page.locator("#samenvatting .outline-vragen li").all_inner_texts()
    assert len(names) == 3 and all(len(name) > 20 for name in names)  # named, not numbered
    page.click(".lo-toc a[href='#bericht']")
    page.fill("#bericht-tekst", "Mooi dat je weer meedoet! " * 45)
    page.click("#bericht button[type=submit]")
    page.wait_for_selector("#bericht-errors")
    # The error says why, and the message is still there.
    assert "Kies aan wie" in page.inner_text("#bericht-errors")
    assert page.input_value("#bericht-tekst").startswith("Mooi dat je weer meedoet!")
    page.goto(live_server.url + reverse("lo:dashboard"))
    _doc_shot(page, "lo-dashboard")
    phone = browser.new_page(**PHONE)
    _log_in(phone, live_server.url, seed.lo, reverse("lo:dashboard"))
    phone.wait_for_url(f"**{reverse('lo:dashboard')}")
    assert _width(phone) <= 390
    phone.close()
    page.close()


def test_the_group_page_fits_a_phone(browser, live_server, org):
    members = [UserFactory(organisation=org) for _ in range(3)]
    groep = GroepFactory(organisation=org, name="Overdracht in de avonddienst")
    for member in members:
        add_member(groep, member)
    page = browser.new_page(**PHONE)
    url = reverse("weekcyclus:groep_detail", args=[groep.pk])
    _log_in(page, live_server.url, members[0], url)
    page.wait_for_url(f"**{url}")
    assert _width(page) <= 390
    page.close()
