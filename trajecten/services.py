"""Writes for Prof-trajecten: composing, choosing questions per cycle, activities, logged
time, suggestions turned into activities, and suggested learning paths.

Keyword-only, atomic, validated with full_clean(); refusals are ValidationErrors in Dutch.
"""

import time
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from didactiek import llm, prompt
from didactiek.models import DidactischeVraag
from weekcyclus.models import Groep
from werkplekleren import jobs
from werkplekleren.dates import monday_of
from werkplekleren.models import Role, User

from . import leerpad
from .models import (
    Leeractiviteit,
    LeerpadSuggestie,
    LeerpadVoorstel,
    ProfTraject,
    Tijdregistratie,
    Vraagkeuze,
)

TRAJECT_FIELDS = ("ambitie", "start", "end", "active_weeks", "talenten", "leerbehoeften")


# --- Composing -----------------------------------------------------------------------------


@transaction.atomic
def traject_save(
    *,
    user: User,
    traject: ProfTraject | None = None,
    groepen: Iterable[Groep] | None = None,
    vragen: Iterable[DidactischeVraag] | None = None,
    **fields,
) -> ProfTraject:
    """Create or update a traject with whatever the person filled in so far.

    A concept may be incomplete: saving at any point loses nothing."""
    if Role.PROFESSIONAL not in user.roles:
        raise PermissionDenied
    if traject is None:
        # A professional always has an organisation (full_clean below would say so).
        traject = ProfTraject(organisation_id=user.organisation_id, user=user)  # type: ignore[misc]
    elif traject.user_id != user.pk:
        raise PermissionDenied
    if traject.state == ProfTraject.State.AFGEROND:
        raise ValidationError(_("Een afgerond Prof-traject blijft zoals het was."))
    for name, value in fields.items():
        if name not in TRAJECT_FIELDS:
            raise TypeError(name)
        setattr(traject, name, value.strip() if isinstance(value, str) else value)
    traject.updated_at = timezone.now()
    traject.full_clean(validate_constraints=False)
    traject.save()
    if groepen is not None:
        own = [g for g in groepen if g.organisation_id == user.organisation_id]
        traject.groepen.set(own)
    if vragen is not None:
        traject_choose_vragen(traject=traject, vragen=vragen)
    return traject


@transaction.atomic
def traject_activate(*, traject: ProfTraject) -> ProfTraject:
    """Start following the traject. One active Prof-traject at a time."""
    if traject.state != ProfTraject.State.CONCEPT:
        raise ValidationError(_("Alleen een concept kun je starten."))
    if not traject.ambitie:
        raise ValidationError({"ambitie": _("Schrijf eerst in je eigen woorden je ambitie.")})
    if not traject.vraagkeuzes.exists():
        raise ValidationError({"vragen": _("Kies minstens één vraag van het didactisch kader.")})
    other = (
        ProfTraject.objects.select_for_update()
        .filter(user_id=traject.user_id, state=ProfTraject.State.ACTIEF)
        .exclude(pk=traject.pk)
    )
    if other.exists():
        raise ValidationError(
            _("Je hebt al een actief Prof-traject. Rond dat eerst af; het blijft leesbaar.")
        )
    traject.state = ProfTraject.State.ACTIEF
    traject.updated_at = timezone.now()
    traject.save(update_fields=["state", "updated_at"])
    return traject


@transaction.atomic
def traject_finish(*, traject: ProfTraject) -> ProfTraject:
    if traject.state != ProfTraject.State.ACTIEF:
        raise ValidationError(_("Alleen een actief Prof-traject kun je afronden."))
    traject.state = ProfTraject.State.AFGEROND
    traject.updated_at = timezone.now()
    traject.save(update_fields=["state", "updated_at"])
    return traject


@transaction.atomic
def traject_choose_vragen(
    *, traject: ProfTraject, vragen: Iterable[DidactischeVraag], cycle_start: date | None = None
) -> Vraagkeuze:
    """The questions for a cycle (this week's by default); earlier cycles' choices stay."""
    chosen = list(vragen)
    if not chosen:
        raise ValidationError({"vragen": _("Kies minstens één vraag van het didactisch kader.")})
    keuze, _created = Vraagkeuze.objects.get_or_create(
        traject=traject, cycle_start=monday_of(cycle_start or timezone.localdate())
    )
    keuze.vragen.set(chosen)
    return keuze


# --- Activities and time -------------------------------------------------------------------


@transaction.atomic
def activiteit_add(
    *,
    traject: ProfTraject,
    kind: str,
    title: str,
    link: str = "",
    vragen: Iterable[DidactischeVraag] = (),
    planned_minutes: int | None = None,
    source: str = "",
    catalogus_item=None,
) -> Leeractiviteit:
    if traject.state == ProfTraject.State.AFGEROND:
        raise ValidationError(_("Een afgerond Prof-traject blijft zoals het was."))
    if catalogus_item is not None and catalogus_item.organisation_id != traject.organisation_id:
        raise ValidationError(_("Dit item staat niet in de catalogus van je organisatie."))
    if catalogus_item is not None and not link and catalogus_item.link:
        link = catalogus_item.link
    activiteit = Leeractiviteit(
        traject=traject,
        kind=kind,
        title=title.strip(),
        link=link.strip(),
        planned_minutes=planned_minutes,
        source=source,
        catalogus_item=catalogus_item,
    )
    activiteit.full_clean()
    activiteit.save()
    activiteit.vragen.set(vragen)
    return activiteit


@transaction.atomic
def catalogus_item_add_to_traject(*, traject: ProfTraject, item) -> Leeractiviteit:
    """One click: a catalogue item becomes a planned activity of the person's traject."""
    if not item.active or item.organisation_id != traject.organisation_id:
        raise ValidationError(_("Dit item staat niet (meer) in de catalogus."))
    return activiteit_add(
        traject=traject,
        kind=item.kind,
        title=item.title,
        vragen=list(item.vragen.all()),
        planned_minutes=item.minutes,
        source=f"catalogus:{item.pk}",
        catalogus_item=item,
    )


@transaction.atomic
def catalogus_item_save(
    *,
    by,
    item=None,
    kind: str,
    title: str,
    title_en: str = "",
    description: str = "",
    description_en: str = "",
    link: str = "",
    media=None,
    minutes: int,
    language: str = "nl",
    vragen: Iterable[DidactischeVraag] | None = None,
    talenten: str = "",
    active: bool = True,
):
    """L&O adds (``item`` None) or changes a catalogue item of their organisation. The
    Dutch texts are the item's own; the English ones are shown to English readers."""
    from .models import CatalogusItem

    if Role.LO not in by.roles or not by.organisation_id:
        raise PermissionDenied(_("Alleen L&O beheert de catalogus."))
    if item is None:
        item = CatalogusItem(organisation_id=by.organisation_id, created_by=by)
    elif item.organisation_id != by.organisation_id:
        raise PermissionDenied(_("Alleen L&O beheert de catalogus."))
    if media is not None and media.organisation_id != by.organisation_id:
        raise ValidationError({"media": _("Dit bestand hoort niet bij je organisatie.")})
    item.kind = kind
    item.title_nl = (title or "").strip()
    item.title_en = (title_en or "").strip()
    item.description_nl = (description or "").strip()
    item.description_en = (description_en or "").strip()
    item.link = (link or "").strip()
    if media is not None:
        item.media = media
    item.minutes = minutes
    item.language = language
    item.talenten = ", ".join(t.strip() for t in (talenten or "").split(",") if t.strip())
    item.active = bool(active)
    item.full_clean()
    item.save()
    if vragen is not None:
        item.vragen.set(vragen)
    return item


@transaction.atomic
def activiteit_update(
    *, activiteit: Leeractiviteit, vragen: Iterable[DidactischeVraag] | None = None, **fields
) -> Leeractiviteit:
    if activiteit.traject.state == ProfTraject.State.AFGEROND:
        raise ValidationError(_("Een afgerond Prof-traject blijft zoals het was."))
    allowed = {"kind", "title", "link", "planned_minutes", "status", "reflectie"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(activiteit, name, value.strip() if isinstance(value, str) else value)
    activiteit.full_clean()
    activiteit.save()
    if vragen is not None:
        activiteit.vragen.set(vragen)
    return activiteit


@transaction.atomic
def tijd_log(
    *, activiteit: Leeractiviteit, minutes: int, day: date | None = None
) -> Tijdregistratie:
    if activiteit.traject.state == ProfTraject.State.AFGEROND:
        raise ValidationError(_("Een afgerond Prof-traject blijft zoals het was."))
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"day": _("Je kunt geen tijd in de toekomst schrijven.")})
    traject = activiteit.traject
    if not traject.start <= day <= traject.end:
        # Only time within the period counts toward it: say so instead of saving time that
        # would silently not count.
        raise ValidationError(
            {
                "day": _(
                    "Je Prof-traject loopt van %(start)s tot en met %(end)s; kies een dag "
                    "in die periode."
                )
                % {
                    "start": formats.date_format(traject.start, "j F Y"),
                    "end": formats.date_format(traject.end, "j F Y"),
                }
            }
        )
    entry = Tijdregistratie(activiteit=activiteit, minutes=minutes, day=day)
    entry.full_clean()
    entry.save()
    if activiteit.status == Leeractiviteit.Status.GEPLAND:
        activiteit.status = Leeractiviteit.Status.BEZIG
        activiteit.save(update_fields=["status"])
    return entry


@transaction.atomic
def suggestie_to_activiteit(
    *, traject: ProfTraject, source: str, title: str, kind: str = Leeractiviteit.Kind.TRAINING
) -> Leeractiviteit:
    """One click: a learning need from a session becomes an activity (once)."""
    existing = traject.activiteiten.filter(source=source).first()
    if existing is not None:
        return existing
    return activiteit_add(traject=traject, kind=kind, title=title[:200], source=source)


# --- Suggested learning path (Celery) ------------------------------------------------------


@transaction.atomic
def leerpad_request(*, traject: ProfTraject) -> LeerpadVoorstel:
    """Ask for a suggested path; while one is being made, that one is returned."""
    ProfTraject.objects.select_for_update().filter(pk=traject.pk).first()
    pending = traject.leerpaden.filter(
        state__in=[LeerpadVoorstel.State.QUEUED, LeerpadVoorstel.State.RUNNING]
    ).first()
    if pending is not None:
        return pending
    request = LeerpadVoorstel.objects.create(traject=traject)
    leerpad_enqueue(leerpad=request)
    return request


def leerpad_enqueue(*, leerpad: LeerpadVoorstel) -> None:
    """Send after commit; an unreachable broker leaves the request queued with a note."""
    from .tasks import suggest_leerpad

    pk = leerpad.pk
    transaction.on_commit(
        lambda: jobs.send(LeerpadVoorstel, pk, suggest_leerpad, queued_note=jobs.queued_note())
    )


def leerpaden_send_unsent(*, grace_seconds: int = jobs.UNSENT_GRACE_SECONDS) -> list[int]:
    """Send the requests made while the broker was unreachable (beat and worker start)."""
    from .tasks import suggest_leerpad

    return jobs.send_unsent(
        LeerpadVoorstel,
        task=suggest_leerpad,
        queued_note=jobs.queued_note(),
        grace_seconds=grace_seconds,
    )


def _claim(leerpad_id: int) -> LeerpadVoorstel | None:
    if not jobs.claim(LeerpadVoorstel, leerpad_id):
        return None
    return LeerpadVoorstel.objects.select_related("traject__organisation", "traject__user").get(
        pk=leerpad_id
    )


def leerpad_run(*, leerpad_id: int, drafter: llm.Drafter | None = None) -> LeerpadVoorstel | None:
    """Make the suggestions; raises llm.LLMError for the task to retry or fail."""
    request = _claim(leerpad_id)
    if request is None:
        return None
    material = leerpad.material_for(request.traject)
    if not material.catalogus and not material.eigen_ideeen:
        return leerpad_fail(
            leerpad_id=leerpad_id,
            reason=_(
                "De catalogus van je organisatie is nog leeg en je hebt nog geen eigen "
                "leerwensen: er is niets om uit te kiezen. Vraag L&O de catalogus te vullen."
            ),
        )
    drafter = drafter or llm.drafter_for(request.traject.organisation)
    started = time.monotonic()

    suggestions, error = llm.ask_structured(
        drafter,
        offline=lambda: leerpad.offline(material),
        messages=lambda retry_error: leerpad.messages_for(material, retry_error=retry_error),
        name="leerpad",
        schema=leerpad.SCHEMA,
        parse=lambda raw: leerpad.parse(raw, material),
        invalid=leerpad.OutputInvalid,
    )
    if error is not None:
        return leerpad_fail(leerpad_id=leerpad_id, reason=prompt.failed_twice_reason(error))
    assert suggestions is not None  # (one of the two is always given)
    with transaction.atomic():
        done = jobs.finish(
            LeerpadVoorstel,
            leerpad_id,
            provider=drafter.provider,
            model=drafter.model,
            prompt_version=leerpad.PROMPT_VERSION,
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        if done:
            LeerpadSuggestie.objects.bulk_create(
                LeerpadSuggestie(
                    leerpad_id=leerpad_id,
                    kind=s["soort"],
                    title=s["titel"],
                    waarom=s["waarom"],
                    minutes=s["minuten"],
                    item_id=s["item"],
                )
                for s in suggestions
            )
    return LeerpadVoorstel.objects.get(pk=leerpad_id)


def leerpad_retry_later(*, leerpad_id: int, reason: str) -> None:
    jobs.retry_later(LeerpadVoorstel, leerpad_id, reason)


def leerpad_fail(*, leerpad_id: int, reason: str) -> LeerpadVoorstel:
    jobs.fail(LeerpadVoorstel, leerpad_id, reason)
    return LeerpadVoorstel.objects.get(pk=leerpad_id)


def leerpaden_requeue_stuck(*, older_than_seconds: int | None = None) -> list[int]:
    """Hand out again requests whose message or worker got lost (beat)."""
    return jobs.requeue_stuck(
        LeerpadVoorstel,
        enqueue=lambda pk: leerpad_enqueue(leerpad=LeerpadVoorstel(pk=pk)),
        stuck_reason=_("Het voorstellen van een leerpad bleef steeds hangen."),
        older_than_seconds=older_than_seconds,
    )


SUGGESTIE_MAX_MINUTES = 2400  # (the form's limit too)


@transaction.atomic
def suggestie_accept(
    *,
    suggestie: LeerpadSuggestie,
    title: str | None = None,
    kind: str | None = None,
    minutes: int | None = None,
) -> Leeractiviteit:
    """The person's click: the (possibly edited) suggestion becomes an activity."""
    if suggestie.decision != LeerpadSuggestie.Decision.OPEN:
        raise ValidationError(_("Over deze suggestie heb je al beslist."))
    errors = {}
    if title is not None and not title.strip():
        # An emptied title is a choice to make, not a cue to fall back on the suggestion's.
        errors["title"] = _("Geef de activiteit een titel.")
    if minutes is not None and not 1 <= minutes <= SUGGESTIE_MAX_MINUTES:
        errors["minutes"] = _("Kies een tijd tussen 1 en %(max)s minuten.") % {
            "max": SUGGESTIE_MAX_MINUTES
        }
    if errors:
        raise ValidationError(errors)
    activiteit = activiteit_add(
        traject=suggestie.leerpad.traject,
        kind=kind or suggestie.kind,
        title=title or suggestie.title,
        planned_minutes=minutes if minutes is not None else suggestie.minutes,
        source=f"leerpad:{suggestie.pk}",
        catalogus_item=suggestie.item,
    )
    suggestie.decision = LeerpadSuggestie.Decision.ACCEPTED
    suggestie.activiteit = activiteit
    suggestie.save(update_fields=["decision", "activiteit"])
    return activiteit


@transaction.atomic
def suggestie_reject(*, suggestie: LeerpadSuggestie) -> LeerpadSuggestie:
    if suggestie.decision != LeerpadSuggestie.Decision.OPEN:
        raise ValidationError(_("Over deze suggestie heb je al beslist."))
    suggestie.decision = LeerpadSuggestie.Decision.REJECTED
    suggestie.save(update_fields=["decision"])
    return suggestie


# --- Support messages from L&O (the only action L&O takes on a traject) --------------------

SUPPORT_BERICHT_MAX = 1000


def _mail_support_bericht(bericht) -> None:
    from django.urls import reverse

    from werkplekleren import mail

    link = mail.absolute_url(reverse("home"))
    to = bericht.to_user
    with mail.language_of(to):
        subject = _("Een bericht van L&O")
        body = _("%(name)s (L&O) stuurt je een bericht:\n\n%(text)s") % {
            "name": bericht.from_user.name,
            "text": bericht.text,
        }
        label = _("Je ziet het ook op je startpagina")
    mail.mail_queue(
        to=to,
        kind="support_bericht",
        subject=subject,
        text=body,
        action_url=link,
        action_label=label,
    )


@transaction.atomic
def support_bericht_send(*, by: User, to: User, text: str):
    """L&O sends a professional of their own organisation a short message; it shows on the
    recipient's home page and is e-mailed after commit."""
    from .models import SupportBericht

    if Role.LO not in by.roles or not by.organisation_id:
        raise PermissionDenied
    if to.organisation_id != by.organisation_id or not to.is_active:
        raise ValidationError(
            _("Je kunt alleen iemand uit je eigen organisatie een bericht sturen.")
        )
    if Role.PROFESSIONAL not in to.roles:
        raise ValidationError(_("Je kunt alleen een professional een bericht sturen."))
    # A browser counts a line break as one character toward maxlength and sends two.
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf een kort bericht.")})
    if len(text) > SUPPORT_BERICHT_MAX:
        raise ValidationError(
            {"text": _("Houd het kort: hoogstens %(n)d tekens.") % {"n": SUPPORT_BERICHT_MAX}}
        )
    bericht = SupportBericht(
        organisation_id=by.organisation_id, from_user=by, to_user=to, text=text
    )
    bericht.full_clean()
    bericht.save()
    _mail_support_bericht(bericht)  # sent by the mail task after commit
    return bericht


@transaction.atomic
def support_bericht_read(*, bericht, by: User):
    """The recipient marks a message read (it leaves their home page)."""
    if bericht.to_user_id != by.pk:
        raise PermissionDenied
    if bericht.read_at is None:
        bericht.read_at = timezone.now()
        bericht.save(update_fields=["read_at"])
    return bericht
