"""The improvement proposal (``Verbetervoorstel``): its own writes and rules, whoever works on
it. The session (``weekcyclus.services``) checks its side first — the session's lock, the
step, a present participant — and calls these; the Prof-cirkel (``profcirkel.services``)
follows the validated proposal up and reads ``overdue_q``.

- adopting a finished draft, and editing (a new ``version``: votes on an older version no
  longer count) — ``voorstel_adopt_draft``, ``voorstel_edit``;
- **how a vote is counted** — ``voorstel_vote``: one vote per person per version, counted
  over the members present in the session; consensus (all present agree) or a majority
  (more than half), as the group chose; when met the proposal is validated and that
  version frozen (``VoorstelVersie``);
- reopening a validated proposal as a new version — ``voorstel_reopen``;
- the follow-up in the Prof-cirkel, one step after the other — ``require_step`` (out of
  order is refused, in Dutch), then ``voorstel_submit``, ``voorstel_answer`` (a reason for
  adapting or rejecting), ``voorstel_assign`` (owner and date), ``voorstel_implemented``,
  ``voorstel_review_effect`` (with ``EFFECT_CIJFERS``). Who may take a step (the group, the
  circle's leidinggevende, the owner) and telling the group are the circle's
  (``profcirkel.services``);
- in progress and past its date — ``overdue_q``, ``is_overdue``.
"""

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkplekleren.models import User

from . import similar
from .drafts import draft_as_proposal
from .models import (
    DidactischeVraag,
    Verbetervoorstel,
    VoorstelDraft,
    VoorstelStem,
    VoorstelVersie,
)


class EditConflict(ValidationError):
    """Someone else saved the shared text first; the caller keeps the user's own text."""


def voorstel_of(sessie) -> Verbetervoorstel:
    """The proposal of a session (made on first use)."""
    voorstel, _created = Verbetervoorstel.objects.get_or_create(
        sessie=sessie, defaults={"organisation_id": sessie.weekcyclus.groep.organisation_id}
    )
    return voorstel


def require_open(voorstel: Verbetervoorstel) -> None:
    if voorstel.status != Verbetervoorstel.Status.CONCEPT:
        raise ValidationError(
            _(
                "Het voorstel is gevalideerd en ligt vast; heropen het om een nieuwe versie "
                "te maken."
            )
        )


@transaction.atomic
def voorstel_adopt_draft(*, voorstel: Verbetervoorstel, draft: VoorstelDraft) -> Verbetervoorstel:
    """A finished draft becomes the text the group edits (a new version)."""
    require_open(voorstel)
    version = draft_as_proposal(draft)
    voorstel.titel = version["titel"]
    voorstel.stappen = version["stappen"]
    voorstel.tekst = version["tekst"]
    voorstel.draft = draft
    voorstel.version += 1
    voorstel.updated_at = timezone.now()
    voorstel.full_clean()
    voorstel.save()
    return voorstel


@transaction.atomic
def voorstel_edit(
    *,
    voorstel: Verbetervoorstel,
    base_version: int,
    titel: Callable[[], str],
    stappen: Callable[[], list[dict]],
    tekst: Callable[[], str],
) -> Verbetervoorstel:
    """Save an edit made on ``base_version``; a stale edit raises ``EditConflict``. The texts
    come as callables so that their checks (length, idea numbers) run after the version
    check, as the person expects: a conflict first, then what is wrong with the text."""
    require_open(voorstel)
    if base_version != voorstel.version:
        raise EditConflict(
            _(
                "Iemand anders heeft het voorstel intussen aangepast. Je tekst staat er nog; "
                "vergelijk en sla opnieuw op."
            )
        )
    voorstel.titel = titel()
    voorstel.stappen = stappen()
    voorstel.tekst = tekst()
    voorstel.version += 1  # earlier votes were about another text
    voorstel.updated_at = timezone.now()
    voorstel.full_clean()
    voorstel.save()
    return voorstel


@transaction.atomic
def voorstel_vote(
    *,
    voorstel: Verbetervoorstel,
    user: User,
    akkoord: bool,
    present: Callable[[], set[int]],
    consensus: bool,
) -> Verbetervoorstel:
    """``user`` votes on the current version. Counted: the votes on this version of the
    members ``present`` (user ids) in the session; met with ``consensus`` when all present
    agree, otherwise when more than half of them do. Then the proposal is validated and this
    version frozen as a ``VoorstelVersie`` with its votes."""
    require_open(voorstel)
    if not (voorstel.titel and voorstel.stappen):
        raise ValidationError(_("Geef het voorstel eerst een titel en minstens één stap."))
    if not voorstel.review_complete:
        raise ValidationError(_("Beantwoord eerst samen de vragen van de kritische toets."))
    VoorstelStem.objects.update_or_create(
        voorstel=voorstel, user=user, version=voorstel.version, defaults={"akkoord": akkoord}
    )
    present_ids = present()
    votes = list(
        voorstel.stemmen.filter(version=voorstel.version, user_id__in=present_ids).select_related(
            "user"
        )
    )
    yes = sum(1 for v in votes if v.akkoord)
    met = yes == len(present_ids) if consensus else yes * 2 > len(present_ids)
    if met:
        now = timezone.now()
        voorstel.status = Verbetervoorstel.Status.GEVALIDEERD
        voorstel.validated_at = now
        voorstel.validated_by = user
        voorstel.save(update_fields=["status", "validated_at", "validated_by"])
        VoorstelVersie.objects.create(
            voorstel=voorstel,
            number=voorstel.versies.count() + 1,
            titel=voorstel.titel,
            stappen=voorstel.stappen,
            tekst=voorstel.tekst,
            review=voorstel.review,
            votes=[
                {"user": v.user_id, "name": v.user.name, "akkoord": v.akkoord}
                for v in sorted(votes, key=lambda v: v.user.name)
            ],
            validated_at=now,
        )
    return voorstel


@transaction.atomic
def voorstel_reopen(*, voorstel: Verbetervoorstel) -> Verbetervoorstel:
    """Work on after validation: the validated version stays frozen; this is a new one."""
    if voorstel.status not in (
        Verbetervoorstel.Status.CONCEPT,
        Verbetervoorstel.Status.GEVALIDEERD,
    ):
        raise ValidationError(
            _("Dit voorstel is al ingediend bij de Prof-cirkel; het ligt daar vast.")
        )
    voorstel.status = Verbetervoorstel.Status.CONCEPT
    voorstel.validated_at = None
    voorstel.validated_by = None
    voorstel.version += 1
    voorstel.save(update_fields=["status", "validated_at", "validated_by", "version"])
    return voorstel


# --- The follow-up, in the Prof-cirkel -----------------------------------------------------

# The optional figures of an effect review: key → (label, lowest, highest).
EFFECT_CIJFERS = {
    "uren_bespaard": (gettext_lazy("Uren bespaard (per week)"), Decimal(-1000), Decimal(1000)),
    "foutpercentage": (gettext_lazy("Foutpercentage"), Decimal(0), Decimal(100)),
    "fouten_voorkomen": (
        gettext_lazy("Fouten voorkomen (per maand)"),
        Decimal(0),
        Decimal(100000),
    ),
    "tevredenheid": (gettext_lazy("Tevredenheid (1–10)"), Decimal(1), Decimal(10)),
}
_ANSWERS_TO_CARRY_OUT = (Verbetervoorstel.Antwoord.OVERGENOMEN, Verbetervoorstel.Antwoord.AANGEPAST)


def require_step(voorstel: Verbetervoorstel, step: str) -> None:
    """Refuse a follow-up ``step`` the proposal is not ready for (or already past), with the
    reason in Dutch: submit → answer → assign (again while in progress) → implemented →
    review_effect."""
    status, statuses = voorstel.status, Verbetervoorstel.Status
    if step == "submit":
        if status != statuses.GEVALIDEERD:
            if status == statuses.CONCEPT:
                raise ValidationError(_("Alleen een gevalideerd voorstel kan worden ingediend."))
            raise ValidationError(_("Dit voorstel is al ingediend bij een Prof-cirkel."))
    elif step == "answer":
        _require_status(
            voorstel,
            statuses.INGEDIEND,
            message=_(
                "Alleen een ingediend voorstel dat nog geen antwoord heeft, kan antwoord krijgen."
            ),
        )
    elif step == "assign":
        carry_out = status == statuses.IN_UITVOERING or (
            status == statuses.BEANTWOORD and voorstel.antwoord in _ANSWERS_TO_CARRY_OUT
        )
        if not carry_out:
            if voorstel.antwoord == Verbetervoorstel.Antwoord.AFGEWEZEN:
                raise ValidationError(_("Een afgewezen voorstel krijgt geen eigenaar."))
            raise ValidationError(
                _(
                    "Een voorstel krijgt een eigenaar nadat het is overgenomen en voordat het "
                    "klaar is."
                )
            )
    elif step == "implemented":
        _require_status(
            voorstel,
            statuses.IN_UITVOERING,
            message=_("Alleen een voorstel dat in uitvoering is, kan gerealiseerd worden."),
        )
    elif step == "review_effect":
        _require_status(
            voorstel,
            statuses.GEREALISEERD,
            message=_("Het effect wordt beoordeeld nadat het voorstel is gerealiseerd."),
        )
    else:  # pragma: no cover - a programming error
        raise ValueError(step)


def _require_status(voorstel: Verbetervoorstel, *statuses: str, message: str) -> None:
    if voorstel.status not in statuses:
        raise ValidationError(message)


@transaction.atomic
def voorstel_submit(
    *, voorstel: Verbetervoorstel, cirkel, names_visible: bool = False
) -> Verbetervoorstel:
    """The validated proposal goes to ``cirkel`` (a ``profcirkel.ProfCirkel``). From then on
    it is in the proposal bank, for the whole organisation; the group decides whether its
    names show there (``names_visible``). Its search text is indexed at once."""
    require_step(voorstel, "submit")
    voorstel.cirkel = cirkel
    voorstel.status = Verbetervoorstel.Status.INGEDIEND
    voorstel.submitted_at = timezone.now()
    voorstel.updated_at = voorstel.submitted_at
    voorstel.names_visible = bool(names_visible)
    voorstel.save(update_fields=["cirkel", "status", "submitted_at", "updated_at", "names_visible"])
    similar.voorstel_index(voorstel=voorstel)
    return voorstel


@transaction.atomic
def voorstel_answer(
    *, voorstel: Verbetervoorstel, by: User, antwoord: str, reden: str, bedankt: str = ""
) -> Verbetervoorstel:
    """Overgenomen, aangepast overgenomen (with a reason) or afgewezen (with a reason), with
    an optional thank-you to the group (``bedankt``, shown where the organisation sees it)."""
    require_step(voorstel, "answer")
    if antwoord not in Verbetervoorstel.Antwoord.values:
        raise ValidationError(
            {"antwoord": _("Kies overgenomen, aangepast overgenomen of afgewezen.")}
        )
    reden = (reden or "").strip()
    if antwoord != Verbetervoorstel.Antwoord.OVERGENOMEN and not reden:
        raise ValidationError(
            {"reden": _("Leg de groep uit waarom: bij aanpassen of afwijzen is een reden nodig.")}
        )
    bedankt = " ".join((bedankt or "").split())
    if len(bedankt) > 1000:
        raise ValidationError({"bedankt": _("Het bedankje is te lang (ten hoogste 1000 tekens).")})
    voorstel.antwoord = antwoord
    voorstel.antwoord_reden = reden
    voorstel.bedankt = bedankt
    voorstel.answered_at = voorstel.updated_at = timezone.now()
    voorstel.answered_by = by
    voorstel.status = Verbetervoorstel.Status.BEANTWOORD
    voorstel.full_clean(exclude=["effect_vragen"])
    voorstel.save(
        update_fields=[
            "antwoord",
            "antwoord_reden",
            "bedankt",
            "answered_at",
            "answered_by",
            "status",
            "updated_at",
        ]
    )
    return voorstel


@transaction.atomic
def voorstel_assign(
    *, voorstel: Verbetervoorstel, owner: User | None, due_date: date
) -> Verbetervoorstel:
    """An owner in the organisation and a date (not in the past, unless it is the one set)."""
    require_step(voorstel, "assign")
    if owner is None or owner.organisation_id != voorstel.organisation_id or not owner.is_active:
        raise ValidationError({"owner": _("Kies als eigenaar iemand uit de organisatie.")})
    if not isinstance(due_date, date):
        raise ValidationError({"due_date": _("Kies de datum waarop het klaar moet zijn.")})
    if due_date < timezone.localdate() and due_date != voorstel.due_date:
        raise ValidationError({"due_date": _("Die datum ligt in het verleden.")})
    voorstel.owner = owner
    voorstel.due_date = due_date
    voorstel.status = Verbetervoorstel.Status.IN_UITVOERING
    voorstel.updated_at = timezone.now()
    voorstel.save(update_fields=["owner", "due_date", "status", "updated_at"])
    return voorstel


@transaction.atomic
def voorstel_implemented(*, voorstel: Verbetervoorstel) -> Verbetervoorstel:
    require_step(voorstel, "implemented")
    voorstel.status = Verbetervoorstel.Status.GEREALISEERD
    voorstel.implemented_at = voorstel.updated_at = timezone.now()
    voorstel.save(update_fields=["status", "implemented_at", "updated_at"])
    return voorstel


def effect_cijfers_clean(cijfers: dict | None) -> dict:
    """Only the known figures, each a number within its range; empty ones are left out. A
    Dutch decimal comma and a percent sign are fine ("12,5", "20%"). Every wrong figure is
    reported at once, on its own field."""
    cleaned, errors = {}, {}
    for key, value in (cijfers or {}).items():
        if key not in EFFECT_CIJFERS:
            raise ValidationError(_("Onbekend cijfer: %(key)s.") % {"key": key})
        label, lowest, highest = EFFECT_CIJFERS[key]
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            text = str(value).strip().replace(",", ".").replace(" ", "")
            if key == "foutpercentage":
                text = text.removesuffix("%")
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            errors[key] = _("%(label)s moet een getal zijn.") % {"label": label}
            continue
        if not number.is_finite():
            errors[key] = _("%(label)s moet een getal zijn.") % {"label": label}
        elif not lowest <= number <= highest:
            errors[key] = _("%(label)s ligt tussen %(low)s en %(high)s.") % {
                "label": label,
                "low": lowest,
                "high": highest,
            }
        else:
            cleaned[key] = int(number) if number == number.to_integral_value() else float(number)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def voorstel_review_effect(
    *,
    voorstel: Verbetervoorstel,
    effect: str,
    vragen: Iterable[DidactischeVraag] = (),
    cijfers: dict | None = None,
) -> Verbetervoorstel:
    """What changed: a text, the questions of the kader it touched, optional figures."""
    require_step(voorstel, "review_effect")
    effect = (effect or "").strip()
    errors: dict = {}
    if not effect:
        errors["effect"] = [_("Beschrijf wat er veranderde.")]
    vragen = list(vragen or ())
    if not all(isinstance(v, DidactischeVraag) for v in vragen):
        errors["vragen"] = [_("Kies vragen uit het didactisch kader.")]
    effect_cijfers: dict = {}
    try:
        effect_cijfers = effect_cijfers_clean(cijfers)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        errors.update(exc.message_dict)
    if errors:  # every mistake at once, each on its field
        raise ValidationError(errors)
    voorstel.effect = effect
    voorstel.effect_cijfers = effect_cijfers
    voorstel.status = Verbetervoorstel.Status.EFFECT_BEOORDEELD
    voorstel.reviewed_at = voorstel.updated_at = timezone.now()
    voorstel.full_clean(exclude=["effect_vragen"])
    voorstel.save(update_fields=["effect", "effect_cijfers", "status", "reviewed_at", "updated_at"])
    voorstel.effect_vragen.set(vragen)
    return voorstel


# --- Overdue --------------------------------------------------------------------------------


def overdue_q(today: date | None = None) -> Q:
    """In progress and past its date."""
    return Q(
        status=Verbetervoorstel.Status.IN_UITVOERING,
        due_date__lt=today or timezone.localdate(),
    )


def is_overdue(voorstel: Verbetervoorstel, today: date | None = None) -> bool:
    return bool(
        voorstel.status == Verbetervoorstel.Status.IN_UITVOERING
        and voorstel.due_date
        and voorstel.due_date < (today or timezone.localdate())
    )
