from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from werkplekleren.access import parse_id

from .models import DidactischeVraag, Frame, FrameDraft, FrameVersie, Media


def didactisch_kader() -> QuerySet[DidactischeVraag]:
    """The ten questions, in order (method data: the same for every organisation)."""
    return DidactischeVraag.objects.order_by("number")


def frames_for(user) -> QuerySet[Frame]:
    """The frames this person's organisation can use: its own library and the platform's
    starter library (never another organisation's)."""
    if not user.is_authenticated or not user.organisation_id:
        return Frame.objects.none()
    return Frame.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=user.organisation_id)
    )


def frame_for(user, frame_id) -> Frame:
    frame = frames_for(user).filter(pk=parse_id(frame_id)).first()
    if frame is None:
        raise Http404
    return frame


def library(user, *, vragen: list[int] | None = None) -> list[Frame]:
    """The library with each frame's latest published version and its concept (if any);
    frames for ``vragen`` first. Three queries."""
    frames = list(
        frames_for(user)
        .filter(archived=False)
        .prefetch_related(
            "vragen",
            Prefetch("versies", queryset=FrameVersie.objects.order_by("-number")),
        )
    )
    for frame in frames:
        versies = list(frame.versies.all())
        frame.published = next((v for v in versies if v.is_published), None)
        frame.concept = next((v for v in versies if not v.is_published), None)
        frame.numbers = [v.number for v in frame.vragen.all()]
        frame.serves = bool(vragen) and bool(set(frame.numbers) & set(vragen))
    frames.sort(key=lambda f: (not f.serves, f.organisation_id is None, str(f.title).lower()))
    return frames


def published_choices(user, *, vragen: list[int] | None = None) -> list[FrameVersie]:
    """The published frame versions a group can pick (latest per frame), frames for the
    group's questions first."""
    return [f.published for f in library(user, vragen=vragen) if f.published]


def published_version_for(user, versie_id) -> FrameVersie | None:
    if versie_id in (None, "", "standaard"):
        return None
    versie = (
        FrameVersie.objects.filter(
            pk=parse_id(versie_id), state=FrameVersie.State.PUBLISHED, frame__archived=False
        )
        .filter(frame__in=frames_for(user))
        .select_related("frame")
        .first()
    )
    if versie is None:
        raise Http404
    return versie


def frame_drafts_for(user) -> QuerySet[FrameDraft]:
    if not user.is_authenticated or not user.organisation_id:
        return FrameDraft.objects.none()
    return FrameDraft.objects.filter(organisation_id=user.organisation_id)


def frame_draft_for(user, draft_id) -> FrameDraft:
    draft = frame_drafts_for(user).filter(pk=parse_id(draft_id)).first()
    if draft is None:
        raise Http404
    return draft


def media_for(user, media_id) -> Media:
    """A media file, for people of the organisation that owns it (platform media: anyone
    signed in to an organisation); anything else is a 404."""
    if not user.is_authenticated or not user.organisation_id or not user.is_active:
        raise Http404
    media = (
        Media.objects.filter(pk=parse_id(media_id))
        .filter(Q(organisation__isnull=True) | Q(organisation_id=user.organisation_id))
        .first()
    )
    if media is None:
        raise Http404
    return media
