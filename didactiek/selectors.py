from django.db.models import Prefetch, QuerySet

from .access import frames_for
from .models import DidactischeVraag, Frame, FrameVersie


def didactisch_kader() -> QuerySet[DidactischeVraag]:
    """The ten questions, in order (method data: the same for every organisation)."""
    return DidactischeVraag.objects.order_by("number")


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
