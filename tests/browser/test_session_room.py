"""The room, in a real Chromium over real WebSockets (ASGI server in a thread):
a projector that never cuts anything off, phones that stay true without wiping typing,
posts kept while offline, the facilitator closing from the projector, idle screens silent."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import services, steps
from weekcyclus.models import Afspraak, Bijdrage, Deelnemer, Sessie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Screenshots land with the others (artifacts/); the ones looked at are copied to docs/screens/.
DOCS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

IDEAS = [
    "Vaste overdracht om 14:00 met een korte checklist op papier",
    "Overdracht in het rooster zetten zodat niemand hem vergeet",
    "Een AI-samenvatting van het dossier als start van de overdracht",
    "Eén kanaal voor spoed: de rest mag wachten tot de overdracht",
    "Nieuwe collega's lopen de eerste week mee met een buddy",
    "Maandelijks vijf minuten terugkijken: wat ging er mis?",
]


def _log_in(page, base, user, next_path):
    page.goto(f"{base}{reverse('login')}?next={next_path}")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**{next_path}")


def _projector(browser, base, user, sessie):
    DOCS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    _log_in(page, base, user, reverse("weekcyclus:projector", args=[sessie.pk]))
    page.wait_for_selector("#live")
    page.wait_for_load_state("load")  # stylesheets applied before anything is measured
    return page


def _phone(browser, base, user, sessie):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    _log_in(page, base, user, reverse("weekcyclus:participant", args=[sessie.join_code]))
    page.wait_for_selector("#live")
    page.wait_for_load_state("load")
    return page


def _connected(page):
    """Wait until the screen's WebSocket is open (session.js hides the offline notice)."""
    page.wait_for_function("performance.getEntriesByType('resource').length >= 0")
    page.wait_for_timeout(300)


def _goto(sessie, user, key):
    services.sessie_goto_step(sessie=sessie, by=user, step=steps.index(key))


def _reachable_texts(page, selector):
    """Every card text that is fully inside the 1920×1080 viewport on some page of the step,
    turning pages with ↓ like the facilitator would."""
    seen = set()
    for _ in range(20):
        visible = page.evaluate(
            """(selector) => [...document.querySelectorAll(selector)]
                .filter(el => {
                  const r = el.getBoundingClientRect();
                  return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
                    && r.bottom <= innerHeight && r.right <= innerWidth;
                })
                .map(el => el.textContent.trim())""",
            selector,
        )
        seen.update(visible)
        before = page.evaluate("window.projectorPages && window.projectorPages.count")
        indicator = page.locator("[data-page-indicator]")
        if not before or before < 2:
            break
        text = indicator.inner_text()
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(100)
        if indicator.inner_text() == text:
            break
    return seen


def _earlier_session_with_open_agreements(groep, members, n):
    starts = timezone.localtime() - dt.timedelta(days=7)
    cyclus = services.weekcyclus_plan(
        groep=groep,
        by=members[0],
        week_start=services.monday_of(starts.date()),
        sessies=[{"day": starts.date(), "start": starts.time().replace(microsecond=0)}],
    )
    earlier = Sessie.objects.get(weekcyclus=cyclus, number=1)
    for i in range(n):
        Afspraak.objects.create(
            sessie=earlier,
            text=f"Afspraak {i + 1}: {IDEAS[i % len(IDEAS)]}",
            owner=members[i % len(members)],
        )


def test_a_full_brainstorm_and_all_open_agreements_are_reachable_on_the_projector(
    browser, asgi_server, org
):
    groep, members, cyclus, sessie = group_with_session(org)
    _earlier_session_with_open_agreements(groep, members, 8)
    services.sessie_start(sessie=sessie, by=members[0])
    projector = _projector(browser, asgi_server.url, members[0], sessie)

    agreements = {a.text for a in Afspraak.objects.filter(status=Afspraak.Status.OPEN)}
    reachable = _reachable_texts(projector, "[data-testid=afspraken-open] li")
    assert all(any(text in seen for seen in reachable) for text in agreements), reachable
    projector.screenshot(path=str(DOCS / "projector-1-checkin.png"))

    _goto(sessie, members[0], "brainstorm")
    projector.wait_for_selector(".step-brainstorm")
    deelnemers = [services.sessie_join(sessie=sessie, user=m) for m in members]
    for i in range(30):
        services.bijdrage_add(
            deelnemer=deelnemers[i % 4],
            kind=Bijdrage.Kind.IDEE,
            text=f"{i + 1:02d} {IDEAS[i % len(IDEAS)]}",
        )
    projector.wait_for_function("document.querySelectorAll('#ideas > li.idea').length === 30")
    projector.wait_for_timeout(300)  # the layout settles (fit, then pages)
    reachable = _reachable_texts(projector, "#ideas > li.idea")
    numbers = {text.split()[1] for text in reachable if len(text.split()) > 1}
    assert {f"{i + 1:02d}" for i in range(30)} <= numbers, sorted(numbers)
    # Type never shrinks below what the back of the room can read.
    size = projector.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#ideas > li.idea')).fontSize)"
    )
    assert size >= 24
    projector.keyboard.press("ArrowUp")
    projector.keyboard.press("ArrowUp")
    projector.keyboard.press("ArrowUp")
    projector.screenshot(path=str(DOCS / "projector-5-brainstorm-full.png"))


def test_the_facilitator_closes_the_session_from_the_projector(browser, asgi_server, org):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    _goto(sessie, members[0], "afsluiten")
    projector = _projector(browser, asgi_server.url, members[0], sessie)
    projector.wait_for_selector(".step-afsluiten")
    projector.keyboard.press("ArrowRight")
    projector.wait_for_selector("#toast.is-shown")  # "press → again to close"
    assert Sessie.objects.get(pk=sessie.pk).state == Sessie.State.LIVE
    projector.keyboard.press("ArrowRight")
    projector.wait_for_selector(".state-afgerond")
    assert Sessie.objects.get(pk=sessie.pk).state == Sessie.State.CLOSED


def test_idle_screens_send_no_requests_and_a_change_arrives_pushed(browser, asgi_server, org):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    _goto(sessie, members[0], "brainstorm")
    projector = _projector(browser, asgi_server.url, members[0], sessie)
    phone = _phone(browser, asgi_server.url, members[1], sessie)
    requests = []
    # Joining (the phone) is a change: both screens first show the session's current version.
    version = str(Sessie.objects.get(pk=sessie.pk).version)
    for page in (projector, phone):
        page.wait_for_load_state("networkidle")
        page.wait_for_function(f"document.getElementById('live').dataset.version === '{version}'")
    projector.wait_for_timeout(1000)
    for page in (projector, phone):
        page.axe_check()
        page._axe_off = True  # (axe keeps the browser busy: not inside the timed window)
        page.on("request", lambda request: requests.append(request.url))
    projector.wait_for_timeout(3000)
    assert requests == []  # no polling: the WebSocket is open and quiet

    deelnemer = services.sessie_join(sessie=sessie, user=members[2])
    services.bijdrage_add(deelnemer=deelnemer, kind=Bijdrage.Kind.IDEE, text="Gepusht idee")
    projector.wait_for_selector("#ideas >> text=Gepusht idee", timeout=3000)
    phone.wait_for_selector("#ideas >> text=Gepusht idee", timeout=3000)
    assert requests == []  # it came over the socket, not by asking
    for page in (projector, phone):
        page._axe_off = False
        page.axe_check()


def test_a_post_made_offline_is_kept_and_sent_when_the_phone_is_back(browser, asgi_server, org):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    _goto(sessie, members[0], "brainstorm")
    projector = _projector(browser, asgi_server.url, members[0], sessie)
    phone = _phone(browser, asgi_server.url, members[1], sessie)
    phone.wait_for_timeout(500)

    phone.context.set_offline(True)
    phone.fill("#input-text", "Bedacht in de lift zonder bereik")
    phone.click("#phone-input button[type=submit]")
    phone.wait_for_selector(".queued")  # told: not sent yet, waits for the connection
    assert phone.input_value("#input-text") == "Bedacht in de lift zonder bereik"
    assert not Bijdrage.objects.exists()

    phone.context.set_offline(False)
    projector.wait_for_selector("#ideas >> text=Bedacht in de lift zonder bereik", timeout=10000)
    assert Bijdrage.objects.get().text == "Bedacht in de lift zonder bereik"
    phone.wait_for_selector("#ideas >> text=Bedacht in de lift zonder bereik")
    assert phone.locator(".queued").count() == 0


def test_a_shared_form_refreshes_on_another_phone_unless_someone_is_typing(
    browser, asgi_server, org
):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    _goto(sessie, members[0], "probleemstelling")
    writer = _phone(browser, asgi_server.url, members[1], sessie)
    reader = _phone(browser, asgi_server.url, members[2], sessie)
    typist = _phone(browser, asgi_server.url, members[3], sessie)
    for page in (writer, reader, typist):
        page.wait_for_timeout(300)

    typist.fill("#input-probleem", "Mijn eigen half getypte zin")
    writer.fill("#input-probleem", "Overdrachten missen informatie over medicatie.")
    writer.click("#phone-input button[type=submit]")

    # The reader was not typing: its form now holds the saved text, ready to improve on.
    reader.wait_for_function(
        "document.querySelector('#input-probleem').value.startsWith('Overdrachten missen')"
    )
    # The typist keeps their words and is told that something changed.
    typist.wait_for_selector(".changed-notice")
    assert typist.input_value("#input-probleem") == "Mijn eigen half getypte zin"
    typist.click(".changed-notice button")
    expect(typist.locator("#input-probleem")).to_have_value(re.compile(r"^Overdrachten missen"))


def test_a_late_answer_never_wipes_the_form_that_came_since(browser, asgi_server, org):
    """A save still under way when the facilitator moves on: its answer arrives after the new
    step's form, in which the person is already typing. The typing stays, and the text of the
    save that came too late is kept to copy."""
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    _goto(sessie, members[0], "probleemstelling")
    phone = _phone(browser, asgi_server.url, members[1], sessie)
    held = []
    phone.route("**/probleemstelling/", lambda route: held.append(route))
    phone.fill("#input-probleem", "Overdrachten missen informatie.")
    phone.click("#phone-input button[type=submit]")
    phone.wait_for_timeout(200)
    assert len(held) == 1  # the save is on its way (held in the network)

    _goto(sessie, members[0], "brainstorm")
    phone.wait_for_selector(f"#phone-input[data-step='{steps.index('brainstorm')}'] #input-text")
    assert phone.locator(".unsaved textarea").input_value() == "Overdrachten missen informatie."
    phone.fill("#input-text", "Een half getypt idee")
    with phone.expect_response("**/probleemstelling/") as answer:
        held[0].continue_()  # the server answers only now, after the step moved on
    assert answer.value.status == 200
    phone.wait_for_timeout(300)
    assert phone.input_value("#input-text") == "Een half getypt idee"
    assert phone.locator(".unsaved textarea").input_value() == "Overdrachten missen informatie."


def test_a_guest_phone_and_the_language_switch(browser, asgi_server, org):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    _goto(sessie, members[0], "brainstorm")
    phone = _phone(browser, asgi_server.url, members[1], sessie)
    phone.click(".lang-switch button")
    phone.wait_for_selector("text=Your idea")
    deelnemer = Deelnemer.objects.get(sessie=sessie, user=members[1])
    services.bijdrage_add(deelnemer=deelnemer, kind=Bijdrage.Kind.IDEE, text="In English now")
    phone.wait_for_selector("#ideas >> text=In English now", timeout=3000)


def test_every_projector_step_of_a_full_session_fits_and_is_captured(
    browser, asgi_server, org, kader
):
    """A session with a lot on every step: nothing clipped at 1920×1080 (every card inside
    the screen on some page), the tally always visible; screenshots for docs/screens."""
    from didactiek.models import DidactischeVraag

    groep, members, cyclus, sessie = group_with_session(org, n_members=5)
    _earlier_session_with_open_agreements(groep, members, 6)
    services.sessie_start(sessie=sessie, by=members[0])
    deelnemers = [services.sessie_join(sessie=sessie, user=m) for m in members]
    for d, energie in zip(deelnemers, (4, 3, 5, 2, 4), strict=True):
        services.deelnemer_checkin(deelnemer=d, energie=energie)
    projector = _projector(browser, asgi_server.url, members[0], sessie)

    def shot(key):
        projector.wait_for_selector(f".step-{key}")
        # The step is laid out (and paged) once its content and fonts are in: on a busy
        # machine that takes a moment, so ask again until it settles (5 s at most).
        for _attempt in range(25):
            projector.wait_for_timeout(200)
            clipped = projector.evaluate(
                """() => [...document.querySelectorAll('#live .stage-body [data-pageable] > *')]
                    .filter(el => !el.classList.contains('off-page'))
                    .filter(el => { const r = el.getBoundingClientRect();
                                    return r.bottom > innerHeight || r.right > innerWidth; })
                    .map(el => el.textContent.trim().slice(0, 40))"""
            )
            if not clipped:
                break
        assert clipped == [], (key, clipped)
        number = steps.index(key) + 1
        projector.screenshot(path=str(DOCS / f"projector-{number}-{key}.png"))

    shot("checkin")
    _goto(sessie, members[0], "kiezen")
    situatie = services.werksituatie_add(
        weekcyclus=cyclus,
        by=members[1],
        kind="werkproces",
        title="De overdracht tussen dag- en avonddienst",
        description="Informatie over medicatie en afspraken met familie raakt kwijt.",
    )
    services.sessie_choose(
        sessie=sessie,
        deelnemer=deelnemers[1],
        werksituatie=situatie,
        vragen=list(DidactischeVraag.objects.filter(number__in=[1, 3, 4, 6])),
    )
    shot("kiezen")
    _goto(sessie, members[0], "analyse")
    for i in range(14):
        services.bijdrage_add(
            deelnemer=deelnemers[i % 5],
            kind=Bijdrage.Kind.ANALYSE,
            text=f"Waarneming {i + 1}: {IDEAS[i % len(IDEAS)].lower()}",
        )
    shot("analyse")
    _goto(sessie, members[0], "probleemstelling")
    sessie.refresh_from_db()
    services.probleemstelling_update(
        sessie=sessie,
        deelnemer=deelnemers[2],
        base_version=sessie.probleemstelling_version,
        text="Bij de overdracht tussen dag- en avonddienst raakt informatie over medicatie en "
        "afspraken met familie kwijt, omdat er geen vaste vorm en geen vast moment is.",
    )
    shot("probleemstelling")
    _goto(sessie, members[0], "brainstorm")
    ideas = [
        services.bijdrage_add(
            deelnemer=deelnemers[i % 5],
            kind=Bijdrage.Kind.IDEE,
            text=f"{IDEAS[i % len(IDEAS)]} ({i + 1})",
        )
        for i in range(30)
    ]
    for i, idea in enumerate(ideas[:3]):  # three votes each: 5, 4, 3 … on the first ideas
        for d in deelnemers[: 5 - i]:
            services.idee_vote_toggle(idee=idea, deelnemer=d)
    shot("brainstorm")
    _goto(sessie, members[0], "voorstel")
    sessie.refresh_from_db()
    services.voorstel_save(
        sessie=sessie,
        deelnemer=deelnemers[0],
        base_version=0,
        titel="Een vaste, korte overdracht met checklist",
        stappen=[
            {"tekst": "Om 14:00 een vaste overdracht van tien minuten.", "ideeen": [1, 2]},
            {"tekst": "Een checklist met medicatie en familieafspraken.", "ideeen": [1]},
            {
                "tekst": "Een AI-samenvatting als start, door de dienst gecontroleerd.",
                "ideeen": [3],
            },
            {"tekst": "Spoed via één kanaal; de rest wacht tot de overdracht.", "ideeen": [4]},
            {"tekst": "Na vier weken kijken we samen terug.", "ideeen": [6]},
        ],
        tekst="We beginnen op afdeling Zuid en delen wat we leren.",
    )
    shot("voorstel")
    _goto(sessie, members[0], "valideren")
    services.voorstel_review_save(
        sessie=sessie,
        deelnemer=deelnemers[1],
        answers={
            "klopt": "Ja: het sluit aan bij wat we in de analyse zagen.",
            "haalbaar": "Tien minuten passen in het rooster als de dienst om 13:50 start.",
            "eerlijk": "Ook invalkrachten krijgen de checklist en de uitleg.",
            "privacy": "De AI-samenvatting blijft binnen het dossiersysteem.",
            "ai": "Het concept vergat de familieafspraken; die hebben we toegevoegd.",
        },
    )
    for d in deelnemers[:3]:
        services.voorstel_vote(sessie=sessie, deelnemer=d, akkoord=True)
    shot("valideren")
    assert projector.locator("[data-testid=tally]").is_visible()
    _goto(sessie, members[0], "afsluiten")
    for i in range(7):
        services.afspraak_add(
            sessie=sessie,
            deelnemer=deelnemers[0],
            owner=members[i % 5],
            text=f"Afspraak {i + 1}: {IDEAS[i % len(IDEAS)].lower()}",
        )
    for d in deelnemers:
        services.leervoornemen_save(
            sessie=sessie,
            deelnemer=d,
            shared=True,
            organisatie_kan="",
            wil_leren="Beter samenvatten met AI en dat kritisch controleren.",
        )
    shot("afsluiten")


def test_where_websockets_are_blocked_the_screens_poll(browser, asgi_server, org):
    """A network that refuses the WebSocket: after a few tries the screen polls instead."""
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    _goto(sessie, members[0], "brainstorm")
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.route("**/ws/**", lambda route: route.abort())
    page = context.new_page()
    page.route_web_socket("**/ws/**", lambda ws: ws.close(code=1006))
    _log_in(page, asgi_server.url, members[0], reverse("weekcyclus:projector", args=[sessie.pk]))
    polls = []
    page.on("request", lambda r: polls.append(r.url) if "/live/" in r.url else None)
    deelnemer = services.sessie_join(sessie=sessie, user=members[1])
    services.bijdrage_add(deelnemer=deelnemer, kind=Bijdrage.Kind.IDEE, text="Via de poll")
    page.wait_for_selector("#ideas >> text=Via de poll", timeout=15000)
    assert polls  # it asked, since nothing could be pushed


def test_the_review_form_on_another_phone_refreshes_after_a_save(browser, asgi_server, org):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    deelnemer = services.sessie_join(sessie=sessie, user=members[1])
    _goto(sessie, members[0], "voorstel")
    sessie.refresh_from_db()
    services.voorstel_save(
        sessie=sessie,
        deelnemer=deelnemer,
        base_version=0,
        tekst="",
        titel="Vaste overdracht",
        stappen=[{"tekst": "Om 14:00 tien minuten.", "ideeen": []}],
    )
    _goto(sessie, members[0], "valideren")
    writer = _phone(browser, asgi_server.url, members[1], sessie)
    reader = _phone(browser, asgi_server.url, members[2], sessie)
    reader.wait_for_selector("[data-testid=review-form]")
    reader.wait_for_timeout(300)
    writer.fill("#toets-klopt", "Ja, het past bij wat we zagen.")
    writer.click("[data-testid=review-form] button[type=submit]")
    reader.wait_for_function(
        "document.querySelector('#toets-klopt').value === 'Ja, het past bij wat we zagen.'"
    )
