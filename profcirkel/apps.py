from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfcirkelConfig(AppConfig):
    verbose_name = _("Prof-cirkel")
    name = "profcirkel"
