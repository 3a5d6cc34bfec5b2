# ruff: noqa: E501 - the demo's Dutch sentences are kept whole
"""Demo Prof-cirkels and Talentontwikkelgesprekken, made through the profcirkel services.

Each team gets its circle with a meeting last Friday; each leidinggevende held a
conversation with three of their professionals (shared and private talking points,
agreements on both sides) and the next one is planned. Last week's validated proposals are
followed up so that every state of the follow-up shows somewhere: ingediend, beantwoord
(afgewezen), in uitvoering (one over its date), gerealiseerd and effect beoordeeld; one stays
gevalideerd, ready to be submitted. Timestamps are moved to when it happened afterwards.

What learning yields (issue 16), after the circles: a team above both demo teams
("Zorg & Planning", led by Ingrid Bos), who reads the accountability pages of the teams below
and the opbrengsten of all of them; half a year of history so the opbrengsten page is alive
and the proposal bank has something to find:

- For each of the last six closed months, one held session per demo group with every member
  checked in (energy 2–5, the team of that moment stored) and one proposal that went as far
  as its age allows: the oldest implemented and reviewed (hours saved, errors avoided,
  satisfaction), thanked by the leidinggevende, some with the group's names shown; then
  implemented, in progress, answered (one declined), and last month's just submitted.
- An earlier, finished Prof-traject for the professionals with time logged, so hours made
  available and used have months behind them.
- A few colleagues follow or recognise proposals of other teams.

The history is made once (it is found by its sessions' months), the rest by natural keys.
Its rows are made directly with their historical timestamps (the services would stamp them
today); search texts go through ``didactiek.similar.voorstel_index``.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import formats, timezone, translation

from didactiek import similar
from didactiek.models import DidactischeVraag, Verbetervoorstel, VoorstelVersie
from profcirkel import services
from profcirkel.models import (
    Agendapunt,
    Gespreksafspraak,
    ProfCirkel,
    Talentontwikkelgesprek,
    VoorstelHerkenning,
    VoorstelUpdate,
    VoorstelVolger,
)
from trajecten.lo_selectors import closed_months
from trajecten.models import Leeractiviteit, ProfTraject, Tijdregistratie
from weekcyclus.models import Deelnemer, Groep, GroepMember, Sessie, Weekcyclus
from werkplekleren.dates import monday_of
from werkplekleren.models import Organisation, Role, RoleAssignment, Team, User

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
    # These groups chose to show their names in the proposal bank (the history has both).
    voorstel = services.voorstel_submit(voorstel=voorstel, by=submitter, names_visible=True)
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


# --- What learning yields: the team above, half a year of history, follows ---------------

PARENT = ("Zorg & Planning", "Ingrid Bos", "ingrid.bos")
HISTORY_MONTHS = 6
EARLIER_TRAJECT = "Mijn vorige traject: leren in de Vitale Weekcyclus"

# (titel, problem statement, steps, questions of the session)
PROPOSALS = [
    (
        "Dienstwissel zonder gemiste informatie",
        "Als de avondploeg begint, weet niemand wat er die dag met mevrouw of meneer gebeurd is; belangrijke wijzigingen staan in losse appjes.",
        ["Wijzigingen alleen nog in het dossier, niet in de app", "Eén aanspreekpunt per dienst"],
        [1],
    ),
    (
        "Eerder weten wanneer je werkt",
        "Medewerkers horen te laat welke diensten ze hebben en moeten afspraken buiten het werk steeds verzetten.",
        [
            "Planning publiceert de diensten eerder",
            "Wensen voor vrije dagen een maand vooraf opgeven",
        ],
        [6],
    ),
    (
        "Rapporteren direct na het bezoek",
        "Rapportages worden pas aan het eind van de dag geschreven en zijn dan onvolledig.",
        ["Vijf minuten na elk bezoek rapporteren in de auto", "Een vast sjabloon met drie vragen"],
        [3, 5],
    ),
    (
        "Buddy voor nieuwe collega's",
        "Nieuwe collega's voelen zich de eerste weken alleen en weten niet bij wie ze met vragen terechtkunnen.",
        ["Elke nieuwe collega krijgt een buddy", "Na twee weken een kort evaluatiegesprek"],
        [7],
    ),
    (
        "Pauzes die echt pauze zijn",
        "Door de werkdruk schieten pauzes erbij in; collega's eten staand achter de computer en zijn aan het eind van de dag uitgeput.",
        ["Vaste pauzetijden in het rooster", "Telefoon tijdens de pauze bij een collega"],
        [6],
    ),
    (
        "AI-samenvatting altijd laten controleren",
        "Collega's nemen de samenvatting die de AI maakt over zonder te lezen, terwijl er soms fouten in staan.",
        [
            "Een AI-samenvatting is altijd een concept",
            "De collega die tekent, controleert de samenvatting",
        ],
        [3, 4],
    ),
    (
        "Eén keer registreren in plaats van drie",
        "Dezelfde gegevens voeren we in drie systemen in: het planningssysteem, het dossier en de urenregistratie.",
        ["Koppeling tussen planning en urenregistratie", "Overbodige formulieren schrappen"],
        [5],
    ),
    (
        "Bereikbaar zonder onderbrekingen",
        "Telefoontjes onderbreken het werk aan het bed; gesprekken met cliënten worden afgebroken.",
        [
            "Eén collega per dienst neemt de telefoon op",
            "Andere collega's zetten hun telefoon stil",
        ],
        [1, 5],
    ),
    (
        "Dubbele controle bij risicovolle medicatie",
        "Er gaan fouten mis bij het delen van medicijnen, vooral bij middelen met een hoog risico.",
        ["Twee collega's controleren risicovolle medicijnen", "Afwijkingen melden binnen een dag"],
        [1],
    ),
    (
        "Kortere teamoverleggen",
        "Het teamoverleg duurt twee uur en levert weinig besluiten op; collega's haken af.",
        [
            "Overleg van maximaal 45 minuten met een agenda",
            "Besluiten en actiepunten op één pagina",
        ],
        [5],
    ),
    (
        "Cliënten die de taal niet spreken",
        "Met anderstalige cliënten begrijpen we elkaar slecht, waardoor zorgafspraken niet goed overkomen.",
        [
            "Een tolkentelefoon bij elk intakegesprek",
            "Pictogrammen voor de belangrijkste afspraken",
        ],
        [7],
    ),
    (
        "Minder autokilometers in de wijk",
        "We rijden veel onnodige kilometers tussen cliënten omdat de route niet logisch is gepland.",
        ["Routes per wijk clusteren", "Korte afstanden met de fiets"],
        [8],
    ),
    (
        "Kortere en betere dossiernotities",
        "Notities in het dossier zijn lang, laat en missen wat de volgende collega moet weten.",
        ["Notitie in het format situatie, actie, vervolg", "Direct na het zorgmoment invullen"],
        [3, 5],
    ),
    (
        "Even op adem komen",
        "We werken door zonder rustmoment, voelen ons opgejaagd en de vitaliteit in het team daalt.",
        ["Tien minuten rustmoment na de ochtendronde", "Samen lunchen buiten de werkplek"],
        [6],
    ),
    (
        "Afspraken over het gebruik van kunstmatige intelligentie",
        "Iedereen gebruikt AI-hulpmiddelen op zijn eigen manier, zonder afspraken over privacy en controle.",
        ["Geen cliëntnamen in een AI-hulpmiddel", "Uitkomsten altijd nalezen en aanvullen"],
        [3, 4],
    ),
    (
        "Minder administratie, meer zorg",
        "We besteden een groot deel van de dag aan formulieren en registraties die niemand leest.",
        ["Elk formulier: wie leest dit?", "Registraties zonder lezer afschaffen"],
        [5],
    ),
    (
        "Verspilling van materiaal verminderen",
        "Handschoenen, verband en incontinentiemateriaal worden weggegooid terwijl ze nog bruikbaar zijn.",
        ["Voorraad per cliënt bijhouden", "Restmateriaal terug naar het magazijn"],
        [8],
    ),
    (
        "Warme overdracht aan het eind van de dienst",
        "Collega's van de late dienst missen wat de vroege dienst zag; bijzonderheden komen niet mee naar de volgende dienst.",
        [
            "Kort mondeling moment bij de wisseling van de dienst",
            "Bijzonderheden noteren op een vaste plek",
        ],
        [1],
    ),
]
BEDANKT = [
    "Dank jullie wel! Dit scheelt het hele team elke week tijd.",
    "Mooi werk: jullie hebben iets opgelost waar we al jaren over klaagden.",
    "Bedankt voor het uitzoeken en het doorzetten.",
]
EFFECTEN = [
    "Minder zoeken en minder dubbel werk; collega's merken het aan het eind van de dienst.",
    "Het team is rustiger en er gaat minder mis. We houden het vast.",
    "Na vier weken: het werkt, met één aanpassing die de groep zelf voorstelde.",
]


def _parent_team(organisation: Organisation, counts: Counter, logins: list) -> Team:
    name, person_name, local = PARENT
    email = f"{local}@linde.example"
    person = User.objects.filter(email=email).first()
    if person is None:
        person = User.objects.create(
            email=email,
            name=person_name,
            organisation=organisation,
            password=make_password("leren-op-het-werk"),
        )
        RoleAssignment.objects.create(
            organisation=organisation, user=person, role=Role.LEIDINGGEVENDE
        )
        counts["mensen"] += 1
    logins.append((str(Role.LEIDINGGEVENDE.label), person.name, person.email))
    parent = Team.objects.filter(organisation=organisation, name=name).first()
    if parent is None:
        parent = Team.objects.create(organisation=organisation, name=name, leidinggevende=person)
        counts["teams"] += 1
    if person.team_id is None:
        person.team = parent
        person.save(update_fields=["team"])
    for team in Team.objects.filter(organisation=organisation, parent__isnull=True).exclude(
        pk=parent.pk
    ):
        team.parent = parent
        team.full_clean()
        team.save(update_fields=["parent"])
    return parent


def _history(organisation: Organisation, counts: Counter) -> None:
    today = timezone.localdate()
    months = closed_months(today, HISTORY_MONTHS)
    groepen = list(Groep.objects.filter(organisation=organisation).order_by("pk"))
    # Made before: a week in the oldest month of the history. (Not "any week before the last
    # closed month ends": in a month's first days last week's demo week is such a week, and
    # the demo came without its half year of history.)
    oldest = months[0]
    if (
        not groepen
        or Weekcyclus.objects.filter(
            groep__in=groepen,
            week_start__gte=oldest - timedelta(days=6),
            week_start__lt=oldest + timedelta(days=27),
        ).exists()
    ):
        return  # made before (or this organisation has no demo groups)
    vragen = {v.number: v for v in DidactischeVraag.objects.all()}
    index = 0
    for age, month in zip(range(len(months), 0, -1), months, strict=True):
        for g_index, groep in enumerate(groepen):
            members = list(
                User.objects.filter(
                    groep_memberships__groep=groep,
                    groep_memberships__status=GroepMember.Status.ACTIVE,
                    is_active=True,
                ).order_by("pk")
            )
            if not members:
                continue
            day = month + timedelta(days=7 + 2 * g_index)
            week_start = day - timedelta(days=day.weekday())
            cyclus = Weekcyclus.objects.create(groep=groep, week_start=week_start)
            titel, probleem, stappen, numbers = PROPOSALS[index % len(PROPOSALS)]
            starts = _at(day, 9)
            sessie = Sessie.objects.create(
                weekcyclus=cyclus,
                number=2,  # (demo_profcirkel follows up numbers 1 and 3 of last week)
                starts_at=starts,
                state=Sessie.State.CLOSED,
                started_at=starts,
                ended_at=starts + timedelta(hours=1),
                current_step=7,
                probleemstelling=probleem,
                room="Leerlab 2.14",
            )
            sessie.vragen.set([vragen[n] for n in numbers])
            cyclus.vragen.set([vragen[n] for n in numbers])
            for m_index, member in enumerate(members):
                Deelnemer.objects.create(
                    sessie=sessie,
                    user=member,
                    team_id=member.team_id,
                    joined_at=starts,
                    # Rising over the half year: the older months a little lower.
                    energie=min(5, 2 + (m_index + g_index) % 3 + (HISTORY_MONTHS - age) // 2),
                )
            counts["sessies (geschiedenis)"] += 1
            _proposal(organisation, sessie, members, index, age, titel, stappen, numbers, vragen)
            counts["voorstellen (geschiedenis)"] += 1
            index += 1


def _proposal(organisation, sessie, members, index, age, titel, stappen, numbers, vragen):
    starts = sessie.starts_at
    voorstel = Verbetervoorstel.objects.create(
        organisation=organisation,
        sessie=sessie,
        titel=titel,
        stappen=[{"tekst": s, "ideeen": []} for s in stappen],
        status=Status.GEVALIDEERD,
        version=1,
        validated_at=starts + timedelta(minutes=50),
        validated_by=members[0],
        created_at=starts + timedelta(minutes=40),
        names_visible=index % 3 != 1,
    )
    VoorstelVersie.objects.create(
        voorstel=voorstel,
        number=1,
        titel=titel,
        stappen=voorstel.stappen,
        votes=[],
        validated_at=voorstel.validated_at,
    )
    submitter = members[0]
    team = submitter.team
    if team is None or (age == 1 and index % 3 == 2):
        return  # last month's third one stays validated: the group may still submit it
    cirkel, _created = ProfCirkel.objects.get_or_create(
        team=team, defaults={"organisation": organisation}
    )
    lead = team.leidinggevende
    now = timezone.now()
    news = []

    def step(when, public):
        news.append((min(when, now), public))

    fields = {
        "cirkel": cirkel,
        "status": Status.INGEDIEND,
        "submitted_at": starts + timedelta(days=1),
    }
    step(fields["submitted_at"], f"Ingediend bij de Prof-cirkel van {team.name}.")
    if age >= 2:
        declined = index % 7 == 3
        antwoord = (
            Verbetervoorstel.Antwoord.AFGEWEZEN
            if declined
            else (
                Verbetervoorstel.Antwoord.AANGEPAST
                if index % 4 == 1
                else Verbetervoorstel.Antwoord.OVERGENOMEN
            )
        )
        fields.update(
            status=Status.BEANTWOORD,
            antwoord=antwoord,
            antwoord_reden=(
                "Dit past dit jaar niet in de begroting; we kijken er in het najaar opnieuw naar."
                if declined
                else ("Eerst vier weken proberen in één wijk." if index % 4 == 1 else "")
            ),
            answered_at=starts + timedelta(days=9),
            answered_by=lead,
            bedankt="" if declined else BEDANKT[index % len(BEDANKT)] if index % 2 == 0 else "",
        )
        step(fields["answered_at"], f"Beantwoord: {antwoord.label.lower()}.")
        if not declined:
            fields.update(
                status=Status.IN_UITVOERING,
                owner=members[1 % len(members)],
                due_date=(starts + timedelta(days=40)).date(),
            )
            step(starts + timedelta(days=10), "In uitvoering.")
            if age >= 3:
                fields.update(
                    status=Status.GEREALISEERD, implemented_at=starts + timedelta(days=30)
                )
                step(fields["implemented_at"], "Gerealiseerd.")
            if age >= 4:
                effect = EFFECTEN[index % len(EFFECTEN)]
                cijfers = {
                    "uren_bespaard": 1 + index % 4,
                    "fouten_voorkomen": 3 + (index * 5) % 10,
                    "tevredenheid": 6 + index % 4,
                }
                if index % 2:
                    cijfers["foutpercentage"] = 2 + index % 5
                fields.update(
                    status=Status.EFFECT_BEOORDEELD,
                    reviewed_at=starts + timedelta(days=45),
                    effect=effect,
                    effect_cijfers=cijfers,
                )
                step(fields["reviewed_at"], f"Effect beoordeeld: {effect}")
    fields["updated_at"] = max(when for when, _text in news)
    Verbetervoorstel.objects.filter(pk=voorstel.pk).update(**fields)
    voorstel.refresh_from_db()
    if voorstel.reviewed_at:
        voorstel.effect_vragen.set([vragen[n] for n in numbers] + [vragen[6]])
    for when, public in news:
        VoorstelUpdate.objects.create(
            voorstel=voorstel, text=public, public_text=public, by=lead, created_at=when
        )
    similar.voorstel_index(voorstel=voorstel)


def _earlier_trajecten(organisation: Organisation, counts: Counter) -> None:
    """A finished traject behind the current one, with time logged in each month of it."""
    first = closed_months(timezone.localdate(), HISTORY_MONTHS)[0]
    for traject in ProfTraject.objects.filter(
        organisation=organisation, state=ProfTraject.State.ACTIEF
    ).select_related("user"):
        if ProfTraject.objects.filter(user=traject.user).exclude(pk=traject.pk).exists():
            continue  # already has an earlier one (the demo's first professional, or us)
        end = traject.start - timedelta(days=1)
        earlier = ProfTraject.objects.create(
            organisation=organisation,
            user=traject.user,
            state=ProfTraject.State.AFGEROND,
            ambitie=EARLIER_TRAJECT,
            start=first,
            end=end,
            active_weeks=20,
        )
        activiteit = Leeractiviteit.objects.create(
            traject=earlier,
            kind=Leeractiviteit.Kind.VIDEO,
            title="Video: kritisch kijken naar AI-teksten",
            status=Leeractiviteit.Status.AFGEROND,
        )
        day = first + timedelta(days=3)
        while day < end:
            Tijdregistratie.objects.create(activiteit=activiteit, day=day, minutes=90)
            day += timedelta(days=7)
        counts["eerdere trajecten"] += 1


def _follows(organisation: Organisation, counts: Counter) -> None:
    """Colleagues of the other team follow and recognise a few proposals in the bank."""
    voorstellen = list(
        Verbetervoorstel.objects.filter(organisation=organisation, submitted_at__isnull=False)
        .select_related("cirkel")
        .order_by("submitted_at", "pk")[:8]
    )
    people = list(
        User.objects.filter(
            organisation=organisation,
            is_active=True,
            role_assignments__role=Role.PROFESSIONAL,
            team__isnull=False,
        ).order_by("pk")
    )
    for index, voorstel in enumerate(voorstellen):
        others = [p for p in people if p.team_id != voorstel.cirkel.team_id]
        for person in others[index % 3 : index % 3 + 1 + index % 3]:
            _v, created = VoorstelHerkenning.objects.get_or_create(voorstel=voorstel, user=person)
            counts["herkenningen"] += created
        if others and index % 2 == 0:
            _v, created = VoorstelVolger.objects.get_or_create(
                voorstel=voorstel, user=others[(index + 1) % len(others)]
            )
            counts["volgers"] += created


def seed_team_above(organisation: Organisation) -> tuple[Counter, list]:
    """The team above the demo teams and its leidinggevende (before the circles are made,
    so it gets its circle with the others). Returns what was created and the login."""
    counts: Counter = Counter()
    logins: list = []
    _parent_team(organisation, counts, logins)
    return +counts, logins


def seed_opbrengsten(organisation: Organisation) -> Counter:
    """The demo's history of yields (idempotent). Returns what was created."""
    counts: Counter = Counter()
    _history(organisation, counts)
    _earlier_trajecten(organisation, counts)
    _follows(organisation, counts)
    return +counts
