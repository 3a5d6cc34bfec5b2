"""Every role walks every page it can reach from the navigation, on a desktop (1440 px) and a
phone (390×844), in the demo organisation: axe-core checks each page (the conftest fails the
test on any WCAG 2.1 A/AA violation), nothing scrolls sideways, and the header stays on one
line on a desktop.

The walk follows every link of every page it opens (same site, no downloads, no logging
out), one page per kind of address (digits stand for any id), so a new page linked from
anywhere is walked without touching this file.
"""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from werkplekleren.demo import DEMO_PASSWORD, DOMAIN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {
    "professional": "sanne.devries",
    "leidinggevende": "marco.jansen",
    "lo": "femke.dewit",
    "beheerder": "beheer",
}
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1440, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
# Not pages: logging out, switching language (forms), downloads and feeds, Django's admin,
# the API.
SKIP = re.compile(r"^/(accounts/logout|i18n/|beheer/|api/|healthz)|\.(csv|md|ics|json)$|/download/")
MAX_PAGES = 80
# The projector is the room's 16:9 screen (projector-fit.js fits it to 1920×1080): on a
# phone it is visited and checked by axe, but not expected to reflow.
ROOM_SCREENS = re.compile(r"/projector/$")


def _kind(path_and_query: str) -> str:
    return re.sub(r"\d+", "N", path_and_query)


def _walk(page, base: str, *, phone: bool) -> list[str]:
    queue, kinds, visited, problems = ["/"], set(), [], []
    while queue and len(visited) < MAX_PAGES:
        url = queue.pop(0)
        response = page.goto(base + url)
        page.wait_for_load_state("load")
        visited.append(url)
        if response is None or response.status >= 400:
            problems.append(f"{url}: HTTP {response and response.status}")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        viewport = page.viewport_size["width"]
        if width > viewport and not (phone and ROOM_SCREENS.search(url)):
            problems.append(f"{url}: {width} px wide in a {viewport} px window")
        if not phone:
            bar = page.evaluate(
                "() => { const t = document.querySelector('.topbar');"
                " return t ? t.getBoundingClientRect().height : 0 }"
            )
            if bar > 70:
                problems.append(f"{url}: the header wraps ({bar:.0f} px high)")
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in links:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != base:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if SKIP.search(parts.path) or _kind(target) in kinds:
                continue
            kinds.add(_kind(target))
            queue.append(target)
    return visited, problems


@pytest.fixture
def demo(transactional_db, kader):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize("device", VIEWPORTS)
def test_every_page_of_every_role(browser, asgi_server, demo, device):
    problems = []
    for role, login in ROLES.items():
        context = browser.new_context(**VIEWPORTS[device])
        page = context.new_page()
        page.goto(f"{asgi_server.url}/accounts/login/")
        page.fill("#id_username", f"{login}@{DOMAIN}")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{asgi_server.url}/")
        visited, found = _walk(page, asgi_server.url, phone=device == "phone")
        assert len(visited) >= 5, (role, visited)  # the walk went somewhere
        problems += [f"{role}: {problem}" for problem in found]
        page.close()
        context.close()
    assert problems == [], "\n".join(problems)
