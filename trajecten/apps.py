from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectenConfig(AppConfig):
    verbose_name = _("Prof-trajecten")
    name = "trajecten"
