"""Shared ownership in real browsers: a Talentontwikkelgesprek prepared by both sides (a
private point stays its author's), and a validated proposal followed up in the Prof-cirkel
until the group reads the news at the check-in of its next session."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from didactiek.models import Verbetervoorstel
from profcirkel import services as profcirkel
from profcirkel.models import Agendapunt, Gespreksafspraak
from tests.browser.test_session_live import _log_in
from tests.factories import UserFactory
from tests.weekcyclus.test_voorstel_services import REVIEW
from weekcyclus import services, steps
from weekcyclus.models import Bijdrage, Sessie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRIVATE = "Werkdruk navragen: zegt zelf weinig"
SHARED = "Hoe gaat het met je leeruren?"
AGREEMENT = "Eén keer per week feedback vragen aan een collega"
REASON = "Eerst vier weken proberen bij de dagdienst, daarna ook bij de avonddienst."
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "nl-NL"}


def _validated_proposal(members):
    """This week's session, walked through to a validated proposal and closed; and the
    group's next session (next week), not started yet."""
    groep = services.groep_create(
        created_by=members[0], name="Koffie & Kritiek", members=members[1:]
    )
    starts = timezone.localtime() - timedelta(minutes=5)
    cyclus = services.weekcyclus_plan(
        groep=groep,
        by=members[0],
        week_start=starts.date(),
        sessies=[{"day": starts.date(), "start": starts.time().replace(microsecond=0)}],
    )
    sessie = cyclus.sessies.get()
    services.sessie_start(sessie=sessie, by=members[0])
    d = [services.sessie_join(sessie=sessie, user=m) for m in members]

    def goto(key):
        services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index(key))

    goto("brainstorm")
    services.bijdrage_add(deelnemer=d[1], kind=Bijdrage.Kind.IDEE, text="Vaste overdracht")
    goto("voorstel")
    services.voorstel_save(
        sessie=sessie,
        deelnemer=d[1],
        titel="Vaste overdracht",
        stappen=[{"tekst": "Om 14:30 overdragen", "ideeen": [1]}],
        tekst="Zo blijft niets liggen.",
        base_version=0,
    )
    goto("valideren")
    services.voorstel_review_save(sessie=sessie, deelnemer=d[2], answers=REVIEW)
    for deelnemer in d[:3]:
        voorstel = services.voorstel_vote(sessie=sessie, deelnemer=deelnemer, akkoord=True)
    assert voorstel.status == Verbetervoorstel.Status.GEVALIDEERD
    services.sessie_close(sessie=sessie, by=members[0])
    following = services.weekcyclus_plan_next(groep=groep, by=members[0])
    return voorstel, Sessie.objects.get(weekcyclus=following, number=1)


def test_a_conversation_and_a_proposal_followed_up_to_the_next_check_in(
    browser, live_server, org, team, screenshot
):
    base = live_server.url
    lg = team.leidinggevende
    members = [UserFactory(organisation=org, team=team) for _ in range(4)]
    professional = members[1]
    gesprek = profcirkel.gesprek_plan(
        professional=professional,
        leidinggevende=lg,
        planned_at=timezone.now() + timedelta(days=3),
    )
    gesprek_url = reverse("profcirkel:gesprek_detail", args=[gesprek.pk])

    # The leidinggevende prepares: a private point, a shared one, an agreement.
    lg_ctx = browser.new_context(**DESKTOP)
    lg_page = lg_ctx.new_page()
    _log_in(lg_page, base, lg, gesprek_url)
    lg_page.wait_for_selector("#agenda")
    agenda_form = lg_page.locator("#agenda form.gesprek-inline")
    agenda_form.locator("input[name=text]").fill(PRIVATE)
    agenda_form.locator("input[name=prive]").check()
    agenda_form.locator("button[type=submit]").click()
    lg_page.wait_for_selector(f"#agenda li.is-private:has-text('{PRIVATE}')")
    agenda_form.locator("input[name=text]").fill(SHARED)
    agenda_form.locator("button[type=submit]").click()
    lg_page.wait_for_selector(f"#agenda li:has-text('{SHARED}')")
    afspraak_form = lg_page.locator("#afspraken form")
    afspraak_form.locator("input[name=text]").fill(AGREEMENT)
    afspraak_form.locator("select[name=wie]").select_option("professional")
    due = timezone.localdate() + timedelta(weeks=4)
    afspraak_form.locator("input[name=due_date]").fill(due.isoformat())
    afspraak_form.locator("button[type=submit]").click()
    lg_page.wait_for_selector(f"#afspraken li:has-text('{AGREEMENT}')")
    assert "alleen voor jou" in lg_page.locator("#agenda li.is-private").inner_text()
    screenshot(lg_page, "gesprek-leidinggevende")

    private = Agendapunt.objects.get(text=PRIVATE)
    assert (private.shared, private.author) == (False, lg)
    assert Agendapunt.objects.get(text=SHARED).shared is True
    afspraak = Gespreksafspraak.objects.get(text=AGREEMENT)
    assert (afspraak.owner, afspraak.due_date, afspraak.for_organisation) == (
        professional,
        due,
        False,
    )

    # The professional opens the same conversation: the shared point and the agreement,
    # never the leidinggevende's private point.
    prof_ctx = browser.new_context(**DESKTOP)
    prof_page = prof_ctx.new_page()
    _log_in(prof_page, base, professional, gesprek_url)
    prof_page.wait_for_selector("#agenda")
    text = prof_page.locator("main").inner_text()
    assert SHARED in text
    assert AGREEMENT in text
    assert PRIVATE not in text
    assert PRIVATE not in prof_page.content()
    assert "alleen voor jou" not in text
    screenshot(prof_page, "gesprek-professional")

    # A validated proposal of the professional's group goes to the Prof-cirkel.
    voorstel, next_sessie = _validated_proposal(members)
    voorstel_url = base + reverse("profcirkel:voorstel_detail", args=[voorstel.pk])
    prof_page.goto(voorstel_url)
    prof_page.click("[data-testid=submit]")
    prof_page.wait_for_selector("[data-testid=status]:has-text('Ingediend')")
    assert f"Prof-cirkel van {team.name}" in prof_page.locator(".messages").inner_text()

    # The leidinggevende answers "aangepast overgenomen" with a reason, gives it an owner
    # and a date, and marks it realised.
    lg_page.goto(voorstel_url)
    lg_page.check("#antwoord input[name=ant-antwoord][value=aangepast]")
    lg_page.fill("#antwoord textarea[name=ant-reden]", REASON)
    lg_page.click("#antwoord button[type=submit]")
    lg_page.wait_for_selector("[data-testid=status]:has-text('Beantwoord')")
    assert REASON in lg_page.locator("main").inner_text()
    owner = members[2]
    done_by = timezone.localdate() + timedelta(weeks=3)
    lg_page.select_option("#eigenaar select[name=eig-owner]", str(owner.pk))
    lg_page.fill("#eigenaar input[name=eig-due_date]", done_by.isoformat())
    lg_page.click("#eigenaar button[type=submit]")
    lg_page.wait_for_selector("[data-testid=status]:has-text('In uitvoering')")
    lg_page.click("text=Zet op gerealiseerd")
    lg_page.wait_for_selector("[data-testid=status]:has-text('Gerealiseerd')")

    voorstel.refresh_from_db()
    assert voorstel.status == Verbetervoorstel.Status.GEREALISEERD
    assert (voorstel.antwoord, voorstel.antwoord_reden) == ("aangepast", REASON)
    assert (voorstel.owner, voorstel.due_date) == (owner, done_by)
    assert voorstel.cirkel.team == team

    lg_page.goto(base + reverse("profcirkel:cirkel_board", args=[voorstel.cirkel_id]))
    column = lg_page.locator("section.board-column:has(#col-gerealiseerd)")
    assert "Vaste overdracht" in column.inner_text()
    assert owner.name in column.inner_text()
    screenshot(lg_page, "cirkel-board")

    # The group's next session starts; a member's phone shows the news at the check-in.
    services.sessie_start(sessie=next_sessie, by=members[0])
    phone_ctx = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        locale="nl-NL",
    )
    phone = phone_ctx.new_page()
    _log_in(
        phone, base, members[3], reverse("weekcyclus:participant", args=[next_sessie.join_code])
    )
    phone.wait_for_selector("[data-testid=step-title]")
    assert phone.locator("[data-testid=step-title]").inner_text() == "Check-in"
    updates = phone.locator("[data-testid=updates]").inner_text()
    assert f"aangepast overgenomen: {REASON}" in updates
    assert "is gerealiseerd" in updates
    assert owner.name in updates  # who carries it out, and by when
    screenshot(phone, "checkin-update")

    for ctx in (lg_ctx, prof_ctx, phone_ctx):
        ctx.close()
