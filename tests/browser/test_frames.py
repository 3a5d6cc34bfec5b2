"""Frames end to end, in real Chromium with a real Celery worker and the local
OpenAI-protocol server: L&O has the AI draft a frame for question 6, edits it (a sound
fragment uploaded through the editor) and publishes it; a group plans a session with it; the
projector walks its steps, plays the fragment and shows a surprise card; the summary names
the frame and its version."""

import io
import json
import wave
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from didactiek.models import DidactischeVraag, Frame, FrameDraft, FrameVersie
from didactiek.starter import starter_library_install
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_session_room import _log_in
from tests.factories import UserFactory
from tests.llm_server import Reply
from weekcyclus import services
from weekcyclus.models import Sessie
from werkplekleren.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wav(tmp_path, seconds=0.6):
    path = tmp_path / "ademhaling.wav"
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        # A quiet 440 Hz square wave: a real, playable sound.
        period = 8000 // 440
        samples = b"".join(
            (b"\x00\x08" if (i // (period // 2)) % 2 else b"\x00\xf8") for i in range(period)
        )
        out.writeframes(samples * int(8000 * seconds / period))
    path.write_bytes(buffer.getvalue())
    return path


def _ai_frame() -> str:
    steps = [
        ("checkin", "Binnenkomen", "Arriving", "Hoe is je energie, van 1 tot 10?", 10, []),
        (
            "vitaliteit",
            "Even bewegen",
            "Move a little",
            "Sta op en strek je uit.",
            20,
            [],
        ),
        (
            "bespreken",
            "Wat geeft energie?",
            "What gives energy?",
            "Wat geeft ons energie in het werk, en wat kost het?",
            20,
            [{"soort": "feit", "tekst_nl": "Bewegen helpt.", "tekst_en": "Moving helps."}],
        ),
        ("afsluiten", "Afspraak", "Agreement", "Wat doen we morgen anders?", 10, []),
    ]
    return json.dumps(
        {
            "titel_nl": "Energie in de week",
            "titel_en": "Energy in the week",
            "beschrijving_nl": "Een frame over werkklimaat en vitaliteit.",
            "beschrijving_en": "A frame about work climate and vitality.",
            "stappen": [
                {
                    "soort": kind,
                    "titel_nl": nl,
                    "titel_en": en,
                    "vraag_nl": vraag,
                    "vraag_en": "",
                    "begeleiding_nl": "",
                    "begeleiding_en": "",
                    "minuten": minutes,
                    "verrassingen": cards,
                }
                for kind, nl, en, vraag, minutes, cards in steps
            ],
        }
    )


def test_lo_designs_a_frame_with_ai_and_a_group_runs_it(
    browser, asgi_server, org, llm, celery_worker, screenshot, kader, tmp_path
):
    org.ai_enabled = True
    org.save()
    base = asgi_server.url
    lo = UserFactory(organisation=org, roles=[Role.LO])
    members = [UserFactory(organisation=org) for _ in range(3)]
    groep = services.groep_create(created_by=members[0], name="Vitaal Team", members=members[1:])
    llm.script(Reply(delay=1.0, content=_ai_frame()))

    # --- L&O asks the AI for a frame for question 6 -----------------------------------------
    lo_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _log_in(lo_page, base, lo, reverse("didactiek:frame_library"))
    lo_page.click("[data-testid=frame-ai]")
    lo_page.check("[data-testid=vraag-6]")
    lo_page.fill("textarea[name=doel]", "Meer energie en rust in een druk team")
    lo_page.click("form.card button[type=submit].primary")
    lo_page.wait_for_selector("[data-testid=frame-draft][data-state=klaar]", timeout=20000)
    assert lo_page.locator("[data-testid=frame-draft-title]").inner_text() == "Energie in de week"
    assert "Ontworpen met AI: test-model" in lo_page.locator(".label-ai").inner_text()
    sent = llm.requests[0]["body"]
    assert "Meer energie en rust in een druk team" in sent["messages"][1]["content"]
    assert FrameDraft.objects.get().state == FrameDraft.State.DONE
    assert not FrameVersie.objects.filter(
        state=FrameVersie.State.PUBLISHED, frame__organisation=org
    )

    # --- … edits it: a sharper question, a listening step with an uploaded fragment ---------
    lo_page.click("[data-testid=to-concept]")
    lo_page.wait_for_selector("[data-testid=frame-editor]")
    lo_page.fill("[data-testid=question-1]", "Sta op, adem drie keer diep in en strek je uit.")
    lo_page.fill("[data-testid=minutes-2]", "15")
    lo_page.click("button[name=action][value=add-media]")
    lo_page.wait_for_selector("[data-testid=step-4]")
    assert lo_page.locator("[data-testid=kind-4]").input_value() == "media"
    lo_page.set_input_files("[data-testid=file-4]", str(_wav(tmp_path)))
    lo_page.click("button[name=action][value=up-4]")  # before the close
    lo_page.wait_for_selector("[data-testid=step-3] input[type=radio][value=keep]")
    assert "ademhaling.wav" in lo_page.locator("[data-testid=step-3] .media-edit").inner_text()
    assert lo_page.locator("[data-testid=step-0] .card-edit").count() == 0
    assert lo_page.locator("[data-testid=card-2-0]").input_value() == "Bewegen helpt."
    screenshot(lo_page, "frame-editor-full")
    # What an editor sees on screen: a step with its question, media and a surprise card.
    lo_page.locator("[data-testid=step-2]").scroll_into_view_if_needed()
    lo_page.evaluate("window.scrollBy(0, -60)")
    lo_page.screenshot(path=str(ARTIFACTS / "frame-editor.png"))
    lo_page.click("[data-testid=publish]")
    lo_page.wait_for_selector("text=is gepubliceerd")
    frame = Frame.objects.get(organisation=org)
    versie = frame.versies.get(state=FrameVersie.State.PUBLISHED)
    assert versie.number == 1
    assert [s["kind"] for s in versie.stappen] == [
        "checkin",
        "vitaliteit",
        "bespreken",
        "media",
        "afsluiten",
    ]
    assert [s["minutes"] for s in versie.stappen] == [10, 20, 15, 5, 10]
    assert versie.stappen[3]["media"]["kind"] == "audio"
    assert list(frame.vragen.values_list("number", flat=True)) == [6]
    # The library: the organisation's own frame next to the starter library.
    starter_library_install()
    lo_page.goto(base + reverse("didactiek:frame_library"))
    items = lo_page.locator("[data-testid=frame-list] .frame-item")
    assert items.count() >= 11
    assert "Energie in de week" in lo_page.locator("[data-testid=frame-list]").inner_text()
    screenshot(lo_page, "frame-library")

    # --- A group plans a session with it -------------------------------------------------------
    now = timezone.localtime() - timedelta(minutes=5)
    group_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    plan_path = reverse("weekcyclus:weekcyclus_plan", args=[groep.pk])
    _log_in(group_page, base, members[0], plan_path)
    group_page.fill("input[name=week]", f"{now:%Y-%m-%d}")
    group_page.select_option("select[name=sessies-0-day]", str(now.weekday()))
    group_page.fill("input[name=sessies-0-start]", f"{now:%H:%M}")
    frame_option = group_page.locator("select[name=sessies-0-frame] option", has_text="Energie")
    assert "vragen 6" in frame_option.inner_text()
    group_page.select_option("select[name=sessies-0-frame]", str(versie.pk))
    for row in (1, 2, 3):
        group_page.select_option(f"select[name=sessies-{row}-day]", "")
        group_page.fill(f"input[name=sessies-{row}-start]", "")
    vraag6 = DidactischeVraag.objects.get(number=6)
    group_page.check(f"input[name=vragen][value='{vraag6.pk}']")
    group_page.click("form.planform button[type=submit].primary")
    group_page.wait_for_selector("text=De week is gepland")
    sessie = Sessie.objects.get(weekcyclus__groep=groep)
    assert sessie.frame_versie_id == versie.pk
    group_page.goto(base + reverse("weekcyclus:sessie_detail", args=[sessie.pk]))
    assert (
        "Energie in de week, versie 1"
        in group_page.locator("[data-testid=sessie-frame]").inner_text()
    )
    group_page.click("text=Start de sessie")

    # --- The projector walks the frame ---------------------------------------------------------
    group_page.wait_for_url(f"**{reverse('weekcyclus:projector', args=[sessie.pk])}")
    projector = group_page
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.evaluate("window.__noReload = true")

    def at_step(n):
        projector.wait_for_function(
            "n => document.querySelector('.stage-stepno') && "
            "document.querySelector('.stage-stepno').textContent.trim() === n",
            arg=f"{n + 1}/5",
            timeout=10000,
        )

    at_step(0)
    assert "Binnenkomen" in projector.locator(".stage-title").inner_text()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    _log_in(phone, base, members[1], reverse("weekcyclus:participant", args=[sessie.join_code]))
    phone.wait_for_selector("#live")
    projector.keyboard.press("ArrowRight")
    at_step(1)
    assert "Even bewegen" in projector.locator(".stage-title").inner_text()
    assert "adem drie keer diep in" in projector.locator(".stage-question").inner_text()
    projector.keyboard.press("ArrowRight")
    at_step(2)
    assert "Wat geeft energie?" in projector.locator(".stage-title").inner_text()
    projector.click("[data-testid=draw-verrassing]")
    projector.wait_for_selector("[data-testid=verrassing]", timeout=10000)
    assert "Bewegen helpt." in projector.locator(".verrassing-text").inner_text()
    assert projector.locator(".verrassing-kind").text_content().strip() == "Feit"
    screenshot(projector, "projector-verrassing")
    phone.wait_for_selector("[data-testid=phone-verrassing] >> text=Bewegen helpt.", timeout=10000)
    projector.keyboard.press("Escape")
    projector.wait_for_selector("[data-testid=verrassing]", state="detached", timeout=10000)
    projector.keyboard.press("ArrowRight")
    at_step(3)
    assert "Kijken of luisteren" in projector.locator(".stage-title").inner_text()
    audio = projector.locator("audio[data-testid=media]")
    audio.wait_for()
    projector.wait_for_function(
        "document.querySelector('audio[data-testid=media]').readyState >= 2", timeout=10000
    )
    duration = audio.evaluate("a => a.duration")
    assert 0.4 < duration < 0.8
    audio.evaluate("a => a.play()")
    projector.wait_for_function("document.querySelector('audio[data-testid=media]').ended")
    assert audio.evaluate("a => a.currentTime") >= duration - 0.05
    screenshot(projector, "projector-media")
    phone.wait_for_selector("[data-testid=phone-media] >> text=ademhaling.wav", timeout=10000)
    screenshot(phone, "phone-media")
    projector.keyboard.press("ArrowRight")
    at_step(4)
    assert "Afspraak" in projector.locator(".stage-title").inner_text()
    # The last step: → twice closes the session.
    projector.keyboard.press("ArrowRight")
    projector.keyboard.press("ArrowRight")
    for _ in range(100):
        sessie.refresh_from_db()
        if sessie.state == Sessie.State.CLOSED:
            break
        projector.wait_for_timeout(100)
    assert sessie.state == Sessie.State.CLOSED

    # --- The summary names the frame and its version -------------------------------------------
    projector.goto(base + reverse("weekcyclus:summary", args=[sessie.pk]))
    summary = projector.locator("[data-testid=summary-frame]").inner_text()
    assert "Energie in de week" in summary and "versie 1" in summary and "5 stappen" in summary
