"""The proposal bank and similar proposals in real browsers: a proposal submitted in one team
appears in the bank for someone in another team, who follows it and sees its next update;
while a second group writes a problem statement close to it, the phone and the projector
show it as a similar proposal."""

import pytest
from django.urls import reverse

from profcirkel import services as profcirkel
from tests.browser.test_profcirkel import DESKTOP, _validated_proposal
from tests.browser.test_session_live import _log_in
from tests.factories import TeamFactory, UserFactory
from weekcyclus import services, steps
from werkplekleren.models import OutgoingMail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROBLEEM = (
    "Bij de overdracht van de dagdienst naar de avonddienst gaat informatie over cliënten "
    "verloren, waardoor zorg dubbel of niet gebeurt."
)
CLOSE = "Informatie over cliënten raakt kwijt bij de overdracht naar de avonddienst."
REASON = "Eerst vier weken proberen bij de dagdienst."


def test_a_proposal_travels_through_the_bank_to_another_team(
    browser, asgi_server, org, team, screenshot
):
    org.ai_enabled = False  # full-text similarity (no worker in this test)
    org.save()
    base = asgi_server.url
    members = [UserFactory(organisation=org, team=team) for _ in range(4)]
    voorstel, _next = _validated_proposal(members)
    sessie = voorstel.sessie
    sessie.probleemstelling = PROBLEEM
    sessie.save(update_fields=["probleemstelling"])

    # A member of the group submits it; the group keeps its names out of the bank.
    group_ctx = browser.new_context(**DESKTOP)
    group_page = group_ctx.new_page()
    voorstel_url = reverse("profcirkel:voorstel_detail", args=[voorstel.pk])
    _log_in(group_page, base, members[1], voorstel_url)
    group_page.wait_for_selector("[data-testid=names-visible]")
    assert not group_page.is_checked("[data-testid=names-visible]")
    group_page.click("[data-testid=submit]")
    group_page.wait_for_selector("text=Ingediend")

    # Someone of another team finds it in the bank and follows it.
    other_team = TeamFactory(organisation=org, name="Planning & Administratie")
    reader = UserFactory(organisation=org, team=other_team, name="Noor Hendriks")
    reader_ctx = browser.new_context(**DESKTOP)
    reader_page = reader_ctx.new_page()
    _log_in(reader_page, base, reader, reverse("profcirkel:bank_list"))
    reader_page.wait_for_selector("[data-testid=bank-list]")
    reader_page.fill("#id_q", "overdracht")
    reader_page.click(".bank-filter button[type=submit]")
    reader_page.wait_for_selector("text=Vaste overdracht")
    assert all(m.name not in reader_page.content() for m in members)
    screenshot(reader_page, "bank-list")
    reader_page.click("text=Vaste overdracht")
    reader_page.wait_for_selector("[data-testid=bank-probleem]")
    assert "avonddienst" in reader_page.inner_text("[data-testid=bank-probleem]")
    reader_page.click("[data-testid=follow]")
    reader_page.wait_for_selector("text=Je volgt dit ✓")
    reader_page.click("[data-testid=recognise]")
    reader_page.wait_for_selector("text=1 collega herkent dit")

    # The leidinggevende answers; the follower sees the news on their next visit, by mail too.
    voorstel.refresh_from_db()
    profcirkel.voorstel_answer(
        voorstel=voorstel, by=team.leidinggevende, antwoord="aangepast", reden=REASON
    )
    reader_page.reload()
    reader_page.wait_for_selector("[data-testid=bank-news]")
    assert REASON in reader_page.inner_text("[data-testid=bank-news]")
    assert reader_page.inner_text("[data-testid=bank-status]") == "Beantwoord"
    assert OutgoingMail.objects.filter(user=reader, kind="voorstel_gevolgd").exists()
    screenshot(reader_page, "bank-detail")

    # A second group, in the other team, writes a problem statement close to it.
    second = [reader] + [UserFactory(organisation=org, team=other_team) for _ in range(2)]
    groep = services.groep_create(created_by=second[0], name="Planning Plus", members=second[1:])
    from django.utils import timezone

    starts = timezone.localtime()
    cyclus = services.weekcyclus_plan(
        groep=groep,
        by=second[0],
        week_start=services.monday_of(starts.date()),
        sessies=[{"day": starts.date(), "start": starts.time().replace(microsecond=0)}],
    )
    live = cyclus.sessies.get()
    services.sessie_start(sessie=live, by=second[0])
    services.sessie_goto_step(sessie=live, by=second[0], step=steps.index("probleemstelling"))

    projector_ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    projector = projector_ctx.new_page()
    _log_in(projector, base, second[0], reverse("weekcyclus:projector", args=[live.pk]))
    projector.wait_for_selector(".step-probleemstelling")
    assert projector.locator("[data-testid=similar]").count() == 0

    phone_ctx = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    phone = phone_ctx.new_page()
    _log_in(phone, base, second[1], reverse("weekcyclus:participant", args=[live.join_code]))
    phone.wait_for_selector("#input-probleem")
    phone.fill("#input-probleem", CLOSE)
    phone.click("#phone-input button[type=submit]")
    phone.wait_for_selector("[data-testid=similar] >> text=Vaste overdracht")
    projector.wait_for_selector("[data-testid=similar] >> text=Vaste overdracht", timeout=5000)
    assert "Beantwoord" in projector.inner_text("[data-testid=similar]")
    screenshot(phone, "phone-similar")
    screenshot(projector, "projector-similar")
    for ctx in (group_ctx, reader_ctx, projector_ctx, phone_ctx):
        ctx.close()
