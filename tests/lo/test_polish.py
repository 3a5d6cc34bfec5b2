"""The L&O dashboard where people stumbled: a long message lost after its error, an empty
recipient answered by a 404 page, and a 4,000 px page with the summary nowhere."""

from html import escape

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from didactiek.models import DidactischeVraag
from tests.factories import GroepFactory, UserFactory
from tests.lo.seed import at, seed_funnel, seed_signals, session
from trajecten.models import SupportBericht
from werkplekleren.models import Role


@pytest.fixture
def lo(org):
    return UserFactory(organisation=org, roles=[Role.LO], name="Lotte de Vries")


def test_a_message_over_the_limit_is_kept_with_the_reason(lo, professional, login):
    client = login(lo)
    text = "Goed bezig! " * 90  # 1,080 characters
    response = client.post("/lo/bericht/", {"to": professional.pk, "text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Houd het kort: hoogstens 1000 tekens." in html
    assert escape(text.strip()) in html or escape(text) in html  # nothing typed is lost
    assert f'<option value="{professional.pk}" selected>' in html
    assert SupportBericht.objects.count() == 0


def test_an_empty_recipient_is_asked_for_not_a_404(lo, login):
    client = login(lo)
    response = client.post("/lo/bericht/", {"to": "", "text": "Zet hem op!"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies aan wie je het bericht stuurt." in html and "Zet hem op!" in html


def test_line_breaks_count_once_as_the_browser_counts_them(lo, professional, login):
    client = login(lo)
    text = ("a" * 9 + "\r\n") * 100  # 1,000 characters to the browser, 1,100 sent
    response = client.post("/lo/bericht/", {"to": professional.pk, "text": text})
    assert response.status_code == 302
    assert len(SupportBericht.objects.get().text) == 999  # (the last break is trimmed)


def test_the_dashboard_opens_with_a_summary_that_names_the_questions(org, login, kader):
    today = timezone.localdate()
    seed = seed_signals(org, today)
    groep = GroepFactory(organisation=org)
    seed_funnel(org, today, groep)
    all_missing = login(seed.lo).get("/lo/").content.decode()
    month = date_format(today, "F")
    assert f"In {month} werkte nog geen sessie aan een van de tien vragen." in all_missing
    # This month sessions worked on questions 1 to 7.
    session(groep, at(today.replace(day=1)), vragen=range(1, 8))
    html = login(seed.lo).get("/lo/").content.decode()
    sections = [part.split('"')[0] for part in html.split('<section class="card lo-section')[1:]]
    assert html.index('id="samenvatting"') < html.index('id="signalen"')
    assert 'aria-label="Op deze pagina"' in html
    summary = html.split('id="samenvatting"')[1].split("</section>")[0]
    assert "Professionals" in summary and "Voorstellen" in summary
    # The questions no session worked on this month are named, not numbered.
    assert f"Aan deze 3 vragen werkte in {month} geen enkele sessie:" in summary
    for vraag in DidactischeVraag.objects.all():
        assert (escape(vraag.text) in summary) == (vraag.number >= 8), vraag.number
    assert len(sections) >= 6
