import pytest
from django.urls import reverse

from didactiek.models import DidactischeVraag
from didactiek.selectors import didactisch_kader

# Exactly as in the design brief.
EXPECTED = {
    1: "kritieke werksituaties verbeteren",
    2: "kritieke werksituaties innoveren",
    3: "ons werk beter doen (met inzet van AI)",
    4: "een meer kritische houding naar het gebruik van AI aannemen",
    5: "onze productiviteit verhogen",
    6: "ons werkklimaat en onze vitaliteit verbeteren",
    7: "zorgen voor meer inclusiviteit en samenwerking",
    8: "bijdragen aan maatschappelijke verduurzaming",
    9: "Hoe kan ik als individu mijn performance, talenten en kwalificaties verbeteren?",
    10: "Wat kan mijn organisatie in deze context voor mij en mijn werkomgeving betekenen?",
}


@pytest.mark.django_db
def test_the_ten_questions_are_loaded_with_their_exact_text():
    vragen = list(didactisch_kader())
    assert [(v.number, v.text) for v in vragen] == list(EXPECTED.items())
    assert [v.number for v in vragen if v.scope == DidactischeVraag.Scope.GROEP] == list(
        range(1, 9)
    )
    assert [v.number for v in vragen if v.scope == DidactischeVraag.Scope.INDIVIDU] == [9, 10]


def test_kader_page_shows_every_question(professional, login, django_assert_num_queries):
    client = login(professional)
    with django_assert_num_queries(4):  # session, user, roles (main menu), questions
        response = client.get(reverse("didactiek:kader"))
    body = response.content.decode()
    assert "Hoe kunnen we als groep:" in body
    for number, text in EXPECTED.items():
        assert f'id="vraag-{number}"' in body
        assert text.replace("(", "(") in body
    assert "<form" not in body.split("<main", 1)[1]  # read-only: nothing to edit


def test_kader_page_in_english_keeps_the_dutch_and_adds_a_gloss(client, professional, login):
    login(professional)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("didactiek:kader")).content.decode()
    assert "The didactic frame" in body
    assert EXPECTED[4] in body
    assert "adopt a more critical attitude towards the use of AI" in body


def test_the_frame_is_read_only_in_the_django_admin(db, admin_client):
    vraag = DidactischeVraag.objects.get(number=1)
    assert admin_client.get("/beheer/didactiek/didactischevraag/add/").status_code == 403
    admin_client.post(
        f"/beheer/didactiek/didactischevraag/{vraag.pk}/change/",
        {"number": 1, "text": "iets anders", "scope": "groep"},
    )
    vraag.refresh_from_db()
    assert vraag.text == EXPECTED[1]


ENGLISH = {
    1: "improve critical work situations",
    4: "adopt a more critical attitude towards the use of AI",
    6: "improve our work climate and our vitality",
    8: "contribute to a more sustainable society",
    9: "How can I as an individual improve my performance, talents and qualifications?",
    10: "What can my organisation mean for me and my work environment in this context?",
}


def test_the_english_ui_shows_the_ten_questions_in_english(client, professional, kader):
    """The kader and the week planning show the questions in the
    reader's language (the Dutch original stays as a gloss on the kader page only)."""
    from tests.factories import GroepFactory, add_member

    groep = GroepFactory(organisation=professional.organisation, created_by=professional)
    add_member(groep, professional)
    client.force_login(professional)
    client.cookies["django_language"] = "en"
    pages = {
        "kader": reverse("didactiek:kader"),
        "plan": reverse("weekcyclus:weekcyclus_plan", args=[groep.pk]),
    }
    bodies = {name: client.get(url).content.decode() for name, url in pages.items()}
    for name in ("kader", "plan"):
        for number, text in ENGLISH.items():
            assert text in bodies[name], (name, number)
    # On the planning page no Dutch question is left.
    for text in EXPECTED.values():
        assert text not in bodies["plan"]
    # Dutch first: without a language choice the same pages are Dutch.
    client.cookies.pop("django_language")
    body = client.get(pages["plan"], HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert EXPECTED[6] in body and ENGLISH[6] not in body
