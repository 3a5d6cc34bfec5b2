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
from trajecten.models import CatalogusItem, Leeractiviteit, LeerpadSuggestie, LeerpadVoorstel
from trajecten.tasks import suggest_leerpad
from werkplekleren.models import Role

CATALOGUE = [
    ("podcast", "Podcast over feedback", 40, [9], "feedback geven"),
    ("training", "Training plannen", 120, [5], "plannen"),
    ("boek", "Artikel over AI-risico's", 30, [4], ""),
    ("video", "Video over duurzaam reizen", 20, [8], ""),
    ("vitaliteit", "Zakelijke meditatie", 15, [6], ""),
]


def path() -> dict:
    ids = {item.title: item.pk for item in CatalogusItem.objects.all()}
    return {
        "activiteiten": [
            {"item": ids["Podcast over feedback"], "eigen_idee": 0, "waarom": "Past bij vraag 9"},
            {"item": ids["Training plannen"], "eigen_idee": 0, "waarom": "Vraag 5"},
            {"item": ids["Artikel over AI-risico's"], "eigen_idee": 0, "waarom": "Vraag 4"},
        ]
    }


PATH = None  # built per test from the catalogue (ids differ)


@pytest.fixture
def traject(org, kader):
    for kind, title, minutes, numbers, talenten in CATALOGUE:
        item = CatalogusItem.objects.create(
            organisation=org,
            kind=kind,
            title=title,
            link="https://example.org/leren",
            minutes=minutes,
            talenten=talenten,
        )
        item.vragen.set(DidactischeVraag.objects.filter(number__in=numbers))
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
    # Ranked by the chosen questions (4, 5, 9) and the talents/needs ("Feedback geven").
    assert [s.title for s in suggestions][:3] == [
        "Podcast over feedback",
        "Artikel over AI-risico's",
        "Training plannen",
    ]
    assert all(s.item_id for s in suggestions)
    assert all("Sjabloon" in s.waarom for s in suggestions)
    assert "vraag 9" in suggestions[0].waarom and "feedback geven" in suggestions[0].waarom
    assert not Leeractiviteit.objects.exists()  # nothing added without a click


def test_ai_path_from_the_local_server(traject, llm):
    llm.script(Reply(content=json.dumps(path())))
    result = _run(traject)
    assert result.state == LeerpadVoorstel.State.DONE and not result.is_template
    assert result.model == "test-model" and result.prompt_version == "leerpad-v2"
    assert [s.title for s in result.suggesties.all()][0] == "Podcast over feedback"
    body = llm.requests[0]["body"]
    assert body["response_format"]["json_schema"]["name"] == "leerpad"
    assert "Feedback geven" in body["messages"][1]["content"]
    assert "Zakelijke meditatie" in body["messages"][1]["content"]  # the catalogue travels
    assert not Leeractiviteit.objects.exists()


def test_a_suggestion_never_names_an_item_outside_the_catalogue(traject, llm, other_org):
    foreign = CatalogusItem.objects.create(
        organisation=other_org, kind="boek", title="Ander boek", link="https://x.org", minutes=9
    )
    known = path()["activiteiten"][0]
    invented = {
        "activiteiten": [
            {"item": 999999, "eigen_idee": 0, "waarom": "Verzonnen"},
            {"item": foreign.pk, "eigen_idee": 0, "waarom": "Andere organisatie"},
            {"item": 0, "eigen_idee": 7, "waarom": "Bestaat niet"},
            known,
        ]
    }
    llm.script(Reply(content=json.dumps(invented)))
    result = _run(traject)
    assert result.state == LeerpadVoorstel.State.DONE
    own = set(
        CatalogusItem.objects.filter(organisation=traject.organisation).values_list("pk", "title")
    )
    assert {(s.item_id, s.title) for s in result.suggesties.all()} <= own
    assert [s.title for s in result.suggesties.all()] == ["Podcast over feedback"]


def test_only_invented_resources_is_a_wrong_answer(traject, llm):
    made_up = {"activiteiten": [{"item": 424242, "eigen_idee": 0, "waarom": "Bestaat niet"}]}
    llm.script(*[Reply(content=json.dumps(made_up))] * 2)
    result = _run(traject)
    assert result.state == LeerpadVoorstel.State.FAILED and not result.suggesties.exists()


def test_an_empty_catalogue_fails_with_a_clear_reason(traject, settings):
    settings.OPENAI_API_KEY = settings.OPENAI_BASE_URL = ""
    CatalogusItem.objects.all().delete()
    result = _run(traject)
    assert result.state == LeerpadVoorstel.State.FAILED
    assert "catalogus van je organisatie is nog leeg" in result.error


def test_one_click_adds_a_catalogue_item_to_the_traject(traject):
    item = CatalogusItem.objects.get(title="Training plannen")
    activiteit = services.catalogus_item_add_to_traject(traject=traject, item=item)
    assert activiteit.catalogus_item == item and activiteit.kind == "training"
    assert activiteit.planned_minutes == 120 and activiteit.link == "https://example.org/leren"


def test_invalid_answer_is_retried_once_then_fails(traject, llm):
    llm.script(Reply(content='{"activiteiten": []}'), Reply(content="geen json"))  # noqa
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
    llm.script(Reply(content=json.dumps(path())))
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
    llm.script(Reply(content=json.dumps(path())))
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
