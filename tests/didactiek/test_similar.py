"""Similar proposals: full-text search over the bank (Dutch stems) when AI is off, the
provider's embeddings (a real local server speaking the OpenAI protocol) when it is on, and
the panel on the session screens while a group states its problem and drafts."""

import pytest
from django.urls import reverse

from didactiek import similar
from didactiek.models import Embedding, VoorstelIndex
from profcirkel import services
from tests.factories import TeamFactory, UserFactory
from tests.llm_server import Reply
from tests.profcirkel.test_voorstel_lifecycle import make_voorstel
from weekcyclus import screens, steps
from weekcyclus.models import Sessie

TEXTS = {
    "overdracht": (
        "Vaste overdracht met checklist",
        "Bij de overdracht van dag- naar avonddienst gaat informatie over cliënten verloren.",
    ),
    "rooster": (
        "Rooster eerder bekend",
        "Het rooster komt te laat, waardoor collega's hun privéleven niet kunnen plannen.",
    ),
    "rapportage": (
        "Rapporteren direct na het bezoek",
        "Rapportages worden pas aan het eind van de dag geschreven en zijn dan onvolledig.",
    ),
}


def submitted(org, team, key, **kwargs):
    titel, probleem = TEXTS[key]
    voorstel, groep, members, sessie = make_voorstel(org, team, titel=titel, **kwargs)
    sessie.probleemstelling = probleem
    sessie.save()
    return services.voorstel_submit(voorstel=voorstel, by=members[0]), groep


@pytest.fixture
def ai_off(org):
    org.ai_enabled = False
    org.save()
    return org


def test_dutch_stems_match_word_forms():
    assert similar.stems("overdrachten") == similar.stems("overdracht")
    assert similar.stems("de roosters van het team") == similar.stems("rooster team")
    assert similar.stems("") == []


def test_fulltext_finds_the_close_proposal_first_and_never_the_own_group(ai_off, team):
    org = ai_off
    other = TeamFactory(organisation=org)
    overdracht, groep = submitted(org, team, "overdracht")
    rooster, _g = submitted(org, other, "rooster")
    rapportage, _g = submitted(org, other, "rapportage")
    text = "Informatie gaat verloren bij de overdrachten tussen diensten"
    ids, method = similar.similar_ids(organisation=org, text=text)
    assert method == similar.FULLTEXT
    assert ids[0] == overdracht.pk
    assert len(ids) <= 3
    ids, _m = similar.similar_ids(organisation=org, text=text, exclude_groep_id=groep.pk)
    assert overdracht.pk not in ids
    # Too short, or only stop words: nothing.
    assert similar.similar_ids(organisation=org, text="de")[0] == []
    assert similar.similar_ids(organisation=org, text="en het de van een")[0] == []


def test_fulltext_is_per_organisation(ai_off, team, other_org):
    submitted(ai_off, team, "overdracht")
    other_org.ai_enabled = False
    other_org.save()
    ids, _m = similar.similar_ids(organisation=other_org, text="overdracht dienst informatie")
    assert ids == []


def test_embeddings_rank_by_the_providers_vectors(llm, org, team):
    assert org.ai_enabled
    other = TeamFactory(organisation=org)
    overdracht, _g = submitted(org, team, "overdracht")
    rooster, _g = submitted(org, other, "rooster")
    rows = Embedding.objects.filter(organisation=org)
    assert rows.count() == 2 and all(r.state == Embedding.State.QUEUED for r in rows)
    for row in rows:
        similar.embedding_compute(embedding_id=row.pk)
    assert all(r.state == Embedding.State.DONE and not r.text for r in rows.all())
    text = "Bij overdrachten tussen diensten raakt cliëntinformatie kwijt"
    # The text's own embedding is not there yet: full text answers meanwhile.
    assert similar.similar_ids(organisation=org, text=text)[1] == similar.FULLTEXT
    similar.sessie_text_changed(organisation=org, text=text, sessie_id=None)
    row = Embedding.objects.get(text_hash=similar.text_hash(text))
    similar.embedding_compute(embedding_id=row.pk)
    ids, method = similar.similar_ids(organisation=org, text=text)
    assert method == similar.EMBEDDING
    assert ids[0] == overdracht.pk
    embedding_requests = [r for r in llm.requests if r["path"].endswith("/embeddings")]
    assert len(embedding_requests) == 3
    assert embedding_requests[0]["body"]["model"] == "text-embedding-3-small"


def test_a_failing_provider_leaves_full_text_in_charge(llm, org, team):
    overdracht, _g = submitted(org, team, "overdracht")
    llm.script(embeddings=(Reply(status=400),))
    row = Embedding.objects.get(organisation=org)
    similar.embedding_compute(embedding_id=row.pk)
    row.refresh_from_db()
    assert row.state == Embedding.State.FAILED
    assert "weigerde" in row.error
    other_team_text = "informatie verloren bij de overdracht"
    ids, method = similar.similar_ids(organisation=org, text=other_team_text)
    assert method == similar.FULLTEXT and ids == [overdracht.pk]


def test_a_retryable_fault_raises_for_the_task_to_retry(llm, org, team):
    submitted(org, team, "overdracht")
    llm.script(embeddings=(Reply(status=503),))
    row = Embedding.objects.get(organisation=org)
    from didactiek.llm import LLMError

    with pytest.raises(LLMError):
        similar.embedding_compute(embedding_id=row.pk)
    row.refresh_from_db()
    assert row.state == Embedding.State.QUEUED and row.attempts == 1


def _live_in_step(sessie: Sessie, key: str) -> Sessie:
    sessie.state = Sessie.State.LIVE
    sessie.current_step = steps.index(key)
    sessie.save()
    return sessie


def test_the_session_screens_show_similar_proposals(ai_off, team, login, client):
    org = ai_off
    other = TeamFactory(organisation=org)
    overdracht, _g = submitted(org, other, "overdracht")
    members = [UserFactory(organisation=org, team=team) for _ in range(3)]
    voorstel, groep, members, sessie = make_voorstel(org, team, members=members, titel="")
    _live_in_step(sessie, "probleemstelling")
    sessie.probleemstelling = "Bij de overdracht naar de avond raakt informatie kwijt."
    sessie.save()
    screen = screens.session_screen(sessie=sessie)
    assert [c["pk"] for c in screen.similar] == [overdracht.pk]
    assert screen.similar[0]["status_label"] == "Ingediend"
    login(members[0])
    html = client.get(reverse("weekcyclus:participant", args=[sessie.join_code])).content.decode()
    assert 'data-testid="similar"' in html and "Vaste overdracht met checklist" in html
    html = client.get(reverse("weekcyclus:projector", args=[sessie.pk])).content.decode()
    assert "Vaste overdracht met checklist" in html
    # Other steps show nothing.
    _live_in_step(sessie, "brainstorm")
    assert screens.session_screen(sessie=sessie).similar == []


def test_the_own_groups_proposals_are_never_similar(ai_off, team):
    overdracht, groep = submitted(ai_off, team, "overdracht")
    sessie = overdracht.sessie
    _live_in_step(sessie, "probleemstelling")
    assert screens.session_screen(sessie=sessie).similar == []


def test_indexing_is_per_submission(ai_off, team):
    overdracht, _g = submitted(ai_off, team, "overdracht")
    index = VoorstelIndex.objects.get(voorstel=overdracht)
    assert "Vaste overdracht met checklist" in index.text
    assert "overdracht" in index.stems.split()
