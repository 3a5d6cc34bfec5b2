"""Suggestions from sessions: the person's own answers to question 9 and the knowledge
validated proposals of sessions they attended need, one click from being an activity."""

from datetime import timedelta
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from didactiek.models import Verbetervoorstel, VoorstelDraft
from tests.factories import GroepFactory, ProfTrajectFactory, SessieFactory, UserFactory, add_member
from trajecten import selectors
from trajecten.models import Leeractiviteit
from weekcyclus.models import Deelnemer, Leervoornemen, Weekcyclus


def past_session(groep, user=None, days_ago=1):
    """A session of ``groep`` that started ``days_ago`` days ago, attended by ``user``."""
    starts = timezone.now() - timedelta(days=days_ago)
    day = timezone.localdate(starts)
    cyclus, _created = Weekcyclus.objects.get_or_create(
        groep=groep, week_start=day - timedelta(days=day.weekday())
    )
    sessie = SessieFactory(
        weekcyclus=cyclus, number=cyclus.sessies.count() + 1, starts_at=starts, state="afgerond"
    )
    if user is not None:
        Deelnemer.objects.create(sessie=sessie, user=user)
    return sessie


def validated_proposal(sessie, titel, knowledge, status=Verbetervoorstel.Status.GEVALIDEERD):
    organisation = sessie.weekcyclus.groep.organisation
    draft = VoorstelDraft.objects.create(
        organisation=organisation,
        sessie=sessie,
        version=1,
        state=VoorstelDraft.State.DONE,
        output={"titel": titel, "benodigde_kennis_en_vaardigheden": knowledge},
    )
    return Verbetervoorstel.objects.create(
        organisation=organisation, sessie=sessie, titel=titel, status=status, draft=draft
    )


@pytest.fixture
def setting(org, team, professional, kader):
    groep = GroepFactory(organisation=org, name="Overdracht")
    add_member(groep, professional)
    traject = ProfTrajectFactory(
        user=professional, state="actief", start=timezone.localdate() - timedelta(days=20)
    )
    return traject, groep


def _list(traject):
    return reverse("trajecten:activiteiten", args=[traject.pk])


def test_question_9_and_proposal_knowledge_appear(setting, login):
    traject, groep = setting
    me = traject.user
    sessie = past_session(groep, me, days_ago=3)
    voornemen = Leervoornemen.objects.create(
        sessie=sessie, user=me, wil_leren="Beter feedback vragen"
    )
    voorstel = validated_proposal(
        sessie, "Vaste overdracht", ["Kort rapporteren", "  ", "Prioriteren & plannen"]
    )
    suggesties = selectors.session_suggestions(traject=traject)
    assert [(s.source, s.text) for s in suggesties] == [
        (f"leervoornemen:{voornemen.pk}", "Beter feedback vragen"),
        (f"voorstel:{voorstel.pk}:0", "Kort rapporteren"),
        (f"voorstel:{voorstel.pk}:2", "Prioriteren & plannen"),
    ]
    body = login(me).get(_list(traject)).content.decode()
    assert "Uit je sessies" in body
    assert "Beter feedback vragen" in body and "Kort rapporteren" in body
    assert escape("Prioriteren & plannen") in body
    assert escape("Nodig voor het voorstel “Vaste overdracht”") in body
    assert body.count("Maak er een activiteit van") == 3


def test_one_click_makes_an_activity_and_the_suggestion_disappears(setting, login):
    traject, groep = setting
    me = traject.user
    sessie = past_session(groep, me)
    voornemen = Leervoornemen.objects.create(sessie=sessie, user=me, wil_leren="Grenzen stellen")
    voorstel = validated_proposal(sessie, "Checklist", ["Kort rapporteren"])
    client = login(me)
    url = reverse("trajecten:suggestie_add", args=[traject.pk])
    assert client.get(url).status_code == 405

    source = f"leervoornemen:{voornemen.pk}"
    response = client.post(url, {"source": source, "title": "Grenzen stellen", "kind": "training"})
    assert response.status_code == 302 and response.url == _list(traject)
    client.post(url, {"source": source, "title": "Grenzen stellen"})  # a double click
    client.post(
        url,
        {"source": f"voorstel:{voorstel.pk}:0", "title": "Kort rapporteren", "kind": "boek"},
    )
    rows = list(
        Leeractiviteit.objects.filter(traject=traject)
        .order_by("pk")
        .values_list("source", "title", "kind", "status")
    )
    assert rows == [
        (source, "Grenzen stellen", "training", "gepland"),
        (f"voorstel:{voorstel.pk}:0", "Kort rapporteren", "boek", "gepland"),
    ]
    assert selectors.session_suggestions(traject=traject) == []
    body = client.get(_list(traject)).content.decode()
    assert "Uit je sessies" not in body
    assert "Maak er een activiteit van" not in body
    assert "Grenzen stellen" in body  # now as an activity


def test_the_click_returns_to_a_safe_next_page(setting, login):
    traject, groep = setting
    sessie = past_session(groep, traject.user)
    voornemen = Leervoornemen.objects.create(sessie=sessie, user=traject.user, wil_leren="Plannen")
    voorstel = validated_proposal(sessie, "Checklist", ["Kort rapporteren"])
    client = login(traject.user)
    url = reverse("trajecten:suggestie_add", args=[traject.pk])
    response = client.post(
        url, {"source": f"leervoornemen:{voornemen.pk}", "title": "Plannen", "next": "/traject/"}
    )
    assert response.url == "/traject/"
    response = client.post(
        url,
        {
            "source": f"voorstel:{voorstel.pk}:0",
            "title": "Kort",
            "next": "https://elders.example/",
        },
    )
    assert response.url == _list(traject)


def test_only_offered_suggestions_can_be_clicked(setting, org, login):
    traject, groep = setting
    other = UserFactory(organisation=org)
    add_member(groep, other)
    sessie = past_session(groep, traject.user)
    Deelnemer.objects.create(sessie=sessie, user=other)
    theirs = Leervoornemen.objects.create(sessie=sessie, user=other, wil_leren="Hun geheim")
    client = login(traject.user)
    url = reverse("trajecten:suggestie_add", args=[traject.pk])
    for data in (
        {"source": f"leervoornemen:{theirs.pk}", "title": "Hun geheim"},
        {"source": "verzonnen:1", "title": "Iets"},
        {"source": "", "title": "Iets"},
    ):
        response = client.post(url, data, follow=True)
        assert "Deze suggestie is er niet (meer)." in response.content.decode()
    assert not Leeractiviteit.objects.exists()


def test_someone_elses_leervoornemen_never_appears(setting, org, login):
    traject, groep = setting
    me = traject.user
    other = UserFactory(organisation=org)
    add_member(groep, other)
    sessie = past_session(groep, me)
    Deelnemer.objects.create(sessie=sessie, user=other)
    Leervoornemen.objects.create(sessie=sessie, user=other, wil_leren="Hun eigen leervraag")
    shared = past_session(groep, other, days_ago=2)
    Leervoornemen.objects.create(
        sessie=shared, user=other, wil_leren="Gedeeld maar niet van mij", shared=True
    )
    assert selectors.session_suggestions(traject=traject) == []
    body = login(me).get(_list(traject)).content.decode()
    assert "Hun eigen leervraag" not in body and "Gedeeld maar niet van mij" not in body


def test_what_is_left_out(setting, org, other_org, login):
    traject, groep = setting
    me = traject.user
    # Before the traject's start.
    old = past_session(groep, me, days_ago=30)
    Leervoornemen.objects.create(sessie=old, user=me, wil_leren="Van voor de start")
    validated_proposal(old, "Oud voorstel", ["Oude kennis"])
    # An empty answer to question 9.
    Leervoornemen.objects.create(sessie=past_session(groep, me, days_ago=2), user=me, wil_leren=" ")
    # A proposal still in concept.
    validated_proposal(
        past_session(groep, me, days_ago=3),
        "Concept",
        ["Concept-kennis"],
        status=Verbetervoorstel.Status.CONCEPT,
    )
    # A validated proposal of a session the person did not attend.
    validated_proposal(past_session(groep, days_ago=4), "Zonder mij", ["Afwezig-kennis"])
    # A validated proposal written without a draft.
    sessie = past_session(groep, me, days_ago=5)
    Verbetervoorstel.objects.create(
        organisation=org, sessie=sessie, titel="Eigen", status=Verbetervoorstel.Status.GEVALIDEERD
    )
    # Another organisation's group, even with the same person's row (data that cannot happen).
    foreign = GroepFactory(organisation=other_org)
    validated_proposal(past_session(foreign, me, days_ago=2), "Vreemd", ["Vreemde kennis"])
    assert selectors.session_suggestions(traject=traject) == []
    body = login(me).get(_list(traject)).content.decode()
    assert "Uit je sessies" not in body


def test_a_finished_traject_offers_no_suggestions(setting, login):
    traject, groep = setting
    Leervoornemen.objects.create(
        sessie=past_session(groep, traject.user), user=traject.user, wil_leren="Plannen"
    )
    client = login(traject.user)
    assert "Maak er een activiteit van" in client.get(_list(traject)).content.decode()
    traject.state = "afgerond"
    traject.save()
    response = client.get(_list(traject))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dit Prof-traject is afgerond." in body  # the page itself, read-only
    assert "Maak er een activiteit van" not in body and "Uit je sessies" not in body


def test_suggestions_take_a_fixed_number_of_queries(setting, django_assert_num_queries):
    traject, groep = setting
    me = traject.user

    def populate(n):
        for _ in range(n):
            i = Leervoornemen.objects.count()  # (each wish its own: the same one is listed once)
            sessie = past_session(groep, me)
            Leervoornemen.objects.create(sessie=sessie, user=me, wil_leren=f"Plannen {i}")
            validated_proposal(sessie, "Voorstel", [f"Kennis A{i}", f"Kennis B{i}"])

    populate(1)
    with django_assert_num_queries(3):
        assert len(selectors.session_suggestions(traject=traject)) == 3
    populate(9)
    with django_assert_num_queries(3):
        assert len(selectors.session_suggestions(traject=traject)) == 30
