"""Writes for groups, Weekcycli and live sessions.

Keyword-only, atomic functions that validate before saving. Every change to what a session
shows goes through ``live.bump`` so that live screens notice it (see weekcyclus/live.py).
Errors are ``ValidationError`` with a Dutch message the views show as they are.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from didactiek import frames, similar, voorstellen
from didactiek.models import (
    DidactischeVraag,
    FrameVersie,
    Verbetervoorstel,
    VoorstelDraft,
    Werksituatie,
    answer_fingerprint,
)
from didactiek.services import draft_enqueue
from didactiek.voorstellen import EditConflict
from werkplekleren.dates import monday_of
from werkplekleren.models import Role, User

from . import ical, live
from .models import (
    Afspraak,
    AgendaFeed,
    Bijdrage,
    Deelnemer,
    GastUitnodiging,
    Groep,
    GroepMember,
    Leervoornemen,
    Leidingwissel,
    Sessie,
    Stem,
    Weekcyclus,
)

# --- Length limits -------------------------------------------------------------------------
# The forms' maxlength is only a hint to the browser; these are the limits. A refused text
# comes back to the form as it was typed (the views keep it), so nothing is lost.
IDEE_MAX = NOTITIE_MAX = 500
PROBLEEMSTELLING_MAX = 2000
TITEL_MAX = 200
STAP_MAX = 1000
TOELICHTING_MAX = 5000
ANTWOORD_MAX = 1000
AFSPRAAK_MAX = 300
VOORNEMEN_MAX = 1000
HINT_MAX = 300
WERKSITUATIE_TITEL_MAX = 200
WERKSITUATIE_BESCHRIJVING_MAX = 2000


def _limited(text: str, limit: int, what: str) -> str:
    """``text`` stripped, or a Dutch refusal naming the field, the limit and the length."""
    text = str(text).strip()
    if len(text) > limit:
        raise ValidationError(
            _(
                "%(what)s mag hoogstens %(limit)s tekens hebben; dit zijn er %(n)s. Je tekst "
                "staat er nog: maak hem korter en probeer het opnieuw."
            )
            % {"what": what, "limit": limit, "n": len(text)}
        )
    return text


# --- Groups --------------------------------------------------------------------------------


def _is_active_member(groep: Groep, user: User) -> bool:
    return groep.members.filter(user=user, status=GroepMember.Status.ACTIVE).exists()


def _require_member(groep: Groep, user: User) -> None:
    if not _is_active_member(groep, user):
        raise PermissionDenied(_("Alleen leden van de groep kunnen dit doen."))


@transaction.atomic
def groep_create(*, created_by: User, name: str, members: Iterable[User] = ()) -> Groep:
    """Create a group in the creator's organisation; the creator and ``members`` join it.

    ``members`` are colleagues who already agreed to learn together; to ask someone, use
    ``groep_invite``.
    """
    if not created_by.organisation_id:
        raise ValidationError(_("Alleen mensen in een organisatie kunnen een groep maken."))
    name = name.strip()
    if (
        name
        and Groep.objects.filter(organisation_id=created_by.organisation_id, name=name).exists()
    ):
        raise ValidationError(
            _("Er is al een groep met de naam %(name)s in je organisatie.") % {"name": name}
        )
    groep = Groep(organisation_id=created_by.organisation_id, name=name, created_by=created_by)
    groep.full_clean()
    groep.save()
    now = timezone.now()
    for user in {created_by, *members}:
        member = GroepMember(
            groep=groep,
            user=user,
            status=GroepMember.Status.ACTIVE,
            invited_by=None if user == created_by else created_by,
            joined_at=now,
        )
        member.full_clean()
        member.save()
    return groep


@transaction.atomic
def groep_invite(*, groep: Groep, invited_by: User, user: User) -> GroepMember:
    """A member invites a colleague of the same organisation (again, after a decline)."""
    _require_member(groep, invited_by)
    if not user.is_active or user.organisation_id != groep.organisation_id:
        raise ValidationError(_("Je kunt alleen collega's uit je eigen organisatie uitnodigen."))
    if Role.PROFESSIONAL not in user.roles:
        # Only professionals learn in groups; anyone else could never open the group.
        raise ValidationError(
            _("%(name)s is geen professional en kan geen lid van een groep worden.")
            % {"name": user.name}
        )
    member = GroepMember.objects.select_for_update().filter(groep=groep, user=user).first()
    if member and member.status == GroepMember.Status.ACTIVE:
        raise ValidationError(_("%(name)s is al lid van deze groep.") % {"name": user.name})
    if member and member.status == GroepMember.Status.INVITED:
        raise ValidationError(_("%(name)s is al uitgenodigd.") % {"name": user.name})
    member = member or GroepMember(groep=groep, user=user)
    member.status = GroepMember.Status.INVITED
    member.invited_by = invited_by
    member.joined_at = None
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def groep_invitation_respond(*, member: GroepMember, accept: bool) -> GroepMember:
    """The invited person accepts (joins) or declines; an invitation is answered once."""
    # Read the status under a row lock: two quick clicks must not both count.
    current = GroepMember.objects.select_for_update().get(pk=member.pk)
    member.status = current.status
    if member.status != GroepMember.Status.INVITED:
        raise ValidationError(_("Deze uitnodiging is niet meer open."))
    if accept:
        member.status = GroepMember.Status.ACTIVE
        member.joined_at = timezone.now()
    else:
        member.status = GroepMember.Status.DECLINED
    member.save(update_fields=["status", "joined_at"])
    return member


@transaction.atomic
def groep_leave(*, groep: Groep, user: User) -> GroepMember:
    """Leave a group. What the person contributed stays part of the group's history."""
    member = GroepMember.objects.select_for_update().filter(groep=groep, user=user).first()
    if member is None or member.status != GroepMember.Status.ACTIVE:
        raise ValidationError(_("Je bent geen lid van deze groep."))
    member.status = GroepMember.Status.LEFT
    member.save(update_fields=["status"])
    return member


@transaction.atomic
def groep_set_validatie(*, groep: Groep, by: User, validatie: str) -> Groep:
    """The group chooses how it validates proposals: majority of those present, or all."""
    _require_member(groep, by)
    if validatie not in Groep.Validatie.values:
        raise ValidationError(_("Kies meerderheid of consensus."))
    groep.validatie = validatie
    groep.save(update_fields=["validatie"])
    return groep


# --- Weekcyclus ----------------------------------------------------------------------------


@transaction.atomic
def weekcyclus_plan(
    *,
    groep: Groep,
    by: User,
    week_start: date,
    sessies: Iterable[dict],
    vragen: Iterable[DidactischeVraag] = (),
) -> Weekcyclus:
    """Plan a week: ``sessies`` holds one to four dicts with day, start, duration, room.

    ``week_start`` may be any day of the week; the cycle starts on its Monday. Sessions are
    numbered in the order they take place and may not overlap.
    """
    _require_member(groep, by)
    week_start = monday_of(week_start)
    planned = sorted(sessies, key=lambda plan: (plan["day"], plan["start"]))
    if not 1 <= len(planned) <= 4:
        raise ValidationError(_("Een weekcyclus heeft één tot vier sessies."))
    if Weekcyclus.objects.filter(groep=groep, week_start=week_start).exists():
        raise ValidationError(_("Voor deze week is al een weekcyclus gepland."))
    cyclus = Weekcyclus(groep=groep, week_start=week_start)
    cyclus.full_clean()
    cyclus.save()
    cyclus.vragen.set(vragen)
    previous = None
    for number, plan in enumerate(planned, start=1):
        sessie = sessie_plan(weekcyclus=cyclus, number=number, **plan)
        if previous is not None and sessie.starts_at < previous.ends_at:
            raise ValidationError(
                _("Sessie %(n)s begint voordat sessie %(m)s is afgelopen.")
                % {"n": number, "m": previous.number}
            )
        previous = sessie
    _invite_to_sessies(cyclus)
    return cyclus


def _invite_to_sessies(cyclus: Weekcyclus) -> None:
    """Every active member gets one e-mail per session with a calendar invitation
    (METHOD:REQUEST), so Outlook and other calendars add it: one mail per session because
    Outlook reads only the first event of an invitation."""
    from werkplekleren import mail

    from .agenda import sessie_event

    members = list(
        User.objects.filter(
            groep_memberships__groep_id=cyclus.groep_id,
            groep_memberships__status=GroepMember.Status.ACTIVE,
            is_active=True,
        ).order_by("pk")
    )
    sessies = list(cyclus.sessies.select_related("weekcyclus__groep").order_by("number"))
    mails = []
    for member in members:
        for sessie in sessies:
            link = mail.absolute_url(reverse("weekcyclus:sessie_detail", args=[sessie.pk]))
            with mail.language_of(member):
                when = formats.date_format(timezone.localtime(sessie.starts_at), "l j F, H:i")
                subject = _("Uitnodiging: sessie %(n)s van %(groep)s, %(when)s") % {
                    "n": sessie.number,
                    "groep": cyclus.groep.name,
                    "when": when,
                }
                text = _(
                    "Beste %(name)s,\n\nJullie groep %(groep)s heeft een Vitale Weekcyclus "
                    "gepland. Sessie %(n)s is op %(when)s%(room)s. De bijlage zet hem in je "
                    "agenda."
                ) % {
                    "name": member.get_short_name(),
                    "groep": cyclus.groep.name,
                    "n": sessie.number,
                    "when": when,
                    "room": (_(" in %(room)s") % {"room": sessie.room}) if sessie.room else "",
                }
                label = _("Naar de sessie")
                ics = ical.invitation(sessie_event(sessie, attendees=(member.email,)))
            mails.append(
                mail.mail_render(
                    to=member,
                    kind="sessie_invitation",
                    subject=subject,
                    text=text,
                    action_url=link,
                    action_label=label,
                    ics=ics,
                )
            )
    mail.mail_queue_many(mails)


@transaction.atomic
def sessie_plan(
    *,
    weekcyclus: Weekcyclus,
    number: int,
    day: date,
    start: time,
    duration_minutes: int = 60,
    room: str = "",
    frame_versie: FrameVersie | None = None,
) -> Sessie:
    if not weekcyclus.week_start <= day < weekcyclus.week_start + timedelta(days=7):
        raise ValidationError(
            _("Sessie %(n)s valt buiten de week van %(week)s.")
            % {"n": number, "week": weekcyclus.week_start.strftime("%d-%m-%Y")}
        )
    starts_at = timezone.make_aware(datetime.combine(day, start))
    for _attempt in range(5):  # a join code may collide; draw again
        sessie = Sessie(
            weekcyclus=weekcyclus,
            number=number,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            room=(room or "").strip(),
        )
        _use_frame(sessie, frame_versie, organisation_id=weekcyclus.groep.organisation_id)
        sessie.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                sessie.save()
            return sessie
        except IntegrityError:
            if Sessie.objects.filter(weekcyclus=weekcyclus, number=number).exists():
                raise ValidationError(_("Deze sessie bestaat al.")) from None
    raise ValidationError(_("Kon geen unieke deelnamecode maken; probeer het opnieuw."))


def _use_frame(sessie: Sessie, versie: FrameVersie | None, *, organisation_id: int) -> None:
    """Copy the steps of ``versie`` (None: the default frame) into the session, with their
    minutes fitted to the session's length. The copy is what the session runs."""
    if versie is not None:
        if (
            versie.state != FrameVersie.State.PUBLISHED
            or versie.frame.archived
            or versie.frame.organisation_id not in (None, organisation_id)
        ):
            raise ValidationError(_("Kies een gepubliceerd frame uit de bibliotheek."))
        stappen = [dict(step) for step in versie.stappen]
    else:
        stappen = frames.default_stappen()
    sessie.frame_versie = versie
    sessie.stappen = stappen
    sessie.step_minutes = frames.fit_minutes(
        [int(step.get("minutes") or 1) for step in stappen], sessie.duration_minutes
    )


@transaction.atomic
def sessie_frame_choose(*, sessie: Sessie, by: User, frame_versie: FrameVersie | None) -> Sessie:
    """The group picks the frame a planned session will walk (None: the default frame)."""
    _lock(sessie)
    _require_member(sessie.weekcyclus.groep, by)
    if sessie.state != Sessie.State.PLANNED:
        raise ValidationError(
            _("Deze sessie is al begonnen; het frame ligt vast voor wat er gebeurd is.")
        )
    _use_frame(sessie, frame_versie, organisation_id=sessie.weekcyclus.groep.organisation_id)
    sessie.full_clean(validate_unique=False, validate_constraints=False)
    sessie.save(update_fields=["frame_versie", "stappen", "step_minutes"])
    return sessie


@transaction.atomic
def weekcyclus_plan_next(*, groep: Groep, by: User) -> Weekcyclus:
    """Plan the week after the latest one with the same days, times, durations, rooms and
    questions (the times as on the clock, also across a change to or from summer time).

    After a pause, "the week after" is never earlier than the current week.
    """
    _require_member(groep, by)
    latest = groep.weekcycli.order_by("-week_start").first()
    if latest is None:
        raise ValidationError(_("Er is nog geen week om te kopiëren."))
    week_start = max(latest.week_start + timedelta(days=7), monday_of(timezone.localdate()))
    shift = week_start - latest.week_start
    return weekcyclus_plan(
        groep=groep,
        by=by,
        week_start=week_start,
        sessies=[
            {
                "day": timezone.localtime(s.starts_at).date() + shift,
                "start": timezone.localtime(s.starts_at).time(),
                "duration_minutes": s.duration_minutes,
                "room": s.room,
                "frame_versie": s.frame_versie,
            }
            for s in latest.sessies.select_related("frame_versie__frame").order_by("number")
        ],
        vragen=list(latest.vragen.all()),
    )


@transaction.atomic
def werksituatie_add(
    *,
    weekcyclus: Weekcyclus,
    by: User,
    title: str,
    kind: str,
    description: str = "",
    critical: bool = True,
) -> Werksituatie:
    _require_member(weekcyclus.groep, by)
    werksituatie = Werksituatie(
        weekcyclus=weekcyclus,
        title=_limited(title, WERKSITUATIE_TITEL_MAX, _("De titel van de werksituatie")),
        kind=kind,
        description=_limited(
            description, WERKSITUATIE_BESCHRIJVING_MAX, _("De beschrijving van de werksituatie")
        ),
        critical=critical,
        created_by=by,
    )
    werksituatie.full_clean()
    werksituatie.save()
    for sessie in weekcyclus.sessies.filter(state=Sessie.State.LIVE):
        live.bump(sessie)
    return werksituatie


# --- Joining a session ---------------------------------------------------------------------


@transaction.atomic
def sessie_join(*, sessie: Sessie, user: User) -> Deelnemer:
    """A group member joins (idempotent); this records attendance."""
    _require_member(sessie.weekcyclus.groep, user)
    if sessie.state == Sessie.State.CLOSED:
        raise ValidationError(_("Deze sessie is al afgerond."))
    deelnemer, created = Deelnemer.objects.get_or_create(sessie=sessie, user=user)
    if created:
        live.bump(sessie)
    return deelnemer


@transaction.atomic
def gast_invite(*, sessie: Sessie, by: User, name: str) -> GastUitnodiging:
    """A link for one guest to this one session, valid until the session ends."""
    _require_member(sessie.weekcyclus.groep, by)
    if sessie.state == Sessie.State.CLOSED or sessie.ends_at <= timezone.now():
        raise ValidationError(_("Voor een afgelopen sessie kun je geen gast meer uitnodigen."))
    invitation = GastUitnodiging(
        sessie=sessie, name=name.strip(), created_by=by, expires_at=sessie.ends_at
    )
    invitation.full_clean()
    invitation.save()
    return invitation


@transaction.atomic
def gast_join(*, invitation: GastUitnodiging) -> Deelnemer:
    if not invitation.is_valid():
        raise ValidationError(_("Deze uitnodiging is verlopen."))
    deelnemer, created = Deelnemer.objects.get_or_create(gast=invitation, sessie=invitation.sessie)
    if created:
        live.bump(invitation.sessie)
    return deelnemer


# --- Running a session: facilitator actions ------------------------------------------------


def _lock(sessie: Sessie) -> Sessie:
    """Reload the row under a lock so that concurrent clicks apply one after another."""
    fresh = Sessie.objects.select_for_update().get(pk=sessie.pk)
    sessie.__dict__.update(
        {f.attname: getattr(fresh, f.attname) for f in Sessie._meta.concrete_fields}
    )
    return sessie


def _require_facilitator(sessie: Sessie, user: User) -> None:
    if sessie.facilitator_id != user.pk:
        raise PermissionDenied(_("Alleen de facilitator kan dit doen."))


def _require_live(sessie: Sessie) -> None:
    if sessie.state != Sessie.State.LIVE:
        raise ValidationError(_("De sessie loopt niet."))


@transaction.atomic
def sessie_start(*, sessie: Sessie, by: User) -> Sessie:
    """Start the session; whoever starts it facilitates (and can hand over)."""
    _lock(sessie)
    _require_member(sessie.weekcyclus.groep, by)
    if sessie.state != Sessie.State.PLANNED:
        raise ValidationError(_("Deze sessie is al gestart."))
    now = timezone.now()
    sessie.state = Sessie.State.LIVE
    sessie.started_at = now
    sessie.facilitator = by
    sessie.current_step = 0
    sessie.timer_elapsed_seconds = 0
    sessie.timer_started_at = now
    sessie.save()
    Deelnemer.objects.get_or_create(sessie=sessie, user=by)
    live.bump(sessie)
    return sessie


@transaction.atomic
def sessie_goto_step(*, sessie: Sessie, by: User, step: int) -> Sessie:
    """Move every screen to ``step``; the step timer starts afresh (running if it ran)."""
    _lock(sessie)
    _require_live(sessie)
    _require_facilitator(sessie, by)
    if not 0 <= step <= sessie.last_step:
        raise ValidationError(_("Die stap bestaat niet."))
    if step == sessie.current_step:
        return sessie
    running = sessie.timer_started_at is not None
    sessie.current_step = step
    sessie.timer_elapsed_seconds = 0
    sessie.timer_started_at = timezone.now() if running else None
    sessie.verrassing = None  # a card belongs to the step it was drawn in
    sessie.save(
        update_fields=["current_step", "timer_elapsed_seconds", "timer_started_at", "verrassing"]
    )
    live.bump(sessie)
    return sessie


def sessie_step_next(*, sessie: Sessie, by: User) -> Sessie:
    return sessie_goto_step(
        sessie=sessie, by=by, step=min(sessie.current_step + 1, sessie.last_step)
    )


def sessie_step_previous(*, sessie: Sessie, by: User) -> Sessie:
    return sessie_goto_step(sessie=sessie, by=by, step=max(sessie.current_step - 1, 0))


@transaction.atomic
def sessie_timer_toggle(*, sessie: Sessie, by: User) -> Sessie:
    _lock(sessie)
    _require_live(sessie)
    _require_facilitator(sessie, by)
    now = timezone.now()
    if sessie.timer_started_at:
        sessie.timer_elapsed_seconds = sessie.timer_elapsed(now)
        sessie.timer_started_at = None
    else:
        sessie.timer_started_at = now
    sessie.save(update_fields=["timer_elapsed_seconds", "timer_started_at"])
    live.bump(sessie)
    return sessie


@transaction.atomic
def sessie_verrassing_draw(*, sessie: Sessie, by: User, index: int | None = None) -> Sessie:
    """The facilitator draws a surprise card of the current step: ``index`` (a card the frame
    sets for a moment), or at random among the others. Every screen shows it large."""
    import random

    _lock(sessie)
    _require_live(sessie)
    _require_facilitator(sessie, by)
    cards = sessie.stappen[sessie.current_step].get("verrassingen") or []
    if not cards:
        raise ValidationError(_("Deze stap heeft geen verrassingen."))
    if index is None:
        shown = (sessie.verrassing or {}).get("index")
        choices = [i for i in range(len(cards)) if i != shown] or [0]
        index = random.choice(choices)
    if not 0 <= index < len(cards):
        raise ValidationError(_("Die verrassing bestaat niet."))
    sessie.verrassing = {"step": sessie.current_step, "index": index}
    sessie.save(update_fields=["verrassing"])
    live.bump(sessie)
    return sessie


@transaction.atomic
def sessie_verrassing_hide(*, sessie: Sessie, by: User) -> Sessie:
    _lock(sessie)
    _require_live(sessie)
    _require_facilitator(sessie, by)
    if sessie.verrassing is not None:
        sessie.verrassing = None
        sessie.save(update_fields=["verrassing"])
        live.bump(sessie)
    return sessie


@transaction.atomic
def sessie_set_step_minutes(*, sessie: Sessie, by: User, minutes: list[int]) -> Sessie:
    _lock(sessie)
    _require_member(sessie.weekcyclus.groep, by)
    if sessie.state == Sessie.State.LIVE:
        _require_facilitator(sessie, by)
    sessie.step_minutes = list(minutes)
    sessie.full_clean(validate_unique=False)
    sessie.save(update_fields=["step_minutes"])
    live.bump(sessie)
    return sessie


def _is_present_member(sessie: Sessie, user: User) -> bool:
    """In the session now (a Deelnemer with this user) and still an active group member."""
    return _is_active_member(sessie.weekcyclus.groep, user) and (
        sessie.deelnemers.filter(user=user).exists()
    )


def _facilitator_change(sessie: Sessie, *, to: User, manier: str) -> Sessie:
    Leidingwissel.objects.create(sessie=sessie, van=sessie.facilitator, naar=to, manier=manier)
    sessie.facilitator = to
    sessie.save(update_fields=["facilitator"])
    live.bump(sessie)  # the projector and the phones show who leads now
    return sessie


@transaction.atomic
def sessie_handover(*, sessie: Sessie, by: User, to: User) -> Sessie:
    """The facilitator hands the role to another member who is present in the session."""
    _lock(sessie)
    _require_live(sessie)
    _require_facilitator(sessie, by)
    if to.pk == by.pk:
        return sessie
    if not _is_present_member(sessie, to):
        raise ValidationError(
            _("Geef de leiding aan een lid van de groep dat nu in de sessie aanwezig is.")
        )
    return _facilitator_change(sessie, to=to, manier=Leidingwissel.Manier.DOORGEGEVEN)


@transaction.atomic
def sessie_take_over(*, sessie: Sessie, by: User) -> Sessie:
    """A present member takes the lead, e.g. when the facilitator dropped out (their phone
    died, they had to leave). Any present member may; the change is recorded and shown."""
    _lock(sessie)
    _require_live(sessie)
    if not _is_present_member(sessie, by):
        raise PermissionDenied(_("Alleen wie in de sessie aanwezig is, kan de leiding overnemen."))
    if sessie.facilitator_id == by.pk:
        return sessie
    return _facilitator_change(sessie, to=by, manier=Leidingwissel.Manier.OVERGENOMEN)


@transaction.atomic
def sessie_close(*, sessie: Sessie, by: User) -> Sessie:
    """End the session: screens show the summary and guest links stop working."""
    _lock(sessie)
    _require_live(sessie)
    _require_facilitator(sessie, by)
    now = timezone.now()
    sessie.state = Sessie.State.CLOSED
    sessie.ended_at = now
    sessie.timer_elapsed_seconds = sessie.timer_elapsed(now)
    sessie.timer_started_at = None
    sessie.save(update_fields=["state", "ended_at", "timer_elapsed_seconds", "timer_started_at"])
    sessie.gastuitnodigingen.filter(expires_at__gt=now).update(expires_at=now)
    live.bump(sessie)
    return sessie


# --- Participants' input, step by step -----------------------------------------------------


def _require_step(sessie: Sessie, *kinds: str) -> None:
    """The current step must be of one of ``kinds`` (its kind, not its name or place: a
    frame may order, rename or repeat steps)."""
    _require_live(sessie)
    if sessie.step.kind not in kinds:
        titles = ", ".join(str(frames.KINDS[k].title) for k in kinds)
        raise ValidationError(_("Dit kan alleen in de stap: %(steps)s.") % {"steps": titles})


def _require_user(deelnemer: Deelnemer) -> User:
    user = deelnemer.user if deelnemer.user_id is not None else None
    if user is None:
        raise PermissionDenied(_("Dit kunnen alleen leden van de groep doen."))
    return user


@transaction.atomic
def deelnemer_checkin(*, deelnemer: Deelnemer, energie: int | None) -> Deelnemer:
    sessie = _lock(deelnemer.sessie)
    _require_step(sessie, "checkin")
    deelnemer.energie = energie
    # The team at the moment of the check-in: team figures never move with people later.
    if deelnemer.user_id and deelnemer.user is not None:
        deelnemer.team_id = deelnemer.user.team_id
    deelnemer.full_clean()
    deelnemer.save(update_fields=["energie", "team"])
    live.bump(sessie)
    return deelnemer


@transaction.atomic
def afspraak_review(*, afspraak: Afspraak, deelnemer: Deelnemer, status: str) -> Afspraak:
    """At check-in, mark an earlier agreement done, still open or dropped."""
    sessie = _lock(deelnemer.sessie)
    _require_step(sessie, "checkin")
    _require_user(deelnemer)
    if afspraak.sessie.weekcyclus.groep_id != sessie.weekcyclus.groep_id:
        raise PermissionDenied
    if status not in Afspraak.Status.values:
        raise ValidationError(_("Kies gedaan, staat nog open of vervallen."))
    afspraak.status = status
    afspraak.reviewed_in = sessie
    afspraak.save(update_fields=["status", "reviewed_in"])
    live.bump(sessie)
    return afspraak


@transaction.atomic
def sessie_choose(
    *,
    sessie: Sessie,
    deelnemer: Deelnemer,
    werksituatie: Werksituatie | None,
    vragen: Iterable[DidactischeVraag],
) -> Sessie:
    _lock(sessie)
    _require_step(sessie, "kiezen")
    _require_user(deelnemer)
    if werksituatie and werksituatie.weekcyclus.groep_id != sessie.weekcyclus.groep_id:
        raise PermissionDenied
    sessie.werksituatie = werksituatie
    sessie.save(update_fields=["werksituatie"])
    sessie.vragen.set(vragen)
    live.bump(sessie)
    return sessie


@transaction.atomic
def bijdrage_add(*, deelnemer: Deelnemer, kind: str, text: str) -> Bijdrage:
    """An analysis note (analysis step) or an idea (brainstorm step), from any participant."""
    sessie = _lock(deelnemer.sessie)
    _require_step(sessie, "analyse" if kind == Bijdrage.Kind.ANALYSE else "brainstorm")
    if kind == Bijdrage.Kind.IDEE:
        text = _limited(text, IDEE_MAX, _("Een idee"))
    else:
        text = _limited(text, NOTITIE_MAX, _("Een notitie"))
    bijdrage = Bijdrage(sessie=sessie, deelnemer=deelnemer, kind=kind, text=text)
    # The session and participant are the rows we hold: no need to look them up again.
    bijdrage.full_clean(exclude=["sessie", "deelnemer"])
    bijdrage.save()
    live.bump(sessie, change=live.Change("bijdrage", bijdrage.pk, row=bijdrage, new=True))
    return bijdrage


@transaction.atomic
def idee_vote_toggle(*, idee: Bijdrage, deelnemer: Deelnemer) -> bool:
    """Give or take back a vote; each participant has ``votes_per_participant`` votes.

    Returns whether the participant now votes for the idea.
    """
    sessie = _lock(deelnemer.sessie)
    _require_step(sessie, "brainstorm")
    if idee.sessie_id != sessie.pk or idee.kind != Bijdrage.Kind.IDEE:
        raise PermissionDenied
    existing = Stem.objects.filter(idee=idee, deelnemer=deelnemer)
    if existing.exists():
        existing.delete()
        voted = False
    else:
        used = Stem.objects.filter(deelnemer=deelnemer, idee__sessie=sessie).count()
        if used >= sessie.votes_per_participant:
            raise ValidationError(
                _("Je hebt al je %(n)s stemmen gebruikt. Haal eerst een stem weg.")
                % {"n": sessie.votes_per_participant}
            )
        Stem.objects.create(idee=idee, deelnemer=deelnemer)
        voted = True
    idee.__dict__.pop("vote_count", None)  # an earlier count on this row is now stale
    live.bump(sessie, change=live.Change("stem", idee.pk, row=idee))
    return voted


@transaction.atomic
def probleemstelling_update(
    *, sessie: Sessie, deelnemer: Deelnemer, text: str, base_version: int
) -> Sessie:
    """One shared statement, editable by all; a stale edit is refused, never overwritten."""
    _lock(sessie)
    _require_step(sessie, "probleemstelling")
    _require_user(deelnemer)
    if base_version != sessie.probleemstelling_version:
        raise EditConflict(
            _(
                "Iemand anders heeft de probleemstelling intussen aangepast. Je tekst staat er "
                "nog; vergelijk en sla opnieuw op."
            )
        )
    sessie.probleemstelling = _limited(text, PROBLEEMSTELLING_MAX, _("De probleemstelling"))
    sessie.probleemstelling_version += 1
    sessie.full_clean(validate_unique=False)
    sessie.save(update_fields=["probleemstelling", "probleemstelling_version"])
    live.bump(sessie)
    _similar_text_changed(sessie, None)
    return sessie


# The proposal's own writes (adopt, edit, vote, reopen) are in didactiek/voorstellen.py;
# the functions below check the session's side first (its lock, step and participant).
_voorstel_for = voorstellen.voorstel_of
_require_open = voorstellen.require_open


def _similar_text_changed(sessie: Sessie, voorstel: Verbetervoorstel | None) -> None:
    """With AI on, ask for the embedding of what the group now writes (similar proposals)."""
    similar.sessie_text_changed(
        organisation=sessie.weekcyclus.groep.organisation,
        text=similar.sessie_text(probleemstelling=sessie.probleemstelling, voorstel=voorstel),
        sessie_id=sessie.pk,
    )


def _idea_numbers(sessie: Sessie) -> set[int]:
    """Ideas are numbered 1..n in the order they were added (the numbers the screens show)."""
    count = sessie.bijdragen.filter(kind=Bijdrage.Kind.IDEE).count()
    return set(range(1, count + 1))


def _clean_stappen(sessie: Sessie, stappen: Iterable[dict]) -> list[dict]:
    known = _idea_numbers(sessie)
    cleaned = []
    for stap in stappen:
        text = _limited(stap.get("tekst", ""), STAP_MAX, _("Een stap"))
        if not text:
            continue  # an emptied step is a removed step
        ideas = sorted({int(n) for n in stap.get("ideeen", []) if int(n) in known})
        cleaned.append({"tekst": text, "ideeen": ideas})
    return cleaned


@transaction.atomic
def draft_request(*, sessie: Sessie, deelnemer: Deelnemer, hint: str = "") -> VoorstelDraft:
    """Ask for a drafted proposal. A double click, or a click while one is being written,
    yields that same draft: never two at once."""
    _lock(sessie)
    _require_step(sessie, "voorstel")
    user = _require_user(deelnemer)
    pending = sessie.drafts.filter(
        state__in=[VoorstelDraft.State.QUEUED, VoorstelDraft.State.RUNNING]
    ).first()
    if pending is not None:
        return pending
    version = (sessie.drafts.aggregate(Max("version"))["version__max"] or 0) + 1
    draft = VoorstelDraft(
        organisation_id=sessie.weekcyclus.groep.organisation_id,
        sessie=sessie,
        version=version,
        hint=_limited(hint, HINT_MAX, _("De aanwijzing")),
        requested_by=user,
    )
    draft.full_clean()
    draft.save()
    draft_enqueue(draft=draft)
    live.bump(sessie)
    return draft


@transaction.atomic
def voorstel_adopt_draft(
    *, sessie: Sessie, deelnemer: Deelnemer, draft: VoorstelDraft
) -> Verbetervoorstel:
    """The group continues from a finished draft: it becomes the proposal they edit."""
    _lock(sessie)
    _require_step(sessie, "voorstel")
    _require_user(deelnemer)
    if draft.sessie_id != sessie.pk or draft.state != VoorstelDraft.State.DONE:
        raise ValidationError(_("Dit concept is (nog) niet klaar."))
    voorstel = voorstellen.voorstel_adopt_draft(voorstel=_voorstel_for(sessie), draft=draft)
    live.bump(sessie)
    _similar_text_changed(sessie, voorstel)
    return voorstel


@transaction.atomic
def voorstel_save(
    *,
    sessie: Sessie,
    deelnemer: Deelnemer,
    titel: str,
    stappen: Iterable[dict],
    tekst: str,
    base_version: int,
) -> Verbetervoorstel:
    _lock(sessie)
    _require_step(sessie, "voorstel", "valideren")
    _require_user(deelnemer)
    voorstel = voorstellen.voorstel_edit(
        voorstel=_voorstel_for(sessie),
        base_version=base_version,
        titel=lambda: _limited(titel, TITEL_MAX, _("De titel")),
        stappen=lambda: _clean_stappen(sessie, stappen),
        tekst=lambda: _limited(tekst, TOELICHTING_MAX, _("De toelichting")),
    )
    live.bump(sessie)
    _similar_text_changed(sessie, voorstel)
    return voorstel


class ReviewConflict(EditConflict):
    """Someone else changed these review answers since the form was opened. The other
    answers were saved; ``keep`` holds, per conflicting question, the person's own text and
    the current answer, for the form to show side by side."""

    def __init__(self, message: str, *, keep: dict[str, str]):
        super().__init__(message)
        self.keep = keep


def voorstel_review_save(
    *,
    sessie: Sessie,
    deelnemer: Deelnemer,
    answers: Mapping[str, str],
    seen: Mapping[str, tuple[int, str]] | None = None,
) -> Verbetervoorstel:
    """The group's critical review, saved per question with a version check per answer.

    ``answers`` holds the questions this save is about (a question left out is left alone).
    ``seen`` holds, per question, the version and fingerprint of the answer the form showed;
    without it the caller says its answers are current. A stale save never blanks or
    overwrites someone else's answer: an untouched field of a stale form is not written, and
    a field both changed raises ``ReviewConflict`` after the other answers were saved.
    """
    voorstel, conflicts = _review_write(
        sessie=sessie, deelnemer=deelnemer, answers=answers, seen=seen
    )
    if conflicts:
        questions = dict(Verbetervoorstel.REVIEW_QUESTIONS)
        keep: dict[str, str] = {}
        for key, (mine, theirs, version) in conflicts.items():
            keep.update(
                {
                    key: mine,
                    f"base_{key}": str(version),
                    f"seen_{key}": answer_fingerprint(theirs),
                    f"theirs_{key}": theirs,
                }
            )
        raise ReviewConflict(
            _(
                "Iemand anders heeft intussen ook geantwoord op: %(questions)s. Je eigen tekst "
                "staat er nog, naast het nieuwe antwoord; vergelijk en sla opnieuw op. Je "
                "andere antwoorden zijn bewaard."
            )
            % {"questions": ", ".join(f"“{questions[k]}”" for k in conflicts)},
            keep=keep,
        )
    return voorstel


@transaction.atomic
def _review_write(
    *,
    sessie: Sessie,
    deelnemer: Deelnemer,
    answers: Mapping[str, str],
    seen: Mapping[str, tuple[int, str]] | None,
) -> tuple[Verbetervoorstel, dict[str, tuple[str, str, int]]]:
    _lock(sessie)  # one save at a time per session: versions are compared under this lock
    _require_step(sessie, "valideren")
    _require_user(deelnemer)
    voorstel = _voorstel_for(sessie)
    _require_open(voorstel)
    texts = {
        key: _limited(answers[key], ANTWOORD_MAX, _("Een antwoord"))
        for key, _question in Verbetervoorstel.REVIEW_QUESTIONS
        if key in answers
    }
    review = dict(voorstel.review)
    versions = dict(voorstel.review_versions)
    conflicts: dict[str, tuple[str, str, int]] = {}
    changed = False
    for key, text in texts.items():
        current, version = review.get(key, ""), versions.get(key, 0)
        if text == current:
            continue
        if seen is not None and key in seen and seen[key][0] != version:
            if answer_fingerprint(text) == seen[key][1]:
                continue  # not touched in a form opened before someone else answered
            if current:  # writing into an empty answer loses nobody's text
                conflicts[key] = (text, current, version)
                continue
        review[key] = text
        versions[key] = version + 1
        changed = True
    if changed:
        voorstel.review = review
        voorstel.review_versions = versions
        voorstel.save(update_fields=["review", "review_versions"])
        live.bump(sessie)
    return voorstel, conflicts


def _present_members(sessie: Sessie) -> set[int]:
    return set(sessie.deelnemers.filter(user__isnull=False).values_list("user_id", flat=True))


@transaction.atomic
def voorstel_vote(*, sessie: Sessie, deelnemer: Deelnemer, akkoord: bool) -> Verbetervoorstel:
    """A present member votes on this version. When the group's rule is met (majority of the
    present members, or all of them), the proposal is validated and frozen as a version."""
    _lock(sessie)
    _require_step(sessie, "valideren")
    user = _require_user(deelnemer)
    voorstel = voorstellen.voorstel_vote(
        voorstel=_voorstel_for(sessie),
        user=user,
        akkoord=akkoord,
        present=lambda: _present_members(sessie),
        consensus=sessie.weekcyclus.groep.validatie == Groep.Validatie.CONSENSUS,
    )
    live.bump(sessie)
    return voorstel


@transaction.atomic
def voorstel_reopen(*, sessie: Sessie, deelnemer: Deelnemer) -> Verbetervoorstel:
    """Work on after validation: the validated version stays frozen; this is a new one."""
    _lock(sessie)
    _require_step(sessie, "voorstel", "valideren")
    _require_user(deelnemer)
    voorstel = voorstellen.voorstel_reopen(voorstel=_voorstel_for(sessie))
    live.bump(sessie)
    return voorstel


@transaction.atomic
def afspraak_add(
    *, sessie: Sessie, deelnemer: Deelnemer, text: str, owner: User | None
) -> Afspraak:
    _lock(sessie)
    _require_step(sessie, "afsluiten")
    _require_user(deelnemer)
    if owner is not None and not _is_active_member(sessie.weekcyclus.groep, owner):
        raise ValidationError(_("Een afspraak is voor een lid van de groep, of voor iedereen."))
    text = _limited(text, AFSPRAAK_MAX, _("Een afspraak"))
    # The same agreement made again is one agreement: not a second one in this session, and
    # an open one from an earlier session is replaced by it (so the next check-in lists it
    # once, not once for every session it was made in).
    same = [
        a
        for a in Afspraak.objects.filter(
            sessie__weekcyclus__groep_id=sessie.weekcyclus.groep_id,
            status=Afspraak.Status.OPEN,
            owner=owner,
        ).exclude(sessie__starts_at__gt=sessie.starts_at)
        if " ".join(a.text.casefold().split()) == " ".join(text.casefold().split())
    ]
    for earlier in same:
        if earlier.sessie_id == sessie.pk:
            return earlier
    if same:
        Afspraak.objects.filter(pk__in=[a.pk for a in same]).update(
            status=Afspraak.Status.DROPPED, reviewed_in=sessie
        )
    afspraak = Afspraak(sessie=sessie, text=text, owner=owner)
    afspraak.full_clean()
    afspraak.save()
    live.bump(sessie)
    return afspraak


@transaction.atomic
def leervoornemen_save(
    *, sessie: Sessie, deelnemer: Deelnemer, wil_leren: str, organisatie_kan: str, shared: bool
) -> Leervoornemen:
    """What I want to learn next (q9) and what the organisation could do (q10); private
    unless shared."""
    _lock(sessie)
    _require_step(sessie, "afsluiten")
    user = _require_user(deelnemer)
    wil_leren = _limited(wil_leren, VOORNEMEN_MAX, _("Wat je hierna wilt leren"))
    organisatie_kan = _limited(
        organisatie_kan, VOORNEMEN_MAX, _("Wat de organisatie voor je kan betekenen")
    )
    voornemen, _created = Leervoornemen.objects.get_or_create(sessie=sessie, user=user)
    was_shared = voornemen.shared
    voornemen.wil_leren = wil_leren
    voornemen.organisatie_kan = organisatie_kan
    voornemen.shared = shared
    voornemen.updated_at = timezone.now()
    voornemen.full_clean()
    voornemen.save()
    if shared or was_shared:  # only shared wishes show on the group's screens
        live.bump(sessie)
    return voornemen


# --- Agenda feed ---------------------------------------------------------------------------


@transaction.atomic
def agenda_feed_get_or_create(*, user: User) -> AgendaFeed:
    """The person's private iCalendar feed, made on first use."""
    feed, _created = AgendaFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def agenda_feed_renew(*, user: User) -> AgendaFeed:
    """A new secret URL; the old one stops working at once (e.g. after sharing it by mistake)."""
    feed, _created = AgendaFeed.objects.select_for_update().get_or_create(user=user)
    feed.token = AgendaFeed._meta.get_field("token").get_default()
    feed.full_clean()
    feed.save(update_fields=["token"])
    return feed
