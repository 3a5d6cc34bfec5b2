"""The method itself: the didactisch kader (ten questions), werksituaties and proposals."""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkplekleren.models import LlmJob


def answer_fingerprint(text: str) -> str:
    """A short fingerprint of an answer as a form showed it: tells an untouched field of a
    stale form from one the person changed (see weekcyclus.services.voorstel_review_save)."""
    return hashlib.sha256(str(text).strip().encode()).hexdigest()[:16]


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
    # Taken from another group's proposal in the proposal bank ("start a session from it").
    bron = models.ForeignKey(
        "Verbetervoorstel",
        verbose_name=_("overgenomen uit voorstel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="navolgers",
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
        # After validation, in the Prof-cirkel:
        INGEDIEND = "ingediend", _("Ingediend")
        BEANTWOORD = "beantwoord", _("Beantwoord")
        IN_UITVOERING = "uitvoering", _("In uitvoering")
        GEREALISEERD = "gerealiseerd", _("Gerealiseerd")
        EFFECT_BEOORDEELD = "effect", _("Effect beoordeeld")

    class Antwoord(models.TextChoices):
        OVERGENOMEN = "overgenomen", _("Overgenomen")
        AANGEPAST = "aangepast", _("Aangepast overgenomen")
        AFGEWEZEN = "afgewezen", _("Afgewezen")

    # The critical review the group answers before it votes (question 4 of the frame).
    REVIEW_QUESTIONS = (
        ("klopt", _("Klopt het?")),
        ("haalbaar", _("Is het haalbaar?")),
        ("eerlijk", _("Is het eerlijk en inclusief?")),
        ("privacy", _("Hoe zit het met privacy?")),
        ("ai", _("Wat deed de AI niet goed?")),
    )

    organisation = models.ForeignKey(
        "werkplekleren.Organisation", on_delete=models.CASCADE, related_name="voorstellen"
    )
    sessie = models.OneToOneField(
        "weekcyclus.Sessie", on_delete=models.CASCADE, related_name="voorstel"
    )
    titel = models.CharField(_("titel"), max_length=200, blank=True)
    # The concrete steps, each with the ids of the brainstorm ideas it builds on (provenance):
    # [{"tekst": "...", "ideeen": [12, 14]}, ...]
    stappen = models.JSONField(_("stappen"), default=list, blank=True)
    tekst = models.TextField(_("toelichting"), blank=True, max_length=5000)
    draft = models.ForeignKey(
        "VoorstelDraft",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Het concept waarop de groep verder schreef."),
    )
    # The group's critical review: {"klopt": "...", "haalbaar": "...", ...}
    review = models.JSONField(_("kritische toets"), default=dict, blank=True)
    # One version per answer ({"klopt": 2, ...}): members answer the review at the same time.
    review_versions = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CONCEPT)
    # Follow-up in the Prof-cirkel.
    cirkel = models.ForeignKey(
        "profcirkel.ProfCirkel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voorstellen",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    antwoord = models.CharField(max_length=12, choices=Antwoord.choices, blank=True)
    antwoord_reden = models.TextField(_("reden"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voorstellen_in_eigendom",
        verbose_name=_("eigenaar"),
    )
    due_date = models.DateField(_("klaar uiterlijk"), null=True, blank=True)
    implemented_at = models.DateTimeField(null=True, blank=True)
    effect = models.TextField(_("wat er veranderde"), blank=True, max_length=3000)
    effect_vragen = models.ManyToManyField(DidactischeVraag, blank=True, related_name="+")
    # Optional numbers, e.g. {"uren_bespaard": 3, "foutpercentage": 2.5, "tevredenheid": 8}
    effect_cijfers = models.JSONField(default=dict, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The proposal bank: the group decides at submission whether its names show there.
    names_visible = models.BooleanField(_("namen van de groep tonen"), default=False)
    # Recognition: the thanks the answering leidinggevende sent with the answer.
    bedankt = models.TextField(_("bedankt"), blank=True, default="", max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Proposal lists: newest first within an organisation (the API, the proposal bank).
        indexes = [
            models.Index(
                fields=["organisation", "-created_at", "-id"], name="voorstel_org_created_idx"
            ),
            # The proposal bank: an organisation's submitted proposals, newest first.
            models.Index(
                fields=["organisation", "-submitted_at", "-id"],
                name="voorstel_bank_idx",
                condition=models.Q(submitted_at__isnull=False),
            ),
        ]
        verbose_name = _("verbetervoorstel")
        verbose_name_plural = _("verbetervoorstellen")

    def __str__(self) -> str:
        return self.titel or str(_("Voorstel zonder titel"))

    @property
    def review_complete(self) -> bool:
        return all(self.review.get(key, "").strip() for key, _q in self.REVIEW_QUESTIONS)

    @property
    def review_items(self) -> list[tuple[str, str, str]]:
        return [(key, q, self.review.get(key, "")) for key, q in self.REVIEW_QUESTIONS]

    def review_form_items(self, keep=None) -> list[dict]:
        """The review form's fields: the current answer with its version and fingerprint, or
        what the person typed (``keep``, after a refused or conflicting save)."""
        keep = keep or {}
        items = []
        for key, question in self.REVIEW_QUESTIONS:
            answer = self.review.get(key, "")
            item = {
                "key": key,
                "question": question,
                "text": answer,
                "base": self.review_versions.get(key, 0),
                "seen": answer_fingerprint(answer),
                "theirs": None,
            }
            if key in keep:
                item["text"] = keep.get(key)
                item["base"] = keep.get(f"base_{key}", item["base"])
                item["seen"] = keep.get(f"seen_{key}", item["seen"])
                item["theirs"] = keep.get(f"theirs_{key}")
            items.append(item)
        return items


class VoorstelDraft(LlmJob):
    """One request for a drafted proposal, and its result (see didactiek/tasks.py)."""

    organisation = models.ForeignKey(
        "werkplekleren.Organisation", on_delete=models.CASCADE, related_name="voorstel_drafts"
    )
    sessie = models.ForeignKey("weekcyclus.Sessie", on_delete=models.CASCADE, related_name="drafts")
    version = models.PositiveSmallIntegerField()
    hint = models.CharField(_("aanwijzing"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    output = models.JSONField(null=True, blank=True)
    notes = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["sessie", "version"], name="unique_draft_version"),
        ]
        # Beat scans unfinished jobs by age every minute (werkplekleren.jobs).
        indexes = [models.Index(fields=["state", "updated_at"], name="voorsteldraft_state_upd_idx")]
        verbose_name = _("concept")
        verbose_name_plural = _("concepten")

    def __str__(self) -> str:
        return f"{self.sessie} – concept {self.version} ({self.state})"

    @property
    def duration_seconds(self) -> float | None:
        return None if self.duration_ms is None else self.duration_ms / 1000


class VoorstelStem(models.Model):
    """A present member's vote on a version of the proposal (validation by vote)."""

    voorstel = models.ForeignKey(Verbetervoorstel, on_delete=models.CASCADE, related_name="stemmen")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    akkoord = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["voorstel", "user", "version"], name="one_vote_per_proposal_version"
            ),
        ]
        verbose_name = _("stem over voorstel")
        verbose_name_plural = _("stemmen over voorstellen")

    def __str__(self) -> str:
        return f"{self.user} {'+' if self.akkoord else '-'} {self.voorstel}"


class VoorstelVersie(models.Model):
    """A validated proposal, frozen. Later changes make a new version."""

    voorstel = models.ForeignKey(Verbetervoorstel, on_delete=models.CASCADE, related_name="versies")
    number = models.PositiveIntegerField()
    titel = models.CharField(max_length=200)
    stappen = models.JSONField(default=list)
    tekst = models.TextField(blank=True)
    review = models.JSONField(default=dict)
    votes = models.JSONField(default=list)  # [{"user": id, "name": ..., "akkoord": bool}]
    validated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["voorstel", "number"], name="unique_voorstel_versie"),
        ]
        verbose_name = _("gevalideerde versie")
        verbose_name_plural = _("gevalideerde versies")

    def __str__(self) -> str:
        return f"{self.titel} (v{self.number})"


class VoorstelIndex(models.Model):
    """The searchable text of a proposal in the proposal bank (title, problem statement,
    steps), written when it is submitted. Full-text search reads it: PostgreSQL through a GIN
    index on ``to_tsvector('dutch', text)``, SQLite through an FTS5 table over ``stems`` (the
    same Dutch Snowball stems, made in Python), both made by migration 0011."""

    voorstel = models.OneToOneField(
        Verbetervoorstel, on_delete=models.CASCADE, primary_key=True, related_name="index"
    )
    organisation = models.ForeignKey(
        "werkplekleren.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # The group that made it (left out of its own "similar proposals").
    groep = models.ForeignKey("weekcyclus.Groep", on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    stems = models.TextField()
    text_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["organisation", "text_hash"], name="voorstelindex_org_idx")]
        verbose_name = _("zoektekst van een voorstel")
        verbose_name_plural = _("zoekteksten van voorstellen")

    def __str__(self) -> str:
        return self.text[:60]


class Embedding(models.Model):
    """The embedding of one text by one model (a proposal's, or what a group is writing):
    found by the text's hash, so a text is sent to the provider once. Float32, little-endian."""

    class State(models.TextChoices):
        QUEUED = "wachtrij", _("In de wachtrij")
        DONE = "klaar", _("Klaar")
        FAILED = "mislukt", _("Mislukt")

    organisation = models.ForeignKey(
        "werkplekleren.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    model = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=64)
    text = models.TextField(blank=True)  # kept until embedded, then emptied
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    vector = models.BinaryField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The session to refresh on the screens once the embedding is there (none for proposals).
    sessie_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "model", "text_hash"], name="unique_embedding_per_text"
            )
        ]
        indexes = [models.Index(fields=["state", "updated_at"], name="embedding_state_idx")]
        verbose_name = _("embedding")
        verbose_name_plural = _("embeddings")

    def __str__(self) -> str:
        return f"{self.model}:{self.text_hash[:8]} ({self.state})"


# --- Frames (videoframes): the method's content, authored by the organisation ---------------


def _media_path(instance, filename: str) -> str:
    # A random name: the stored name never tells anything, and two uploads never collide.
    import secrets
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:8]
    org = instance.organisation_id or "platform"
    return f"media/{org}/{timezone.now():%Y/%m}/{secrets.token_hex(12)}{suffix}"


class Media(models.Model):
    """An uploaded video, audio fragment or PDF (a frame step, a catalogue item), kept
    through Django's storage API: a local folder by default, an S3-compatible store in
    production. Served only through ``didactiek.views.media``, which checks who may see it:
    people of the owning organisation (platform media: every signed-in person)."""

    class Kind(models.TextChoices):
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Geluid")
        PDF = "pdf", _("PDF")

    organisation = models.ForeignKey(
        "werkplekleren.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="media",
    )
    file = models.FileField(_("bestand"), upload_to=_media_path, max_length=300)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    content_type = models.CharField(max_length=60)
    size = models.PositiveBigIntegerField(default=0)
    name = models.CharField(_("naam"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mediabestand")
        verbose_name_plural = _("mediabestanden")

    def __str__(self) -> str:
        return self.name


class Frame(models.Model):
    """A videoframe in an organisation's library (``organisation`` empty: the platform's
    starter library, readable by every organisation). Its content lives in versions: a
    published version never changes; editing works on a concept version."""

    organisation = models.ForeignKey(
        "werkplekleren.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="frames",
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True, max_length=2000)
    # The stored columns per language, added by modeltranslation (translation.py).
    title_nl: str
    title_en: str
    description_nl: str
    description_en: str
    vragen = models.ManyToManyField(
        DidactischeVraag, blank=True, related_name="frames", verbose_name=_("didactische vragen")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived = models.BooleanField(_("gearchiveerd"), default=False)
    # Starter frames are recognised by this key (seed data stays idempotent).
    starter_key = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["starter_key"],
                condition=~models.Q(starter_key=""),
                name="unique_starter_frame",
            )
        ]
        verbose_name = _("frame")
        verbose_name_plural = _("frames")

    def __str__(self) -> str:
        return self.title


class FrameVersie(models.Model):
    """One version of a frame: its ordered steps.

    ``stappen`` holds, per step: ``kind`` (didactiek.frames.KINDS), ``title``, ``question``
    and ``guidance`` per language ({"nl": …, "en": …}), ``minutes``, optional ``media``
    ({"kind": "video"|"audio"|"pdf", "media": id, "name": …} or {"kind": "link", "url": …})
    and ``verrassingen`` ([{"kind": …, "text": {"nl": …, "en": …}, "at_minute": n|null}]).
    The minutes sum to ``minutes``, the frame's length.
    """

    class State(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        PUBLISHED = "gepubliceerd", _("Gepubliceerd")

    frame = models.ForeignKey(Frame, on_delete=models.CASCADE, related_name="versies")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.CONCEPT)
    minutes = models.PositiveSmallIntegerField(
        _("lengte (minuten)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(240)],
    )
    stappen = models.JSONField(_("stappen"), default=list)
    # Where the content came from: written by hand, or from an AI (or template) draft.
    draft = models.ForeignKey(
        "FrameDraft", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["frame", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["frame", "number"], name="unique_frame_version"),
            models.UniqueConstraint(
                fields=["frame"], condition=models.Q(state="concept"), name="one_concept_per_frame"
            ),
        ]
        verbose_name = _("frameversie")
        verbose_name_plural = _("frameversies")

    def __str__(self) -> str:
        return f"{self.frame} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def steps(self):
        from .frames import step_of

        return [step_of(s) for s in self.stappen]


class FrameDraft(LlmJob):
    """L&O's request for a frame drafted by the LLM (or the offline template), and its
    result; the row holds the job's state (werkplekleren.jobs), as for proposal drafts. Nothing
    is published from it without a person: L&O turns it into a concept and edits it."""

    organisation = models.ForeignKey(
        "werkplekleren.Organisation", on_delete=models.CASCADE, related_name="frame_drafts"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The aim L&O described.
    vragen = models.ManyToManyField(DidactischeVraag, blank=True, related_name="+")
    doel = models.TextField(_("doel"), blank=True, max_length=1000)
    werksituatie_kind = models.CharField(
        _("soort werksituatie"), max_length=20, blank=True, choices=Werksituatie.Kind.choices
    )
    groepsgrootte = models.PositiveSmallIntegerField(
        _("groepsgrootte"), default=5, validators=[MinValueValidator(2), MaxValueValidator(12)]
    )
    minutes = models.PositiveSmallIntegerField(
        _("lengte (minuten)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(240)],
    )
    language = models.CharField(max_length=5, default="nl")
    output = models.JSONField(null=True, blank=True)
    notes = models.JSONField(default=list, blank=True)
    frame = models.ForeignKey(
        Frame, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "updated_at"], name="framedraft_state_upd_idx")]
        verbose_name = _("frameconcept")
        verbose_name_plural = _("frameconcepten")

    def __str__(self) -> str:
        return f"{self.organisation} – frameconcept {self.pk} ({self.state})"
