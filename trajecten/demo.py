"""Demo Prof-trajecten: most professionals follow one, with activities, logged time and a
private reflection; one has a concept, one a finished traject as well."""

from datetime import timedelta

from django.utils import timezone

from didactiek.models import DidactischeVraag
from trajecten import services
from trajecten.models import Leeractiviteit, ProfTraject

AMBITIES = [
    ("Ik wil overdrachten zo inrichten dat er niets meer tussen wal en schip valt.", [1, 3, 9]),
    ("Ik wil AI leren gebruiken zonder mijn kritische blik te verliezen.", [3, 4, 9]),
    ("Ik wil beter omgaan met werkdruk, voor mezelf en voor het team.", [5, 6, 10]),
    ("Ik wil nieuwe collega's beter laten landen in ons team.", [7, 9]),
    ("Ik wil de planning eerlijker en voorspelbaarder maken.", [2, 5, 8]),
]
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
