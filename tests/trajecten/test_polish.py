"""Where people stumbled on a Prof-traject: dates that could not be right, a learning-path
suggestion emptied or set to 0 minutes, the same wish suggested three times, the ten
questions shown as bare numbers, and Dutch plurals and months."""

import json
from datetime import date, timedelta
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from didactiek.models import DidactischeVraag
from tests.factories import GroepFactory, LeeractiviteitFactory, ProfTrajectFactory, add_member
from tests.llm_server import Reply
from tests.trajecten.test_leerpad import _run, path
from tests.trajecten.test_leerpad import traject as traject  # noqa: F401 (a fixture)
from tests.trajecten.test_suggesties import past_session
from trajecten import selectors, services
from trajecten.models import Leeractiviteit, LeerpadSuggestie, ProfTraject
from weekcyclus.models import Leervoornemen


def test_a_one_month_period_holds_no_forty_active_weeks(professional, kader):
    traject = ProfTrajectFactory(
        user=professional, start=date(2026, 3, 2), end=date(2026, 3, 31), active_weeks=40
    )
    with pytest.raises(ValidationError) as caught:
        traject.full_clean()
    assert caught.value.message_dict["active_weeks"] == [
        "Je periode telt 5 weken: kies hooguit 5 actieve weken."
    ]
    traject.active_weeks = 5
    traject.full_clean()  # five is fine


def test_the_end_before_the_start_is_asked_for_not_stated(professional, kader):
    traject = ProfTrajectFactory(user=professional, start=date(2026, 3, 2), end=date(2026, 3, 1))
    with pytest.raises(ValidationError) as caught:
        traject.full_clean()
    assert caught.value.message_dict["end"] == ["Kies een einddatum na de begindatum."]


def test_time_before_the_traject_started_is_refused_not_silently_lost(professional, kader):
    today = timezone.localdate()
    traject = ProfTrajectFactory(
        user=professional,
        state="actief",
        start=today - timedelta(days=10),
        end=today + timedelta(days=90),
    )
    activiteit = LeeractiviteitFactory(traject=traject, kind="boek", title="Boek")
    with pytest.raises(ValidationError) as caught:
        services.tijd_log(activiteit=activiteit, minutes=30, day=today - timedelta(days=11))
    assert "kies een dag in die periode" in caught.value.message_dict["day"][0]
    assert not activiteit.tijden.exists()
    services.tijd_log(activiteit=activiteit, minutes=30, day=today - timedelta(days=10))


NO_TIME = "Kies een tijd tussen 1 en 2400 minuten."


@pytest.mark.parametrize(
    ("posted", "error"),
    [
        ({"title": "   ", "kind": "podcast", "minutes": "40"}, "Geef de activiteit een titel."),
        (
            {"title": "Mijn podcast", "kind": "podcast", "minutes": "0"},
            "Kies een tijd tussen 1 en 2400 minuten.",
        ),
        (
            {"title": "Mijn podcast", "kind": "podcast", "minutes": "-5"},
            "Kies een tijd tussen 1 en 2400 minuten.",
        ),
    ],
)
def test_an_emptied_title_or_no_time_is_refused_and_what_was_typed_stays(
    traject,  # noqa: F811
    llm,
    login,
    client,
    posted,
    error,
):
    llm.script(Reply(content=json.dumps(path())))
    podcast = _run(traject).suggesties.first()
    login(traject.user)
    response = client.post(
        reverse("trajecten:suggestie_decide", args=[podcast.pk, "aannemen"]), posted
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert escape(error) in html
    assert f'value="{posted["title"]}"' in html and f'value="{posted["minutes"]}"' in html
    assert not Leeractiviteit.objects.exists()
    assert LeerpadSuggestie.objects.get(pk=podcast.pk).decision == "open"


def test_the_same_wish_from_three_sessions_is_suggested_once(org, professional, kader):
    groep = GroepFactory(organisation=org)
    add_member(groep, professional)
    traject = ProfTrajectFactory(
        user=professional, state="actief", start=timezone.localdate() - timedelta(days=30)
    )
    for days_ago, text in ((3, "Feedback geven"), (10, "feedback  geven."), (17, "Feedback geven")):
        sessie = past_session(groep, professional, days_ago=days_ago)
        Leervoornemen.objects.create(sessie=sessie, user=professional, wil_leren=text)
    sessie = past_session(groep, professional, days_ago=20)
    Leervoornemen.objects.create(sessie=sessie, user=professional, wil_leren="Plannen")
    texts = [s.text for s in selectors.session_suggestions(traject=traject)]
    assert texts == ["Feedback geven", "Plannen"]
    # Once it is an activity (by its title), it is not suggested again.
    LeeractiviteitFactory(traject=traject, kind="training", title="Plannen")
    assert [s.text for s in selectors.session_suggestions(traject=traject)] == ["Feedback geven"]


def test_the_ten_questions_are_named_and_counts_are_dutch(professional, kader, login, client):
    today = timezone.localdate()
    traject = ProfTrajectFactory(
        user=professional,
        state="actief",
        start=today - timedelta(days=14),
        end=today + timedelta(days=60),
    )
    vraag = DidactischeVraag.objects.get(number=4)
    activiteit = LeeractiviteitFactory(traject=traject, kind="boek", title="Boek")
    activiteit.vragen.set([vraag])
    services.tijd_log(activiteit=activiteit, minutes=30, day=today)
    login(professional)
    html = client.get(reverse("trajecten:voortgang")).content.decode()
    tiles = html.split('class="coverage"')[1].split("</ol>")[0]
    # Every tile says its question in words, visibly (not only its number).
    for question in DidactischeVraag.objects.all():
        assert f'<span class="coverage-text">{escape(question.text)}</span>' in tiles
    assert "0 sessies, 1 activiteit<" in tiles and "1 activiteiten" not in tiles
    activities = client.get(reverse("trajecten:activiteiten", args=[traject.pk])).content.decode()
    assert escape(vraag.text) in activities


def test_months_are_lowercase_in_dutch_and_capitalised_in_english():
    template = Template('{% load datum %}{{ day|datum:"j M Y" }} {{ day|datum:"\\M" }}')
    context = Context({"day": date(2025, 10, 26)})
    with translation.override("nl"):
        assert template.render(context) == "26 okt 2025 M"
    with translation.override("en"):
        assert template.render(context) == "26 Oct 2025 M"


def test_period_weeks_counts_the_weeks_the_period_touches():
    traject = ProfTraject(start=date(2026, 3, 4), end=date(2026, 3, 9))  # Wed – next Mon
    assert traject.period_weeks() == 2
