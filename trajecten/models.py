"""Prof-trajecten: a professional's own learning trajectory, their leeractiviteiten, the time
they log, and suggested learning paths.

Privacy is part of the method: activities, reflections and learning needs are the
professional's alone; a leidinggevende and L&O see the outline only (werkplekleren.access).
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from werkplekleren.models import LlmJob


def _today() -> date:
    return timezone.localdate()


def _in_six_months() -> date:
    return timezone.localdate() + timedelta(weeks=26)


class ProfTraject(models.Model):
    class State(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        ACTIEF = "actief", _("Actief")
        AFGEROND = "afgerond", _("Afgerond")

    organisation = models.ForeignKey(
        "werkplekleren.Organisation", on_delete=models.CASCADE, related_name="trajecten"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trajecten"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.CONCEPT)
    ambitie = models.TextField(_("mijn ambitie"), blank=True, max_length=2000)
    start = models.DateField(_("begint op"), default=_today)
    end = models.DateField(_("eindigt op"), default=_in_six_months)
    active_weeks = models.PositiveSmallIntegerField(
        _("actieve weken in de groep"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )
    talenten = models.TextField(_("talenten die ik wil ontwikkelen"), blank=True, max_length=2000)
    leerbehoeften = models.TextField(_("mijn leerbehoeften"), blank=True, max_length=2000)
    groepen = models.ManyToManyField(
        "weekcyclus.Groep", blank=True, related_name="+", verbose_name=_("mijn groepen")
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(state="actief"),
                name="one_active_traject_per_person",
            ),
        ]
        verbose_name = _("Prof-traject")
        verbose_name_plural = _("Prof-trajecten")

    def __str__(self) -> str:
        return f"{self.user} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"

    def period_weeks(self) -> int:
        """How many (Monday-to-Sunday) weeks the period touches: the most active weeks it can
        hold."""
        first = self.start - timedelta(days=self.start.weekday())
        last = self.end - timedelta(days=self.end.weekday())
        return (last - first).days // 7 + 1

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Kies een einddatum na de begindatum.")})
        if (
            self.start
            and self.end
            and self.active_weeks
            and self.active_weeks > self.period_weeks()
        ):
            weeks = self.period_weeks()
            raise ValidationError(
                {
                    "active_weeks": ngettext(
                        "Je periode telt %(weeks)s week: kies hooguit %(weeks)s actieve week.",
                        "Je periode telt %(weeks)s weken: kies hooguit %(weeks)s actieve weken.",
                        weeks,
                    )
                    % {"weeks": weeks}
                }
            )


class Vraagkeuze(models.Model):
    """The didactic questions chosen for one cycle; the history of choices is kept."""

    traject = models.ForeignKey(ProfTraject, on_delete=models.CASCADE, related_name="vraagkeuzes")
    cycle_start = models.DateField(_("cyclus van"))
    vragen = models.ManyToManyField("didactiek.DidactischeVraag", related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-cycle_start"]
        constraints = [
            models.UniqueConstraint(fields=["traject", "cycle_start"], name="one_choice_per_cycle"),
        ]
        verbose_name = _("keuze van vragen")
        verbose_name_plural = _("keuzes van vragen")

    def __str__(self) -> str:
        return f"{self.traject} – {self.cycle_start:%G-W%V}"


class Leeractiviteit(models.Model):
    """Something the professional learns with. Private to them, reflection included."""

    class Kind(models.TextChoices):
        VIDEOFRAME = "videoframe", _("Videoframe")
        PODCAST = "podcast", _("Podcast")
        LEERPAD = "leerpad", _("Persoonlijk leerpad (AI-ontworpen)")
        VIDEO = "video", _("Video")
        BOEK = "boek", _("Boek of artikel")
        VITALITEIT = "vitaliteit", _("Vitaliteitssessie of zakelijke meditatie")
        ELEARNING = "elearning", _("E-learningmodule")
        TRAINING = "training", _("Vaardigheidstraining")
        UITNODIGEN = "uitnodigen", _("Collega of externe expert uitnodigen")

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        BEZIG = "bezig", _("Bezig")
        AFGEROND = "afgerond", _("Afgerond")

    traject = models.ForeignKey(ProfTraject, on_delete=models.CASCADE, related_name="activiteiten")
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    link = models.URLField(_("link"), blank=True, max_length=500)
    vragen = models.ManyToManyField(
        "didactiek.DidactischeVraag", blank=True, related_name="+", verbose_name=_("vragen")
    )
    planned_minutes = models.PositiveIntegerField(
        _("geplande tijd (minuten)"), null=True, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.GEPLAND)
    reflectie = models.TextField(_("reflectie (alleen voor jou)"), blank=True, max_length=5000)
    # Where it came from, so a suggestion turned into an activity is not suggested again.
    source = models.CharField(max_length=80, blank=True)
    catalogus_item = models.ForeignKey(
        "CatalogusItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "created_at"]
        verbose_name = _("leeractiviteit")
        verbose_name_plural = _("leeractiviteiten")

    def __str__(self) -> str:
        return self.title


class CatalogusItem(models.Model):
    """One piece of learning content L&O curates for the organisation: the catalogue the
    learning path suggests from (nothing outside it is ever suggested) and a professional
    adds to their traject with one click."""

    class Language(models.TextChoices):
        NL = "nl", _("Nederlands")
        EN = "en", _("Engels")

    organisation = models.ForeignKey(
        "werkplekleren.Organisation", on_delete=models.CASCADE, related_name="catalogus"
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Leeractiviteit.Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True, max_length=2000)
    link = models.URLField(_("link"), blank=True, max_length=500)
    media = models.ForeignKey(
        "didactiek.Media",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bestand"),
    )
    minutes = models.PositiveIntegerField(
        _("tijd (minuten)"), validators=[MinValueValidator(1), MaxValueValidator(60 * 40)]
    )
    language = models.CharField(
        _("taal"), max_length=2, choices=Language.choices, default=Language.NL
    )
    vragen = models.ManyToManyField(
        "didactiek.DidactischeVraag", blank=True, related_name="+", verbose_name=_("vragen")
    )
    # Talents and skills it serves, comma-separated ("plannen, feedback geven").
    talenten = models.CharField(_("talenten en vaardigheden"), max_length=300, blank=True)
    active = models.BooleanField(_("in de catalogus"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["organisation", "active"], name="catalogus_org_active_idx")]
        verbose_name = _("catalogusitem")
        verbose_name_plural = _("catalogus")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.link and not self.media_id and self.kind not in ("uitnodigen", "leerpad"):
            raise ValidationError({"link": _("Geef een link of een bestand.")})

    @property
    def talent_list(self) -> list[str]:
        return [t.strip() for t in self.talenten.split(",") if t.strip()]


class Tijdregistratie(models.Model):
    """Time the professional spent on an activity (counts as learning time used)."""

    activiteit = models.ForeignKey(Leeractiviteit, on_delete=models.CASCADE, related_name="tijden")
    day = models.DateField(_("datum"), default=_today)
    minutes = models.PositiveIntegerField(
        _("minuten"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("bestede tijd")
        verbose_name_plural = _("bestede tijd")

    def __str__(self) -> str:
        return f"{self.activiteit}: {self.minutes} min op {self.day}"


class LeerpadVoorstel(LlmJob):
    """A request for a suggested learning path, and its result (state on the row, as for
    proposal drafts)."""

    traject = models.ForeignKey(ProfTraject, on_delete=models.CASCADE, related_name="leerpaden")

    class Meta:
        ordering = ["-created_at"]
        # Beat scans unfinished jobs by age every minute (werkplekleren.jobs).
        indexes = [models.Index(fields=["state", "updated_at"], name="leerpad_state_upd_idx")]
        verbose_name = _("voorgesteld leerpad")
        verbose_name_plural = _("voorgestelde leerpaden")

    def __str__(self) -> str:
        return f"{self.traject} – {self.state}"


class LeerpadSuggestie(models.Model):
    """One suggested activity; nothing is added to the traject without the person's click."""

    class Decision(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "aangenomen", _("Aangenomen")
        REJECTED = "afgewezen", _("Afgewezen")

    leerpad = models.ForeignKey(
        LeerpadVoorstel, on_delete=models.CASCADE, related_name="suggesties"
    )
    kind = models.CharField(max_length=12, choices=Leeractiviteit.Kind.choices)
    title = models.CharField(max_length=200)
    waarom = models.TextField(max_length=1000)
    # What is suggested: an item of the catalogue, or one of the person's own ideas (then
    # ``item`` is empty and ``title`` is their own words). Never anything else.
    item = models.ForeignKey(
        CatalogusItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minutes = models.PositiveIntegerField()
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.OPEN)
    activiteit = models.ForeignKey(
        Leeractiviteit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("suggestie")
        verbose_name_plural = _("suggesties")

    def __str__(self) -> str:
        return self.title


class SupportBericht(models.Model):
    """A short message from L&O to a professional: the only thing L&O does on a traject.
    It shows on the recipient's home page until they mark it read, and is e-mailed."""

    organisation = models.ForeignKey(
        "werkplekleren.Organisation", on_delete=models.CASCADE, related_name="support_berichten"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_berichten"
    )
    text = models.TextField(_("bericht"), max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bericht van L&O")
        verbose_name_plural = _("berichten van L&O")

    def __str__(self) -> str:
        return f"{self.from_user} → {self.to_user} ({self.created_at:%Y-%m-%d})"
