from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WeekcyclusConfig(AppConfig):
    verbose_name = _("Vitale Weekcyclus")
    name = "weekcyclus"
