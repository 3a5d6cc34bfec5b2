"""Self-chosen groups, their Vitale Weekcycli and the live sessions."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from didactiek import frames
from werkplekleren.models import Organisation


class Groep(models.Model):
    """A self-chosen small group of professionals (typically 3–6) that learns together."""

    TYPICAL_SIZE = range(3, 7)

    class Validatie(models.TextChoices):
        MEERDERHEID = "meerderheid", _("Meerderheid van de aanwezigen")
        CONSENSUS = "consensus", _("Iedereen die aanwezig is")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="groepen")
    name = models.CharField(_("naam"), max_length=120)
    created_by = models.ForeignKey(  # emptied when the person is erased (AVG)
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    validatie = models.CharField(
        _("een voorstel is gevalideerd bij"),
        max_length=12,
        choices=Validatie.choices,
        default=Validatie.MEERDERHEID,
    )

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
        # An erased person's memberships go with them; their contributions stay (Deelnemer).
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="groep_memberships",
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
        # "My groups" and every membership check: one person's rows in one state.
        indexes = [models.Index(fields=["user", "status"], name="groepmember_user_status_idx")]
        verbose_name = _("groepslid")
        verbose_name_plural = _("groepsleden")

    def __str__(self) -> str:
        return f"{self.user} in {self.groep}"

    def clean(self) -> None:
        if self.user.organisation_id != self.groep.organisation_id:
            raise ValidationError(_("Een groep bestaat uit collega's van één organisatie."))


def _join_code() -> str:
    # Short, unambiguous, easy to type on a phone (no 0/O, 1/I/L).
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


def _token() -> str:
    return secrets.token_urlsafe(24)


class Weekcyclus(models.Model):
    """One week of learning for a group: four sessions, chosen questions, werksituaties."""

    groep = models.ForeignKey(Groep, on_delete=models.CASCADE, related_name="weekcycli")
    week_start = models.DateField(_("week van"), help_text=_("De maandag van de week."))
    vragen = models.ManyToManyField(
        "didactiek.DidactischeVraag", blank=True, related_name="+", verbose_name=_("vragen")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["groep", "week_start"], name="unique_week_per_groep"),
        ]
        verbose_name = _("Vitale Weekcyclus")
        verbose_name_plural = _("Vitale Weekcycli")

    def __str__(self) -> str:
        return f"{self.groep} – {self.week_start:%G-W%V}"

    def clean(self) -> None:
        if self.week_start and self.week_start.weekday() != 0:
            raise ValidationError({"week_start": _("Een week begint op maandag.")})


class Sessie(models.Model):
    """One one-hour meeting of a Weekcyclus, walking a werksituatie through the steps.

    ``version`` grows with every change to anything shown on the session screens, so live
    screens can tell "nothing changed" from a number (see weekcyclus.live).
    """

    class State(models.TextChoices):
        PLANNED = "gepland", _("Gepland")
        LIVE = "bezig", _("Bezig")
        CLOSED = "afgerond", _("Afgerond")

    weekcyclus = models.ForeignKey(Weekcyclus, on_delete=models.CASCADE, related_name="sessies")
    number = models.PositiveSmallIntegerField(
        _("sessie"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    starts_at = models.DateTimeField(_("begint om"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur (minuten)"), default=60, validators=[MinValueValidator(15), MaxValueValidator(240)]
    )
    room = models.CharField(_("ruimte"), max_length=100, blank=True)
    join_code = models.CharField(_("deelnamecode"), max_length=8, unique=True, default=_join_code)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PLANNED)
    current_step = models.PositiveSmallIntegerField(default=0)
    step_minutes = models.JSONField(_("minuten per stap"), default=frames.default_step_minutes)
    # The frame version this session runs, and a copy of its steps: editing the frame later
    # never changes this session (see didactiek.frames). Empty: the default frame.
    frame_versie = models.ForeignKey(
        "didactiek.FrameVersie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessies",
        verbose_name=_("frame"),
    )
    stappen = models.JSONField(default=frames.default_stappen)
    # The surprise card the facilitator drew in the current step (shown large), or null.
    verrassing = models.JSONField(null=True, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    timer_started_at = models.DateTimeField(null=True, blank=True)
    timer_elapsed_seconds = models.PositiveIntegerField(default=0)
    werksituatie = models.ForeignKey(
        "didactiek.Werksituatie",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessies",
        verbose_name=_("werksituatie"),
    )
    vragen = models.ManyToManyField(
        "didactiek.DidactischeVraag", blank=True, related_name="+", verbose_name=_("vragen")
    )
    probleemstelling = models.TextField(_("probleemstelling"), blank=True, max_length=2000)
    probleemstelling_version = models.PositiveIntegerField(default=0)
    votes_per_participant = models.PositiveSmallIntegerField(
        _("stemmen per deelnemer"), default=3, validators=[MinValueValidator(1)]
    )
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["weekcyclus", "number"], name="unique_sessie_number_per_week"
            ),
        ]
        # Agenda, home and planning pages look sessions up by time.
        indexes = [models.Index(fields=["starts_at"], name="sessie_starts_at_idx")]
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")

    def __str__(self) -> str:
        return f"{self.weekcyclus.groep} – {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        minutes = self.step_minutes
        if (
            not isinstance(minutes, list)
            or len(minutes) != len(self.stappen)
            or not all(isinstance(m, int) and 0 < m <= 240 for m in minutes)
        ):
            raise ValidationError(
                {"step_minutes": _("Geef elke stap een tijd van 1 tot 240 minuten.")}
            )
        if sum(minutes) != self.duration_minutes:
            raise ValidationError(
                {
                    "step_minutes": _(
                        "De stappen duren samen %(sum)s minuten; de sessie duurt %(total)s "
                        "minuten. Maak ze samen precies zo lang als de sessie."
                    )
                    % {"sum": sum(minutes), "total": self.duration_minutes}
                }
            )

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def step(self) -> frames.Step:
        """The current step, in the active language."""
        index = min(self.current_step, len(self.stappen) - 1)
        return frames.step_of(self.stappen[index], self.step_minutes[index])

    @property
    def steps(self) -> list[frames.Step]:
        return [
            frames.step_of(data, minutes)
            for data, minutes in zip(self.stappen, self.step_minutes, strict=False)
        ]

    @property
    def last_step(self) -> int:
        return len(self.stappen) - 1

    @property
    def verrassing_card(self) -> dict | None:
        """The surprise card drawn in the current step, in the active language."""
        drawn = self.verrassing
        if not drawn or drawn.get("step") != self.current_step:
            return None
        cards = self.step.verrassingen
        index = drawn.get("index", 0)
        return cards[index] if 0 <= index < len(cards) else None

    def has_step(self, kind: str) -> bool:
        return any(s.get("kind") == kind for s in self.stappen)

    @property
    def step_seconds(self) -> int:
        return self.step_minutes[self.current_step] * 60

    def timer_elapsed(self, now=None) -> int:
        """Seconds spent on the current step so far."""
        running = 0
        if self.timer_started_at:
            running = int(((now or timezone.now()) - self.timer_started_at).total_seconds())
        return self.timer_elapsed_seconds + max(running, 0)

    @property
    def is_live(self) -> bool:
        return self.state == self.State.LIVE


class Leidingwissel(models.Model):
    """Who led the session from when: a hand-over by the facilitator, or a present member
    taking over (the facilitator dropped out)."""

    class Manier(models.TextChoices):
        DOORGEGEVEN = "doorgegeven", _("Doorgegeven")
        OVERGENOMEN = "overgenomen", _("Overgenomen")

    sessie = models.ForeignKey(Sessie, on_delete=models.CASCADE, related_name="leidingwissels")
    van = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    naar = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    manier = models.CharField(max_length=12, choices=Manier.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("wissel van facilitator")
        verbose_name_plural = _("wissels van facilitator")

    def __str__(self) -> str:
        return f"{self.van} → {self.naar} ({self.manier})"


class GastUitnodiging(models.Model):
    """A link for one guest to one session; it expires when that session ends."""

    sessie = models.ForeignKey(Sessie, on_delete=models.CASCADE, related_name="gastuitnodigingen")
    name = models.CharField(_("naam van de gast"), max_length=120)
    token = models.CharField(max_length=64, unique=True, default=_token)
    created_by = models.ForeignKey(  # emptied when the person is erased (AVG)
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("gastuitnodiging")
        verbose_name_plural = _("gastuitnodigingen")

    def __str__(self) -> str:
        return f"{self.name} → {self.sessie}"

    def is_valid(self, now=None) -> bool:
        return (now or timezone.now()) < self.expires_at


class Deelnemer(models.Model):
    """Someone present in a session: a group member or a guest. This is the attendance.

    ``team`` is the person's team at the moment they took part (set when the row is made and
    again at the check-in), so team aggregates stay what they were when people move teams.
    When a person is erased the row stays (the group's hours and contributions stay true)
    with ``user`` emptied and ``oud_collega`` set to a random number, the same on all rows of
    that person: the summary then says "oud-collega", and head counts behind team figures
    (distinct people) stay what they were without naming anyone."""

    sessie = models.ForeignKey(Sessie, on_delete=models.CASCADE, related_name="deelnemers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deelnames",
    )
    team = models.ForeignKey(
        "werkplekleren.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team op dat moment"),
    )
    oud_collega = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    gast = models.OneToOneField(
        GastUitnodiging, on_delete=models.CASCADE, null=True, blank=True, related_name="deelnemer"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    energie = models.PositiveSmallIntegerField(
        _("energie"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["sessie", "user"],
                condition=models.Q(user__isnull=False),
                name="unique_deelnemer_per_sessie",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False)
                | models.Q(gast__isnull=False)
                | models.Q(oud_collega__isnull=False),
                name="deelnemer_is_member_guest_or_former",
            ),
        ]
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        if self._state.adding and self.user_id and self.team_id is None:
            self.team_id = self.user.team_id
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.name
        if self.gast_id:
            return self.gast.name
        return str(_("oud-collega"))

    @property
    def is_guest(self) -> bool:
        return self.user_id is None and self.gast_id is not None


class Bijdrage(models.Model):
    """A participant's contribution: an analysis note or a brainstorm idea."""

    class Kind(models.TextChoices):
        ANALYSE = "analyse", _("Analysenotitie")
        IDEE = "idee", _("Idee")

    sessie = models.ForeignKey(Sessie, on_delete=models.CASCADE, related_name="bijdragen")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="bijdragen")
    text = models.TextField(_("tekst"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("bijdrage")
        verbose_name_plural = _("bijdragen")

    def __str__(self) -> str:
        return self.text[:60]


class Stem(models.Model):
    idee = models.ForeignKey(Bijdrage, on_delete=models.CASCADE, related_name="stemmen")
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="stemmen")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idee", "deelnemer"], name="one_vote_per_idea"),
        ]
        verbose_name = _("stem")
        verbose_name_plural = _("stemmen")

    def __str__(self) -> str:
        return f"{self.deelnemer} → {self.idee}"


class Afspraak(models.Model):
    """An agreement for next time (what, who); checked at the next session's check-in."""

    class Status(models.TextChoices):
        OPEN = "open", _("Staat nog open")
        DONE = "gedaan", _("Gedaan")
        DROPPED = "vervallen", _("Vervallen")

    sessie = models.ForeignKey(Sessie, on_delete=models.CASCADE, related_name="afspraken")
    text = models.CharField(_("wat"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    reviewed_in = models.ForeignKey(
        Sessie, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")

    def __str__(self) -> str:
        return self.text


class Leervoornemen(models.Model):
    """What one participant wants to learn next (question 9) and what the organisation could
    do for them (question 10). Private to that person unless they share it."""

    sessie = models.ForeignKey(Sessie, on_delete=models.CASCADE, related_name="leervoornemens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leervoornemens"
    )
    wil_leren = models.TextField(_("wat wil ik hierna leren?"), blank=True, max_length=1000)
    organisatie_kan = models.TextField(
        _("wat kan de organisatie voor mij betekenen?"), blank=True, max_length=1000
    )
    shared = models.BooleanField(_("delen met de groep"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sessie", "user"], name="one_leervoornemen_per_sessie"),
        ]
        verbose_name = _("leervoornemen")
        verbose_name_plural = _("leervoornemens")

    def __str__(self) -> str:
        return f"{self.user} – {self.sessie}"


class AgendaFeed(models.Model):
    """The secret behind a professional's private iCalendar URL of upcoming sessions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_token)

    def __str__(self) -> str:
        return f"agenda {self.user}"
