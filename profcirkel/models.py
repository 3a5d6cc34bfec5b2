"""Shared ownership: Talentontwikkelgesprekken, the Prof-cirkel, and what happens to a
validated proposal (its follow-up lives on didactiek.Verbetervoorstel).

Private talking points are their author's alone — also hidden from L&O and admins.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Talentontwikkelgesprek(models.Model):
    """A development conversation between a professional and their leidinggevende."""

    class State(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        GEHOUDEN = "gehouden", _("Gehouden")

    organisation = models.ForeignKey(
        "werkplekleren.Organisation", on_delete=models.CASCADE, related_name="gesprekken"
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gesprekken"
    )
    leidinggevende = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gesprekken_als_lg"
    )
    planned_at = models.DateTimeField(_("gepland op"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.GEPLAND)
    held_at = models.DateTimeField(null=True, blank=True)
    # Agreed per pair; empty means the team's cadence.
    interval_weeks = models.PositiveSmallIntegerField(
        _("elke (weken)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    ontwikkeling = models.TextField(
        _("hoe mijn ontwikkeling verloopt (vooraf, door de professional)"),
        blank=True,
        max_length=3000,
    )
    reminded_professional_at = models.DateTimeField(null=True, blank=True)
    reminded_leidinggevende_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-planned_at"]
        # Reminders (beat, every 15 minutes) look for planned conversations in a window.
        indexes = [models.Index(fields=["state", "planned_at"], name="gesprek_state_planned_idx")]
        verbose_name = _("Talentontwikkelgesprek")
        verbose_name_plural = _("Talentontwikkelgesprekken")

    def __str__(self) -> str:
        return f"{self.professional} & {self.leidinggevende} {self.planned_at:%Y-%m-%d}"


class Agendapunt(models.Model):
    """A talking point: shared, or private to its author."""

    gesprek = models.ForeignKey(
        Talentontwikkelgesprek, on_delete=models.CASCADE, related_name="agendapunten"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("gesprekspunt"), max_length=500)
    shared = models.BooleanField(_("gedeeld"), default=True)
    checked = models.BooleanField(_("besproken"), default=False)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("gesprekspunt")
        verbose_name_plural = _("gesprekspunten")

    def __str__(self) -> str:
        return self.text


class Gespreksafspraak(models.Model):
    """An agreement from a conversation; either side can own one. What the organisation will
    do is an agreement the leidinggevende owns (``for_organisation``)."""

    gesprek = models.ForeignKey(
        Talentontwikkelgesprek, on_delete=models.CASCADE, related_name="afspraken"
    )
    text = models.CharField(_("afspraak"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gespreksafspraken"
    )
    due_date = models.DateField(_("uiterlijk"), null=True, blank=True)
    for_organisation = models.BooleanField(_("wat de organisatie doet"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("afspraak uit een gesprek")
        verbose_name_plural = _("afspraken uit gesprekken")

    def __str__(self) -> str:
        return self.text


class ProfCirkel(models.Model):
    """A circle per team: its professionals and leidinggevende; L&O may be invited."""

    organisation = models.ForeignKey(
        "werkplekleren.Organisation", on_delete=models.CASCADE, related_name="cirkels"
    )
    team = models.OneToOneField(
        "werkplekleren.Team", on_delete=models.CASCADE, related_name="cirkel"
    )
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("uitgenodigd (L&O)")
    )

    class Meta:
        verbose_name = _("Prof-cirkel")
        verbose_name_plural = _("Prof-cirkels")

    def __str__(self) -> str:
        return f"Prof-cirkel {self.team}"


class Bijeenkomst(models.Model):
    """A meeting of the circle; it discusses the proposals submitted since the last one."""

    cirkel = models.ForeignKey(ProfCirkel, on_delete=models.CASCADE, related_name="bijeenkomsten")
    held_on = models.DateField(_("datum"))
    notes = models.TextField(_("aantekeningen"), blank=True, max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")

    def __str__(self) -> str:
        return f"{self.cirkel} {self.held_on}"


class VoorstelUpdate(models.Model):
    """A change in a proposal's follow-up, told to the group that made it (e-mail, and a
    notice at the check-in of their next session)."""

    voorstel = models.ForeignKey(
        "didactiek.Verbetervoorstel", on_delete=models.CASCADE, related_name="updates"
    )
    # What happened, as an event (profcirkel.events): shown in each reader's language.
    kind = models.CharField(max_length=20, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    # The event in Dutch as it was written (older rows have only this).
    text = models.CharField(max_length=500)
    # The same news without anyone's name, for the proposal bank and its followers.
    public_text = models.CharField(max_length=500, blank=True, default="")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bericht over een voorstel")
        verbose_name_plural = _("berichten over voorstellen")

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        """The event in the active language (the stored Dutch text for older rows)."""
        from .events import render

        return render(self.kind, self.params) or self.text

    @property
    def public_message(self) -> str:
        """The news without names in the active language (the stored Dutch text for older
        rows)."""
        from .events import render_public

        return render_public(self.kind, self.params) or self.public_text


class VoorstelVolger(models.Model):
    """Someone in the organisation follows a proposal in the bank: they are told its news."""

    voorstel = models.ForeignKey(
        "didactiek.Verbetervoorstel", on_delete=models.CASCADE, related_name="volgers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gevolgde_voorstellen"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["voorstel", "user"], name="unique_volger"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="volger_user_idx")]
        verbose_name = _("volger van een voorstel")
        verbose_name_plural = _("volgers van voorstellen")

    def __str__(self) -> str:
        return f"{self.user} volgt {self.voorstel_id}"


class VoorstelHerkenning(models.Model):
    """ "Wij hebben dit ook": someone recognises a proposal's problem in their own work. The
    bank shows how many did, never who."""

    voorstel = models.ForeignKey(
        "didactiek.Verbetervoorstel", on_delete=models.CASCADE, related_name="herkenningen"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["voorstel", "user"], name="unique_herkenning"),
        ]
        verbose_name = _("herkenning van een voorstel")
        verbose_name_plural = _("herkenningen van voorstellen")

    def __str__(self) -> str:
        return f"{self.user} herkent {self.voorstel_id}"


class Maandcijfer(models.Model):
    """A closed month's organisation-wide hour figures, frozen the first time they are read
    after the month ended: a time registration for a past day, or a traject period changed
    later, must not change a figure anyone saw (comparing two moments would give the one
    person away). See docs/privacy.md."""

    organisation = models.ForeignKey(
        "werkplekleren.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()  # the first day of the month
    kind = models.CharField(max_length=20)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month", "kind"], name="unique_maandcijfer"
            )
        ]
        verbose_name = _("maandcijfer")
        verbose_name_plural = _("maandcijfers")

    def __str__(self) -> str:
        return f"{self.kind} {self.month:%Y-%m}"
