"""The AI step in real browsers, with a real Celery worker and a local OpenAI-protocol server:
ask for a draft, watch it arrive on the projector, adopt and edit it, review, vote."""

import json

import pytest
from django.urls import reverse

from didactiek.models import Verbetervoorstel
from tests.browser.test_session_live import _log_in
from tests.llm_server import Reply, proposal
from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import services, steps
from weekcyclus.models import Bijdrage

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

XSS = "<img src=x onerror=alert(1)>"


def test_the_group_drafts_edits_reviews_and_validates(
    browser, asgi_server, org, llm, celery_worker, screenshot
):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    d1 = services.sessie_join(sessie=sessie, user=members[1])
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("brainstorm"))
    services.bijdrage_add(deelnemer=d1, kind=Bijdrage.Kind.IDEE, text=f"Vaste overdracht {XSS}")
    services.bijdrage_add(deelnemer=d1, kind=Bijdrage.Kind.IDEE, text="Checklist in het dossier")
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("voorstel"))
    # The model takes a moment, and its answer carries markup that must stay text.
    llm.script(Reply(delay=1.5, content=json.dumps(proposal(inzet_ai=f"Samenvatten {XSS}"))))
    dialogs = []

    projector_ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    projector = projector_ctx.new_page()
    projector.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _log_in(
        projector, asgi_server.url, members[0], reverse("weekcyclus:projector", args=[sessie.pk])
    )
    projector.wait_for_selector(".step-voorstel")

    phone_ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = phone_ctx.new_page()
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    _log_in(
        phone,
        asgi_server.url,
        members[1],
        reverse("weekcyclus:participant", args=[sessie.join_code]),
    )
    phone.click("[data-testid=make-draft]")
    # Progress first, then the draft, on the projector without a reload.
    projector.wait_for_selector("[data-testid=draft][data-state=bezig]", timeout=15000)
    screenshot(projector, "projector-draft-writing")
    projector.wait_for_selector("[data-testid=draft][data-state=klaar]", timeout=15000)
    assert (
        projector.locator("[data-testid=draft-title]").inner_text()
        == "Vaste overdracht met checklist"
    )
    assert "Gemaakt met AI: test-model" in projector.locator(".label-ai").inner_text()
    screenshot(projector, "projector-draft")

    phone.wait_for_selector("text=Neem dit concept over")
    screenshot(phone, "phone-draft")
    phone.click("text=Neem dit concept over")
    phone.wait_for_function(
        "document.querySelector('#input-titel').value === 'Vaste overdracht met checklist'"
    )
    phone.fill("#input-titel", "Onze vaste overdracht")
    phone.locator("textarea[name=stap]").first.fill("Elke dag om 14:30 tien minuten overdracht.")
    phone.click("[data-testid=proposal-form] button[type=submit]")
    projector.wait_for_selector("text=Onze vaste overdracht")

    projector.keyboard.press("ArrowRight")  # to "Evalueren en valideren"
    phone.wait_for_selector("[data-testid=review-form]")
    for field in ("klopt", "haalbaar", "eerlijk", "privacy", "ai"):
        phone.fill(f"#toets-{field}", "Besproken: ja, met kanttekeningen")
    phone.click("[data-testid=review-form] button[type=submit]")
    phone.click("button[name=akkoord][value=ja]")
    facilitator_phone = projector_ctx.new_page()
    facilitator_phone.goto(
        asgi_server.url + reverse("weekcyclus:participant", args=[sessie.join_code])
    )
    facilitator_phone.click("button[name=akkoord][value=ja]")

    projector.wait_for_selector("[data-testid=validated]", timeout=10000)
    diff = projector.locator("[data-testid=diff]")
    assert "Onze vaste overdracht" in diff.inner_text()  # what the group changed
    assert "Vaste overdracht met checklist" in diff.inner_text()  # what the AI had
    screenshot(projector, "projector-validated")
    screenshot(phone, "phone-validated")

    voorstel = Verbetervoorstel.objects.get(sessie=sessie)
    assert voorstel.status == Verbetervoorstel.Status.GEVALIDEERD
    assert voorstel.versies.count() == 1
    assert XSS in voorstel.draft.output["inzet_ai"]  # stored as the model said it
    assert dialogs == []  # no injected script ran, anywhere
    projector_ctx.close()
    phone_ctx.close()
