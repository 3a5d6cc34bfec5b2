from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WeekcyclusConfig(AppConfig):
    verbose_name = _("Vitale Weekcyclus")
    name = "weekcyclus"

    def ready(self) -> None:
        from didactiek.signals import draft_changed

        # A draft's progress shows on the session's screens (drafting does not import us).
        draft_changed.connect(_show_draft_progress, dispatch_uid="weekcyclus.draft_progress")


def _show_draft_progress(sender, draft, **kwargs) -> None:
    from . import live

    live.bump(draft.sessie)
