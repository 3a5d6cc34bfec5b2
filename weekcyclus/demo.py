"""Demo history for the groups: last week's and this week's Vitale Weekcyclus, with sessions
that were really walked through the steps (via the services), so ``make run`` shows a living
organisation. Timestamps are moved to the planned moments afterwards."""

from datetime import time, timedelta

from django.utils import timezone

from didactiek import llm
from didactiek import services as drafting
from didactiek.models import DidactischeVraag, Verbetervoorstel, VoorstelDraft
from weekcyclus import services, steps
from weekcyclus.models import Bijdrage, Deelnemer, Groep, Sessie
from werkplekleren.demo import SeedResult
from werkplekleren.models import Organisation, User

# Self-chosen groups of four; two of them mix the teams.
GROEPEN = {
    "De Verbeteraars": ["sanne.devries", "daan.bakker", "noor.hendriks", "bram.deboer"],
    "Koffie & Kritiek": ["fatima.elamrani", "jeroen.visser", "lotte.smit", "kevin.mulder"],
    "Planning Plus": ["priya.ramdin", "thijs.dekker", "eva.peters", "youssef.haddou"],
}


ROOM = "Leerlab 2.14"
REVIEW = {
    "klopt": "Ja, het sluit aan op wat we in de analyse zagen.",
    "haalbaar": "Ja, binnen vier weken te proberen.",
    "eerlijk": "Het geldt voor alle diensten, ook parttimers.",
    "privacy": "Geen cliëntnamen in de checklist.",
    "ai": "Het sjabloon was te algemeen; de stappen hebben we zelf geschreven.",
}
DAYS = (0, 1, 3, 4)  # Monday, Tuesday, Thursday, Friday
START = time(9, 0)

STORIES = {
    "De Verbeteraars": {
        "vragen": [1, 3, 4],
        "werksituaties": [
            (
                "Overdracht tussen dag- en avonddienst",
                "werkproces",
                "Informatie over cliënten komt niet altijd mee naar de volgende dienst.",
            ),
            (
                "Rapportage na een cliëntbezoek",
                "werkproces",
                "Rapporteren kost veel tijd en gebeurt vaak pas aan het eind van de dag.",
            ),
        ],
        "analyse": [
            "De overdracht is mondeling en staat nergens",
            "Avonddienst begint als de dagdienst al weg is",
            "Belangrijke wijzigingen staan in losse appjes",
        ],
        "probleem": "Bij de overdracht van dag- naar avonddienst gaat informatie over "
        "cliënten verloren, waardoor zorg dubbel of niet gebeurt.",
        "ideeen": [
            "Vaste overdracht om 14:30 met een korte checklist",
            "Overdracht in het cliëntdossier in plaats van de app",
            "AI laat een samenvatting van de dag maken, wij controleren die",
            "Eén aanspreekpunt per dienst",
        ],
        "voorstel": (
            "Vaste overdracht met checklist",
            "1. Elke dag om 14:30 een overdracht van tien minuten (idee 1).\n"
            "2. De checklist staat in het cliëntdossier (idee 2).\n"
            "3. Een AI-samenvatting is een concept: de dagdienst controleert hem "
            "altijd (idee 3).\n4. Na vier weken evalueren we met het team.",
        ),
        # The proposal of the week's third session.
        "vervolgvoorstel": (
            "Rapporteren met spraak-naar-tekst",
            "1. Na elk bezoek spreken we de rapportage in op de telefoon (idee 3).\n"
            "2. De tekst komt als concept in het cliëntdossier; wij controleren hem "
            "altijd (idee 2).",
        ),
        "afspraken": [
            ("Checklist opstellen en delen", 1),
            ("Planning vragen om 14:30 vrij te houden", None),
        ],
        "leren": [
            ("Beter samenvatten en rapporteren", "Tijd voor een training rapporteren", True),
            ("Werken met AI-samenvattingen, kritisch", "", False),
        ],
    },
    "Koffie & Kritiek": {
        "vragen": [4, 6, 7],
        "werksituaties": [
            (
                "Werkdruk op maandagochtend",
                "kenmerk",
                "Op maandag komen alle wijzigingen van het weekend tegelijk binnen.",
            ),
            ("Inwerken van nieuwe collega's", "werkproces", ""),
        ],
        "analyse": [
            "Alle vragen van het weekend komen om 8:00 binnen",
            "Niemand weet wie wat oppakt",
            "Nieuwe collega's durven niet te vragen",
        ],
        "probleem": "Op maandagochtend is de werkdruk zo hoog dat we elkaar niet helpen en "
        "nieuwe collega's alleen staan.",
        "ideeen": [
            "Maandagstart van 15 minuten met de hele groep",
            "Buddy voor elke nieuwe collega",
            "Weekendwijzigingen op vrijdag al voorbereiden",
        ],
        "voorstel": (
            "Maandagstart met buddy's",
            "1. Elke maandag om 8:15 een start van 15 minuten (idee 1).\n"
            "2. Elke nieuwe collega krijgt een buddy voor zes weken (idee 2).",
        ),
        "vervolgvoorstel": (
            "Inwerkmap voor nieuwe collega's",
            "1. Een map met de tien dingen die je de eerste week moet weten (idee 2).\n"
            "2. De buddy loopt de map in de eerste week met de nieuwe collega door "
            "(idee 2).",
        ),
        "afspraken": [("Maandagstart voorstellen aan Marco", 0)],
        "leren": [
            ("Feedback geven aan collega's", "Een coach voor het team", True),
            ("Rust houden onder druk", "", False),
        ],
    },
    "Planning Plus": {
        "vragen": [2, 3, 5],
        "werksituaties": [
            (
                "Roosterwijzigingen op het laatste moment",
                "bedrijfsproces",
                "Zieke collega's worden vaak pas om 7:00 vervangen.",
            ),
            ("Dubbele invoer van uren", "bedrijfsproces", ""),
        ],
        "analyse": [
            "Vervanging zoeken gaat telefonisch, één voor één",
            "Er is geen lijst van wie extra kan werken",
            "Uren worden in twee systemen ingevoerd",
        ],
        "probleem": "Vervanging bij ziekte kost elke ochtend een uur bellen, omdat niet "
        "zichtbaar is wie beschikbaar is.",
        "ideeen": [
            "Beschikbaarheidslijst die collega's zelf bijhouden",
            "AI stelt een vervanger voor op basis van het rooster",
            "Vaste invalpool per week",
        ],
        "voorstel": (
            "Beschikbaarheid zichtbaar maken",
            "1. Collega's geven in het roostersysteem aan wanneer ze kunnen invallen "
            "(idee 1).\n2. We proberen vier weken een vaste invalpool (idee 3).",
        ),
        "vervolgvoorstel": (
            "Uren één keer invoeren",
            "1. We voeren uren alleen nog in het roostersysteem in (idee 1).\n"
            "2. De salarisadministratie haalt ze daar wekelijks op.",
        ),
        "afspraken": [("Navragen of het roostersysteem beschikbaarheid kan tonen", 2)],
        "leren": [("Meer leren over het roostersysteem", "Toegang tot de beheerfuncties", True)],
    },
}


def _at(day, t=START):
    return timezone.make_aware(timezone.datetime.combine(day, t))


def _walk(sessie: Sessie, members, story: dict, *, full: bool, validate: bool) -> None:
    """Walk one session through the steps with the group's material, then close it."""
    facilitator = members[sessie.number % len(members)]
    services.sessie_start(sessie=sessie, by=facilitator)
    deelnemers = [services.sessie_join(sessie=sessie, user=m) for m in members]
    for d, score in zip(deelnemers, (4, 3, 5, 2), strict=False):
        services.deelnemer_checkin(deelnemer=d, energie=score)

    def goto(key):
        services.sessie_goto_step(sessie=sessie, by=facilitator, step=steps.index(key))

    if full:
        goto("kiezen")
        werksituatie = sessie.weekcyclus.werksituaties.first()
        services.sessie_choose(
            sessie=sessie,
            deelnemer=deelnemers[0],
            werksituatie=werksituatie,
            vragen=DidactischeVraag.objects.filter(number__in=story["vragen"][:2]),
        )
        goto("analyse")
        for i, note in enumerate(story["analyse"]):
            services.bijdrage_add(
                deelnemer=deelnemers[i % 4], kind=Bijdrage.Kind.ANALYSE, text=note
            )
        goto("probleemstelling")
        services.probleemstelling_update(
            sessie=sessie, deelnemer=deelnemers[1], text=story["probleem"], base_version=0
        )
        goto("brainstorm")
        ideas = [
            services.bijdrage_add(deelnemer=deelnemers[i % 4], kind=Bijdrage.Kind.IDEE, text=t)
            for i, t in enumerate(story["ideeen"])
        ]
        for voter_index, d in enumerate(deelnemers):
            for idea in (ideas[0], ideas[(voter_index + 1) % len(ideas)]):
                if not idea.stemmen.filter(deelnemer=d).exists():
                    services.idee_vote_toggle(idee=idea, deelnemer=d)
        goto("voorstel")
        # A template draft (never a live model from seed data), adopted and then rewritten.
        draft = services.draft_request(sessie=sessie, deelnemer=deelnemers[1])
        drafting.draft_run(draft_id=draft.pk, drafter=llm.OfflineDrafter())
        draft.refresh_from_db()
        voorstel = services.voorstel_adopt_draft(
            sessie=sessie, deelnemer=deelnemers[1], draft=draft
        )
        titel, tekst = story["vervolgvoorstel" if sessie.number == 3 else "voorstel"]
        stappen = [
            {"tekst": line.split(". ", 1)[-1], "ideeen": voorstel.stappen[i]["ideeen"]}
            if i < len(voorstel.stappen)
            else {"tekst": line.split(". ", 1)[-1], "ideeen": []}
            for i, line in enumerate(tekst.splitlines())
        ]
        services.voorstel_save(
            sessie=sessie,
            deelnemer=deelnemers[2],
            titel=titel,
            stappen=stappen,
            tekst=voorstel.tekst,
            base_version=voorstel.version,
        )
        goto("valideren")
        if validate:
            # Two members answer the review at the same time, each their own questions.
            keys = list(REVIEW)
            for d, part in ((deelnemers[0], keys[:3]), (deelnemers[1], keys[3:])):
                services.voorstel_review_save(
                    sessie=sessie, deelnemer=d, answers={k: REVIEW[k] for k in part}
                )
            for d in deelnemers:
                voorstel = services.voorstel_vote(sessie=sessie, deelnemer=d, akkoord=True)
                if voorstel.status == Verbetervoorstel.Status.GEVALIDEERD:
                    break
        goto("afsluiten")
        for text, owner_index in story["afspraken"]:
            owner = members[owner_index] if owner_index is not None else None
            services.afspraak_add(sessie=sessie, deelnemer=deelnemers[0], text=text, owner=owner)
        for d, (leren, org, shared) in zip(deelnemers, story["leren"], strict=False):
            services.leervoornemen_save(
                sessie=sessie, deelnemer=d, wil_leren=leren, organisatie_kan=org, shared=shared
            )
    else:
        goto("afsluiten")
    if full and sessie.number == 3:
        # The facilitator had to leave early; a present member took the lead and closed.
        facilitator = members[(sessie.number + 1) % len(members)]
        services.sessie_take_over(sessie=sessie, by=facilitator)
    services.sessie_close(sessie=sessie, by=facilitator)
    # Move the history to when it was planned.
    Sessie.objects.filter(pk=sessie.pk).update(
        started_at=sessie.starts_at, ended_at=sessie.ends_at, timer_started_at=None
    )
    Deelnemer.objects.filter(sessie=sessie).update(joined_at=sessie.starts_at)
    Bijdrage.objects.filter(sessie=sessie).update(
        created_at=sessie.starts_at + timedelta(minutes=20)
    )
    VoorstelDraft.objects.filter(sessie=sessie).update(
        created_at=sessie.starts_at + timedelta(minutes=35),
        updated_at=sessie.starts_at + timedelta(minutes=35),
        started_at=sessie.starts_at + timedelta(minutes=35),
        finished_at=sessie.starts_at + timedelta(minutes=35),
    )
    Verbetervoorstel.objects.filter(sessie=sessie).update(
        created_at=sessie.starts_at + timedelta(minutes=40),
        updated_at=sessie.starts_at + timedelta(minutes=45),
    )
    sessie.gastuitnodigingen.update(expires_at=sessie.ends_at)


def seed_groep_history(groep: Groep, members: list) -> int:
    """Give a group last week's cycle (walked through) and this week's (partly done).

    Returns the number of weekcycli created (none when the group already has history)."""
    if groep.weekcycli.exists():
        return 0
    story = STORIES.get(groep.name)
    if story is None:
        return 0
    today = timezone.localdate()
    last_monday = services.monday_of(today) - timedelta(days=7)
    planner = members[0]
    cyclus = services.weekcyclus_plan(
        groep=groep,
        by=planner,
        week_start=last_monday,
        sessies=[
            {"day": last_monday + timedelta(days=d), "start": START, "room": ROOM} for d in DAYS
        ],
        vragen=DidactischeVraag.objects.filter(number__in=story["vragen"]),
    )
    for title, kind, description in story["werksituaties"]:
        services.werksituatie_add(
            weekcyclus=cyclus, by=planner, title=title, kind=kind, description=description
        )
    for sessie in cyclus.sessies.order_by("number"):
        # Both proposals of last week were validated; they are followed up in the
        # Prof-cirkel (demo_profcirkel).
        full = sessie.number in (1, 3)
        _walk(sessie, members, story, full=full, validate=full)

    this_week = services.weekcyclus_plan_next(groep=groep, by=planner)
    services.werksituatie_add(
        weekcyclus=this_week,
        by=planner,
        title=story["werksituaties"][1][0],
        kind=story["werksituaties"][1][1],
        description=story["werksituaties"][1][2],
    )
    now = timezone.now()
    for sessie in this_week.sessies.order_by("number"):
        if sessie.ends_at < now:
            _walk(sessie, members, story, full=True, validate=False)
    return 2


def seed_weekcyclus(
    result: SeedResult, organisation: Organisation, people: dict[str, User]
) -> None:
    """The self-chosen groups (``GROEPEN``) and their history."""
    for groep_name, members in GROEPEN.items():
        group_people = [people[local] for local in members]
        groep = Groep.objects.filter(organisation=organisation, name=groep_name).first()
        if groep is None:
            creator, *others = group_people
            groep = services.groep_create(created_by=creator, name=groep_name, members=others)
            result.count("groepen")
        for _cycle in range(seed_groep_history(groep, group_people)):
            result.count("weekcycli")
