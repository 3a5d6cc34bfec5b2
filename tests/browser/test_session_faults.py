"""Faults in the room, in real browsers: two phones answering the critical review at once
keep both answers (and a question both changed shows both texts); a guest reloading after
the close sees what the group made."""

import pytest
from django.urls import reverse

from didactiek.models import Verbetervoorstel
from tests.factories import PASSWORD
from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import services, steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phones(browser):
    """New phone pages; closed after the test, so no screen keeps polling a flushed database."""
    contexts = []

    def _new():
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        contexts.append(ctx)
        return ctx.new_page()

    yield _new
    for ctx in contexts:
        ctx.close()


def _phone(phones, base, user, next_path):
    page = phones()
    page.goto(f"{base}{reverse('login')}?next={next_path}")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_selector("[data-testid=review-form]")
    return page


def test_two_phones_answering_the_review_at_once_keep_both_answers(
    phones, live_server, org, screenshot
):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    d = [services.sessie_join(sessie=sessie, user=m) for m in members[:3]]
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("voorstel"))
    services.voorstel_save(
        sessie=sessie,
        deelnemer=d[1],
        titel="Vaste overdracht",
        stappen=[{"tekst": "Om 14:30 overdragen", "ideeen": []}],
        tekst="",
        base_version=0,
    )
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("valideren"))
    url = reverse("weekcyclus:participant", args=[sessie.join_code])
    a = _phone(phones, live_server.url, members[1], url)
    b = _phone(phones, live_server.url, members[2], url)

    # Both type into the form they opened at the same moment, then both save.
    a.fill("#toets-klopt", "Ja, het past bij de analyse")
    a.fill("#toets-haalbaar", "Binnen vier weken")
    a.fill("#toets-ai", "Te algemeen")
    b.fill("#toets-eerlijk", "Voor alle diensten")
    b.fill("#toets-privacy", "Geen namen op de lijst")
    b.fill("#toets-ai", "Kende onze roosters niet")
    a.click("[data-testid=review-form] button[type=submit]")
    a.wait_for_function("document.querySelector('#toets-klopt').value.startsWith('Ja')")
    b.click("[data-testid=review-form] button[type=submit]")
    b.wait_for_selector("[data-testid=review-conflict]")
    screenshot(b, "phone-review-conflict")

    review = Verbetervoorstel.objects.get(sessie=sessie).review
    assert review["klopt"] == "Ja, het past bij de analyse"
    assert review["haalbaar"] == "Binnen vier weken"
    assert review["eerlijk"] == "Voor alle diensten"
    assert review["privacy"] == "Geen namen op de lijst"
    assert review["ai"] == "Te algemeen"  # the first save of the question both changed
    # B sees A's answer next to their own text, and keeps it by saving again.
    assert "Te algemeen" in b.locator("[data-testid=review-conflict]").inner_text()
    assert b.input_value("#toets-ai") == "Kende onze roosters niet"
    assert b.input_value("#toets-klopt") == "Ja, het past bij de analyse"
    b.click("[data-testid=review-form] button[type=submit]")
    b.wait_for_selector("[data-testid=review-conflict]", state="detached")
    assert Verbetervoorstel.objects.get(sessie=sessie).review["ai"] == "Kende onze roosters niet"
    screenshot(b, "phone-review-saved")


def test_a_guest_reloading_after_the_close_sees_what_the_group_made(
    phones, live_server, org, screenshot
):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    d = services.sessie_join(sessie=sessie, user=members[1])
    invitation = services.gast_invite(sessie=sessie, by=members[0], name="Gast Ina")
    page = phones()
    page.goto(f"{live_server.url}{reverse('weekcyclus:gast', args=[invitation.token])}")
    page.click("text=Doe mee")
    page.wait_for_selector("[data-testid=step-title]")
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("voorstel"))
    services.voorstel_save(
        sessie=sessie,
        deelnemer=d,
        titel="Vaste overdracht om 14:30",
        stappen=[{"tekst": "Overdragen", "ideeen": []}],
        tekst="",
        base_version=0,
    )
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("afsluiten"))
    services.afspraak_add(sessie=sessie, deelnemer=d, text="Checklist maken", owner=None)
    services.sessie_close(sessie=sessie, by=members[0])
    page.reload()
    page.wait_for_selector("[data-testid=sessie-afgerond]")
    assert "Vaste overdracht om 14:30" in page.inner_text("main")
    assert "Checklist maken" in page.inner_text("main")
    assert "/login" not in page.url
    screenshot(page, "phone-guest-afgerond")


def test_maak_voorstel_with_the_broker_down_shows_the_queued_state(
    phones, live_server, org, screenshot
):
    from didactiek.models import VoorstelDraft
    from tests.didactiek.test_broker_down import broker_unreachable

    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    services.sessie_join(sessie=sessie, user=members[1])
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("voorstel"))
    page = phones()
    url = reverse("weekcyclus:participant", args=[sessie.join_code])
    page.goto(f"{live_server.url}{reverse('login')}?next={url}")
    page.fill("#id_username", members[1].email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_selector("[data-testid=make-draft]")
    statuses = []
    page.on("response", lambda r: statuses.append(r.status))
    with broker_unreachable():
        page.click("[data-testid=make-draft]")
        page.wait_for_selector("text=In de wachtrij, het systeem pakt het op")
    screenshot(page, "phone-draft-queued-broker-down")
    assert not [s for s in statuses if s >= 500]
    draft = VoorstelDraft.objects.get()
    assert draft.state == VoorstelDraft.State.QUEUED and draft.sent_at is None
