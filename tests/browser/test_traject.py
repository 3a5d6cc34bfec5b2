"""A professional composes a Prof-traject in the first Weekcyclus, accepts one AI-suggested
activity (real worker, local OpenAI-protocol server) and sees hours and coverage."""

import json

import pytest
from django.urls import reverse

from didactiek.models import DidactischeVraag
from tests.browser.test_session_live import _log_in
from tests.llm_server import Reply
from tests.weekcyclus.sessie_setup import group_with_session
from trajecten.models import Leeractiviteit, ProfTraject
from weekcyclus import services as weekcyclus

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PATH = {
    "activiteiten": [
        {
            "soort": "podcast",
            "titel": "Podcast: kritisch kijken naar AI",
            "waarom": "Vraag 4",
            "minuten": 40,
        },
        {
            "soort": "training",
            "titel": "Training feedback geven",
            "waarom": "Vraag 9",
            "minuten": 120,
        },
        {
            "soort": "uitnodigen",
            "titel": "Collega van ICT uitnodigen",
            "waarom": "Vraag 4",
            "minuten": 60,
        },
    ]
}


def test_compose_accept_a_suggestion_and_see_progress(
    browser, live_server, org, kader, llm, celery_worker, screenshot
):
    groep, members, cyclus, sessie = group_with_session(org, start_in_minutes=-90)
    me = members[0]
    # The first session of the first Weekcyclus took place: an hour of learning time used.
    weekcyclus.sessie_start(sessie=sessie, by=me)
    weekcyclus.sessie_close(sessie=sessie, by=me)
    llm.script(Reply(content=json.dumps(PATH)))

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _log_in(page, live_server.url, me, reverse("trajecten:voortgang"))
    page.click(f"a[href='{reverse('trajecten:compose')}']")
    page.fill("#id_ambitie", "Ik wil AI gebruiken zonder mijn kritische blik te verliezen.")
    page.fill("#id_talenten", "Rustig analyseren")
    page.fill("#id_leerbehoeften", "Werken met AI-hulpmiddelen")
    for number in (4, 9):
        pk = DidactischeVraag.objects.get(number=number).pk
        page.check(f"input[name=vragen][value='{pk}']")
    page.check(f"input[name=groepen][value='{groep.pk}']")
    screenshot(page, "traject-compose")
    page.click("button[name=action][value=start]")
    page.wait_for_load_state()
    traject = ProfTraject.objects.get(user=me)
    assert traject.state == ProfTraject.State.ACTIEF

    page.goto(live_server.url + reverse("trajecten:leerpad", args=[traject.pk]))
    page.click("[data-testid=leerpad-request]")
    page.wait_for_selector("[data-testid=suggestie]", timeout=15000)
    assert "Voorgesteld door AI: test-model" in page.inner_text("#leerpad")
    assert not Leeractiviteit.objects.exists()  # nothing without a click
    screenshot(page, "traject-leerpad")
    page.locator("[data-testid=suggestie]").first.locator("button.primary").click()
    page.wait_for_selector("text=Aangenomen")
    activiteit = Leeractiviteit.objects.get()
    assert activiteit.title == "Podcast: kritisch kijken naar AI"

    page.goto(live_server.url + reverse("trajecten:voortgang"))
    figures = page.inner_text(".traject-figures")
    assert "1.0 van" in figures or "1,0 van" in figures  # the session hour counts
    coverage = page.locator(".coverage-cell.is-current")
    assert coverage.count() == 2  # questions 4 and 9 chosen in this cycle
    screenshot(page, "traject-voortgang")
    page.close()
