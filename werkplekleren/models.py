"""The core every app builds on: organisations, people, teams and roles.

Every domain row belongs to exactly one organisation, directly or through its parent; the
access module (``werkplekleren.access``) scopes every lookup by it.
"""

from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    # AI drafting: off means the offline template drafter; the model overrides LLM_MODEL.
    ai_enabled = models.BooleanField(_("AI gebruiken voor concepten"), default=True)
    # Professionals (in their groups) may make and publish frames of their own, next to L&O.
    groups_author_frames = models.BooleanField(_("groepen maken eigen frames"), default=False)
    llm_model = models.CharField(_("taalmodel"), max_length=100, blank=True)
    hours_per_week = models.DecimalField(
        _("beschikbare leertijd per week (uren)"),
        max_digits=4,
        decimal_places=1,
        default=4,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
    )
    # The cadence a new team starts with (each team may change its own).
    gesprek_interval_weeks = models.PositiveSmallIntegerField(
        _("standaard: Talentontwikkelgesprek elke (weken)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    LEIDINGGEVENDE = "leidinggevende", _("Leidinggevende")
    LO = "lo", _("L&O")
    ADMIN = "admin", _("Organisatiebeheerder")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with an e-mail address; belongs to one organisation.

    Platform superusers (Django admin only) have no organisation and therefore see nothing
    in the application itself.
    """

    email = models.EmailField(_("e-mailadres"), unique=True)
    name = models.CharField(_("naam"), max_length=150)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )
    team = models.ForeignKey(
        "Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        related_name="members",
        null=True,
        blank=True,
    )
    is_active = models.BooleanField(_("actief"), default=True)
    # When the person was deactivated: the retention rule erases them N months later.
    deactivated_at = models.DateTimeField(_("gedeactiveerd op"), null=True, blank=True)
    is_staff = models.BooleanField(_("toegang tot beheer"), default=False)
    date_joined = models.DateTimeField(_("lid sinds"), default=timezone.now)
    # The language of the person's e-mails (the language switch sets it too).
    language = models.CharField(
        _("taal"), max_length=8, choices=[("nl", "Nederlands"), ("en", "English")], default="nl"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name"]
        # People lists and pickers: one organisation's people by name, a page at a time.
        indexes = [models.Index(fields=["organisation", "name", "id"], name="user_org_name_idx")]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.lower()
        if self.team_id and self.team.organisation_id != self.organisation_id:
            raise ValidationError({"team": _("Het team hoort bij een andere organisatie.")})

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        """The roles this person holds in their organisation (one query, then cached)."""
        if not self.organisation_id or not self.is_active:
            return frozenset()
        return frozenset(self.role_assignments.values_list("role", flat=True))

    def has_role(self, role: str) -> bool:
        return role in self.roles


class RoleAssignment(models.Model):
    """One role a person holds in their organisation; a person may hold several."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="role_assignments"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user"),
        ]
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"

    def clean(self) -> None:
        if self.user_id and self.user.organisation_id != self.organisation_id:
            raise ValidationError(_("Een rol geldt alleen binnen de eigen organisatie."))


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="teams",
    )
    name = models.CharField(_("naam"), max_length=150)
    leidinggevende = models.ForeignKey(
        User,
        verbose_name=_("leidinggevende"),
        on_delete=models.SET_NULL,
        related_name="led_teams",
        null=True,
        blank=True,
    )
    gesprek_interval_weeks = models.PositiveSmallIntegerField(
        _("Talentontwikkelgesprek elke (weken)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    # Accountability upward: the team above this one. Its leidinggevende is the own
    # leidinggevende of this team's leidinggevende, and sees the accountability pages below.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("valt onder"),
        on_delete=models.SET_NULL,
        related_name="children",
        null=True,
        blank=True,
    )

    MAX_DEPTH = 12  # levels of teams above one another (a deeper tree is refused)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_team_name_per_organisation"
            ),
        ]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self._clean_parent()
        lg = self.leidinggevende
        if lg is None:
            return
        if lg.organisation_id != self.organisation_id:
            raise ValidationError(
                {"leidinggevende": _("De leidinggevende hoort bij een andere organisatie.")}
            )
        if not lg.role_assignments.filter(role=Role.LEIDINGGEVENDE).exists():
            raise ValidationError(
                {"leidinggevende": _("Deze persoon heeft geen rol als leidinggevende.")}
            )

    def _clean_parent(self) -> None:
        """The team above must be of the same organisation and not below this one."""
        if self.parent_id is None:
            return
        if self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("Dat team hoort bij een andere organisatie.")})
        seen = {self.pk} if self.pk else set()
        above = self.parent
        for _level in range(self.MAX_DEPTH):
            if above is None:
                return
            if above.pk in seen or above.pk == self.pk:
                raise ValidationError(
                    {"parent": _("Een team kan niet onder zichzelf of een eigen onderteam vallen.")}
                )
            seen.add(above.pk)
            above = above.parent
        raise ValidationError(
            {
                "parent": _("Zoveel lagen teams boven elkaar kan niet (ten hoogste %(n)s).")
                % {"n": self.MAX_DEPTH}
            }
        )


class WorkerHeartbeat(models.Model):
    """Last sign of life of a Celery worker (written by a beat task, read by /healthz).

    Operational, not domain data: it belongs to no organisation.
    """

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField()
    # The worker's own LLM configuration ({"configured", "provider", "model"}; never a key):
    # the screens label drafts by what the worker will use (didactiek.llm.drafter_label).
    llm = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.hostname} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"


class Invitation(models.Model):
    """A one-time link for a person to set their first password.

    Only a hash of the token is stored; the token itself is in the e-mail. Sending again
    draws a new token (the old link stops working) and starts a new validity period.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="invitation")
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class SsoProvider(models.Model):
    """An organisation's OpenID Connect provider (e.g. Microsoft Entra ID).

    People whose e-mail domain is in ``allowed_domains`` see "Inloggen met <name>" on the
    login page; only existing active people of this organisation get in. The client secret
    is stored encrypted (``werkplekleren.sso.encrypt``) or read from the environment
    variable ``OIDC_CLIENT_SECRET_<SLUG>``; endpoints come from the issuer's discovery
    document and are kept here.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="sso_provider"
    )
    name = models.CharField(_("naam van de provider"), max_length=60, default="Microsoft")
    issuer = models.URLField(_("issuer (uitgever)"), max_length=300)
    client_id = models.CharField(_("client-id"), max_length=200)
    client_secret_encrypted = models.TextField(blank=True)
    allowed_domains = models.CharField(
        _("toegestane e-maildomeinen"),
        max_length=500,
        help_text=_("Gescheiden door komma's, bijvoorbeeld zorggroep.nl, zorggroep.com"),
    )
    enabled = models.BooleanField(_("aan"), default=True)
    authorization_endpoint = models.URLField(max_length=500, blank=True)
    token_endpoint = models.URLField(max_length=500, blank=True)
    userinfo_endpoint = models.URLField(max_length=500, blank=True)
    jwks_uri = models.URLField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("single sign-on")
        verbose_name_plural = _("single sign-on")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.allowed_domains.split(",") if d.strip()]


class OutgoingMail(models.Model):
    """One e-mail on its way (``werkplekleren.mail``): the row is the job's state.

    Rendered in the recipient's language when queued; the bodies are blanked once the mail
    is sent (they may hold a one-time link or a personal message).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        SENT = "sent", _("verstuurd")
        FAILED = "failed", _("mislukt")

    to = models.EmailField()
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    ics = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "created_at"], name="outgoingmail_state_idx")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to} ({self.state})"


class LlmJob(models.Model):
    """The columns every LLM job row shares (proposal drafts, frame drafts, learning paths):
    the state machine of ``werkplekleren.jobs`` reads and writes only these. The row holds
    the job's state, so nothing depends on the broker remembering."""

    class State(models.TextChoices):
        QUEUED = "wachtrij", _("In de wachtrij")
        RUNNING = "bezig", _("Wordt gemaakt")
        DONE = "klaar", _("Klaar")
        FAILED = "mislukt", _("Mislukt")

    OFFLINE = "offline"

    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the job was handed to the broker; empty while the broker could not be reached
    # (werkplekleren.jobs.send_unsent sends it as soon as it is back).
    sent_at = models.DateTimeField(null=True, blank=True)
    provider = models.CharField(max_length=100, blank=True)
    model = models.CharField(max_length=100, blank=True)
    prompt_version = models.CharField(max_length=30, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def is_template(self) -> bool:
        """Made by the offline drafter: a template from the group's own material, not AI."""
        return self.provider == self.OFFLINE
