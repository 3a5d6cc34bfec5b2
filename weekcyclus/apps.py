from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WeekcyclusConfig(AppConfig):
    verbose_name = _("Vitale Weekcyclus")
    name = "weekcyclus"

    def ready(self) -> None:
        from didactiek.signals import draft_changed, embedding_ready

        # What didactiek computes shows on the session's screens (didactiek does not import
        # us): a draft's progress, and the similar proposals once a text's embedding is there.
        draft_changed.connect(_show_draft_progress, dispatch_uid="weekcyclus.draft_progress")
        embedding_ready.connect(_similar_ready, dispatch_uid="weekcyclus-similar-ready")


def _show_draft_progress(sender, draft, **kwargs) -> None:
    from . import live

    live.bump(draft.sessie)


def _similar_ready(sender, sessie_id: int, **kwargs) -> None:
    """The embedding of what a group is writing is there: the screens show the similar
    proposals it finds (one version bump; nothing when the session has ended or is gone)."""
    from django.db import transaction

    from . import live
    from .models import Sessie

    with transaction.atomic():
        sessie = Sessie.objects.filter(pk=sessie_id, state=Sessie.State.LIVE).first()
        if sessie is not None:
            live.bump(sessie)
