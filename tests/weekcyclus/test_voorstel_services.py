"""The proposal after the brainstorm: adopting a draft, editing with provenance, the
critical review, validation by vote (majority or consensus), frozen versions, the diff."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from didactiek.drafts import proposal_diff
from didactiek.models import Verbetervoorstel, VoorstelDraft, VoorstelStem
from didactiek.tasks import draft_voorstel
from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import services, steps
from weekcyclus.models import Bijdrage, Groep

REVIEW = {
    "klopt": "Ja, het sluit aan op de analyse",
    "haalbaar": "Binnen vier weken",
    "eerlijk": "Geldt voor alle diensten",
    "privacy": "Geen cliëntnamen in de checklist",
    "ai": "De AI dacht dat we één team zijn",
}


@pytest.fixture
def session(org, settings):
    settings.OPENAI_API_KEY = ""  # the offline drafter: no network in these tests
    settings.OPENAI_BASE_URL = ""
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    d = [services.sessie_join(sessie=sessie, user=m) for m in members]
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("brainstorm"))
    for text in ("Vaste overdracht", "Checklist", "Eén aanspreekpunt"):
        services.bijdrage_add(deelnemer=d[1], kind=Bijdrage.Kind.IDEE, text=text)
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("voorstel"))
    return sessie, members, d


def _goto(sessie, members, key):
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index(key))


def _write(sessie, d, stappen=None, base=0):
    return services.voorstel_save(
        sessie=sessie,
        deelnemer=d,
        titel="Vaste overdracht",
        stappen=stappen or [{"tekst": "Om 14:30 overdragen", "ideeen": [1]}],
        tekst="Toelichting",
        base_version=base,
    )


def test_adopting_a_draft_keeps_its_steps_and_their_ideas(session):
    sessie, members, d = session
    draft = services.draft_request(sessie=sessie, deelnemer=d[1])
    draft_voorstel.apply(args=[draft.pk])
    draft.refresh_from_db()
    voorstel = services.voorstel_adopt_draft(sessie=sessie, deelnemer=d[2], draft=draft)
    assert voorstel.draft == draft
    assert voorstel.titel == draft.output["titel"]
    assert [s["ideeen"] for s in voorstel.stappen[:3]] == [[1], [2], [3]]
    assert "Risico's en aandachtspunten" in voorstel.tekst


def test_a_draft_that_is_not_done_cannot_be_adopted(session):
    sessie, members, d = session
    draft = services.draft_request(sessie=sessie, deelnemer=d[1])
    with pytest.raises(ValidationError):
        services.voorstel_adopt_draft(sessie=sessie, deelnemer=d[2], draft=draft)


def test_steps_keep_only_existing_ideas_and_drop_empty_steps(session):
    sessie, members, d = session
    voorstel = _write(
        sessie,
        d[1],
        stappen=[
            {"tekst": "Stap met ideeën", "ideeen": [1, 3, 42]},
            {"tekst": "   ", "ideeen": [2]},
            {"tekst": "Eigen stap", "ideeen": []},
        ],
    )
    assert voorstel.stappen == [
        {"tekst": "Stap met ideeën", "ideeen": [1, 3]},
        {"tekst": "Eigen stap", "ideeen": []},
    ]


def test_the_diff_shows_what_the_group_kept_changed_and_added(session):
    sessie, members, d = session
    draft = services.draft_request(sessie=sessie, deelnemer=d[1])
    draft_voorstel.apply(args=[draft.pk])
    draft.refresh_from_db()
    voorstel = services.voorstel_adopt_draft(sessie=sessie, deelnemer=d[2], draft=draft)
    stappen = voorstel.stappen[:1] + [{"tekst": "Een stap van de groep zelf", "ideeen": []}]
    voorstel = _write(sessie, d[1], stappen=stappen, base=voorstel.version)
    diff = proposal_diff(voorstel)
    ops = {op for op, _line in diff}
    assert {"kept", "added", "removed"} <= ops
    assert ("added", "2. Een stap van de groep zelf") in diff
    assert any(op == "kept" and line.startswith("1. ") for op, line in diff)


def test_no_diff_without_a_draft(session):
    sessie, members, d = session
    assert proposal_diff(_write(sessie, d[1])) is None


def test_vote_needs_a_proposal_and_a_complete_review(session):
    sessie, members, d = session
    _goto(sessie, members, "valideren")
    with pytest.raises(ValidationError, match="titel"):
        services.voorstel_vote(sessie=sessie, deelnemer=d[1], akkoord=True)
    _goto(sessie, members, "voorstel")
    _write(sessie, d[1])
    _goto(sessie, members, "valideren")
    with pytest.raises(ValidationError, match="kritische toets"):
        services.voorstel_vote(sessie=sessie, deelnemer=d[1], akkoord=True)
    services.voorstel_review_save(sessie=sessie, deelnemer=d[1], answers={**REVIEW, "ai": ""})
    with pytest.raises(ValidationError):
        services.voorstel_vote(sessie=sessie, deelnemer=d[1], akkoord=True)


def _ready_to_vote(session):
    sessie, members, d = session
    _write(sessie, d[1])
    _goto(sessie, members, "valideren")
    services.voorstel_review_save(sessie=sessie, deelnemer=d[2], answers=REVIEW)
    return sessie, members, d


def test_majority_of_the_present_members_validates_and_freezes(session):
    sessie, members, d = _ready_to_vote(session)
    services.voorstel_vote(sessie=sessie, deelnemer=d[0], akkoord=True)
    services.voorstel_vote(sessie=sessie, deelnemer=d[1], akkoord=False)
    voorstel = services.voorstel_vote(sessie=sessie, deelnemer=d[2], akkoord=True)
    assert voorstel.status == Verbetervoorstel.Status.CONCEPT  # 2 of 4 is no majority
    voorstel = services.voorstel_vote(sessie=sessie, deelnemer=d[3], akkoord=True)
    assert voorstel.status == Verbetervoorstel.Status.GEVALIDEERD
    versie = voorstel.versies.get()
    assert versie.titel == "Vaste overdracht" and versie.review == REVIEW
    assert {(v["user"], v["akkoord"]) for v in versie.votes} == {
        (members[0].pk, True),
        (members[1].pk, False),
        (members[2].pk, True),
        (members[3].pk, True),
    }
    with pytest.raises(ValidationError, match="ligt vast"):
        _write(sessie, d[1], base=voorstel.version)


def test_consensus_needs_everyone_present(session):
    sessie, members, d = _ready_to_vote(session)
    Groep.objects.filter(pk=sessie.weekcyclus.groep_id).update(validatie="consensus")
    sessie.weekcyclus.groep.refresh_from_db()
    for i in range(3):
        voorstel = services.voorstel_vote(sessie=sessie, deelnemer=d[i], akkoord=True)
        assert voorstel.status == Verbetervoorstel.Status.CONCEPT
    voorstel = services.voorstel_vote(sessie=sessie, deelnemer=d[3], akkoord=True)
    assert voorstel.status == Verbetervoorstel.Status.GEVALIDEERD


def test_changing_your_vote_replaces_it(session):
    sessie, members, d = _ready_to_vote(session)
    services.voorstel_vote(sessie=sessie, deelnemer=d[0], akkoord=False)
    services.voorstel_vote(sessie=sessie, deelnemer=d[0], akkoord=True)
    assert VoorstelStem.objects.filter(user=members[0]).count() == 1
    assert VoorstelStem.objects.get(user=members[0]).akkoord is True


def test_guests_do_not_vote(session):
    sessie, members, d = _ready_to_vote(session)
    guest = services.gast_join(
        invitation=services.gast_invite(sessie=sessie, by=members[0], name="Gast")
    )
    with pytest.raises(PermissionDenied):
        services.voorstel_vote(sessie=sessie, deelnemer=guest, akkoord=True)


def test_reopening_makes_a_new_version_and_keeps_the_validated_one(session):
    sessie, members, d = _ready_to_vote(session)
    for i in range(3):
        services.voorstel_vote(sessie=sessie, deelnemer=d[i], akkoord=True)
    voorstel = services.voorstel_reopen(sessie=sessie, deelnemer=d[1])
    assert voorstel.status == Verbetervoorstel.Status.CONCEPT
    assert voorstel.versies.count() == 1
    # Votes were about the validated text; the new version needs new ones.
    assert not voorstel.stemmen.filter(version=voorstel.version).exists()
    _goto(sessie, members, "voorstel")
    voorstel = _write(
        sessie, d[1], stappen=[{"tekst": "Nieuwe stap", "ideeen": []}], base=voorstel.version
    )
    _goto(sessie, members, "valideren")
    for i in range(3):
        voorstel = services.voorstel_vote(sessie=sessie, deelnemer=d[i], akkoord=True)
    assert [v.number for v in voorstel.versies.all()] == [2, 1]
    assert voorstel.versies.get(number=1).stappen[0]["tekst"] == "Om 14:30 overdragen"


def test_an_edit_resets_the_votes(session):
    sessie, members, d = _ready_to_vote(session)
    services.voorstel_vote(sessie=sessie, deelnemer=d[0], akkoord=True)
    services.voorstel_vote(sessie=sessie, deelnemer=d[1], akkoord=True)
    voorstel = Verbetervoorstel.objects.get(sessie=sessie)
    voorstel = _write(sessie, d[1], base=voorstel.version)
    assert not voorstel.stemmen.filter(version=voorstel.version).exists()
    # Votes on the earlier text no longer count: with them, 3 of 4 would be a majority.
    voorstel = services.voorstel_vote(sessie=sessie, deelnemer=d[2], akkoord=True)
    assert voorstel.status == Verbetervoorstel.Status.CONCEPT
    voorstel = services.voorstel_vote(sessie=sessie, deelnemer=d[3], akkoord=True)
    assert voorstel.status == Verbetervoorstel.Status.CONCEPT  # 2 of 4 on this version
    voorstel = services.voorstel_vote(sessie=sessie, deelnemer=d[0], akkoord=True)
    assert voorstel.status == Verbetervoorstel.Status.GEVALIDEERD
    assert {v["user"] for v in voorstel.versies.get().votes} == {
        members[0].pk,
        members[2].pk,
        members[3].pk,
    }


def test_drafts_stay_visible_as_versions(session):
    sessie, members, d = session
    first = services.draft_request(sessie=sessie, deelnemer=d[1])
    draft_voorstel.apply(args=[first.pk])
    second = services.draft_request(sessie=sessie, deelnemer=d[1], hint="korter")
    draft_voorstel.apply(args=[second.pk])
    assert list(sessie.drafts.values_list("version", "state")) == [
        (2, VoorstelDraft.State.DONE),
        (1, VoorstelDraft.State.DONE),
    ]
