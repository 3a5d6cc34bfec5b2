"""A professional composes a Prof-traject in the first Weekcyclus, accepts one AI-suggested
activity from the organisation's catalogue (real worker, local OpenAI-protocol server), adds
another from the catalogue with one click, and sees hours and coverage."""

import json

import pytest
from django.urls import reverse

from didactiek.models import DidactischeVraag
from tests.browser.test_session_live import _log_in
from tests.llm_server import Reply
from tests.weekcyclus.sessie_setup import group_with_session, minutes_ago_today
from trajecten.models import CatalogusItem, Leeractiviteit, ProfTraject
from weekcyclus import services as weekcyclus

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CATALOGUE = [
    ("podcast", "Podcast: kritisch kijken naar AI", 40, 4, "https://example.org/podcast"),
    ("training", "Training feedback geven", 120, 9, "https://example.org/training"),
    ("uitnodigen", "Collega van ICT uitnodigen", 60, 4, ""),
]


def _catalogue(org) -> dict:
    """The organisation's catalogue, and the model's answer choosing from it by id."""
    ids = {}
    for kind, title, minutes, number, link in CATALOGUE:
        item = CatalogusItem.objects.create(
            organisation=org, kind=kind, title=title, minutes=minutes, link=link
        )
        item.vragen.set(DidactischeVraag.objects.filter(number=number))
        ids[title] = item.pk
    return {
        "activiteiten": [
            {"item": ids[title], "eigen_idee": 0, "waarom": f"Vraag {number}"}
            for _kind, title, _m, number, _l in CATALOGUE
        ]
    }


def test_compose_accept_a_suggestion_and_see_progress(
    browser, live_server, org, kader, llm, celery_worker, screenshot
):
    # (Today: the traject starts today, and counts only what lies within it.)
    groep, members, cyclus, sessie = group_with_session(org, start_in_minutes=minutes_ago_today(90))
    me = members[0]
    # The first session of the first Weekcyclus took place: an hour of learning time used.
    weekcyclus.sessie_start(sessie=sessie, by=me)
    weekcyclus.sessie_close(sessie=sessie, by=me)
    llm.script(Reply(content=json.dumps(_catalogue(org))))

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
    assert activiteit.catalogus_item.title == activiteit.title

    # The catalogue: one click puts an item in the traject.
    page.goto(live_server.url + reverse("trajecten:catalogus", args=[traject.pk]))
    training = page.locator("[data-testid=catalogus-item]", has_text="Training feedback geven")
    training.locator("[data-testid=catalogus-add]").click()
    page.wait_for_selector("text=staat in je leeractiviteiten")
    assert training.locator(".badge").inner_text() == "in je traject"
    screenshot(page, "traject-catalogus")
    added = Leeractiviteit.objects.get(catalogus_item__title="Training feedback geven")
    assert (added.kind, added.planned_minutes) == ("training", 120)

    page.goto(live_server.url + reverse("trajecten:voortgang"))
    figures = page.inner_text(".traject-figures")
    assert "1.0 van" in figures or "1,0 van" in figures  # the session hour counts
    coverage = page.locator(".coverage-cell.is-current")
    assert coverage.count() == 2  # questions 4 and 9 chosen in this cycle
    screenshot(page, "traject-voortgang")
    page.close()
