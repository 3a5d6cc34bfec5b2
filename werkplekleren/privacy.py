"""Data rights (AVG/GDPR): a person downloads all their own data; an organisation erases a
person who left; a retention rule erases deactivated people after a number of months.

What is kept after an erasure, and why, is written down in docs/privacy.md. In short: the
person's own and private content goes (trajecten with activities, reflections and logged
time, learning intentions, conversations, support messages, memberships, login). What they
contributed to a group stays for the group — the attendance row keeps its team and hours and
the ideas and notes written on it — but no longer names them: it reads "oud-collega".
"""

import io
import json
import secrets
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from profcirkel.models import (
    Agendapunt,
    Gespreksafspraak,
    Talentontwikkelgesprek,
    VoorstelHerkenning,
    VoorstelVolger,
)
from trajecten.models import ProfTraject, SupportBericht
from weekcyclus.models import Afspraak, Bijdrage, Deelnemer, GroepMember, Leervoornemen

from . import access
from .models import Role, User

# --- Export ----------------------------------------------------------------------------------


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def person_export(*, user: User) -> dict:
    """Everything of the user's own, as plain data: profile, Prof-trajecten (activities,
    reflections, logged time, chosen questions, suggested paths), attendance and check-ins,
    contributions to sessions, learning intentions, agreements, conversations (the shared
    points and one's own private points) and support messages received. Only the user's
    own: other people's private points never, others' session texts never. A fixed number
    of queries."""
    trajecten = []
    for traject in (
        ProfTraject.objects.filter(user=user)
        .prefetch_related("activiteiten__tijden", "vraagkeuzes__vragen", "leerpaden__suggesties")
        .order_by("start", "pk")
    ):
        trajecten.append(
            {
                "status": traject.get_state_display(),
                "ambitie": traject.ambitie,
                "begin": traject.start,
                "einde": traject.end,
                "actieve_weken": traject.active_weeks,
                "talenten": traject.talenten,
                "leerbehoeften": traject.leerbehoeften,
                "vraagkeuzes": [
                    {
                        "cyclus": keuze.cycle_start,
                        "vragen": [v.number for v in keuze.vragen.all()],
                    }
                    for keuze in traject.vraagkeuzes.all()
                ],
                "leeractiviteiten": [
                    {
                        "titel": a.title,
                        "soort": a.get_kind_display(),
                        "status": a.get_status_display(),
                        "link": a.link,
                        "reflectie": a.reflectie,
                        "tijd": [{"dag": t.day, "minuten": t.minutes} for t in a.tijden.all()],
                    }
                    for a in traject.activiteiten.all()
                ],
                "voorgestelde_leerpaden": [
                    {
                        "gemaakt": pad.created_at,
                        "suggesties": [
                            {"titel": s.title, "waarom": s.waarom, "besluit": s.decision}
                            for s in pad.suggesties.all()
                        ],
                    }
                    for pad in traject.leerpaden.all()
                ],
            }
        )
    deelnames = list(
        Deelnemer.objects.filter(user=user)
        .select_related("sessie__weekcyclus__groep")
        .order_by("sessie__starts_at")
    )
    bijdragen = list(
        Bijdrage.objects.filter(deelnemer__user=user)
        .select_related("sessie")
        .order_by("created_at", "pk")
    )
    gesprekken = list(
        Talentontwikkelgesprek.objects.filter(Q(professional=user) | Q(leidinggevende=user))
        .select_related("professional", "leidinggevende")
        .order_by("planned_at")
    )
    punten = list(
        # The shared points of one's conversations and one's own private points; never
        # the other participant's private points.
        Agendapunt.objects.filter(gesprek__in=gesprekken)
        .filter(Q(shared=True) | Q(author=user))
        .select_related("author")
        .order_by("created_at", "pk")
    )
    afspraken = list(
        Gespreksafspraak.objects.filter(gesprek__in=gesprekken).order_by("created_at", "pk")
    )
    return {
        "gemaakt_op": timezone.now(),
        "persoon": {
            "naam": user.name,
            "e-mail": user.email,
            "organisatie": user.organisation.name if user.organisation_id else "",
            "team": user.team.name if user.team_id else "",
            "rollen": [str(Role(r).label) for r in user.roles],
        },
        "prof_trajecten": trajecten,
        "sessies": [
            {
                "groep": d.sessie.weekcyclus.groep.name,
                "begin": d.sessie.starts_at,
                "minuten": d.sessie.duration_minutes,
                "energie_bij_check_in": d.energie,
            }
            for d in deelnames
        ],
        "bijdragen": [
            {"sessie": b.sessie.starts_at, "soort": b.get_kind_display(), "tekst": b.text}
            for b in bijdragen
        ],
        "leervoornemens": [
            {
                "sessie": v.sessie.starts_at,
                "wil_leren": v.wil_leren,
                "organisatie_kan": v.organisatie_kan,
                "gedeeld": v.shared,
            }
            for v in Leervoornemen.objects.filter(user=user).select_related("sessie")
        ],
        "afspraken_in_sessies": [
            {"tekst": a.text, "status": a.get_status_display(), "gemaakt": a.created_at}
            for a in Afspraak.objects.filter(owner=user).order_by("created_at", "pk")
        ],
        "talentontwikkelgesprekken": [
            {
                "gepland": g.planned_at,
                "gehouden": g.held_at,
                "met": g.leidinggevende.name
                if g.professional_id == user.pk
                else g.professional.name,
                "ontwikkeling": g.ontwikkeling,
                "punten": [
                    {"tekst": p.text, "gedeeld": p.shared, "van_mij": p.author_id == user.pk}
                    for p in punten
                    if p.gesprek_id == g.pk
                ],
                "afspraken": [
                    {"tekst": a.text, "voor_organisatie": a.for_organisation, "klaar": a.done_at}
                    for a in afspraken
                    if a.gesprek_id == g.pk
                ],
            }
            for g in gesprekken
        ],
        "berichten_van_lo": [
            {"tekst": b.text, "ontvangen": b.created_at}
            for b in SupportBericht.objects.filter(to_user=user).order_by("created_at")
        ],
        # The proposal bank: what one follows and recognises (one's own rows).
        "voorstellenbank": {
            "volg_ik": [
                {"voorstel": v.voorstel.titel, "sinds": v.created_at}
                for v in VoorstelVolger.objects.filter(user=user)
                .select_related("voorstel")
                .order_by("created_at", "pk")
            ],
            "herken_ik": [
                {"voorstel": h.voorstel.titel, "sinds": h.created_at}
                for h in VoorstelHerkenning.objects.filter(user=user)
                .select_related("voorstel")
                .order_by("created_at", "pk")
            ],
        },
    }


def _markdown(data: dict) -> str:
    """The same data, readable: a Markdown document with a heading per part."""
    person = data["persoon"]
    lines = [
        f"# {_('Mijn gegevens')}: {person['naam']}",
        "",
        f"{_('Gemaakt op')}: {data['gemaakt_op']:%Y-%m-%d %H:%M}",
        "",
        f"- {_('E-mail')}: {person['e-mail']}",
        f"- {_('Organisatie')}: {person['organisatie']}",
        f"- {_('Team')}: {person['team'] or '–'}",
        f"- {_('Rollen')}: {', '.join(person['rollen']) or '–'}",
        "",
        f"## {_('Prof-trajecten')}",
    ]
    for t in data["prof_trajecten"]:
        lines += [
            "",
            f"### {t['begin']} – {t['einde']} ({t['status']})",
            f"- {_('Ambitie')}: {t['ambitie'] or '–'}",
            f"- {_('Talenten')}: {t['talenten'] or '–'}",
            f"- {_('Leerbehoeften')}: {t['leerbehoeften'] or '–'}",
        ]
        for a in t["leeractiviteiten"]:
            minutes = sum(x["minuten"] for x in a["tijd"])
            lines.append(f"- {a['titel']} ({a['soort']}, {a['status']}, {minutes} min)")
            if a["reflectie"]:
                lines.append(f"  - {_('Reflectie')}: {a['reflectie']}")
    lines += ["", f"## {_('Sessies')}"]
    lines += [f"- {s['begin']:%Y-%m-%d %H:%M} · {s['groep']}" for s in data["sessies"]] or ["–"]
    lines += ["", f"## {_('Mijn bijdragen')}"]
    lines += [f"- {b['soort']}: {b['tekst']}" for b in data["bijdragen"]] or ["–"]
    lines += ["", f"## {_('Leervoornemens')}"]
    lines += [f"- {v['wil_leren']}" for v in data["leervoornemens"] if v["wil_leren"]] or ["–"]
    lines += ["", f"## {_('Afspraken')}"]
    lines += [f"- {a['tekst']} ({a['status']})" for a in data["afspraken_in_sessies"]] or ["–"]
    lines += ["", f"## {_('Talentontwikkelgesprekken')}"]
    for g in data["talentontwikkelgesprekken"]:
        lines += ["", f"### {g['gepland']:%Y-%m-%d} · {g['met']}"]
        lines += [f"- {p['tekst']}" for p in g["punten"]]
        lines += [f"- {_('Afspraak')}: {a['tekst']}" for a in g["afspraken"]]
    lines += ["", f"## {_('Berichten van L&O')}"]
    lines += [f"- {b['tekst']}" for b in data["berichten_van_lo"]] or ["–"]
    lines += ["", f"## {_('Voorstellenbank')}"]
    bank = data["voorstellenbank"]
    lines += [f"- {_('Volg ik')}: {v['voorstel']}" for v in bank["volg_ik"]]
    lines += [f"- {_('Wij hebben dit ook')}: {h['voorstel']}" for h in bank["herken_ik"]]
    if not bank["volg_ik"] and not bank["herken_ik"]:
        lines.append("–")
    return "\n".join(lines) + "\n"


def person_export_zip(*, user: User) -> bytes:
    """The download: ``gegevens.json`` (everything, machine-readable) and ``gegevens.md``
    (the same, to read)."""
    data = person_export(user=user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "gegevens.json",
            json.dumps(data, default=_json_default, ensure_ascii=False, indent=2),
        )
        archive.writestr("gegevens.md", _markdown(data))
    return buffer.getvalue()


# --- Erasure -----------------------------------------------------------------------------------


@transaction.atomic
def person_erase(*, person: User, by: User | None) -> None:
    """Erase a person who left (``by`` an organisation administrator; ``None``: the retention
    rule). Their private content is deleted; their attendance rows stay with the team they
    had then and the ideas and notes on them, shown as "oud-collega", so the group's session
    summary, hours and aggregates stay true."""
    if by is not None and (
        access.Scope.ORGANISATION not in access.scopes(by, access.Asset.PEOPLE_ADMIN)
        or by.organisation_id != person.organisation_id
        or person.pk == by.pk
    ):
        raise PermissionDenied
    if person.is_active:
        raise ValidationError(_("Deactiveer iemand eerst; alleen wie vertrokken is wordt gewist."))
    # The attendance stays (hours, team figures, contributions) without the person.
    Deelnemer.objects.filter(user=person, team__isnull=True).update(team_id=person.team_id)
    # A random pseudonym, the same on all their rows, keeps head counts of team figures true.
    key = secrets.randbelow(2**62) + 1
    Deelnemer.objects.filter(user=person).update(oud_collega=key, user=None)
    # Private content: deleted, not kept "just in case".
    ProfTraject.objects.filter(user=person).delete()  # activities, reflections, time, paths
    Leervoornemen.objects.filter(user=person).delete()
    Talentontwikkelgesprek.objects.filter(professional=person).delete()
    Agendapunt.objects.filter(author=person, shared=False).delete()
    SupportBericht.objects.filter(Q(to_user=person) | Q(from_user=person)).delete()
    GroepMember.objects.filter(user=person).delete()
    person.delete()  # roles, tokens, the calendar feed; SET_NULL on what others own


def people_past_retention(*, now: datetime | None = None):
    """Deactivated people whose retention period has passed (none when it is switched off)."""
    months = settings.RETENTION_MONTHS_AFTER_DEACTIVATION
    if not months:
        return User.objects.none()
    limit = (now or timezone.now()) - timedelta(days=round(months * 30.44))
    return User.objects.filter(
        is_active=False, deactivated_at__isnull=False, deactivated_at__lte=limit
    )


def people_erase_past_retention(*, now: datetime | None = None) -> int:
    """The retention rule (beat, daily): erase every deactivated person whose period passed.
    One transaction per person, so one failure does not keep the others."""
    erased = 0
    for pk in list(people_past_retention(now=now).values_list("pk", flat=True)):
        person = User.objects.filter(pk=pk, is_active=False).first()
        if person is not None:
            person_erase(person=person, by=None)
            erased += 1
    return erased
