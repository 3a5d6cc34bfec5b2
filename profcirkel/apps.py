from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfcirkelConfig(AppConfig):
    verbose_name = _("Prof-cirkel")
    name = "profcirkel"

    def ready(self) -> None:
        from weekcyclus import agenda

        from .agenda import gesprek_events

        # The private .ics feed lists the person's Talentontwikkelgesprekken too.
        agenda.register_source(gesprek_events)
