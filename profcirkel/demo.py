"""Demo Prof-cirkels and Talentontwikkelgesprekken, made through the profcirkel services.

Each team gets its circle with a meeting last Friday; each leidinggevende held a
conversation with three of their professionals (shared and private talking points,
agreements on both sides) and the next one is planned. Last week's validated proposals are
followed up so that every state of the follow-up shows somewhere: ingediend, beantwoord
(afgewezen), in uitvoering (one over its date), gerealiseerd and effect beoordeeld; one stays
gevalideerd, ready to be submitted. Timestamps are moved to when it happened afterwards.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import formats, timezone, translation

from didactiek.models import DidactischeVraag, Verbetervoorstel
from profcirkel import services
from profcirkel.models import Agendapunt, Gespreksafspraak, ProfCirkel, Talentontwikkelgesprek
from werkplekleren.dates import monday_of
from werkplekleren.models import Organisation, Role, Team, User

Status = Verbetervoorstel.Status
Antwoord = Verbetervoorstel.Antwoord

MEETING_NOTES = (
    "De voorstellen van deze week besproken. Volgende keer: hoe staat de uitvoering ervoor?"
)

# One held conversation per professional (the first three of each team), in turn.
GESPREKKEN = [
    {
        "weeks_ago": 5,
        "ontwikkeling": "Ik durf in de groep sneller te zeggen wat ik zie. Feedback geven "
        "aan collega's vind ik nog lastig.",
        "professional": [
            ("Hoe plan ik mijn leeruren naast mijn werk?", True, True),
            ("Ik twijfel of ik in dit team wil blijven.", False, False),
        ],
        "leidinggevende": [
            ("Terugblik op de voorstellen van je groep", True, True),
            ("Vraagt weinig hulp: werkdruk navragen", False, True),
        ],
        "afspraak": ("Eén keer per week feedback vragen aan een collega", 4, False),
        "organisatie": ("Twee uur leertijd per week vast in het rooster", 2, True),
    },
    {
        "weeks_ago": 4,
        "ontwikkeling": "Ik werk nu bewust met AI-samenvattingen en controleer ze altijd. "
        "Ik wil leren waar het misgaat.",
        "professional": [
            ("Kan ik de training rapporteren volgen?", True, True),
            ("Ik wil graag meer verantwoordelijkheid.", False, False),
        ],
        "leidinggevende": [
            ("Wat levert de Vitale Weekcyclus je op?", True, True),
            ("Mogelijke werkbegeleider voor nieuwe collega's", False, False),
        ],
        "afspraak": ("De training rapporteren aanvragen bij L&O", 3, True),
        "organisatie": ("Budget voor de training rapporteren vrijmaken", 6, False),
    },
    {
        "weeks_ago": 3,
        "ontwikkeling": "Sinds de Vitale Weekcyclus plan ik mijn week bewuster. Ik wil "
        "leren hoe het andere team het doet.",
        "professional": [
            ("Een dag meelopen bij het andere team", True, False),
            ("Mijn eigen uren lopen op; dat wil ik bespreken.", False, True),
        ],
        "leidinggevende": [
            ("Jouw rol in je groep van de Vitale Weekcyclus", True, True),
            ("Overuren in de gaten houden", False, True),
        ],
        "afspraak": ("Vragen wie van het andere team je een dag meeneemt", 5, False),
        "organisatie": ("Een meeloopdag in het rooster vrijhouden", 1, True),
    },
]

# Last week's validated proposals: (group, session number, who submits, what follows).
FOLLOW_UP = [
    ("Koffie & Kritiek", 1, "fatima.elamrani", "effect"),
    ("De Verbeteraars", 1, "sanne.devries", "gerealiseerd"),
    ("Planning Plus", 1, "priya.ramdin", "over_datum"),
    ("De Verbeteraars", 3, "noor.hendriks", "afgewezen"),
    ("Koffie & Kritiek", 3, "jeroen.visser", "ingediend"),
    # "Planning Plus", 3 stays validated: its group can still submit it.
]
OWNERS = {"effect": "lotte.smit", "gerealiseerd": "daan.bakker"}
REDENEN = {
    "afgewezen": "De privacyfunctionaris staat spraakopnames van gesprekken met cliënten "
    "nog niet toe. Over drie maanden kijken we samen opnieuw.",
    "over_datum": "Een vaste invalpool past dit jaar niet in de begroting. De "
    "beschikbaarheidslijst gaat wel door, eerst vier weken bij Planning.",
}
EFFECT = (
    "De maandag begint rustiger: iedereen weet na een kwartier wie wat oppakt, en de twee "
    "nieuwe collega's zeggen dat ze zich minder alleen voelen."
)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# --- Talentontwikkelgesprekken -------------------------------------------------------------


def _hold_gesprek(professional: User, leidinggevende: User, story: dict) -> int:
    """One conversation prepared and held in the past; returns how many were created (the
    held one and the next one, planned by the service)."""
    today = timezone.localdate()
    planned_at = _at(today - timedelta(weeks=story["weeks_ago"]), 10)
    gesprek = services.gesprek_plan(
        professional=professional, leidinggevende=leidinggevende, planned_at=planned_at
    )
    services.ontwikkeling_save(gesprek=gesprek, by=professional, text=story["ontwikkeling"])
    for author, key in ((professional, "professional"), (leidinggevende, "leidinggevende")):
        for text, shared, discussed in story[key]:
            punt = services.agendapunt_add(gesprek=gesprek, by=author, text=text, shared=shared)
            if discussed:
                services.agendapunt_check(punt=punt, by=author, checked=True)
    text, weeks, done = story["afspraak"]
    afspraak = services.gespreksafspraak_add(
        gesprek=gesprek,
        by=leidinggevende,
        text=text,
        owner=professional,
        due_date=planned_at.date() + timedelta(weeks=weeks),
    )
    done_ones = [afspraak] if done else []
    text, weeks, done = story["organisatie"]
    afspraak = services.gespreksafspraak_add(
        gesprek=gesprek,
        by=leidinggevende,
        text=text,
        owner=leidinggevende,
        due_date=planned_at.date() + timedelta(weeks=weeks),
        for_organisation=True,
    )
    if done:
        done_ones.append(afspraak)
    for afspraak in done_ones:
        services.gespreksafspraak_done(afspraak=afspraak, by=afspraak.owner)
    following = services.gesprek_hold(gesprek=gesprek, by=leidinggevende)

    # Move it to when it happened: prepared two days before, held that morning.
    held_at = planned_at + timedelta(hours=1)
    Talentontwikkelgesprek.objects.filter(pk=gesprek.pk).update(
        held_at=held_at, created_at=planned_at - timedelta(days=14)
    )
    Agendapunt.objects.filter(gesprek=gesprek).update(created_at=planned_at - timedelta(days=2))
    Gespreksafspraak.objects.filter(gesprek=gesprek).update(created_at=held_at)
    for afspraak in done_ones:
        done_at = min(_at(afspraak.due_date, 16), timezone.now())
        Gespreksafspraak.objects.filter(pk=afspraak.pk).update(done_at=done_at)
    if following is None:
        return 1
    Talentontwikkelgesprek.objects.filter(pk=following.pk).update(created_at=held_at)
    Agendapunt.objects.filter(gesprek=following).update(created_at=held_at)
    return 2


def _seed_gesprekken(teams: list[Team]) -> int:
    created = 0
    for team in teams:
        leidinggevende = team.leidinggevende
        if leidinggevende is None:
            continue
        professionals = (
            User.objects.filter(team=team, is_active=True, role_assignments__role=Role.PROFESSIONAL)
            .exclude(pk=leidinggevende.pk)
            .order_by("pk")[: len(GESPREKKEN)]
        )
        for professional, story in zip(professionals, GESPREKKEN, strict=False):
            if Talentontwikkelgesprek.objects.filter(
                professional=professional, leidinggevende=leidinggevende
            ).exists():
                continue
            created += _hold_gesprek(professional, leidinggevende, story)
    return created


# --- Prof-cirkels and the follow-up of proposals -------------------------------------------


def _moved(voorstel: Verbetervoorstel, when: datetime, field: str) -> None:
    """Put the step the service just took (and the group's notice of it) at ``when``."""
    Verbetervoorstel.objects.filter(pk=voorstel.pk).update(**{field: when, "updated_at": when})
    update = voorstel.updates.order_by("-created_at", "-pk").first()
    update.created_at = when
    update.save(update_fields=["created_at"])


def _overdue(voorstel: Verbetervoorstel, was: date, due: date) -> None:
    """The service refuses a date in the past; this one was given last week."""
    Verbetervoorstel.objects.filter(pk=voorstel.pk).update(due_date=due)
    with translation.override(settings.LANGUAGE_CODE):
        old, new = formats.date_format(was, "j F Y"), formats.date_format(due, "j F Y")
    update = voorstel.updates.order_by("-created_at", "-pk").first()
    update.text = update.text.replace(old, new)
    if update.params.get("when"):
        update.params["when"] = due.isoformat()
    update.save(update_fields=["text", "params"])


def _follow_up(
    voorstel: Verbetervoorstel, submitter: User, target: str, meeting: date, people: dict
) -> None:
    """Walk one validated proposal on to ``target`` through the services."""
    today = timezone.localdate()
    voorstel = services.voorstel_submit(voorstel=voorstel, by=submitter)
    if target == "ingediend":
        return  # submitted today, after the circle's last meeting: to be discussed next
    _moved(voorstel, voorstel.sessie.ends_at + timedelta(hours=2), "submitted_at")
    lead = voorstel.cirkel.team.leidinggevende
    antwoord = {"afgewezen": Antwoord.AFGEWEZEN, "over_datum": Antwoord.AANGEPAST}.get(
        target, Antwoord.OVERGENOMEN
    )
    voorstel = services.voorstel_answer(
        voorstel=voorstel, by=lead, antwoord=antwoord, reden=REDENEN.get(target, "")
    )
    _moved(voorstel, _at(meeting, 14), "answered_at")
    if target == "afgewezen":
        return
    owner = people.get(OWNERS.get(target), lead)
    due = today + timedelta(weeks=3)
    voorstel = services.voorstel_assign(voorstel=voorstel, by=lead, owner=owner, due_date=due)
    _moved(voorstel, _at(meeting, 14, 10), "updated_at")
    if target == "over_datum":
        _overdue(voorstel, due, today - timedelta(days=1))
        return
    voorstel = services.voorstel_implemented(voorstel=voorstel, by=owner)
    if target == "gerealiseerd":
        return
    services.voorstel_review_effect(
        voorstel=voorstel,
        by=submitter,
        effect=EFFECT,
        vragen=DidactischeVraag.objects.filter(number__in=[6, 7]),
        cijfers={"uren_bespaard": 2, "tevredenheid": 8},
    )


def _seed_cirkels(
    organisation: Organisation, teams: list[Team], people: dict, counts: Counter
) -> None:
    meeting = monday_of(timezone.localdate()) - timedelta(days=3)  # last Friday
    lo = User.objects.filter(
        organisation=organisation, is_active=True, role_assignments__role=Role.LO
    ).first()
    for team in teams:
        if not ProfCirkel.objects.filter(team=team).exists():
            counts["prof-cirkels"] += 1
        cirkel = services.cirkel_for_team(team=team)
        lead = team.leidinggevende
        if lead is None or cirkel.bijeenkomsten.exists():
            continue
        services.bijeenkomst_add(cirkel=cirkel, by=lead, held_on=meeting, notes=MEETING_NOTES)
        counts["bijeenkomsten"] += 1
        if lo is not None and team == teams[0]:
            services.cirkel_invite(cirkel=cirkel, by=lead, user=lo)

    for groep_name, number, submitter, target in FOLLOW_UP:
        voorstel = (
            Verbetervoorstel.objects.filter(
                organisation=organisation,
                sessie__weekcyclus__groep__name=groep_name,
                sessie__number=number,
                status=Status.GEVALIDEERD,
            )
            .order_by("sessie__starts_at", "pk")
            .first()
        )
        person = people.get(submitter)
        if voorstel is None or person is None or person.team_id is None:
            continue  # already followed up (or not in this organisation's history)
        _follow_up(voorstel, person, target, meeting, people)
        counts["voorstellen opgevolgd"] += 1


def seed_profcirkel(organisation: Organisation, people: dict[str, User]) -> Counter:
    """Circles, conversations and follow-up for the demo organisation (idempotent: what
    exists is skipped). ``people`` are the professionals by the local part of their e-mail.
    Returns what was created, per kind."""
    counts: Counter = Counter()
    teams = list(Team.objects.filter(organisation=organisation).order_by("pk"))
    _seed_cirkels(organisation, teams, people, counts)
    counts["gesprekken"] += _seed_gesprekken(teams)
    return +counts  # without the kinds of which nothing was created
