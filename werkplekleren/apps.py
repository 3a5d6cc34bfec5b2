from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkplekLerenConfig(AppConfig):
    name = "werkplekleren"
    verbose_name = _("Organisaties en mensen")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        def close_invitation(sender, user, **kwargs):
            from .services import invitation_close_on_login

            invitation_close_on_login(user=user)

        user_logged_in.connect(close_invitation, dispatch_uid="werkplekleren_close_invitation")
