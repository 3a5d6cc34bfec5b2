"""Frames: the library, versions, the snapshot a session keeps, minutes, media, and frames
drafted by AI (the local OpenAI-protocol server) or the offline template."""

import io
import json
import wave

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from didactiek import frame_prompt, frames, services
from didactiek.models import DidactischeVraag, Frame, FrameDraft, FrameVersie
from didactiek.starter import FRAMES, starter_library_install
from didactiek.tasks import draft_frame
from tests.factories import UserFactory
from tests.llm_server import Reply
from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import services as sessies
from weekcyclus.models import Bijdrage, Sessie
from werkplekleren.models import Role


@pytest.fixture
def lo(org):
    return UserFactory(organisation=org, roles=[Role.LO])


def wav_bytes(seconds: float = 0.5) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x10" * int(8000 * seconds))
    return buffer.getvalue()


def three_steps(**change) -> list[dict]:
    stappen = [
        {"kind": "checkin", "minutes": 10},
        {
            "kind": "bespreken",
            "minutes": 40,
            "question": {"nl": "Wat valt op?", "en": "What stands out?"},
            "verrassingen": [
                {"kind": "ai", "text": {"nl": "Wat als AI dit deed?", "en": "What if AI?"}}
            ],
        },
        {"kind": "afsluiten", "minutes": 10},
    ]
    stappen[1].update(change)
    return stappen


def published(lo, stappen=None, minutes=60) -> FrameVersie:
    versie = services.frame_create(
        by=lo, title="Vitaal", title_en="Vital", minutes=minutes, stappen=stappen or three_steps()
    )
    return services.frame_publish(versie=versie, by=lo)


def test_starter_library_has_a_frame_for_each_question_and_is_idempotent(kader):
    assert starter_library_install() == len(FRAMES)
    assert starter_library_install() == 0
    served = set(
        Frame.objects.filter(organisation__isnull=True).values_list("vragen__number", flat=True)
    )
    assert served >= set(range(1, 11))
    for versie in FrameVersie.objects.filter(frame__organisation__isnull=True):
        assert sum(s["minutes"] for s in versie.stappen) == versie.minutes == 60
        # Every starter text exists in both languages.
        for step in versie.stappen:
            for key in ("title", "question", "guidance"):
                if key in step:
                    assert step[key]["nl"] and step[key]["en"]


def test_step_minutes_must_sum_to_the_frame_length(lo):
    with pytest.raises(ValidationError, match="samen 70 minuten; het frame duurt 60"):
        services.frame_create(by=lo, title="Te lang", minutes=60, stappen=three_steps(minutes=50))
    assert not Frame.objects.exists()


def test_only_lo_of_the_organisation_edits_frames(org, lo, other_org):
    with pytest.raises(PermissionDenied):
        services.frame_create(by=UserFactory(organisation=org), title="Niet van mij")
    versie = published(lo)
    with pytest.raises(PermissionDenied):
        services.frame_concept(
            frame=versie.frame, by=UserFactory(organisation=other_org, roles=[Role.LO])
        )


def test_a_published_version_never_changes_editing_makes_a_new_one(lo):
    versie = published(lo)
    with pytest.raises(ValidationError):
        services.frame_save(
            versie=versie,
            by=lo,
            title="x",
            title_en="",
            description="",
            description_en="",
            vragen=[],
            minutes=60,
            stappen=three_steps(),
        )
    concept = services.frame_concept(frame=versie.frame, by=lo)
    assert concept.number == 2 and concept.state == FrameVersie.State.CONCEPT
    assert services.frame_concept(frame=versie.frame, by=lo) == concept  # one concept


def test_a_session_keeps_the_frame_version_it_ran(org, lo):
    versie = published(lo)
    groep, members, cyclus, sessie = group_with_session(org)
    sessies.sessie_frame_choose(sessie=sessie, by=members[0], frame_versie=versie)
    sessie.refresh_from_db()
    assert [s["kind"] for s in sessie.stappen] == ["checkin", "bespreken", "afsluiten"]
    assert sum(sessie.step_minutes) == sessie.duration_minutes
    sessies.sessie_start(sessie=sessie, by=members[0])
    sessies.sessie_goto_step(sessie=sessie, by=members[0], step=1)
    before = Sessie.objects.get(pk=sessie.pk).stappen

    # L&O edits the frame afterwards and publishes version 2.
    concept = services.frame_concept(frame=versie.frame, by=lo)
    changed = three_steps(question={"nl": "Iets heel anders?", "en": "Something else?"})
    changed.insert(0, {"kind": "vitaliteit", "minutes": 5})
    changed[1]["minutes"] = 5
    services.frame_save(
        versie=concept,
        by=lo,
        title="Vitaal 2",
        title_en="",
        description="",
        description_en="",
        vragen=[],
        minutes=60,
        stappen=changed,
    )
    services.frame_publish(versie=concept, by=lo)

    sessie = Sessie.objects.get(pk=sessie.pk)
    assert sessie.stappen == before
    assert sessie.frame_versie_id == versie.pk
    assert sessie.step.kind == "bespreken" and sessie.step.question == "Wat valt op?"
    assert len(sessie.steps) == 3
    # A started session's frame cannot be swapped.
    with pytest.raises(ValidationError):
        sessies.sessie_frame_choose(sessie=sessie, by=members[0], frame_versie=concept)


def test_services_check_the_step_kind_not_its_place(org, lo):
    # Brainstorm is the first step here: ideas are accepted there, in any frame.
    versie = published(
        lo,
        stappen=[{"kind": "brainstorm", "minutes": 30}, {"kind": "voorstel", "minutes": 30}],
    )
    groep, members, cyclus, sessie = group_with_session(org)
    sessies.sessie_frame_choose(sessie=sessie, by=members[0], frame_versie=versie)
    sessies.sessie_start(sessie=sessie, by=members[0])
    d = sessies.sessie_join(sessie=sessie, user=members[1])
    sessies.bijdrage_add(deelnemer=d, kind=Bijdrage.Kind.IDEE, text="Idee in stap 1")
    with pytest.raises(ValidationError, match="Analyse"):
        sessies.bijdrage_add(deelnemer=d, kind=Bijdrage.Kind.ANALYSE, text="Geen analysestap")
    with pytest.raises(ValidationError):
        sessies.sessie_goto_step(sessie=sessie, by=members[0], step=2)  # only two steps


def test_surprise_cards_are_drawn_by_the_facilitator_in_their_step(org, lo):
    versie = published(lo)
    groep, members, cyclus, sessie = group_with_session(org)
    sessies.sessie_frame_choose(sessie=sessie, by=members[0], frame_versie=versie)
    sessies.sessie_start(sessie=sessie, by=members[0])
    with pytest.raises(ValidationError, match="geen verrassingen"):
        sessies.sessie_verrassing_draw(sessie=sessie, by=members[0])
    sessies.sessie_goto_step(sessie=sessie, by=members[0], step=1)
    with pytest.raises(PermissionDenied):
        sessies.sessie_verrassing_draw(sessie=sessie, by=members[1])
    sessies.sessie_verrassing_draw(sessie=sessie, by=members[0])
    sessie = Sessie.objects.get(pk=sessie.pk)
    assert sessie.verrassing_card["text"] == "Wat als AI dit deed?"
    sessies.sessie_goto_step(sessie=sessie, by=members[0], step=2)
    assert Sessie.objects.get(pk=sessie.pk).verrassing_card is None


def test_media_upload_checks_type_size_and_content(org, lo, settings):
    good = SimpleUploadedFile("fragment.wav", wav_bytes(), content_type="audio/wav")
    media = services.media_upload(organisation_id=org.pk, by=lo, upload=good)
    assert media.kind == "audio" and media.size > 1000
    with pytest.raises(ValidationError, match="Dit soort bestand kan niet"):
        services.media_upload(
            organisation_id=org.pk, by=lo, upload=SimpleUploadedFile("x.exe", b"MZ")
        )
    with pytest.raises(ValidationError, match="geen geldig .wav"):
        services.media_upload(
            organisation_id=org.pk, by=lo, upload=SimpleUploadedFile("x.wav", b"<html>")
        )
    settings.MEDIA_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="hoogstens 0 MB"):
        services.media_upload(
            organisation_id=org.pk, by=lo, upload=SimpleUploadedFile("y.wav", wav_bytes())
        )


def test_media_is_served_only_to_the_owning_organisation(client, org, other_org, lo):
    media = services.media_upload(
        organisation_id=org.pk,
        by=lo,
        upload=SimpleUploadedFile("fragment.wav", wav_bytes(), content_type="audio/wav"),
    )
    url = reverse("didactiek:media", args=[media.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory(organisation=other_org))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(organisation=org))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert b"".join(response.streaming_content).startswith(b"RIFF")


def _request(lo, kader_numbers=(6,)):
    return services.frame_draft_request(
        by=lo,
        vragen=list(DidactischeVraag.objects.filter(number__in=kader_numbers)),
        doel="Meer energie in het team",
        minutes=60,
    )


def ai_frame(minutes=(10, 20, 20, 5)) -> str:
    kinds = ["checkin", "vitaliteit", "bespreken", "afsluiten"]
    return json.dumps(
        {
            "titel_nl": "Energie in de week",
            "titel_en": "Energy in the week",
            "beschrijving_nl": "Een frame over vitaliteit.",
            "beschrijving_en": "A frame about vitality.",
            "stappen": [
                {
                    "soort": kind,
                    "titel_nl": f"Stap {i}",
                    "titel_en": f"Step {i}",
                    "vraag_nl": "Hoe gaat het met je energie?",
                    "vraag_en": "How is your energy?",
                    "begeleiding_nl": "",
                    "begeleiding_en": "",
                    "minuten": m,
                    "verrassingen": [
                        {"soort": "feit", "tekst_nl": "Bewegen helpt.", "tekst_en": "Moving helps."}
                    ]
                    if kind == "bespreken"
                    else [],
                }
                for i, (kind, m) in enumerate(zip(kinds, minutes, strict=True))
            ],
        }
    )


def test_ai_drafts_a_frame_that_lo_edits_and_publishes(org, lo, llm, kader):
    org.ai_enabled = True
    org.save()
    llm.script(Reply(content=ai_frame()))
    draft = _request(lo)
    draft_frame.apply(args=[draft.pk])
    draft.refresh_from_db()
    assert draft.state == FrameDraft.State.DONE and not draft.is_template
    assert draft.prompt_version == frame_prompt.PROMPT_VERSION
    # The model saw the aim as data and the schema; the minutes (55) were fitted to 60.
    sent = llm.requests[0]["body"]
    assert sent["response_format"]["json_schema"]["name"] == "videoframe"
    assert "Meer energie in het team" in sent["messages"][1]["content"]
    assert sum(s["minutes"] for s in draft.output["stappen"]) == 60
    assert draft.notes and "passend gemaakt" in draft.notes[0]
    # Nothing is published by the draft: L&O makes a concept of it and publishes it.
    versie = services.frame_draft_to_concept(draft=draft, by=lo)
    assert versie.state == FrameVersie.State.CONCEPT and versie.draft_id == draft.pk
    assert list(versie.frame.vragen.values_list("number", flat=True)) == [6]
    services.frame_publish(versie=versie, by=lo)


def test_a_wrong_answer_twice_fails_the_frame_draft_with_a_reason(org, lo, llm, kader):
    org.ai_enabled = True
    org.save()
    llm.script(Reply(content="geen json"), Reply(content=json.dumps({"titel_nl": "x"})))
    draft = _request(lo)
    draft_frame.apply(args=[draft.pk])
    draft.refresh_from_db()
    assert draft.state == FrameDraft.State.FAILED
    assert "verkeerde vorm" in draft.error


def test_offline_template_drafts_from_the_starter_library(org, lo, kader):
    draft = _request(lo, kader_numbers=(7,))
    draft_frame.apply(args=[draft.pk])
    draft.refresh_from_db()
    assert draft.state == FrameDraft.State.DONE and draft.is_template
    assert draft.output["title"]["nl"].startswith("Sjabloon:")
    assert any(s["kind"] == "bespreken" for s in draft.output["stappen"])  # quietest voice


def test_fit_minutes_keeps_the_total():
    for total in (15, 45, 60, 90, 240):
        fitted = frames.fit_minutes(frames.default_step_minutes(), total)
        assert sum(fitted) == total and min(fitted) >= 1


# --- A draft the group can judge ------------------------------------------------------------

JUDGE = (
    "aannames",
    "onzekerheden",
    "alternatieven",
    "weggelaten_ideeen",
    "eerste_stap",
    "eigenaar",
    "effectmeting",
)


def _at_voorstel(org):
    from weekcyclus import steps

    groep, members, cyclus, sessie = group_with_session(org)
    sessies.sessie_start(sessie=sessie, by=members[0])
    d = [sessies.sessie_join(sessie=sessie, user=m) for m in members]
    sessies.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("brainstorm"))
    ideas = [
        sessies.bijdrage_add(deelnemer=d[1], kind=Bijdrage.Kind.IDEE, text=t)
        for t in ("Vaste overdracht", "Checklist", "Eén aanspreekpunt", "App", "Whiteboard")
    ]
    for deelnemer in d[:3]:
        sessies.idee_vote_toggle(idee=ideas[1], deelnemer=deelnemer)
    sessies.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("voorstel"))
    return sessie, members, d


def test_the_llm_draft_carries_what_the_group_needs_to_judge_it(org, llm, kader):
    from didactiek.models import VoorstelDraft
    from didactiek.prompt import SCHEMA
    from didactiek.tasks import draft_voorstel

    org.ai_enabled = True
    org.save()
    sessie, members, d = _at_voorstel(org)
    assert set(JUDGE) <= set(SCHEMA["required"])
    draft = sessies.draft_request(sessie=sessie, deelnemer=d[0])
    draft_voorstel.apply(args=[draft.pk])
    draft = VoorstelDraft.objects.get(pk=draft.pk)
    assert draft.state == "klaar"
    for key in JUDGE:
        assert draft.output[key], key
    system = llm.requests[0]["body"]["messages"][0]["content"]
    assert "Weeg de stemmen" in system
    # The votes travel with the ideas.
    assert '"stemmen": 3' in llm.requests[0]["body"]["messages"][1]["content"]

    # A redraft with a hint sees the previous draft.
    second = sessies.draft_request(sessie=sessie, deelnemer=d[0], hint="Korter graag")
    draft_voorstel.apply(args=[second.pk])
    sent = llm.requests[-1]["body"]["messages"][1]["content"]
    assert "vorig_concept" in sent and "Vaste overdracht met checklist" in sent

    # The review step shows it next to the critical questions.
    sessies.voorstel_adopt_draft(sessie=sessie, deelnemer=d[0], draft=draft)
    from weekcyclus import steps

    sessies.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("valideren"))
    from django.template.loader import render_to_string

    from weekcyclus import push, screens
    from weekcyclus.live import PROJECTOR

    sessie = Sessie.objects.get(pk=sessie.pk)
    html = render_to_string(
        push.STAGE_TEMPLATES[PROJECTOR],
        push.stage_context(
            sessie=sessie, screen=screens.session_screen(sessie=sessie), kind=PROJECTOR
        ),
    )
    for text in (
        "Aannames",
        "Iedereen heeft om 14:30 vijf minuten.",
        "Onzeker",
        "Overwogen alternatieven",
        "Een overdrachtsapp",
        "Weggelaten ideeën",
        "Eerste stap",
        "Volgende week een proef",
        "Wie kan het trekken",
        "Zo meten we het effect",
        "Klopt het?",
    ):
        assert text in html, text


def test_the_offline_template_also_carries_them_in_the_requesters_language(org, kader):
    from didactiek.models import VoorstelDraft
    from didactiek.tasks import draft_voorstel

    sessie, members, d = _at_voorstel(org)
    members[0].language = "en"
    members[0].save()
    draft = sessies.draft_request(sessie=sessie, deelnemer=d[0])
    draft_voorstel.apply(args=[draft.pk])
    draft = VoorstelDraft.objects.get(pk=draft.pk)
    assert draft.is_template
    for key in JUDGE:
        assert draft.output[key], key
    # Ideas beyond the four with most votes are named as left out, with the reason.
    assert [w["idee"] for w in draft.output["weggelaten_ideeen"]] == [5]
    assert (
        draft.output["effectmeting"].startswith("Choose")
        or draft.output["inzet_ai"] != "Geen: dit concept is zonder AI gemaakt."
    )


def test_where_the_organisation_allows_it_groups_author_their_own_frames(
    client, org, lo, other_org
):
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    pro = UserFactory(organisation=org, roles=[Role.PROFESSIONAL])
    theirs = published(lo)
    client.force_login(pro)
    # Off (the default): only L&O makes frames.
    with pytest.raises(PermissionDenied):
        services.frame_create(by=pro, title="Onze eigen check-in")
    assert "Nieuw frame" not in client.get(reverse("didactiek:frame_library")).content.decode()
    assert client.post(reverse("didactiek:frame_new"), {"title": "x"}).status_code == 302
    assert not Frame.objects.filter(created_by=pro).exists()

    # The organisation's admin turns it on in the settings.
    client.force_login(admin)
    response = client.post(
        reverse("organisation_settings"),
        {
            "hours_per_week": "4",
            "gesprek_interval_weeks": "6",
            "ai_enabled": "on",
            "llm_model": "",
            "groups_author_frames": "on",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.groups_author_frames

    client.force_login(pro)
    body = client.get(reverse("didactiek:frame_library")).content.decode()
    assert "Nieuw frame" in body and "Laat een frame ontwerpen" not in body  # AI: L&O's
    response = client.post(reverse("didactiek:frame_new"), {"title": "Onze eigen check-in"})
    frame = Frame.objects.get(created_by=pro)
    assert response.url == reverse("didactiek:frame_edit", args=[frame.pk])
    assert client.get(response.url).status_code == 200
    versie = frame.versies.get()
    services.frame_publish(versie=versie, by=pro)
    assert versie.frame.versies.get().state == FrameVersie.State.PUBLISHED
    # Their own frames only: L&O's frame stays L&O's (404 on the page, refused in the service).
    assert client.get(reverse("didactiek:frame_edit", args=[theirs.frame_id])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.frame_concept(frame=theirs.frame, by=pro)
    # L&O may edit what a group made; nobody of another organisation may.
    assert services.frame_concept(frame=frame, by=lo).number == 2
    stranger = UserFactory(organisation=other_org, roles=[Role.PROFESSIONAL])
    other_org.groups_author_frames = True
    other_org.save()
    with pytest.raises(PermissionDenied):
        services.frame_concept(frame=frame, by=stranger)
