from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DidactiekConfig(AppConfig):
    verbose_name = _("Didactiek")
    name = "didactiek"
