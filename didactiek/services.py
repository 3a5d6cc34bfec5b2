"""Drafting proposals (the worker's side of a VoorstelDraft's life), and the frame library:
editing, publishing, media and frames drafted by AI.

queued → running → done / failed. Every transition is a conditional UPDATE on the row, so a
redelivered message or a second worker cannot run a draft twice, and every transition
bumps the session's live version so the projector shows the progress.
"""

import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from werkplekleren import jobs

from . import llm, prompt
from .models import Frame, FrameDraft, FrameVersie, Media, VoorstelDraft
from .signals import draft_changed

MAX_ATTEMPTS = jobs.MAX_ATTEMPTS


def _bump(draft: VoorstelDraft) -> None:
    # The session's screens follow (weekcyclus listens: WeekcyclusConfig.ready).
    draft_changed.send(sender=VoorstelDraft, draft=draft)


def draft_enqueue(*, draft: VoorstelDraft) -> None:
    """Send the draft to a worker once the surrounding transaction has committed; with the
    broker unreachable the draft stays queued with a note (see jobs.send)."""
    pk = draft.pk
    transaction.on_commit(lambda: _draft_send(pk))


def _draft_send(pk: int) -> None:
    from .tasks import draft_voorstel

    if not jobs.send(VoorstelDraft, pk, draft_voorstel, queued_note=jobs.queued_note()):
        _bump(VoorstelDraft.objects.select_related("sessie").get(pk=pk))


def drafts_send_unsent(*, grace_seconds: int = jobs.UNSENT_GRACE_SECONDS) -> list[int]:
    """Send the drafts asked for while the broker was unreachable (beat and worker start)."""
    from .tasks import draft_voorstel

    return jobs.send_unsent(
        VoorstelDraft,
        task=draft_voorstel,
        queued_note=jobs.queued_note(),
        on_change=lambda pk: _bump(VoorstelDraft.objects.select_related("sessie").get(pk=pk)),
        grace_seconds=grace_seconds,
    )


@transaction.atomic
def draft_claim(*, draft_id: int) -> VoorstelDraft | None:
    """queued → running, for exactly one worker. None when there is nothing to do."""
    if not jobs.claim(VoorstelDraft, draft_id, started_at=timezone.now()):
        return None
    draft = VoorstelDraft.objects.select_related("sessie", "organisation", "requested_by").get(
        pk=draft_id
    )
    _bump(draft)
    return draft


def draft_run(*, draft_id: int, drafter: llm.Drafter | None = None) -> VoorstelDraft | None:
    """Run one draft: build the material, ask the drafter, validate, store.

    Raises ``llm.LLMError`` for the task to retry or fail; invalid output gets one retry with
    the validation error, then fails the draft here.
    """
    draft = draft_claim(draft_id=draft_id)
    if draft is None:
        return None
    material = prompt.material_for(
        draft.sessie, before_version=draft.version if draft.hint else None
    )
    drafter = drafter or llm.drafter_for(draft.organisation)
    started = time.monotonic()
    language = getattr(draft.requested_by, "language", "") or "nl"

    def ask(retry_error: str | None) -> str:
        with translation.override(language):  # the offline template speaks their language
            return drafter.draft(material=material, hint=draft.hint, retry_error=retry_error)

    parsed, error = jobs.ask_twice(
        ask,
        parse=lambda raw: prompt.parse_output(raw, material),
        invalid=prompt.OutputInvalid,
    )
    if error is not None:
        return draft_fail(draft_id=draft_id, reason=prompt.failed_twice_reason(error))
    assert parsed is not None  # (one of the two is always given)
    output, notes = parsed
    return _draft_done(
        draft_id=draft_id,
        output=output,
        notes=notes,
        provider=drafter.provider,
        model=drafter.model,
        duration_ms=int((time.monotonic() - started) * 1000),
    )


@transaction.atomic
def _draft_done(*, draft_id, output, notes, provider, model, duration_ms) -> VoorstelDraft | None:
    done = jobs.finish(
        VoorstelDraft,
        draft_id,
        output=output,
        notes=notes,
        provider=provider,
        model=model,
        prompt_version=prompt.PROMPT_VERSION,
        duration_ms=duration_ms,
        finished_at=timezone.now(),
    )
    draft = VoorstelDraft.objects.select_related("sessie").get(pk=draft_id)
    if done:
        _bump(draft)
    return draft


@transaction.atomic
def draft_retry_later(*, draft_id: int, reason: str) -> None:
    if jobs.retry_later(VoorstelDraft, draft_id, reason):
        _bump(VoorstelDraft.objects.select_related("sessie").get(pk=draft_id))


@transaction.atomic
def draft_fail(*, draft_id: int, reason: str) -> VoorstelDraft:
    failed = jobs.fail(VoorstelDraft, draft_id, reason, finished_at=timezone.now())
    draft = VoorstelDraft.objects.select_related("sessie").get(pk=draft_id)
    if failed:
        _bump(draft)
    return draft


def drafts_requeue_stuck(*, older_than_seconds: int | None = None) -> list[int]:
    """Hand out again drafts whose message or worker got lost (the beat task calls this)."""

    def on_change(pk: int) -> None:
        _bump(VoorstelDraft.objects.select_related("sessie").get(pk=pk))

    def enqueue(pk: int) -> None:
        draft_enqueue(draft=VoorstelDraft(pk=pk))

    return jobs.requeue_stuck(
        VoorstelDraft,
        enqueue=enqueue,
        on_change=on_change,
        stuck_reason=_("Het maken van het concept bleef steeds hangen. Probeer het opnieuw."),
        older_than_seconds=older_than_seconds,
    )


# --- Frames: the library, the editor, publishing, media ------------------------------------

FRAME_TEXT_MAX = 300
FRAME_GUIDANCE_MAX = 1000
FRAME_MAX_STEPS = 20
FRAME_MAX_CARDS = 8
MEDIA_TYPES = {
    # extension: (kind, content type, the bytes the file starts with (None: not checked))
    ".mp4": ("video", "video/mp4", None),
    ".webm": ("video", "video/webm", b"\x1a\x45\xdf\xa3"),
    ".mp3": ("audio", "audio/mpeg", None),
    ".m4a": ("audio", "audio/mp4", None),
    ".ogg": ("audio", "audio/ogg", b"OggS"),
    ".wav": ("audio", "audio/wav", b"RIFF"),
    ".pdf": ("pdf", "application/pdf", b"%PDF"),
}


def _require_lo(user, organisation_id) -> None:
    from werkplekleren.models import Role

    if organisation_id is None or user.organisation_id != organisation_id:
        raise PermissionDenied(_("Alleen L&O van de eigen organisatie kan frames bewerken."))
    if Role.LO not in user.roles:
        raise PermissionDenied(_("Alleen L&O kan frames maken en publiceren."))


def _require_author(user, organisation_id, *, frame=None) -> None:
    """L&O of the organisation; where the organisation lets groups author frames, also a
    professional of it — for a new frame, or one they made themselves."""
    from werkplekleren.models import Role

    if organisation_id is None or user.organisation_id != organisation_id or not user.is_active:
        raise PermissionDenied(_("Alleen L&O van de eigen organisatie kan frames bewerken."))
    if Role.LO in user.roles:
        return
    if (
        user.organisation.groups_author_frames
        and Role.PROFESSIONAL in user.roles
        and (frame is None or frame.created_by_id == user.pk)
    ):
        return
    if frame is not None and user.organisation.groups_author_frames:
        raise PermissionDenied(_("Je kunt alleen frames bewerken die je zelf hebt gemaakt."))
    raise PermissionDenied(_("Alleen L&O kan frames maken en publiceren."))


def frame_may_author(user, frame=None) -> bool:
    """May ``user`` make a frame (``frame`` None) or edit and publish ``frame``?"""
    if not user.is_authenticated:
        return False
    try:
        _require_author(
            user, frame.organisation_id if frame is not None else user.organisation_id, frame=frame
        )
    except PermissionDenied:
        return False
    return True


def _texts(value, limit: int, what: str) -> dict:
    """{"nl": …, "en": …} stripped and within ``limit``; a refusal names the field."""
    if isinstance(value, str):
        value = {"nl": value}
    out = {}
    for lang in ("nl", "en"):
        text = str((value or {}).get(lang, "") or "").strip()
        if len(text) > limit:
            raise ValidationError(
                _("%(what)s mag hoogstens %(limit)s tekens hebben; dit zijn er %(n)s.")
                % {"what": what, "limit": limit, "n": len(text)}
            )
        if text:
            out[lang] = text
    return out


def frame_steps_clean(*, stappen, minutes: int, organisation_id: int | None) -> list[dict]:
    """The steps of a frame version, checked: known kinds, texts within limits, minutes that
    sum to the frame's length, media of the organisation. Errors are Dutch and name the
    step."""
    from .frames import KINDS, VERRASSING_KINDS

    if not stappen:
        raise ValidationError(_("Een frame heeft minstens één stap."))
    if len(stappen) > FRAME_MAX_STEPS:
        raise ValidationError(
            _("Een frame heeft hoogstens %(n)s stappen.") % {"n": FRAME_MAX_STEPS}
        )
    cleaned = []
    for number, stap in enumerate(stappen, start=1):
        label = _("Stap %(n)s") % {"n": number}
        kind = stap.get("kind")
        if kind not in KINDS:
            raise ValidationError(_("%(step)s: kies een soort stap.") % {"step": label})
        try:
            step_minutes = int(stap.get("minutes"))
        except (TypeError, ValueError):
            step_minutes = 0
        if not 1 <= step_minutes <= 240:
            raise ValidationError(
                _("%(step)s: geef een tijd van 1 tot 240 minuten.") % {"step": label}
            )
        data = {"kind": kind, "minutes": step_minutes}
        for key, limit in (
            ("title", 120),
            ("question", FRAME_TEXT_MAX),
            ("guidance", FRAME_GUIDANCE_MAX),
        ):
            texts = _texts(stap.get(key), limit, f"{label}")
            if texts:
                data[key] = texts
        media = stap.get("media")
        if media:
            data["media"] = _media_clean(media, organisation_id=organisation_id, label=label)
        cards = []
        for card in stap.get("verrassingen") or []:
            texts = _texts(card.get("text"), FRAME_TEXT_MAX, f"{label}: {_('verrassing')}")
            if not texts.get("nl") and not texts.get("en"):
                continue
            at = card.get("at_minute")
            if at in ("", None):
                at = None
            else:
                try:
                    at = int(at)
                except (TypeError, ValueError):
                    at = -1
                if not 0 <= at <= step_minutes:
                    raise ValidationError(
                        _("%(step)s: een verrassing op minuut %(at)s valt buiten de stap.")
                        % {"step": label, "at": card.get("at_minute")}
                    )
            kind_ = card.get("kind") if card.get("kind") in VERRASSING_KINDS else "feit"
            cards.append({"kind": kind_, "text": texts, "at_minute": at})
        if len(cards) > FRAME_MAX_CARDS:
            raise ValidationError(
                _("%(step)s: hoogstens %(n)s verrassingen.") % {"step": label, "n": FRAME_MAX_CARDS}
            )
        if cards:
            data["verrassingen"] = cards
        cleaned.append(data)
    total = sum(s["minutes"] for s in cleaned)
    if total != minutes:
        raise ValidationError(
            _(
                "De stappen duren samen %(sum)s minuten; het frame duurt %(total)s minuten. "
                "Maak ze samen precies zo lang als het frame."
            )
            % {"sum": total, "total": minutes}
        )
    return cleaned


def _media_clean(media: dict, *, organisation_id, label) -> dict:
    from urllib.parse import urlsplit

    from .models import Media

    if media.get("kind") == "link":
        url = str(media.get("url", "")).strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500:
            raise ValidationError(
                _("%(step)s: een link begint met https:// (of http://).") % {"step": label}
            )
        return {"kind": "link", "url": url}
    try:
        media_id = int(media.get("media") or 0)
    except (TypeError, ValueError):
        media_id = 0
    item = (
        Media.objects.filter(pk=media_id, organisation_id__in=[organisation_id]).first()
        or Media.objects.filter(pk=media_id, organisation__isnull=True).first()
    )
    if item is None:
        raise ValidationError(_("%(step)s: dat mediabestand bestaat niet.") % {"step": label})
    return {"kind": item.kind, "media": item.pk, "name": item.name}


@transaction.atomic
def media_upload(*, organisation_id: int, by, upload) -> Media:
    """Keep an uploaded video, audio fragment or PDF (through Django's storage API). Refused
    with a clear message: another type, a file larger than ``MEDIA_MAX_BYTES``, or a file
    whose content is not what its name says."""
    from pathlib import PurePath

    from django.conf import settings

    from .models import Media

    name = PurePath(upload.name or "").name[:200] or "bestand"
    suffix = PurePath(name).suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise ValidationError(
            _(
                "Dit soort bestand kan niet: kies een video (mp4, webm), geluid (mp3, m4a, ogg, "
                "wav) of een pdf."
            )
        )
    limit = settings.MEDIA_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Het bestand is %(size)s MB; het mag hoogstens %(limit)s MB zijn.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": limit // 1_048_576}
        )
    kind, content_type, magic = MEDIA_TYPES[suffix]
    head = upload.read(16)
    upload.seek(0)
    if magic is not None and not head.startswith(magic):
        raise ValidationError(
            _("%(name)s is geen geldig %(suffix)s-bestand.") % {"name": name, "suffix": suffix}
        )
    media = Media(
        organisation_id=organisation_id,
        kind=kind,
        content_type=content_type,
        size=upload.size,
        name=name,
        uploaded_by=by,
    )
    media.file.save(name, upload, save=False)
    media.full_clean()
    media.save()
    return media


@transaction.atomic
def frame_create(
    *,
    by,
    title: str,
    title_en: str = "",
    description: str = "",
    description_en: str = "",
    vragen=(),
    minutes: int = 60,
    stappen: list[dict] | None = None,
    draft=None,
) -> FrameVersie:
    """A new frame in the author's organisation, as a concept (version 1): by L&O, or by a
    professional where the organisation lets groups author frames."""
    from . import frames
    from .models import Frame, FrameVersie

    _require_author(by, by.organisation_id)
    title = str(title).strip()
    if not title:
        raise ValidationError(_("Geef het frame een titel."))
    frame = Frame(
        organisation_id=by.organisation_id,
        title_nl=title[:200],
        title_en=str(title_en).strip()[:200],
        description_nl=str(description).strip()[:2000],
        description_en=str(description_en).strip()[:2000],
        created_by=by,
    )
    frame.full_clean()
    frame.save()
    frame.vragen.set(vragen)
    if stappen is None:
        stappen = frames.default_stappen()
        minutes = sum(s["minutes"] for s in stappen)
    versie = FrameVersie(
        frame=frame,
        number=1,
        minutes=minutes,
        stappen=frame_steps_clean(
            stappen=stappen, minutes=minutes, organisation_id=by.organisation_id
        ),
        draft=draft,
        edited_by=by,
    )
    versie.full_clean()
    versie.save()
    return versie


@transaction.atomic
def frame_copy(*, frame: Frame, by) -> FrameVersie:
    """Copy a frame (a starter frame, or one of the library) into a new concept frame."""
    latest = frame.versies.filter(state="gepubliceerd").order_by("-number").first()
    if latest is None:
        raise ValidationError(_("Dit frame heeft nog geen gepubliceerde versie."))
    versie = frame_create(
        by=by,
        title=_("Kopie van %(title)s") % {"title": frame.title_nl or frame.title},
        title_en=f"Copy of {frame.title_en}" if frame.title_en else "",
        description=frame.description_nl or "",
        description_en=frame.description_en or "",
        vragen=list(frame.vragen.all()),
        minutes=latest.minutes,
        stappen=[dict(s) for s in latest.stappen],
    )
    return versie


@transaction.atomic
def frame_concept(*, frame: Frame, by) -> FrameVersie:
    """The version being edited: the concept, or a new one copied from the latest published
    version (a published version itself never changes)."""
    from .models import Frame, FrameVersie

    _require_author(by, frame.organisation_id, frame=frame)
    Frame.objects.select_for_update().filter(pk=frame.pk).first()
    concept = frame.versies.filter(state=FrameVersie.State.CONCEPT).first()
    if concept is not None:
        return concept
    latest = frame.versies.order_by("-number").first()
    concept = FrameVersie(
        frame=frame,
        number=(latest.number + 1) if latest else 1,
        minutes=latest.minutes if latest else 60,
        stappen=[dict(s) for s in latest.stappen] if latest else [],
        edited_by=by,
    )
    concept.save()
    return concept


@transaction.atomic
def frame_save(
    *,
    versie: FrameVersie,
    by,
    title: str,
    title_en: str,
    description: str,
    description_en: str,
    vragen,
    minutes: int,
    stappen: list[dict],
) -> FrameVersie:
    """Save the concept version and the frame's title, description and questions."""
    from .models import FrameVersie

    frame = versie.frame
    _require_author(by, frame.organisation_id, frame=frame)
    if versie.state != FrameVersie.State.CONCEPT:
        raise ValidationError(
            _("Een gepubliceerde versie verandert niet meer; bewerk een nieuwe versie.")
        )
    title = str(title).strip()
    if not title:
        raise ValidationError(_("Geef het frame een titel."))
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        minutes = 0
    if not 15 <= minutes <= 240:
        raise ValidationError(_("Een frame duurt 15 tot 240 minuten."))
    versie.stappen = frame_steps_clean(
        stappen=stappen, minutes=minutes, organisation_id=frame.organisation_id
    )
    versie.minutes = minutes
    versie.edited_by = by
    versie.updated_at = timezone.now()
    frame.title_nl = title[:200]
    frame.title_en = str(title_en).strip()[:200]
    frame.description_nl = str(description).strip()[:2000]
    frame.description_en = str(description_en).strip()[:2000]
    frame.full_clean()
    frame.save()
    frame.vragen.set(vragen)
    versie.full_clean()
    versie.save()
    return versie


@transaction.atomic
def frame_publish(*, versie: FrameVersie, by) -> FrameVersie:
    """A person publishes the concept: from now on groups can choose it, and it never
    changes (sessions that ran it keep their own copy anyway)."""
    from .models import FrameVersie

    _require_author(by, versie.frame.organisation_id, frame=versie.frame)
    versie = FrameVersie.objects.select_for_update().get(pk=versie.pk)
    if versie.state != FrameVersie.State.CONCEPT:
        raise ValidationError(_("Deze versie is al gepubliceerd."))
    frame_steps_clean(
        stappen=versie.stappen, minutes=versie.minutes, organisation_id=versie.frame.organisation_id
    )
    versie.state = FrameVersie.State.PUBLISHED
    versie.published_at = timezone.now()
    versie.published_by = by
    versie.save(update_fields=["state", "published_at", "published_by"])
    return versie


@transaction.atomic
def frame_archive(*, frame: Frame, by, archived: bool = True) -> Frame:
    _require_lo(by, frame.organisation_id)
    frame.archived = archived
    frame.save(update_fields=["archived"])
    return frame


# --- Frames drafted by AI (or the offline template) ----------------------------------------


def frame_queued_note() -> str:
    return jobs.queued_note()


@transaction.atomic
def frame_draft_request(
    *,
    by,
    vragen,
    doel: str = "",
    werksituatie_kind: str = "",
    groepsgrootte: int = 5,
    minutes: int = 60,
) -> FrameDraft:
    """L&O describes an aim; a worker drafts a frame (AI, or the template when AI is off)."""
    from django.utils import translation

    from .models import FrameDraft

    _require_lo(by, by.organisation_id)
    vragen = list(vragen)
    if not vragen:
        raise ValidationError(_("Kies minstens één didactische vraag."))
    doel = str(doel).strip()
    if len(doel) > 1000:
        raise ValidationError(
            _("Het doel mag hoogstens 1000 tekens hebben; dit zijn er %(n)s.") % {"n": len(doel)}
        )
    draft = FrameDraft(
        organisation_id=by.organisation_id,
        requested_by=by,
        doel=doel,
        werksituatie_kind=werksituatie_kind or "",
        groepsgrootte=groepsgrootte,
        minutes=minutes,
        language=(translation.get_language() or "nl")[:2],
    )
    draft.full_clean()
    draft.save()
    draft.vragen.set(vragen)
    pk = draft.pk
    transaction.on_commit(lambda: _frame_draft_send(pk))
    return draft


def _frame_draft_send(pk: int) -> None:
    from .models import FrameDraft
    from .tasks import draft_frame

    jobs.send(FrameDraft, pk, draft_frame, queued_note=frame_queued_note())


def frame_draft_run(*, draft_id: int, drafter: llm.Drafter | None = None):
    """Run one frame draft: ask the drafter (or fill the template), validate, store."""
    from . import frame_prompt
    from .models import FrameDraft

    if not jobs.claim(FrameDraft, draft_id):
        return None
    draft = FrameDraft.objects.select_related("organisation").get(pk=draft_id)
    aim = frame_prompt.aim_for(draft)
    drafter = drafter or llm.drafter_for(draft.organisation)
    started = time.monotonic()

    parsed, error = llm.ask_structured(
        drafter,
        offline=lambda: frame_prompt.offline(aim),
        messages=lambda retry_error: frame_prompt.messages_for(aim, retry_error=retry_error),
        name="videoframe",
        schema=frame_prompt.SCHEMA,
        parse=lambda raw: frame_prompt.parse(raw, aim),
        invalid=prompt.OutputInvalid,
    )
    if error is not None:
        return frame_draft_fail(draft_id=draft_id, reason=prompt.failed_twice_reason(error))
    assert parsed is not None  # (one of the two is always given)
    output, notes = parsed
    jobs.finish(
        FrameDraft,
        draft_id,
        output=output,
        notes=notes,
        provider=drafter.provider,
        model=drafter.model,
        prompt_version=frame_prompt.PROMPT_VERSION,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    return FrameDraft.objects.get(pk=draft_id)


def frame_draft_retry_later(*, draft_id: int, reason: str) -> None:
    from .models import FrameDraft

    jobs.retry_later(FrameDraft, draft_id, reason)


def frame_draft_fail(*, draft_id: int, reason: str):
    from .models import FrameDraft

    jobs.fail(FrameDraft, draft_id, reason)
    return FrameDraft.objects.get(pk=draft_id)


def frame_drafts_requeue_stuck(*, older_than_seconds: int | None = None) -> list[int]:
    from .models import FrameDraft

    return jobs.requeue_stuck(
        FrameDraft,
        enqueue=lambda pk: transaction.on_commit(lambda: _frame_draft_send(pk)),
        stuck_reason=_("Het maken van het frame bleef steeds hangen. Probeer het opnieuw."),
        older_than_seconds=older_than_seconds,
    )


def frame_drafts_send_unsent(*, grace_seconds: int = jobs.UNSENT_GRACE_SECONDS) -> list[int]:
    from .models import FrameDraft
    from .tasks import draft_frame

    return jobs.send_unsent(
        FrameDraft, task=draft_frame, queued_note=frame_queued_note(), grace_seconds=grace_seconds
    )


@transaction.atomic
def frame_draft_to_concept(*, draft: FrameDraft, by) -> FrameVersie:
    """Turn a finished draft into a concept frame for L&O to edit (never published here)."""
    from .models import FrameDraft

    _require_lo(by, draft.organisation_id)
    draft = FrameDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.state != FrameDraft.State.DONE or not draft.output:
        raise ValidationError(_("Dit concept is (nog) niet klaar."))
    if draft.frame is not None:
        latest = draft.frame.versies.order_by("-number").first()
        if latest is not None:
            return latest
    out = draft.output
    versie = frame_create(
        by=by,
        title=out["title"].get("nl", ""),
        title_en=out["title"].get("en", ""),
        description=out["description"].get("nl", ""),
        description_en=out["description"].get("en", ""),
        vragen=list(draft.vragen.all()),
        minutes=draft.minutes,
        stappen=out["stappen"],
        draft=draft,
    )
    draft.frame = versie.frame
    draft.save(update_fields=["frame"])
    return versie
