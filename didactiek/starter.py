"""The platform's starter library: at least one frame per didactic question, in Dutch with
English. ``starter_library_install`` puts it in the database (idempotent; seed_demo calls
it); the offline frame template (didactiek.frame_prompt.offline) starts from these too.

Each frame runs 60 minutes; organisations copy a starter frame into their own library to
change it.
"""

from django.db import transaction


def _t(nl: str, en: str) -> dict:
    return {"nl": nl, "en": en}


def step(kind, minutes, question=None, guidance=None, title=None, verrassingen=()) -> dict:
    data = {"kind": kind, "minutes": minutes}
    if title:
        data["title"] = _t(*title)
    if question:
        data["question"] = _t(*question)
    if guidance:
        data["guidance"] = _t(*guidance)
    if verrassingen:
        data["verrassingen"] = [
            {"kind": kind_, "text": _t(nl, en), "at_minute": None} for kind_, nl, en in verrassingen
        ]
    return data


AI_CARD = (
    "ai",
    "Wat als AI dit allemaal deed? Wat zou er beter gaan, en wat zouden we kwijtraken?",
    "What if AI did all of this? What would go better, and what would we lose?",
)
ROLWISSEL = (
    "rolwissel",
    "Rolwissel: bekijk het voorstel nu door de ogen van een klant of cliënt.",
    "Role reversal: look at the proposal through the eyes of a client.",
)
PROVOCATIE = (
    "provocatie",
    "Provocatie: wat als we dit proces helemaal zouden schrappen?",
    "Provocation: what if we dropped this process altogether?",
)

# (key, questions, title nl/en, description nl/en, steps)
FRAMES = [
    (
        "standaard",
        [1],
        ("Standaard: van werksituatie naar voorstel", "Default: from work situation to proposal"),
        (
            "De acht stappen van de methode: check-in, kiezen, analyse, probleemstelling, "
            "brainstorm, AI-concept, valideren, afsluiten.",
            "The method's eight steps: check-in, choose, analysis, problem statement, "
            "brainstorm, AI draft, validation, close.",
        ),
        [
            step("checkin", 5),
            step("kiezen", 5),
            step("analyse", 10),
            step("probleemstelling", 5),
            step("brainstorm", 12, verrassingen=[PROVOCATIE, AI_CARD]),
            step("voorstel", 10),
            step("valideren", 8, verrassingen=[ROLWISSEL]),
            step("afsluiten", 5),
        ],
    ),
    (
        "q2-innoveren",
        [2],
        ("Innoveren: het kan ook heel anders", "Innovate: it could be entirely different"),
        (
            "Een frame dat ruimte maakt voor radicaal andere ideeën.",
            "A frame that makes room for radically different ideas.",
        ),
        [
            step("checkin", 5),
            step("kiezen", 5),
            step(
                "bespreken",
                8,
                question=(
                    "Hoe zou een organisatie zonder deze werksituatie dit oplossen?",
                    "How would an organisation without this work situation solve it?",
                ),
            ),
            step("probleemstelling", 5),
            step("brainstorm", 15, verrassingen=[PROVOCATIE, AI_CARD]),
            step("voorstel", 10),
            step("valideren", 7),
            step("afsluiten", 5),
        ],
    ),
    (
        "q3-beter-met-ai",
        [3],
        ("Ons werk beter doen met AI", "Doing our work better with AI"),
        (
            "De groep zoekt waar AI in de werksituatie echt helpt, en waar niet.",
            "The group looks for where AI really helps in the work situation, and where not.",
        ),
        [
            step("checkin", 5),
            step("kiezen", 5),
            step(
                "analyse",
                10,
                question=(
                    "Welke taken in deze werksituatie kosten tijd zonder iets toe te voegen?",
                    "Which tasks in this work situation take time without adding anything?",
                ),
            ),
            step("brainstorm", 12, verrassingen=[AI_CARD]),
            step("voorstel", 12),
            step("valideren", 10, verrassingen=[ROLWISSEL]),
            step("afsluiten", 6),
        ],
    ),
    (
        "q4-check-de-ai",
        [4],
        ("Check de AI", "Check the AI"),
        (
            "De groep toetst een AI-antwoord aan de eigen praktijk: wat klopt, wat niet, "
            "en waarom?",
            "The group tests an AI answer against its own practice: what holds, what does "
            "not, and why?",
        ),
        [
            step("checkin", 5),
            step("kiezen", 5),
            step("probleemstelling", 5),
            step(
                "voorstel",
                10,
                title=("AI-antwoord", "AI answer"),
                question=(
                    "Laat de AI een voorstel maken. Lees het eerst stil.",
                    "Let the AI draft a proposal. Read it in silence first.",
                ),
            ),
            step(
                "bespreken",
                15,
                title=("Toets aan de praktijk", "Test against practice"),
                question=(
                    "Wat klopt niet met hoe het bij ons echt gaat?",
                    "What does not match how it really goes here?",
                ),
                guidance=(
                    "Zoek per stap van het AI-antwoord een voorbeeld uit je eigen werk dat het "
                    "bevestigt of weerlegt.",
                    "For each step of the AI answer, find an example from your own work that "
                    "confirms or refutes it.",
                ),
                verrassingen=[
                    (
                        "feit",
                        "Taalmodellen klinken even zeker als ze ernaast zitten.",
                        "Language models sound just as sure when they are wrong.",
                    )
                ],
            ),
            step("valideren", 12),
            step("afsluiten", 8),
        ],
    ),
    (
        "q5-productiviteit",
        [5],
        ("Productiviteit: minder verspilling", "Productivity: less waste"),
        (
            "Zoek de verspilling in een werkproces en maak een klein, meetbaar voorstel.",
            "Find the waste in a work process and make a small, measurable proposal.",
        ),
        [
            step("checkin", 5),
            step("kiezen", 5),
            step(
                "analyse",
                12,
                question=(
                    "Waar wachten we, zoeken we of doen we dingen dubbel?",
                    "Where do we wait, search or do things twice?",
                ),
            ),
            step("probleemstelling", 5),
            step("brainstorm", 10, verrassingen=[PROVOCATIE]),
            step("voorstel", 10),
            step("valideren", 8),
            step("afsluiten", 5),
        ],
    ),
    (
        "q6-vitaliteit",
        [6],
        ("Werkklimaat en vitaliteit", "Work climate and vitality"),
        (
            "Met een vitaliteitsmoment in het midden: de groep kijkt naar werkdruk en werkplezier.",
            "With a vitality moment in the middle: the group looks at workload and joy at work.",
        ),
        [
            step("checkin", 5),
            step("kiezen", 5),
            step(
                "analyse",
                10,
                question=(
                    "Wat geeft ons energie in deze werksituatie, en wat kost energie?",
                    "What gives us energy in this work situation, and what drains it?",
                ),
            ),
            step(
                "vitaliteit",
                5,
                guidance=(
                    "Sta op, adem vier tellen in en zes uit, vijf keer.",
                    "Stand up, breathe in for four counts and out for six, five times.",
                ),
            ),
            step("brainstorm", 12),
            step("voorstel", 10),
            step("valideren", 8),
            step("afsluiten", 5),
        ],
    ),
    (
        "q7-stilste-stem",
        [7],
        ("De stilste stem begint", "The quietest voice starts"),
        (
            "Een ronde waarin wie het minst aan het woord is als eerste spreekt.",
            "A round in which whoever speaks least goes first.",
        ),
        [
            step("checkin", 5),
            step("kiezen", 5),
            step(
                "bespreken",
                10,
                title=("Ronde: de stilste stem eerst", "Round: the quietest voice first"),
                question=(
                    "Wie het minst sprak in de vorige sessie, begint. Wat zie jij?",
                    "Whoever spoke least last session starts. What do you see?",
                ),
                verrassingen=[ROLWISSEL],
            ),
            step("probleemstelling", 5),
            step("brainstorm", 12),
            step("voorstel", 10),
            step("valideren", 8),
            step("afsluiten", 5),
        ],
    ),
    (
        "q8-duurzaamheid",
        [8],
        ("Duurzaamheidslens", "Sustainability lens"),
        (
            "Bekijk de werksituatie door een duurzaamheidsbril: materiaal, reizen, energie, "
            "mensen.",
            "Look at the work situation through a sustainability lens: materials, travel, "
            "energy, people.",
        ),
        [
            step("checkin", 5),
            step("kiezen", 5),
            step(
                "analyse",
                12,
                question=(
                    "Wat verbruikt deze werksituatie aan materiaal, reizen en energie?",
                    "What does this work situation use in materials, travel and energy?",
                ),
            ),
            step("brainstorm", 12, verrassingen=[PROVOCATIE]),
            step("voorstel", 10),
            step("valideren", 10),
            step("afsluiten", 6),
        ],
    ),
    (
        "q9-talent",
        [9],
        ("Mijn talent in het werk", "My talent at work"),
        (
            "Individuele reflectie op eigen talenten en kwalificaties, gedeeld in de groep.",
            "Individual reflection on one's talents and qualifications, shared in the group.",
        ),
        [
            step("checkin", 5),
            step(
                "reflectie",
                10,
                question=(
                    "Welk talent zette je deze week in? Wat wil je beter kunnen?",
                    "Which talent did you use this week? What would you like to do better?",
                ),
            ),
            step(
                "bespreken",
                20,
                question=(
                    "Wat zien de anderen als jouw talent?",
                    "What do the others see as your talent?",
                ),
            ),
            step(
                "reflectie",
                10,
                title=("Wat wil ik leren?", "What do I want to learn?"),
                question=(
                    "Welke leeractiviteit past bij wat je hoorde?",
                    "Which learning activity fits what you heard?",
                ),
            ),
            step("afsluiten", 15),
        ],
    ),
    (
        "q10-organisatie",
        [10],
        ("Wat kan de organisatie voor ons betekenen?", "What can the organisation do for us?"),
        (
            "De groep formuleert wat ze van de organisatie nodig heeft, als voorstel voor de "
            "Prof-cirkel.",
            "The group puts into words what it needs from the organisation, as a proposal for "
            "the Prof-cirkel.",
        ),
        [
            step("checkin", 5),
            step(
                "reflectie",
                8,
                question=(
                    "Wat heb jij nodig om je werk goed te doen?",
                    "What do you need to do your work well?",
                ),
            ),
            step("brainstorm", 15),
            step("voorstel", 12),
            step("valideren", 12),
            step("afsluiten", 8),
        ],
    ),
    (
        "meditatie",
        [6, 9],
        ("Zakelijke meditatie", "Business meditation"),
        (
            "Een rustige sessie met een geleide meditatie en een reflectie.",
            "A calm session with a guided meditation and a reflection.",
        ),
        [
            step("checkin", 5),
            step(
                "vitaliteit",
                15,
                title=("Geleide meditatie", "Guided meditation"),
                guidance=(
                    "Zet een rustige stem of stilte aan; ogen dicht, voeten op de grond.",
                    "Play a calm voice or silence; eyes closed, feet on the floor.",
                ),
            ),
            step("reflectie", 15),
            step("bespreken", 15),
            step("afsluiten", 10),
        ],
    ),
]


@transaction.atomic
def starter_library_install() -> int:
    """Create the starter frames that are missing; returns how many were created."""
    from .models import DidactischeVraag, Frame, FrameVersie

    vragen = {v.number: v for v in DidactischeVraag.objects.all()}
    created = 0
    for key, numbers, title, description, stappen in FRAMES:
        if Frame.objects.filter(starter_key=key).exists():
            continue
        frame = Frame.objects.create(
            organisation=None,
            starter_key=key,
            title_nl=title[0],
            title_en=title[1],
            description_nl=description[0],
            description_en=description[1],
        )
        frame.vragen.set([vragen[n] for n in numbers if n in vragen])
        FrameVersie.objects.create(
            frame=frame,
            number=1,
            state=FrameVersie.State.PUBLISHED,
            minutes=sum(s["minutes"] for s in stappen),
            stappen=stappen,
        )
        created += 1
    return created


def starter_for(numbers: list[int]):
    """The starter frame that best serves these questions (the offline template's base)."""
    for key, frame_numbers, title, description, stappen in FRAMES[1:]:
        if set(frame_numbers) & set(numbers):
            return key, title, description, stappen
    key, _numbers, title, description, stappen = FRAMES[0]
    return key, title, description, stappen
