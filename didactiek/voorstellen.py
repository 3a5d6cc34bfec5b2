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
- in progress and past its date — ``overdue_q``, ``is_overdue``.
"""

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplekleren.models import User

from .drafts import draft_as_proposal
from .models import Verbetervoorstel, VoorstelDraft, VoorstelStem, VoorstelVersie


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
