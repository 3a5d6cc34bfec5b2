"""Who may use the method's content: frames (the platform's starter library and the
organisation's own), frame drafts and media, never another organisation's. Anything else is
a 404."""

from django.db.models import Q, QuerySet
from django.http import Http404

from werkplekleren.access import get_or_404, parse_id
from werkplekleren.models import User

from .models import Frame, FrameDraft, FrameVersie, Media


def frames_for(user: User) -> QuerySet[Frame]:
    """The frames this person's organisation can use: its own library and the platform's
    starter library (never another organisation's)."""
    if not user.is_authenticated or not user.organisation_id:
        return Frame.objects.none()
    return Frame.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=user.organisation_id)
    )


def access_frame(user: User, frame_id: object) -> Frame:
    return get_or_404(frames_for(user), frame_id)


def access_published_version(user: User, versie_id: object) -> FrameVersie | None:
    """A published version of a frame the user may use; None for the default steps."""
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


def frame_drafts_for(user: User) -> QuerySet[FrameDraft]:
    if not user.is_authenticated or not user.organisation_id:
        return FrameDraft.objects.none()
    return FrameDraft.objects.filter(organisation_id=user.organisation_id)


def access_frame_draft(user: User, draft_id: object) -> FrameDraft:
    return get_or_404(frame_drafts_for(user), draft_id)


def access_media(user: User, media_id: object) -> Media:
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
