from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfcirkelConfig(AppConfig):
    verbose_name = _("Prof-cirkel")
    name = "profcirkel"

    def ready(self) -> None:
        from weekcyclus import agenda, screens

        from .agenda import gesprek_events

        # The private .ics feed lists the person's Talentontwikkelgesprekken too.
        agenda.register_source(gesprek_events)
        # The check-in shows what the circle did with the group's proposals.
        screens.register_checkin_updates(_checkin_updates)


def _checkin_updates(sessie):
    from .selectors import updates_for_checkin

    return updates_for_checkin(sessie=sessie)
