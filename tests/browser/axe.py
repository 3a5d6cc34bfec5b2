"""axe-core in every browser test: every page state a test settles on is checked against the
WCAG 2.1 A and AA rules, and any violation fails the test.

axe is vendored test tooling (``vendor/axe.min.js``), never served to users. It is injected
with ``page.evaluate``, which goes over the DevTools protocol and so is not subject to the
page's Content-Security-Policy (no inline script, no eval): the page under test keeps its
real policy while it is checked.
"""

from __future__ import annotations

from pathlib import Path

AXE_SOURCE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN = """async (tags) => {
  // A state, not a moment of a fade: finite CSS transitions and animations end first (at
  // most a second; a spinner's endless one is not waited for).
  const finite = document.getAnimations().filter(
    a => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.race([
    Promise.all(finite.map(a => a.finished.catch(() => null))),
    new Promise(resolve => setTimeout(resolve, 1000)),
  ]);
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' +
      (n.failureSummary || '').split('\\n').slice(1).join(' ').trim()),
  }));
}"""

# The page's state: its address and how much DOM there is (a cheap fingerprint, so the same
# settled state is not checked twice in a row).
STATE = "() => location.href + '#' + document.documentElement.outerHTML.length"


def axe_violations(page) -> list[dict]:
    """WCAG 2.1 A/AA violations on the page as it is now (``[]`` for a page in the middle of
    a navigation, which the next settled state will cover)."""
    from playwright.sync_api import Error

    if page.is_closed():
        return []
    try:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(AXE_SOURCE)
        return page.evaluate(RUN, TAGS)
    except Error:
        return []


def watch_page(page, found: list[str]) -> None:
    """Check ``page`` with axe after every call with which a test waits for a page state:
    navigations, ``wait_for_*``, screenshots, and once more before it is closed."""
    from playwright.sync_api import Error

    last = {"state": None}

    def check():
        if getattr(page, "_axe_off", False) or page.is_closed():
            return
        try:
            state = page.evaluate(STATE)
        except Error:
            return
        if state == last["state"]:
            return
        last["state"] = state
        for v in axe_violations(page):
            found.append(
                f"{page.url}: [{v['impact']}] {v['id']} ({v['help']})\n      "
                + "\n      ".join(v["nodes"])
            )

    def wrap(name):
        original = getattr(page, name)

        def checked(*args, **kwargs):
            result = original(*args, **kwargs)
            check()
            return result

        setattr(page, name, checked)

    for name in (
        "goto",
        "reload",
        "go_back",
        "wait_for_url",
        "wait_for_load_state",
        "wait_for_selector",
        "wait_for_function",
        "screenshot",
    ):
        wrap(name)

    original_close = page.close

    def close(*args, **kwargs):
        check()
        return original_close(*args, **kwargs)

    page.close = close
    page.axe_check = check
