from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkplekLerenConfig(AppConfig):
    name = "werkplekleren"
    verbose_name = _("Organisaties en mensen")
