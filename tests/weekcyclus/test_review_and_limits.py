"""No lost answers: the critical review is saved per question with a version check per answer;
every session text has a server-side length limit with a Dutch message, and the refused text
comes back in the form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from didactiek.models import Verbetervoorstel, VoorstelDraft, Werksituatie, answer_fingerprint
from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import services, steps
from weekcyclus.models import Afspraak, Bijdrage, Leervoornemen

HTMX = {"HTTP_HX_REQUEST": "true"}
KEYS = [key for key, _q in Verbetervoorstel.REVIEW_QUESTIONS]


@pytest.fixture
def live(org, settings):
    settings.OPENAI_API_KEY = settings.OPENAI_BASE_URL = ""
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    d = [services.sessie_join(sessie=sessie, user=m) for m in members]
    return sessie, members, d


def _goto(sessie, members, key):
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index(key))


@pytest.fixture
def at_review(live):
    sessie, members, d = live
    _goto(sessie, members, "brainstorm")
    services.bijdrage_add(deelnemer=d[1], kind=Bijdrage.Kind.IDEE, text="Vaste overdracht")
    _goto(sessie, members, "voorstel")
    services.voorstel_save(
        sessie=sessie,
        deelnemer=d[1],
        titel="Overdracht",
        stappen=[{"tekst": "Om 14:30", "ideeen": [1]}],
        tekst="",
        base_version=0,
    )
    _goto(sessie, members, "valideren")
    return sessie, members, d


def _form(voorstel):
    """What a phone's review form holds when it is opened: the answers with their versions."""
    return {
        item["key"]: (item["text"], item["base"], item["seen"])
        for item in voorstel.review_form_items()
    }


def _seen(form):
    return {key: (base, seen) for key, (_text, base, seen) in form.items()}


def _voorstel(sessie):
    return Verbetervoorstel.objects.get(sessie=sessie)


# --- the review, service ---------------------------------------------------------------------


def test_two_members_answering_at_once_keep_both_answers(at_review):
    sessie, members, d = at_review
    form_a = form_b = _form(Verbetervoorstel.objects.get_or_create(sessie=sessie)[0])
    mine_a = {"klopt": "Ja, past bij de analyse", "haalbaar": "In vier weken"}
    mine_b = {"eerlijk": "Voor alle diensten", "privacy": "Geen namen", "ai": "Te algemeen"}
    # Both submit the whole form: A's empty fields for B's questions and vice versa.
    services.voorstel_review_save(
        sessie=sessie,
        deelnemer=d[1],
        answers={key: mine_a.get(key, "") for key in KEYS},
        seen=_seen(form_a),
    )
    services.voorstel_review_save(
        sessie=sessie,
        deelnemer=d[2],
        answers={key: mine_b.get(key, "") for key in KEYS},
        seen=_seen(form_b),
    )
    voorstel = _voorstel(sessie)
    assert voorstel.review == {**mine_a, **mine_b}
    assert voorstel.review_complete
    assert voorstel.review_versions == dict.fromkeys(KEYS, 1)


def test_an_untouched_field_of_a_stale_form_is_not_written(at_review):
    sessie, members, d = at_review
    services.voorstel_review_save(
        sessie=sessie, deelnemer=d[1], answers={"klopt": "Eerste versie"}, seen=None
    )
    stale = _form(_voorstel(sessie))  # B opens the form now: "Eerste versie"
    services.voorstel_review_save(
        sessie=sessie,
        deelnemer=d[1],
        answers={"klopt": "Tweede, betere versie"},
        seen={"klopt": _seen(stale)["klopt"]},
    )
    # B changes another question and sends the old text of "klopt" along, untouched.
    services.voorstel_review_save(
        sessie=sessie,
        deelnemer=d[2],
        answers={"klopt": "Eerste versie", "haalbaar": "Ja"},
        seen=_seen(stale),
    )
    voorstel = _voorstel(sessie)
    assert voorstel.review["klopt"] == "Tweede, betere versie"
    assert voorstel.review["haalbaar"] == "Ja"


def test_a_conflicting_field_keeps_both_texts_and_says_so_in_dutch(at_review):
    sessie, members, d = at_review
    services.voorstel_review_save(sessie=sessie, deelnemer=d[1], answers={"klopt": "Eerst"})
    stale = _form(_voorstel(sessie))
    services.voorstel_review_save(
        sessie=sessie, deelnemer=d[1], answers={"klopt": "A's antwoord"}, seen=_seen(stale)
    )
    with pytest.raises(services.ReviewConflict) as conflict:
        services.voorstel_review_save(
            sessie=sessie,
            deelnemer=d[2],
            answers={"klopt": "B's antwoord", "haalbaar": "Haalbaar"},
            seen=_seen(stale),
        )
    assert "Iemand anders heeft intussen ook geantwoord op" in conflict.value.messages[0]
    assert "Klopt het?" in conflict.value.messages[0]
    assert conflict.value.keep["klopt"] == "B's antwoord"
    assert conflict.value.keep["theirs_klopt"] == "A's antwoord"
    voorstel = _voorstel(sessie)
    assert voorstel.review["klopt"] == "A's antwoord"  # never overwritten silently
    assert voorstel.review["haalbaar"] == "Haalbaar"  # the other answer was saved
    # Saving again from the conflict form (it now carries the current version) is deliberate.
    item = next(i for i in voorstel.review_form_items(conflict.value.keep) if i["key"] == "klopt")
    assert item["text"] == "B's antwoord" and item["theirs"] == "A's antwoord"
    services.voorstel_review_save(
        sessie=sessie,
        deelnemer=d[2],
        answers={"klopt": item["text"]},
        seen={"klopt": (int(item["base"]), item["seen"])},
    )
    assert _voorstel(sessie).review["klopt"] == "B's antwoord"


def test_a_stale_empty_field_never_blanks_an_answer(at_review):
    sessie, members, d = at_review
    stale = _form(Verbetervoorstel.objects.get_or_create(sessie=sessie)[0])
    services.voorstel_review_save(sessie=sessie, deelnemer=d[1], answers={"ai": "Te algemeen"})
    services.voorstel_review_save(
        sessie=sessie, deelnemer=d[2], answers=dict.fromkeys(KEYS, ""), seen=_seen(stale)
    )
    assert _voorstel(sessie).review["ai"] == "Te algemeen"


# --- the review, endpoint --------------------------------------------------------------------


def _post(client, sessie, action, data=None):
    url = reverse("weekcyclus:participant_action", args=[sessie.join_code, action])
    return client.post(url, data or {}, **HTMX)


def _form_post(form, answers):
    data = {}
    for key, (text, base, seen) in form.items():
        data[key] = answers.get(key, text)
        data[f"base_{key}"] = base
        data[f"seen_{key}"] = seen
    return data


def test_two_phones_answering_the_review_at_once_keep_both_answers(at_review, client, login):
    sessie, members, d = at_review
    form = _form(Verbetervoorstel.objects.get_or_create(sessie=sessie)[0])
    login(members[1])
    body = client.get(reverse("weekcyclus:participant", args=[sessie.join_code])).content.decode()
    assert f'name="seen_klopt" value="{answer_fingerprint("")}"' in body
    _post(client, sessie, "toets", _form_post(form, {"klopt": "Ja", "haalbaar": "Zeker"}))
    login(members[2])
    body = _post(
        client, sessie, "toets", _form_post(form, {"eerlijk": "Ja", "privacy": "Ok", "ai": "Vaag"})
    ).content.decode()
    assert "form-error" not in body
    assert _voorstel(sessie).review == {
        "klopt": "Ja",
        "haalbaar": "Zeker",
        "eerlijk": "Ja",
        "privacy": "Ok",
        "ai": "Vaag",
    }
    # The form shown after the save holds all five answers, with their new versions.
    assert ">Zeker</textarea>" in body and ">Vaag</textarea>" in body


def test_a_conflict_through_the_phone_shows_both_texts(at_review, client, login):
    sessie, members, d = at_review
    form = _form(Verbetervoorstel.objects.get_or_create(sessie=sessie)[0])
    login(members[1])
    _post(client, sessie, "toets", _form_post(form, {"klopt": "Antwoord van A"}))
    login(members[2])
    body = _post(
        client, sessie, "toets", _form_post(form, {"klopt": "Antwoord van B", "ai": "Vaag"})
    ).content.decode()
    assert "Iemand anders heeft dit antwoord intussen aangepast" in body
    assert "<q>Antwoord van A</q>" in body
    assert ">Antwoord van B</textarea>" in body
    review = _voorstel(sessie).review
    assert review["klopt"] == "Antwoord van A" and review["ai"] == "Vaag"


# --- length limits ---------------------------------------------------------------------------

LONG = "x" * 5000


def _refused(call, what):
    with pytest.raises(ValidationError) as exc:
        call()
    message = exc.value.messages[0]
    assert message.startswith(what) and "mag hoogstens" in message, message
    return message


def test_an_idea_and_a_note_are_at_most_500_characters(live):
    sessie, members, d = live
    _goto(sessie, members, "analyse")
    services.bijdrage_add(deelnemer=d[1], kind=Bijdrage.Kind.ANALYSE, text="n" * 500)
    _refused(
        lambda: services.bijdrage_add(deelnemer=d[1], kind=Bijdrage.Kind.ANALYSE, text="n" * 501),
        "Een notitie",
    )
    _goto(sessie, members, "brainstorm")
    message = _refused(
        lambda: services.bijdrage_add(deelnemer=d[1], kind=Bijdrage.Kind.IDEE, text=LONG),
        "Een idee",
    )
    assert "500" in message and "5000" in message
    assert Bijdrage.objects.filter(kind=Bijdrage.Kind.IDEE).count() == 0


def test_problem_statement_proposal_and_review_have_limits(at_review, live):
    sessie, members, d = at_review
    _goto(sessie, members, "probleemstelling")
    _refused(
        lambda: services.probleemstelling_update(
            sessie=sessie, deelnemer=d[1], text="p" * 2001, base_version=0
        ),
        "De probleemstelling",
    )
    _goto(sessie, members, "voorstel")

    def save(**fields):
        values = {"titel": "T", "stappen": [{"tekst": "S", "ideeen": []}], "tekst": ""}
        values.update(fields)
        return lambda: services.voorstel_save(
            sessie=sessie, deelnemer=d[1], base_version=1, **values
        )

    _refused(save(titel="t" * 201), "De titel")
    _refused(save(stappen=[{"tekst": "s" * 1001, "ideeen": []}]), "Een stap")
    _refused(save(tekst="x" * 5001), "De toelichting")
    _refused(
        lambda: services.draft_request(sessie=sessie, deelnemer=d[1], hint="h" * 301),
        "De aanwijzing",
    )
    assert not VoorstelDraft.objects.exists()
    _goto(sessie, members, "valideren")
    _refused(
        lambda: services.voorstel_review_save(
            sessie=sessie, deelnemer=d[1], answers={"klopt": "Ja", "ai": "a" * 1001}
        ),
        "Een antwoord",
    )
    assert _voorstel(sessie).review == {}  # nothing of a refused save is written


def test_agreements_learning_intentions_and_werksituaties_have_limits(live):
    sessie, members, d = live
    _refused(
        lambda: services.werksituatie_add(
            weekcyclus=sessie.weekcyclus, by=members[1], title="w" * 201, kind="werkproces"
        ),
        "De titel van de werksituatie",
    )
    _refused(
        lambda: services.werksituatie_add(
            weekcyclus=sessie.weekcyclus,
            by=members[1],
            title="Overdracht",
            kind="werkproces",
            description="d" * 2001,
        ),
        "De beschrijving van de werksituatie",
    )
    assert not Werksituatie.objects.exists()
    _goto(sessie, members, "afsluiten")
    _refused(
        lambda: services.afspraak_add(sessie=sessie, deelnemer=d[1], text="a" * 301, owner=None),
        "Een afspraak",
    )
    _refused(
        lambda: services.leervoornemen_save(
            sessie=sessie, deelnemer=d[1], wil_leren="l" * 1001, organisatie_kan="", shared=False
        ),
        "Wat je hierna wilt leren",
    )
    _refused(
        lambda: services.leervoornemen_save(
            sessie=sessie, deelnemer=d[1], wil_leren="", organisatie_kan="o" * 1001, shared=False
        ),
        "Wat de organisatie voor je kan betekenen",
    )
    assert not Afspraak.objects.exists() and not Leervoornemen.objects.exists()


def test_a_refused_text_comes_back_in_the_form(at_review, client, login):
    sessie, members, d = at_review
    login(members[1])
    _goto(sessie, members, "brainstorm")
    idea = "Een heel lang idee " + "i" * 600
    body = _post(client, sessie, "idee", {"text": idea}).content.decode()
    assert "Een idee mag hoogstens 500 tekens hebben" in body
    assert f">{idea}</textarea>" in body
    _goto(sessie, members, "voorstel")
    step = "Een te lange stap " + "s" * 1000
    body = _post(
        client,
        sessie,
        "voorstel",
        {
            "base": 1,
            "titel": "Nieuwe titel",
            "stap": ["Om 14:30", step, ""],
            "stap_ideeen": ["1", "", ""],
            "tekst": "",
        },
    ).content.decode()
    assert "Een stap mag hoogstens 1000 tekens hebben" in body
    assert f">{step}</textarea>" in body and 'value="Nieuwe titel"' in body
    assert _voorstel(sessie).titel == "Overdracht"
    _goto(sessie, members, "valideren")
    answer = "a" * 1001
    body = _post(client, sessie, "toets", {"klopt": "Ja", "ai": answer}).content.decode()
    assert "Een antwoord mag hoogstens 1000 tekens hebben" in body
    assert f">{answer}</textarea>" in body and ">Ja</textarea>" in body
