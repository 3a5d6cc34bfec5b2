"""Benchmark: the room in a real Chromium on the production stack.

    .venv/bin/python bench/live_browser.py [--ideas 30] [--steps 20]

One projector (1920×1080) and three phones (390×844) in Debian's Chromium, against
``gunicorn -c gunicorn.conf.py`` (uvicorn workers) + PostgreSQL + Redis. Prints:
- idea typed on a phone → its card on the projector (p50/p95/max, ``--ideas`` ideas);
- → (or ←) pressed on the projector → the new step on all three phones (``--steps`` moves);
- requests an idle projector and phone send in 5 s (the target is none: changes are pushed).
Times are wall-clock in the pages (one machine, one clock). Prints figures; asserts nothing.
"""

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.live_load import percentile, production_env, start_server  # noqa: E402

OBSERVE_IDEAS = """() => {
  window.__seen = {};
  new MutationObserver(() => {
    document.querySelectorAll('#ideas > li').forEach(li => {
      const m = li.textContent.match(/BENCH-(\\d+)/);
      if (m && !(m[1] in window.__seen)) window.__seen[m[1]] = Date.now();
    });
  }).observe(document.body, {subtree: true, childList: true});
}"""
OBSERVE_STEPS = """() => {
  window.__steps = [];
  new MutationObserver(() => {
    const live = document.getElementById('live');
    const step = live && live.dataset.step;
    const last = window.__steps[window.__steps.length - 1];
    if (step && (!last || last[0] !== step)) window.__steps.push([step, Date.now()]);
  }).observe(document.body, {subtree: true, childList: true, attributes: true});
}"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ideas", type=int, default=30)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", default="wpl_bench_browser")
    args = parser.parse_args()

    env = production_env(args.db)
    import os

    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # The benchmark's people never type a password (their sessions are made here): a fast
    # hasher keeps building a thousand of them from taking minutes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("collectstatic", verbosity=0, interactive=False)
    from tests.factories import OrganisationFactory
    from tests.weekcyclus.sessie_setup import group_with_session
    from weekcyclus import services, steps

    org = OrganisationFactory()
    groep, members, cyclus, sessie = group_with_session(org, n_members=4)
    services.sessie_start(sessie=sessie, by=members[0])
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("brainstorm"))

    def cookie(user):
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "werkplekleren.auth.EmailBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    cookies = {m.pk: cookie(m) for m in members}  # before Playwright's event loop starts
    port, server = start_server(env, args.workers)
    base = f"http://127.0.0.1:{port}"
    from playwright.sync_api import expect, sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )

            def page_for(user, path, viewport):
                context = browser.new_context(viewport=viewport)
                context.add_cookies([{"name": "sessionid", "value": cookies[user.pk], "url": base}])
                page = context.new_page()
                page.goto(base + path)
                page.wait_for_selector("#live")
                return page

            projector = page_for(
                members[0], f"/sessies/{sessie.pk}/projector/", {"width": 1920, "height": 1080}
            )
            phones = [
                page_for(m, f"/s/{sessie.join_code}/", {"width": 390, "height": 844})
                for m in members[1:]
            ]
            projector.wait_for_timeout(1000)

            # Idle: how many requests do screens send when nothing happens?
            idle = []
            for page in (projector, phones[0]):
                page.on("request", lambda r: idle.append(r.url))
            projector.wait_for_timeout(5000)
            idle_requests = len(idle)

            projector.evaluate(OBSERVE_IDEAS)
            sent = {}
            for i in range(args.ideas):
                phone = phones[i % len(phones)]
                phone.fill("#input-text", f"BENCH-{i} een idee van een telefoon")
                sent[str(i)] = phone.evaluate("Date.now()")
                phone.click("#phone-input button[type=submit]")
                # (Not wait_for_function: it evaluates a string, which our CSP refuses.)
                expect(phone.locator("#input-text")).to_have_value("")
                phone.wait_for_timeout(150)
            projector.wait_for_timeout(1500)
            seen = projector.evaluate("window.__seen")
            idea_ms = [seen[k] - sent[k] for k in sent if k in seen]

            for phone in phones:
                phone.evaluate(OBSERVE_STEPS)
            presses = []
            for i in range(args.steps):
                key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
                presses.append(projector.evaluate("Date.now()"))
                projector.keyboard.press(key)
                projector.wait_for_timeout(700)
            projector.wait_for_timeout(1000)
            step_ms = []
            for phone in phones:
                changes = phone.evaluate("window.__steps")
                for t_press in presses:
                    after = [t for _s, t in changes if t >= t_press]
                    if after:
                        step_ms.append(min(after) - t_press)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)

    print(
        "Chromium (Debian) · projector 1920×1080 + 3 phones 390×844 · gunicorn -c "
        f"gunicorn.conf.py ({args.workers} uvicorn workers) + PostgreSQL + Redis, loopback"
    )
    print(
        f"idea on a phone → projector ms ({len(idea_ms)} of {args.ideas}): "
        f"p50 {statistics.median(idea_ms):.0f}  p95 {percentile(idea_ms, 95):.0f}  "
        f"max {max(idea_ms):.0f}"
    )
    print(
        f"→/← on the projector → every phone ms ({len(step_ms)} of "
        f"{args.steps * len(members[1:])}): p50 {statistics.median(step_ms):.0f}  "
        f"p95 {percentile(step_ms, 95):.0f}  max {max(step_ms):.0f}"
    )
    print(f"requests sent by an idle projector and phone in 5 s: {idle_requests}")


if __name__ == "__main__":
    main()
