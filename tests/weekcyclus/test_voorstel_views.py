"""The proposal steps through the phone endpoints and on the projector: drafts, labels,
adopting, editing with provenance, review, votes; untrusted text stays text."""

import json

import pytest
from django.urls import reverse

from didactiek.models import Verbetervoorstel, VoorstelDraft
from didactiek.tasks import draft_voorstel
from tests.llm_server import Reply, proposal
from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import services, steps
from weekcyclus.models import Bijdrage

HTMX = {"HTTP_HX_REQUEST": "true"}
XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture
def at_voorstel(org):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    d = [services.sessie_join(sessie=sessie, user=m) for m in members]
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("brainstorm"))
    services.bijdrage_add(deelnemer=d[1], kind=Bijdrage.Kind.IDEE, text=f"Idee {XSS}")
    services.bijdrage_add(deelnemer=d[2], kind=Bijdrage.Kind.IDEE, text="Checklist")
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("voorstel"))
    return sessie, members, d


def _post(client, sessie, action, data=None):
    url = reverse("weekcyclus:participant_action", args=[sessie.join_code, action])
    return client.post(url, data or {}, **HTMX)


def test_offline_drafts_are_labelled_as_template_not_ai(at_voorstel, login, client, settings):
    settings.OPENAI_API_KEY = settings.OPENAI_BASE_URL = ""
    sessie, members, d = at_voorstel
    login(members[1])
    body = client.get(reverse("weekcyclus:participant", args=[sessie.join_code])).content.decode()
    assert "Sjabloon — geen AI" in body
    _post(client, sessie, "concept")
    draft = VoorstelDraft.objects.get()
    draft_voorstel.apply(args=[draft.pk])
    page = client.get(reverse("weekcyclus:projector", args=[sessie.pk])).content.decode()
    assert "Sjabloon — geen AI" in page
    assert "Gemaakt met AI" not in page


def test_ai_draft_shows_progress_then_content_with_its_provenance(at_voorstel, login, client, llm):
    sessie, members, d = at_voorstel
    login(members[1])
    body = _post(client, sessie, "concept").content.decode()
    assert "staat in de wachtrij" in body
    _post(client, sessie, "concept")  # a double click
    assert VoorstelDraft.objects.count() == 1
    draft_voorstel.apply(args=[VoorstelDraft.objects.get().pk])
    page = client.get(reverse("weekcyclus:projector", args=[sessie.pk])).content.decode()
    assert "Vaste overdracht met checklist" in page
    assert "Gemaakt met AI: test-model via 127.0.0.1:" in page
    assert ">idee 1<" in page and ">idee 2<" in page  # each step links to its ideas


def test_failed_draft_says_why_and_offers_to_try_again(at_voorstel, login, client, llm):
    sessie, members, d = at_voorstel
    llm.script(Reply(status=401))
    login(members[1])
    _post(client, sessie, "concept")
    draft_voorstel.apply(args=[VoorstelDraft.objects.get().pk])
    body = client.get(reverse("weekcyclus:participant", args=[sessie.join_code])).content.decode()
    assert "Het taalmodel weigert de sleutel (401)" in body
    assert "Probeer opnieuw" in body
    _post(client, sessie, "concept", {"hint": ""})
    assert VoorstelDraft.objects.count() == 2  # a new attempt, the failed one stays visible


def test_llm_output_and_ideas_render_as_text(at_voorstel, login, client, llm):
    sessie, members, d = at_voorstel
    llm.script(Reply(content=json.dumps(proposal(titel=f"Titel {XSS}", inzet_ai=XSS))))
    login(members[1])
    _post(client, sessie, "concept")
    draft_voorstel.apply(args=[VoorstelDraft.objects.get().pk])
    for url in (
        reverse("weekcyclus:projector", args=[sessie.pk]),
        reverse("weekcyclus:participant", args=[sessie.join_code]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(2)</script>" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_adopt_edit_review_and_vote_through_the_phone(at_voorstel, login, client, llm):
    sessie, members, d = at_voorstel
    login(members[1])
    _post(client, sessie, "concept")
    draft = VoorstelDraft.objects.get()
    draft_voorstel.apply(args=[draft.pk])
    body = _post(client, sessie, "overnemen", {"draft": draft.pk}).content.decode()
    assert 'hx-swap-oob="true"' in body  # the proposal form now holds the draft
    voorstel = Verbetervoorstel.objects.get()
    assert voorstel.draft == draft and voorstel.stappen[1]["ideeen"] == [1, 2]
    _post(
        client,
        sessie,
        "voorstel",
        {
            "base": voorstel.version,
            "titel": "Onze overdracht",
            "stap": ["Elke dag om 14:30 een korte overdracht.", "Eigen stap", ""],
            "stap_ideeen": ["1", "", ""],
            "tekst": "Toelichting",
        },
    )
    voorstel.refresh_from_db()
    assert voorstel.stappen == [
        {"tekst": "Elke dag om 14:30 een korte overdracht.", "ideeen": [1]},
        {"tekst": "Eigen stap", "ideeen": []},
    ]
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("valideren"))
    answers = {k: "Ja" for k, _q in Verbetervoorstel.REVIEW_QUESTIONS}
    _post(client, sessie, "toets", answers)
    for member in members[:3]:
        login(member)
        body = _post(client, sessie, "stem-voorstel", {"akkoord": "ja"}).content.decode()
    voorstel.refresh_from_db()
    assert voorstel.status == Verbetervoorstel.Status.GEVALIDEERD
    assert 'data-testid="validated"' in body
    assert "Wat de groep veranderde aan het AI-concept" in body
    summary = client.get(reverse("weekcyclus:summary", args=[sessie.pk])).content.decode()
    assert "Versie 1 gevalideerd" in summary


def test_voting_before_the_review_is_refused_with_a_reason(at_voorstel, login, client):
    sessie, members, d = at_voorstel
    services.voorstel_save(
        sessie=sessie,
        deelnemer=d[1],
        titel="T",
        stappen=[{"tekst": "S", "ideeen": []}],
        tekst="",
        base_version=0,
    )
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("valideren"))
    login(members[1])
    body = _post(client, sessie, "stem-voorstel", {"akkoord": "ja"}).content.decode()
    assert "Beantwoord eerst samen de vragen van de kritische toets." in body


def test_a_group_chooses_consensus(org, login, client):
    groep, members, cyclus, sessie = group_with_session(org)
    login(members[2])
    url = reverse("weekcyclus:groep_validatie", args=[groep.pk])
    client.post(url, {"validatie": "consensus"})
    groep.refresh_from_db()
    assert groep.validatie == "consensus"
    client.post(url, {"validatie": "loting"})
    groep.refresh_from_db()
    assert groep.validatie == "consensus"  # an unknown rule is refused
    from tests.factories import UserFactory

    login(UserFactory(organisation=org))
    assert client.post(url, {"validatie": "meerderheid"}).status_code == 404
