"""Self-chosen groups; the Vitale Weekcyclus and its sessions grow here."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkplekleren.models import Organisation


class Groep(models.Model):
    """A self-chosen small group of professionals (typically 3–6) that learns together."""

    TYPICAL_SIZE = range(3, 7)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="groepen")
    name = models.CharField(_("naam"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_groep_name_per_organisation"
            ),
        ]
        verbose_name = _("groep")
        verbose_name_plural = _("groepen")

    def __str__(self) -> str:
        return self.name


class GroepMember(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Uitgenodigd")
        ACTIVE = "active", _("Lid")
        DECLINED = "declined", _("Afgewezen")
        LEFT = "left", _("Vertrokken")

    groep = models.ForeignKey(Groep, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="groep_memberships"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    joined_at = models.DateTimeField(_("lid sinds"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["groep", "user"], name="unique_groep_member"),
        ]
        verbose_name = _("groepslid")
        verbose_name_plural = _("groepsleden")

    def __str__(self) -> str:
        return f"{self.user} in {self.groep}"

    def clean(self) -> None:
        if self.user.organisation_id != self.groep.organisation_id:
            raise ValidationError(_("Een groep bestaat uit collega's van één organisatie."))
