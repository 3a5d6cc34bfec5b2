"""'Stel een leerpad voor': the real task, offline and against the local OpenAI-protocol
server; suggestions become activities only by the person's click."""

import json
from html import escape

import pytest
from django.urls import reverse

from didactiek.models import DidactischeVraag
from tests.factories import UserFactory
from tests.llm_server import Reply
from trajecten import services
from trajecten.models import Leeractiviteit, LeerpadSuggestie, LeerpadVoorstel
from trajecten.tasks import suggest_leerpad
from werkplekleren.models import Role

PATH = {
    "activiteiten": [
        {
            "soort": "podcast",
            "titel": "Podcast over feedback",
            "waarom": "Past bij vraag 9",
            "minuten": 40,
        },
        {"soort": "training", "titel": "Training plannen", "waarom": "Vraag 5", "minuten": 120},
        {"soort": "boek", "titel": "Artikel over AI-risico's", "waarom": "Vraag 4", "minuten": 30},
    ]
}


@pytest.fixture
def traject(org, kader):
    user = UserFactory(organisation=org, roles=[Role.PROFESSIONAL])
    traject = services.traject_save(
        user=user,
        ambitie="Beter samenwerken",
        talenten="Luisteren",
        leerbehoeften="Feedback geven",
        vragen=DidactischeVraag.objects.filter(number__in=[4, 5, 9]),
    )
    return services.traject_activate(traject=traject)


def _run(traject):
    request = services.leerpad_request(traject=traject)
    suggest_leerpad.apply(args=[request.pk])
    return LeerpadVoorstel.objects.get(pk=request.pk)


def test_offline_path_is_a_template_from_the_chosen_questions(traject, settings):
    settings.OPENAI_API_KEY = settings.OPENAI_BASE_URL = ""
    result = _run(traject)
    assert result.state == LeerpadVoorstel.State.DONE and result.is_template
    suggestions = list(result.suggesties.all())
    assert 3 <= len(suggestions) <= 6
    assert [s.kind for s in suggestions] == ["boek", "training", "leerpad"]
    assert all("Sjabloon" in s.waarom for s in suggestions)
    assert not Leeractiviteit.objects.exists()  # nothing added without a click


def test_ai_path_from_the_local_server(traject, llm):
    llm.script(Reply(content=json.dumps(PATH)))
    result = _run(traject)
    assert result.state == LeerpadVoorstel.State.DONE and not result.is_template
    assert result.model == "test-model" and result.prompt_version == "leerpad-v1"
    assert [s.title for s in result.suggesties.all()][0] == "Podcast over feedback"
    body = llm.requests[0]["body"]
    assert body["response_format"]["json_schema"]["name"] == "leerpad"
    assert "Feedback geven" in body["messages"][1]["content"]
    assert not Leeractiviteit.objects.exists()


def test_invalid_answer_is_retried_once_then_fails(traject, llm):
    llm.script(Reply(content='{"activiteiten": []}'), Reply(content="geen json"))
    result = _run(traject)
    assert result.state == LeerpadVoorstel.State.FAILED
    assert "verkeerde vorm" in result.error
    assert not result.suggesties.exists()


def test_server_errors_are_retried_then_fail_with_a_reason(traject, llm):
    llm.script(*[Reply(status=503)] * 6)
    result = _run(traject)
    assert result.state == LeerpadVoorstel.State.FAILED
    assert result.error == "Het taalmodel had een storing (503)."


def test_one_request_at_a_time(traject, llm):
    first = services.leerpad_request(traject=traject)
    assert services.leerpad_request(traject=traject) == first
    assert LeerpadVoorstel.objects.count() == 1


def test_accept_edited_reject_and_never_twice(traject, llm, login, client):
    llm.script(Reply(content=json.dumps(PATH)))
    result = _run(traject)
    podcast, training, boek = result.suggesties.all()
    login(traject.user)
    client.post(
        reverse("trajecten:suggestie_decide", args=[podcast.pk, "aannemen"]),
        {"title": "Podcast over feedback geven", "kind": "podcast", "minutes": "50"},
    )
    client.post(reverse("trajecten:suggestie_decide", args=[training.pk, "afwijzen"]))
    activiteit = Leeractiviteit.objects.get()
    assert activiteit.title == "Podcast over feedback geven"
    assert activiteit.planned_minutes == 50 and activiteit.source == f"leerpad:{podcast.pk}"
    assert LeerpadSuggestie.objects.get(pk=training.pk).decision == "afgewezen"
    client.post(reverse("trajecten:suggestie_decide", args=[podcast.pk, "aannemen"]))
    assert Leeractiviteit.objects.count() == 1
    page = client.get(reverse("trajecten:leerpad", args=[traject.pk])).content.decode()
    assert "Aangenomen" in page and "Afgewezen" in page and escape(boek.title) in page


def test_others_never_reach_a_path_or_its_suggestions(traject, llm, login, client, other_org):
    llm.script(Reply(content=json.dumps(PATH)))
    suggestie = _run(traject).suggesties.first()
    org = traject.organisation
    for outsider in (
        UserFactory(organisation=org, roles=[Role.LEIDINGGEVENDE, Role.LO, Role.ADMIN]),
        UserFactory(organisation=org, roles=[Role.PROFESSIONAL]),
        UserFactory(organisation=other_org, roles=list(Role)),
    ):
        login(outsider)
        assert client.get(reverse("trajecten:leerpad", args=[traject.pk])).status_code == 404
        response = client.post(
            reverse("trajecten:suggestie_decide", args=[suggestie.pk, "aannemen"])
        )
        assert response.status_code == 404
    assert not Leeractiviteit.objects.exists()
