import contextlib
import os
import time
from pathlib import Path

import pytest

from tests.browser.axe import watch_page

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, it installs it.")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return _shot


def _wait_without_eval(page) -> None:
    """Playwright's ``wait_for_function`` compiles a string predicate inside the page with
    eval, which our CSP (rightly) refuses. Poll the same expression with ``evaluate``
    instead (sent over the DevTools protocol, not subject to the page's CSP)."""
    from playwright.sync_api import Error
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    def wait_for_function(expression, *, arg=None, timeout=None, polling=None):
        deadline = time.monotonic() + (30_000 if timeout is None else timeout) / 1000
        while True:
            try:
                value = page.evaluate(expression, arg)
            except Error:
                value = None  # (an element not there yet)
            if value:
                return value
            if time.monotonic() > deadline:
                raise PlaywrightTimeout(f"wait_for_function timed out: {expression}")
            page.wait_for_timeout(50)

    page.wait_for_function = wait_for_function


@pytest.fixture
def axe_found():
    """The WCAG 2.1 A/AA violations axe found in this test (see ``tests/browser/axe.py``);
    any left at the end fails the test."""
    return []


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    """Every page a browser test opens runs under our Content-Security-Policy: any violation
    (Chromium reports it on the console, and the page's ``securitypolicyviolation`` event)
    fails the test. And every page state it settles on is checked by axe-core against WCAG
    2.1 A/AA: any violation fails the test too.

    Every page and context the test opened is closed when it ends, before its database goes:
    a page left open would go on polling the (session-wide) live server after the test, and
    fill the log with "Database access not allowed"."""
    if "browser" not in request.fixturenames:
        yield []
        return
    if "live_server" in request.fixturenames:
        # Set up the database first, so that it is torn down after the pages are closed.
        request.getfixturevalue("transactional_db")
    browser = request.getfixturevalue("browser")
    axe_found = request.getfixturevalue("axe_found")
    found: list[str] = []
    opened: list = []  # contexts and pages, closed at the end

    def watch(page):
        _wait_without_eval(page)
        watch_page(page, axe_found)

        def on_console(message):
            if "Content Security Policy" in message.text or "Content-Security-Policy" in (
                message.text
            ):
                found.append(f"{page.url}: {message.text}")

        page.on("console", on_console)

    # (Playwright's init scripts are not subject to the page's CSP.)
    report = (
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    original_context, original_page = browser.new_context, browser.new_page

    def new_context(*args, **kwargs):
        context = original_context(*args, **kwargs)
        opened.append(context)
        context.on("page", watch)
        context.add_init_script(report)
        return context

    def new_page(*args, **kwargs):
        page = original_page(*args, **kwargs)
        opened.append(page)
        watch(page)
        page.add_init_script(report)
        return page

    browser.new_context, browser.new_page = new_context, new_page
    try:
        yield found
    finally:
        browser.new_context, browser.new_page = original_context, original_page
        for thing in reversed(opened):
            # (already closed by the test, or the browser went away)
            with contextlib.suppress(Exception):
                thing.close()
    assert found == [], "CSP violations:\n" + "\n".join(found)
    unique = list(dict.fromkeys(axe_found))
    assert unique == [], "WCAG 2.1 A/AA violations (axe-core):\n  " + "\n  ".join(unique)
