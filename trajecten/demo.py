"""Demo Prof-trajecten: most professionals follow one, with activities, logged time and a
private reflection; one has a concept, one a finished traject as well. And the learning
catalogue: about thirty items across the nine kinds, curated by L&O of the demo organisation
(``seed_catalogus``; idempotent)."""

from datetime import timedelta

from django.utils import timezone

from didactiek.models import DidactischeVraag
from trajecten import services
from trajecten.models import CatalogusItem, Leeractiviteit, ProfTraject

AMBITIES = [
    ("Ik wil overdrachten zo inrichten dat er niets meer tussen wal en schip valt.", [1, 3, 9]),
    ("Ik wil AI leren gebruiken zonder mijn kritische blik te verliezen.", [3, 4, 9]),
    ("Ik wil beter omgaan met werkdruk, voor mezelf en voor het team.", [5, 6, 10]),
    ("Ik wil nieuwe collega's beter laten landen in ons team.", [7, 9]),
    ("Ik wil de planning eerlijker en voorspelbaarder maken.", [2, 5, 8]),
]
# Her traject stalled: no group, no session in weeks (see _seed_stalled).
STALLED = "hanna.degraaf@"
ACTIVITEITEN = [
    (
        "podcast",
        "Podcast: feedback geven zonder gedoe",
        40,
        "afgerond",
        45,
        "Ik merk dat ik feedback te lang uitstel. De tip over 'meteen en klein' ga ik proberen.",
    ),
    ("boek", "Artikel: de grenzen van AI-samenvattingen", 30, "bezig", 20, ""),
    ("training", "Vaardigheidstraining: timemanagement", 180, "gepland", 0, ""),
]


def seed_trajecten(people: list) -> int:
    """Give professionals a traject (idempotent: people who have one are skipped)."""
    created = 0
    today = timezone.localdate()
    for index, user in enumerate(people):
        if ProfTraject.objects.filter(user=user).exists():
            continue
        if user.email.startswith(STALLED):
            created += _seed_stalled(user, today)
            continue
        if index >= 10:
            continue  # two professionals have not started: L&O sees that too
        ambitie, numbers = AMBITIES[index % len(AMBITIES)]
        start = today - timedelta(weeks=2 + index % 4)
        traject = services.traject_save(
            user=user,
            ambitie=ambitie,
            start=start,
            end=start + timedelta(weeks=26),
            talenten="Goed luisteren, rust bewaren",
            leerbehoeften="Feedback geven; werken met AI-hulpmiddelen",
            vragen=DidactischeVraag.objects.filter(number__in=numbers),
            groepen=[m.groep for m in user.groep_memberships.filter(status="active")],
        )
        created += 1
        if index == 9:
            continue  # a concept, still being composed
        services.traject_activate(traject=traject)
        for kind, title, planned, status, spent, reflectie in ACTIVITEITEN[: 1 + index % 3]:
            activiteit = services.activiteit_add(
                traject=traject,
                kind=kind,
                title=title,
                planned_minutes=planned,
                vragen=DidactischeVraag.objects.filter(number__in=numbers[:1]),
            )
            if spent:
                services.tijd_log(
                    activiteit=activiteit, minutes=spent, day=today - timedelta(days=3)
                )
            services.activiteit_update(activiteit=activiteit, status=status, reflectie=reflectie)
        if index == 0:
            earlier = services.traject_save(
                user=user,
                ambitie="Mijn eerste traject: rapporteren in minder tijd.",
                start=start - timedelta(weeks=30),
                end=start - timedelta(weeks=4),
                vragen=DidactischeVraag.objects.filter(number__in=[1, 9]),
            )
            ProfTraject.objects.filter(pk=earlier.pk).update(state=ProfTraject.State.AFGEROND)
            services.activiteit_add(
                traject=ProfTraject.objects.get(pk=traject.pk),
                kind=Leeractiviteit.Kind.UITNODIGEN,
                title="Collega van de avonddienst uitnodigen voor de groep",
            )
    return created


def _seed_stalled(user, today) -> int:
    """A traject that started seven weeks ago, ends in three, and saw no session since: L&O
    sees it stalled and ending soon, and may send a support message."""
    start = today - timedelta(weeks=7)
    traject = services.traject_save(
        user=user,
        ambitie="Ik wil mijn planning van de thuiszorgroutes slimmer maken.",
        start=start,
        end=today + timedelta(weeks=3),
        active_weeks=10,
        talenten="Overzicht houden",
        leerbehoeften="Werken met planningssoftware",
        vragen=DidactischeVraag.objects.filter(number__in=[2, 5]),
        groepen=[],
    )
    services.traject_activate(traject=traject)
    return 1


# (kind, Dutch title, English title, minutes, questions, talents, link)
ITEMS = [
    (
        "videoframe",
        "Videoframe: een kritieke werksituatie ontleden",
        "Videoframe: taking a critical work situation apart",
        45,
        [1],
        "analyseren",
        "/kader/frames/",
    ),
    (
        "videoframe",
        "Videoframe: check de AI",
        "Videoframe: check the AI",
        60,
        [4],
        "kritisch denken",
        "/kader/frames/",
    ),
    (
        "videoframe",
        "Videoframe: de stilste stem begint",
        "Videoframe: the quietest voice starts",
        60,
        [7],
        "luisteren, samenwerken",
        "/kader/frames/",
    ),
    (
        "podcast",
        "Podcast: feedback geven die landt",
        "Podcast: feedback that lands",
        35,
        [7, 9],
        "feedback geven",
        "https://example.org/podcast/feedback",
    ),
    (
        "podcast",
        "Podcast: werken met AI in de zorg",
        "Podcast: working with AI in care",
        40,
        [3, 4],
        "digitale vaardigheden",
        "https://example.org/podcast/ai-zorg",
    ),
    (
        "podcast",
        "Podcast: duurzaam organiseren",
        "Podcast: organising sustainably",
        30,
        [8],
        "duurzaamheid",
        "https://example.org/podcast/duurzaam",
    ),
    (
        "leerpad",
        "Persoonlijk leerpad: plannen en prioriteren",
        "Personal path: planning and prioritising",
        240,
        [5, 9],
        "plannen",
        "",
    ),
    (
        "leerpad",
        "Persoonlijk leerpad: coachend leidinggeven",
        "Personal path: coaching leadership",
        300,
        [9],
        "coachen",
        "",
    ),
    (
        "leerpad",
        "Persoonlijk leerpad: samenwerken over teams heen",
        "Personal path: collaborating across teams",
        240,
        [7],
        "samenwerken",
        "",
    ),
    (
        "video",
        "Video: zo werkt een taalmodel",
        "Video: how a language model works",
        15,
        [3, 4],
        "digitale vaardigheden",
        "https://example.org/video/taalmodel",
    ),
    (
        "video",
        "Video: lean in vijf minuten",
        "Video: lean in five minutes",
        5,
        [1, 5],
        "procesverbetering",
        "https://example.org/video/lean",
    ),
    (
        "video",
        "Video: inclusief vergaderen",
        "Video: inclusive meetings",
        12,
        [7],
        "samenwerken",
        "https://example.org/video/inclusief",
    ),
    (
        "video",
        "Video: klimaatbewust werken",
        "Video: climate-aware work",
        10,
        [8],
        "duurzaamheid",
        "https://example.org/video/klimaat",
    ),
    (
        "boek",
        "Artikel: de grenzen van AI",
        "Article: the limits of AI",
        20,
        [4],
        "kritisch denken",
        "https://example.org/artikel/grenzen-ai",
    ),
    (
        "boek",
        "Boek: Werkplekleren in de praktijk",
        "Book: workplace learning in practice",
        300,
        [1, 2, 9],
        "reflecteren",
        "https://example.org/boek/werkplekleren",
    ),
    (
        "boek",
        "Artikel: werkdruk meten zonder te controleren",
        "Article: measuring workload without control",
        15,
        [6],
        "vitaliteit",
        "https://example.org/artikel/werkdruk",
    ),
    (
        "boek",
        "Artikel: innoveren met kleine stappen",
        "Article: innovating in small steps",
        20,
        [2],
        "creativiteit",
        "https://example.org/artikel/innoveren",
    ),
    (
        "vitaliteit",
        "Vitaliteitssessie: bewegen op het werk",
        "Vitality session: moving at work",
        30,
        [6],
        "vitaliteit",
        "https://example.org/vitaliteit/bewegen",
    ),
    (
        "vitaliteit",
        "Zakelijke meditatie: tien minuten focus",
        "Business meditation: ten minutes of focus",
        10,
        [6, 9],
        "focus",
        "https://example.org/meditatie/focus",
    ),
    (
        "vitaliteit",
        "Vitaliteitssessie: herstel na drukke diensten",
        "Vitality session: recovering after busy shifts",
        45,
        [6],
        "veerkracht",
        "https://example.org/vitaliteit/herstel",
    ),
    (
        "elearning",
        "E-learning: AI verantwoord gebruiken",
        "E-learning: using AI responsibly",
        90,
        [3, 4],
        "digitale vaardigheden",
        "https://example.org/elearning/ai",
    ),
    (
        "elearning",
        "E-learning: privacy en de AVG in je werk",
        "E-learning: privacy and the GDPR at work",
        60,
        [4, 10],
        "privacy",
        "https://example.org/elearning/avg",
    ),
    (
        "elearning",
        "E-learning: slimmer plannen",
        "E-learning: smarter planning",
        45,
        [5],
        "plannen",
        "https://example.org/elearning/plannen",
    ),
    (
        "elearning",
        "E-learning: duurzaam inkopen",
        "E-learning: sustainable purchasing",
        60,
        [8],
        "duurzaamheid",
        "https://example.org/elearning/inkopen",
    ),
    (
        "training",
        "Training: feedback geven en ontvangen",
        "Training: giving and receiving feedback",
        180,
        [7, 9],
        "feedback geven",
        "https://example.org/training/feedback",
    ),
    (
        "training",
        "Training: procesverbetering (lean basis)",
        "Training: process improvement (lean basics)",
        240,
        [1, 5],
        "procesverbetering",
        "https://example.org/training/lean",
    ),
    (
        "training",
        "Training: creatief denken",
        "Training: creative thinking",
        180,
        [2],
        "creativiteit",
        "https://example.org/training/creatief",
    ),
    (
        "uitnodigen",
        "Nodig een collega uit die het anders doet",
        "Invite a colleague who does it differently",
        60,
        [2, 7],
        "samenwerken",
        "",
    ),
    (
        "uitnodigen",
        "Nodig een AI-expert uit voor een sessie",
        "Invite an AI expert to a session",
        60,
        [3, 4],
        "digitale vaardigheden",
        "",
    ),
    (
        "uitnodigen",
        "Gesprek met je leidinggevende over wat je nodig hebt",
        "A talk with your manager about what you need",
        30,
        [10],
        "",
        "",
    ),
]


def seed_catalogus(organisation, curator) -> int:
    """The demo organisation's catalogue; returns how many items were created."""
    vragen = {v.number: v for v in DidactischeVraag.objects.all()}
    created = 0
    for kind, nl, en, minutes, numbers, talenten, link in ITEMS:
        if CatalogusItem.objects.filter(organisation=organisation, title_nl=nl).exists():
            continue
        item = CatalogusItem.objects.create(
            organisation=organisation,
            kind=kind,
            title_nl=nl,
            title_en=en,
            minutes=minutes,
            talenten=talenten,
            link=("https://werkplekleren.example" + link) if link.startswith("/") else link,
            created_by=curator,
        )
        item.vragen.set([vragen[n] for n in numbers if n in vragen])
        created += 1
    return created
