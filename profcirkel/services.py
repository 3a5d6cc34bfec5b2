"""Writes for Talentontwikkelgesprekken, the Prof-cirkel and proposal follow-up."""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from didactiek import similar, voorstellen
from didactiek.models import Verbetervoorstel, Werksituatie
from weekcyclus import ical
from weekcyclus import services as weekcyclus_services
from weekcyclus.models import Groep, GroepMember, Weekcyclus
from werkplekleren import mail
from werkplekleren.models import Role, Team, User

from . import events
from .access import bank_voorstellen_for
from .models import (
    Agendapunt,
    Bijeenkomst,
    Gespreksafspraak,
    ProfCirkel,
    Talentontwikkelgesprek,
    VoorstelHerkenning,
    VoorstelUpdate,
    VoorstelVolger,
)
from .selectors import (
    gesprek_interval,
    in_cirkel_team,
    in_voorstel_groep,
    leads_cirkel,
    next_gesprek,
)

# --- Talentontwikkelgesprek ---
#
# A professional and their leidinggevende talk at agreed moments about the time used, the
# proposals that came out of it and how their development goes. Only the two participants
# may change anything; private talking points stay their author's.

REMIND_PROFESSIONAL_BEFORE = timedelta(days=2)
# A conversation takes an hour in the calendar (the method sets no length; an hour is usual).
GESPREK_DURATION = timedelta(hours=1)
REMIND_LEIDINGGEVENDE_BEFORE = timedelta(days=1)

logger = logging.getLogger(__name__)


def _is_participant(gesprek: Talentontwikkelgesprek, user: User) -> bool:
    return user.pk in (gesprek.professional_id, gesprek.leidinggevende_id)


def _require_participant(gesprek: Talentontwikkelgesprek, user: User) -> None:
    if not _is_participant(gesprek, user):
        raise PermissionDenied(_("Alleen de twee deelnemers aan dit gesprek kunnen dit doen."))


def _require_planned(gesprek: Talentontwikkelgesprek) -> None:
    if gesprek.state != Talentontwikkelgesprek.State.GEPLAND:
        raise ValidationError(_("Dit gesprek is al gehouden; het verslag blijft zoals het was."))


def _leads(leidinggevende: User, professional: User) -> bool:
    """Whether ``leidinggevende`` leads the team ``professional`` is in (same organisation)."""
    team = professional.team
    return bool(
        team is not None
        and team.leidinggevende_id == leidinggevende.pk
        and team.organisation_id == professional.organisation_id
    )


@transaction.atomic
def gesprek_plan(
    *,
    professional: User,
    leidinggevende: User,
    planned_at: datetime,
    interval_weeks: int | None = None,
) -> Talentontwikkelgesprek:
    """Plan a conversation between a professional and the leidinggevende of their team."""
    if (
        not professional.organisation_id
        or professional.organisation_id != leidinggevende.organisation_id
        or professional.pk == leidinggevende.pk
        or not professional.is_active
        or not leidinggevende.is_active
    ):
        raise ValidationError(_("Plan een gesprek met iemand uit je eigen organisatie."))
    if Role.PROFESSIONAL not in professional.roles:
        raise ValidationError(_("Een Talentontwikkelgesprek is er voor een professional."))
    if Role.LEIDINGGEVENDE not in leidinggevende.roles or not _leads(leidinggevende, professional):
        raise ValidationError(
            _("Alleen de leidinggevende van het team van deze professional plant dit gesprek.")
        )
    gesprek = Talentontwikkelgesprek(
        organisation_id=professional.organisation_id,
        professional=professional,
        leidinggevende=leidinggevende,
        planned_at=planned_at,
        interval_weeks=interval_weeks or None,
    )
    gesprek.full_clean()
    gesprek.save()
    _invite_to_gesprek(gesprek)
    return gesprek


@transaction.atomic
def gesprek_plan_next(*, gesprek: Talentontwikkelgesprek) -> Talentontwikkelgesprek | None:
    """The pair's next conversation: ``planned_at`` plus the pair's interval (or the team's
    cadence). An already planned later conversation of the pair is the next one. None when
    the leidinggevende no longer leads the professional's team (the new one plans it)."""
    existing = next_gesprek(gesprek)
    if existing is not None:
        return existing
    professional, leidinggevende = gesprek.professional, gesprek.leidinggevende
    if not (professional.is_active and leidinggevende.is_active) or not _leads(
        leidinggevende, professional
    ):
        return None
    return gesprek_plan(
        professional=professional,
        leidinggevende=leidinggevende,
        planned_at=gesprek.planned_at + timedelta(weeks=gesprek_interval(gesprek)),
        interval_weeks=gesprek.interval_weeks,
    )


@transaction.atomic
def gesprek_hold(*, gesprek: Talentontwikkelgesprek, by: User) -> Talentontwikkelgesprek | None:
    """Mark the conversation held (by one of the two). The next one is planned, and the
    talking points not yet discussed — shared and private — move to it, author and
    shared flag kept. Returns the next conversation (None if none could be planned)."""
    _require_participant(gesprek, by)
    locked = Talentontwikkelgesprek.objects.select_for_update().get(pk=gesprek.pk)
    _require_planned(locked)
    gesprek.state = Talentontwikkelgesprek.State.GEHOUDEN
    gesprek.held_at = timezone.now()
    gesprek.save(update_fields=["state", "held_at"])
    following = gesprek_plan_next(gesprek=gesprek)
    if following is not None:
        for punt in gesprek.agendapunten.filter(checked=False).order_by("created_at", "pk"):
            carried = Agendapunt(
                gesprek=following,
                author_id=punt.author_id,
                text=punt.text,
                shared=punt.shared,
                carried_from=punt,
            )
            carried.full_clean()
            carried.save()
    return following


@transaction.atomic
def gesprek_set_interval(
    *, gesprek: Talentontwikkelgesprek, by: User, weeks: int | None
) -> Talentontwikkelgesprek:
    """How often this pair talks (empty: the team's cadence). Applies to this conversation
    and the pair's planned ones, so the next one is planned with it."""
    _require_participant(gesprek, by)
    gesprek.interval_weeks = weeks or None
    gesprek.full_clean()
    gesprek.save(update_fields=["interval_weeks"])
    Talentontwikkelgesprek.objects.filter(
        organisation_id=gesprek.organisation_id,
        professional_id=gesprek.professional_id,
        leidinggevende_id=gesprek.leidinggevende_id,
        state=Talentontwikkelgesprek.State.GEPLAND,
    ).update(interval_weeks=gesprek.interval_weeks)
    return gesprek


@transaction.atomic
def ontwikkeling_save(*, gesprek: Talentontwikkelgesprek, by: User, text: str) -> None:
    """The professional's short statement beforehand: how their development goes."""
    if by.pk != gesprek.professional_id:
        raise PermissionDenied(_("Alleen de professional schrijft hoe de ontwikkeling verloopt."))
    _require_planned(gesprek)
    gesprek.ontwikkeling = (text or "").strip()
    gesprek.full_clean()
    gesprek.save(update_fields=["ontwikkeling"])


@transaction.atomic
def agendapunt_add(
    *, gesprek: Talentontwikkelgesprek, by: User, text: str, shared: bool
) -> Agendapunt:
    """A talking point, shared with the other or private to its author."""
    _require_participant(gesprek, by)
    _require_planned(gesprek)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf het gesprekspunt op.")})
    punt = Agendapunt(gesprek=gesprek, author=by, text=text, shared=bool(shared))
    punt.full_clean()
    punt.save()
    return punt


@transaction.atomic
def agendapunt_check(*, punt: Agendapunt, by: User, checked: bool) -> Agendapunt:
    """Tick a point off as discussed (or not). A private point only its author can tick."""
    gesprek = punt.gesprek
    _require_participant(gesprek, by)
    if not punt.shared and punt.author_id != by.pk:
        raise PermissionDenied
    _require_planned(gesprek)
    punt.checked = bool(checked)
    punt.save(update_fields=["checked"])
    return punt


@transaction.atomic
def gespreksafspraak_add(
    *,
    gesprek: Talentontwikkelgesprek,
    by: User,
    text: str,
    owner: User,
    due_date: date | None = None,
    for_organisation: bool = False,
) -> Gespreksafspraak:
    """An agreement owned by one of the two. What the organisation will do is owned by the
    leidinggevende (``for_organisation``)."""
    _require_participant(gesprek, by)
    _require_planned(gesprek)
    if owner is None or owner.pk not in (gesprek.professional_id, gesprek.leidinggevende_id):
        raise ValidationError(
            {"owner": _("Een afspraak is van de professional of van de leidinggevende.")}
        )
    if for_organisation and owner.pk != gesprek.leidinggevende_id:
        raise ValidationError(
            {"owner": _("Wat de organisatie doet, is een afspraak van de leidinggevende.")}
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf de afspraak op.")})
    afspraak = Gespreksafspraak(
        gesprek=gesprek,
        text=text,
        owner=owner,
        due_date=due_date,
        for_organisation=bool(for_organisation),
    )
    afspraak.full_clean()
    afspraak.save()
    return afspraak


@transaction.atomic
def gespreksafspraak_done(*, afspraak: Gespreksafspraak, by: User) -> Gespreksafspraak:
    """The owner marks their agreement done."""
    if by.pk != afspraak.owner_id:
        raise PermissionDenied(_("Alleen wie de afspraak heeft, zet hem op gedaan."))
    if afspraak.done_at is None:
        afspraak.done_at = timezone.now()
        afspraak.save(update_fields=["done_at"])
    return afspraak


def _reminder_mail(gesprek: Talentontwikkelgesprek, *, to: User, other: User) -> None:
    link = mail.absolute_url(reverse("profcirkel:gesprek_detail", args=[gesprek.pk]))
    with mail.language_of(to):
        when = formats.date_format(timezone.localtime(gesprek.planned_at), "l j F Y, H:i")
        subject = _("Talentontwikkelgesprek op %(when)s") % {"when": when}
        body = _(
            "Beste %(name)s,\n\n"
            "Op %(when)s heb je je Talentontwikkelgesprek met %(other)s.\n"
            "Bekijk vooraf de feiten en de gesprekspunten, en zet erbij wat jij wilt "
            "bespreken."
        ) % {"name": to.get_short_name(), "when": when, "other": other.name}
        label = _("Naar het gesprek")
    mail.mail_queue(
        to=to,
        kind="gesprek_reminder",
        subject=subject,
        text=body,
        action_url=link,
        action_label=label,
    )


def gesprek_event(gesprek: Talentontwikkelgesprek, *, sequence: int = 0) -> ical.Event:
    """The conversation as a calendar event (an invitation, and in the private feed)."""
    link = mail.absolute_url(reverse("profcirkel:gesprek_detail", args=[gesprek.pk]))
    return ical.Event(
        uid=f"gesprek-{gesprek.pk}@werkplekleren",
        starts_at=gesprek.planned_at,
        ends_at=gesprek.planned_at + GESPREK_DURATION,
        summary=_("Talentontwikkelgesprek %(professional)s – %(leidinggevende)s")
        % {
            "professional": gesprek.professional.name,
            "leidinggevende": gesprek.leidinggevende.name,
        },
        description=_("Gesprekspunten en feiten: %(url)s") % {"url": link},
        url=link,
        organizer=mail.from_address(),
        attendees=(gesprek.professional.email, gesprek.leidinggevende.email),
        sequence=sequence,
    )


def _invite_to_gesprek(gesprek: Talentontwikkelgesprek) -> None:
    """Both participants get an e-mail with a calendar invitation (METHOD:REQUEST)."""
    link = mail.absolute_url(reverse("profcirkel:gesprek_detail", args=[gesprek.pk]))
    pairs = (
        (gesprek.professional, gesprek.leidinggevende),
        (gesprek.leidinggevende, gesprek.professional),
    )
    for to, other in pairs:
        with mail.language_of(to):
            when = formats.date_format(timezone.localtime(gesprek.planned_at), "l j F Y, H:i")
            subject = _("Uitnodiging: Talentontwikkelgesprek op %(when)s") % {"when": when}
            body = _(
                "Beste %(name)s,\n\n"
                "Je Talentontwikkelgesprek met %(other)s is gepland op %(when)s. De bijlage "
                "zet het in je agenda."
            ) % {"name": to.get_short_name(), "other": other.name, "when": when}
            label = _("Naar het gesprek")
            ics = ical.invitation(gesprek_event(gesprek))
        mail.mail_queue(
            to=to,
            kind="gesprek_invitation",
            subject=subject,
            text=body,
            action_url=link,
            action_label=label,
            ics=ics,
        )


def gesprek_reminders_send(*, now: datetime | None = None) -> int:
    """E-mail the professional two days and the leidinggevende one day before a planned
    conversation, once each (``reminded_*_at``). Each reminder is claimed and queued in one
    transaction; the mail task sends it and retries when the mail server fails. Returns the
    number of mails queued."""
    now = now or timezone.now()
    sent = 0
    professional, leidinggevende = "professional", "leidinggevende"
    rounds = (
        ("reminded_professional_at", REMIND_PROFESSIONAL_BEFORE, professional, leidinggevende),
        ("reminded_leidinggevende_at", REMIND_LEIDINGGEVENDE_BEFORE, leidinggevende, professional),
    )
    for field, before, person, other in rounds:
        due = Talentontwikkelgesprek.objects.filter(
            state=Talentontwikkelgesprek.State.GEPLAND,
            planned_at__gt=now,
            planned_at__lte=now + before,
            **{f"{field}__isnull": True, f"{person}__is_active": True},
        ).select_related("professional", "leidinggevende")
        for gesprek in due:
            try:
                with transaction.atomic():
                    claimed = Talentontwikkelgesprek.objects.filter(
                        pk=gesprek.pk, **{f"{field}__isnull": True}
                    ).update(**{field: now})
                    if not claimed:
                        continue
                    _reminder_mail(
                        gesprek, to=getattr(gesprek, person), other=getattr(gesprek, other)
                    )
            except Exception:
                logger.exception("Reminder for conversation %s not sent", gesprek.pk)
                continue
            sent += 1
    return sent


# --- Prof-cirkel en voorstellen ---
#
# Every team has one Prof-cirkel (its professionals and leidinggevende; L&O may be invited).
# A group submits a validated proposal to the circle of the submitter's own team; the
# leidinggevende answers it, gives it an owner and a date; the owner (or the leidinggevende)
# marks it realised and the group reviews the effect. Every step refuses to run out of
# order, is written down as a VoorstelUpdate and e-mailed to the group after commit.


def _require_lead(cirkel: ProfCirkel | None, user: User) -> None:
    if not leads_cirkel(cirkel, user):
        raise PermissionDenied(_("Alleen de leidinggevende van het team van de cirkel kan dit."))


def _lock_voorstel(voorstel: Verbetervoorstel) -> Verbetervoorstel:
    return (
        Verbetervoorstel.objects.select_for_update(of=("self",))
        .select_related("cirkel__team", "sessie__weekcyclus__groep", "owner")
        .get(pk=voorstel.pk)
    )


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _groep_members(voorstel: Verbetervoorstel) -> list[User]:
    return list(
        User.objects.filter(
            groep_memberships__groep_id=voorstel.sessie.weekcyclus.groep_id,
            groep_memberships__status=GroepMember.Status.ACTIVE,
            is_active=True,
        )
        .exclude(email="")
        .order_by("pk")
    )


def _tell_group(voorstel: Verbetervoorstel, by: User, kind: str, **params) -> VoorstelUpdate:
    """Write the event down for the group (kind and parameters: profcirkel.events), e-mail
    its active members after commit, each in their own language, and the proposal's
    followers in the bank the same news without anyone's name."""
    params = {"titel": str(voorstel), **{k: str(v) for k, v in params.items() if v}}
    with _in_dutch():
        text = events.render(kind, params)
        public_text = events.render_public(kind, params)
    update = VoorstelUpdate(
        voorstel=voorstel,
        by=by,
        kind=kind,
        params=params,
        text=_shorten(text, 500),
        public_text=_shorten(public_text, 500),
    )
    update.full_clean()
    update.save()
    titel = _shorten(str(voorstel), 80)
    members = _groep_members(voorstel)
    # One mail per member, each in their own language (no one sees the others' addresses).
    mails = _news_mails(
        members,
        kind="voorstel_update",
        link=reverse("profcirkel:voorstel_detail", args=[voorstel.pk]),
        words=lambda: (
            _("Nieuws over jullie voorstel ‘%(titel)s’") % {"titel": titel},
            _("Bekijk het voorstel"),
            events.render(kind, params),
        ),
    )
    if public_text:
        # The proposal's followers in the bank (the group has its own mail): never names.
        followers = (
            User.objects.filter(
                gevolgde_voorstellen__voorstel=voorstel,
                organisation_id=voorstel.organisation_id,
                is_active=True,
            )
            .exclude(pk__in={m.pk for m in members})
            .exclude(email="")
            .order_by("pk")
        )
        mails += _news_mails(
            followers,
            kind="voorstel_gevolgd",
            link=reverse("profcirkel:bank_detail", args=[voorstel.pk]),
            words=lambda: (
                _("Nieuws over het voorstel ‘%(titel)s’ dat je volgt") % {"titel": titel},
                _("Bekijk het in de voorstellenbank"),
                events.render_public(kind, params),
            ),
        )
    mail.mail_queue_many(mails)
    organisation_id = voorstel.organisation_id
    transaction.on_commit(lambda: similar.bank_changed(organisation_id))
    return update


def _news_mails(recipients, *, kind: str, link: str, words) -> list:
    """One mail per recipient, in their own language: ``words()`` gives the subject, the
    button's label and the text, called in that language."""
    url = mail.absolute_url(link)
    mails = []
    for person in recipients:
        with mail.language_of(person):
            subject, label, body = words()
        mails.append(
            mail.mail_render(
                to=person,
                kind=kind,
                subject=subject,
                text=body,
                action_url=url,
                action_label=label,
            )
        )
    return mails


def _in_dutch():
    """Notification texts are stored and mailed in the platform's language, whoever acts."""
    return translation.override(settings.LANGUAGE_CODE)


@transaction.atomic
def cirkel_for_team(*, team: Team) -> ProfCirkel:
    """The team's Prof-cirkel, made the first time it is needed."""
    cirkel, _created = ProfCirkel.objects.get_or_create(
        team=team, defaults={"organisation_id": team.organisation_id}
    )
    return cirkel


@transaction.atomic
def cirkel_open(*, team: Team, by: User) -> ProfCirkel:
    """A member or the leidinggevende of a team opens its circle (before any proposal)."""
    if not by.is_active or by.organisation_id != team.organisation_id:
        raise PermissionDenied
    if by.team_id != team.pk and team.leidinggevende_id != by.pk:
        raise PermissionDenied(_("Alleen het team zelf en zijn leidinggevende openen de cirkel."))
    return cirkel_for_team(team=team)


@transaction.atomic
def cirkel_invite(*, cirkel: ProfCirkel, by: User, user: User) -> ProfCirkel:
    """The team's leidinggevende invites an L&O person of the organisation."""
    _require_lead(cirkel, by)
    if (
        user.organisation_id != cirkel.organisation_id
        or not user.is_active
        or not user.role_assignments.filter(role=Role.LO).exists()
    ):
        raise ValidationError({"user": _("Nodig iemand van L&O uit je eigen organisatie uit.")})
    cirkel.invited.add(user)
    return cirkel


@transaction.atomic
def bijeenkomst_add(*, cirkel: ProfCirkel, by: User, held_on: date, notes: str = "") -> Bijeenkomst:
    """A meeting of the circle, written down by its leidinggevende or a team member."""
    if not (leads_cirkel(cirkel, by) or in_cirkel_team(cirkel, by)):
        raise PermissionDenied(
            _("Alleen het team en zijn leidinggevende leggen bijeenkomsten vast.")
        )
    if not isinstance(held_on, date):
        raise ValidationError({"held_on": _("Vul de datum van de bijeenkomst in.")})
    bijeenkomst = Bijeenkomst(cirkel=cirkel, held_on=held_on, notes=(notes or "").strip())
    bijeenkomst.full_clean()
    bijeenkomst.save()
    return bijeenkomst


@transaction.atomic
def voorstel_submit(
    *, voorstel: Verbetervoorstel, by: User, names_visible: bool = False
) -> Verbetervoorstel:
    """A member of the group submits its validated proposal to the circle of their own team.
    From then on it is in the proposal bank, for the whole organisation; the group decides
    here whether its names show there (``names_visible``)."""
    voorstel = _lock_voorstel(voorstel)
    voorstellen.require_step(voorstel, "submit")
    if not in_voorstel_groep(voorstel, by):
        raise PermissionDenied(_("Alleen leden van de groep dienen het voorstel in."))
    team = by.team
    if team is None or team.organisation_id != voorstel.organisation_id:
        raise ValidationError(
            _(
                "Je hoort (nog) niet bij een team, dus er is geen Prof-cirkel om het voorstel "
                "bij in te dienen. Vraag de organisatiebeheerder je aan een team toe te voegen."
            )
        )
    voorstellen.voorstel_submit(
        voorstel=voorstel, cirkel=cirkel_for_team(team=team), names_visible=names_visible
    )
    _tell_group(voorstel, by, events.SUBMITTED, name=by.name, team=team.name)
    return voorstel


@transaction.atomic
def voorstel_answer(
    *, voorstel: Verbetervoorstel, by: User, antwoord: str, reden: str, bedankt: str = ""
) -> Verbetervoorstel:
    """The leidinggevende answers: overgenomen, aangepast overgenomen (with a reason) or
    afgewezen (with a reason; the proposal ends there). ``bedankt`` is an optional thank-you
    to the group, sent with the answer and shown where the organisation sees the proposal."""
    voorstel = _lock_voorstel(voorstel)
    voorstellen.require_step(voorstel, "answer")
    _require_lead(voorstel.cirkel, by)
    voorstellen.voorstel_answer(
        voorstel=voorstel, by=by, antwoord=antwoord, reden=reden, bedankt=bedankt
    )
    reden = voorstel.antwoord_reden
    if antwoord == Verbetervoorstel.Antwoord.AANGEPAST:
        kind = events.ADAPTED
    elif antwoord == Verbetervoorstel.Antwoord.AFGEWEZEN:
        kind = events.DECLINED
    else:
        kind = events.ADOPTED_BECAUSE if reden else events.ADOPTED
    _tell_group(voorstel, by, kind, reden=reden, bedankt=voorstel.bedankt)
    return voorstel


@transaction.atomic
def voorstel_assign(
    *, voorstel: Verbetervoorstel, by: User, owner: User, due_date: date
) -> Verbetervoorstel:
    """The leidinggevende gives an adopted proposal an owner and a date (again, while it is
    in progress, to hand it over or move the date)."""
    voorstel = _lock_voorstel(voorstel)
    voorstellen.require_step(voorstel, "assign")
    _require_lead(voorstel.cirkel, by)
    again = voorstel.status == Verbetervoorstel.Status.IN_UITVOERING
    voorstellen.voorstel_assign(voorstel=voorstel, owner=owner, due_date=due_date)
    _tell_group(
        voorstel,
        by,
        events.NEW_OWNER if again else events.CARRIED_OUT,
        owner=owner.name,
        when=due_date.isoformat(),
    )
    return voorstel


@transaction.atomic
def voorstel_implemented(*, voorstel: Verbetervoorstel, by: User) -> Verbetervoorstel:
    """The owner (or the leidinggevende) marks the proposal realised."""
    voorstel = _lock_voorstel(voorstel)
    voorstellen.require_step(voorstel, "implemented")
    if by.pk != voorstel.owner_id and not leads_cirkel(voorstel.cirkel, by):
        raise PermissionDenied(_("Alleen de eigenaar of de leidinggevende meldt dit."))
    voorstellen.voorstel_implemented(voorstel=voorstel)
    _tell_group(voorstel, by, events.IMPLEMENTED)
    return voorstel


@transaction.atomic
def voorstel_review_effect(
    *,
    voorstel: Verbetervoorstel,
    by: User,
    effect: str,
    vragen=(),
    cijfers: dict | None = None,
) -> Verbetervoorstel:
    """What changed, looked back on by the owner, the leidinggevende or the group: a text,
    the questions of the kader it touched, and optional figures."""
    voorstel = _lock_voorstel(voorstel)
    voorstellen.require_step(voorstel, "review_effect")
    if not (
        by.pk == voorstel.owner_id
        or leads_cirkel(voorstel.cirkel, by)
        or in_voorstel_groep(voorstel, by)
    ):
        raise PermissionDenied(
            _("Alleen de eigenaar, de leidinggevende of de groep beoordeelt het effect.")
        )
    voorstellen.voorstel_review_effect(
        voorstel=voorstel, effect=effect, vragen=vragen, cijfers=cijfers
    )
    _tell_group(voorstel, by, events.REVIEWED, effect=voorstel.effect)
    return voorstel


# --- The proposal bank ---
#
# Everyone in the organisation reads the submitted proposals; they can follow one (its news
# by e-mail, and in "Gevolgd"), recognise it ("wij hebben dit ook": counted, never named) and
# take it into a session of a group of their own.


def _require_bank_reader(voorstel: Verbetervoorstel, user: User) -> None:
    if not bank_voorstellen_for(user).filter(pk=voorstel.pk).exists():
        raise PermissionDenied


@transaction.atomic
def voorstel_follow(*, voorstel: Verbetervoorstel, by: User, follow: bool = True) -> bool:
    """Follow (or stop following) a proposal in the bank. Idempotent; returns the new state."""
    _require_bank_reader(voorstel, by)
    if follow:
        VoorstelVolger.objects.get_or_create(voorstel=voorstel, user=by)
    else:
        VoorstelVolger.objects.filter(voorstel=voorstel, user=by).delete()
    return follow


@transaction.atomic
def voorstel_recognise(*, voorstel: Verbetervoorstel, by: User, recognise: bool = True) -> bool:
    """ "Wij hebben dit ook" (or take it back). Idempotent; returns the new state."""
    _require_bank_reader(voorstel, by)
    if recognise:
        VoorstelHerkenning.objects.get_or_create(voorstel=voorstel, user=by)
    else:
        VoorstelHerkenning.objects.filter(voorstel=voorstel, user=by).delete()
    organisation_id = voorstel.organisation_id
    transaction.on_commit(lambda: similar.bank_changed(organisation_id))
    return recognise


def upcoming_weekcyclus(groep: Groep) -> Weekcyclus | None:
    """The group's week that runs now or comes first (a week that has not ended)."""
    today = timezone.localdate()
    return (
        groep.weekcycli.filter(week_start__gt=today - timedelta(days=7))
        .order_by("week_start", "pk")
        .first()
    )


@transaction.atomic
def werksituatie_from_voorstel(
    *, voorstel: Verbetervoorstel, by: User, groep: Groep
) -> Werksituatie:
    """A group takes another group's proposal from the bank into its own week: a werksituatie
    of its current or next Weekcyclus, with the proposal's problem as its description and a
    link back to the proposal (``bron``)."""
    _require_bank_reader(voorstel, by)
    if voorstel.sessie.weekcyclus.groep_id == groep.pk:
        raise ValidationError(_("Dit is een voorstel van jullie eigen groep."))
    cyclus = upcoming_weekcyclus(groep)
    if cyclus is None:
        raise ValidationError(
            _(
                "%(groep)s heeft nog geen week gepland. Plan eerst een Vitale Weekcyclus; "
                "neem het voorstel daarna mee."
            )
            % {"groep": groep.name}
        )
    if cyclus.werksituaties.filter(bron=voorstel).exists():
        raise ValidationError(
            _("Deze week van %(groep)s heeft dit voorstel al.") % {"groep": groep.name}
        )
    problem = voorstel.sessie.probleemstelling or ""
    with _in_dutch():
        description = _("Uit de voorstellenbank (‘%(titel)s’, %(team)s). %(probleem)s") % {
            "titel": _shorten(str(voorstel), 80),
            "team": voorstel.cirkel.team.name if voorstel.cirkel is not None else "",
            "probleem": problem,
        }
    werksituatie = weekcyclus_services.werksituatie_add(
        weekcyclus=cyclus,
        by=by,
        title=_shorten(str(voorstel), 200),
        kind=Werksituatie.Kind.WERKPROCES,
        description=_shorten(description, 2000),
    )
    werksituatie.bron = voorstel
    werksituatie.save(update_fields=["bron"])
    VoorstelVolger.objects.get_or_create(voorstel=voorstel, user=by)
    return werksituatie
