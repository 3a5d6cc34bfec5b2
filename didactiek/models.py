"""The method itself: the didactisch kader (ten questions), werksituaties and proposals."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DidactischeVraag(models.Model):
    """One of the ten questions of the didactisch kader.

    Method data, the same for every organisation; loaded by a data migration and read-only
    in the UI.
    """

    class Scope(models.TextChoices):
        GROEP = "groep", _("Groepsvraag")
        INDIVIDU = "individu", _("Individuele vraag")

    GROUP_PREFIX = _("Hoe kunnen we als groep:")

    number = models.PositiveSmallIntegerField(
        _("nummer"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    text = models.CharField(_("vraag"), max_length=200)
    scope = models.CharField(_("soort"), max_length=10, choices=Scope.choices)

    class Meta:
        ordering = ["number"]
        verbose_name = _("didactische vraag")
        verbose_name_plural = _("didactische vragen")

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def is_group_question(self) -> bool:
        return self.scope == self.Scope.GROEP


class Werksituatie(models.Model):
    """A snapshot of a work process, business process or a trait of it (workload, work
    environment) that a group takes on in a Weekcyclus."""

    class Kind(models.TextChoices):
        WERKPROCES = "werkproces", _("Werkproces")
        BEDRIJFSPROCES = "bedrijfsproces", _("Bedrijfsproces")
        KENMERK = "kenmerk", _("Kenmerk (zoals werkbelasting of werkomgeving)")

    weekcyclus = models.ForeignKey(
        "weekcyclus.Weekcyclus", on_delete=models.CASCADE, related_name="werksituaties"
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True, max_length=2000)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    critical = models.BooleanField(_("kritiek"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("werksituatie")
        verbose_name_plural = _("werksituaties")

    def __str__(self) -> str:
        return self.title


class Verbetervoorstel(models.Model):
    """The improvement or innovation proposal a session produces.

    Lifecycle: concept → gevalideerd by the group (this issue); submitted, answered, in
    progress, implemented and reviewed follow in the Prof-cirkel.
    """

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        GEVALIDEERD = "gevalideerd", _("Gevalideerd")

    organisation = models.ForeignKey(
        "werkplekleren.Organisation", on_delete=models.CASCADE, related_name="voorstellen"
    )
    sessie = models.OneToOneField(
        "weekcyclus.Sessie", on_delete=models.CASCADE, related_name="voorstel"
    )
    titel = models.CharField(_("titel"), max_length=200, blank=True)
    tekst = models.TextField(_("voorstel"), blank=True, max_length=5000)
    version = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CONCEPT)
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("verbetervoorstel")
        verbose_name_plural = _("verbetervoorstellen")

    def __str__(self) -> str:
        return self.titel or str(_("Voorstel zonder titel"))
