"""Load the didactisch kader: the ten questions of the method, in their exact Dutch text.

The text is frozen here (a migration must not import code that changes later). gettext_noop
marks the strings for translation so the English UI can show a rendering next to them.
"""

from django.db import migrations
from django.utils.translation import gettext_noop

GROEP, INDIVIDU = "groep", "individu"

KADER = [
    (1, GROEP, gettext_noop("kritieke werksituaties verbeteren")),
    (2, GROEP, gettext_noop("kritieke werksituaties innoveren")),
    (3, GROEP, gettext_noop("ons werk beter doen (met inzet van AI)")),
    (4, GROEP, gettext_noop("een meer kritische houding naar het gebruik van AI aannemen")),
    (5, GROEP, gettext_noop("onze productiviteit verhogen")),
    (6, GROEP, gettext_noop("ons werkklimaat en onze vitaliteit verbeteren")),
    (7, GROEP, gettext_noop("zorgen voor meer inclusiviteit en samenwerking")),
    (8, GROEP, gettext_noop("bijdragen aan maatschappelijke verduurzaming")),
    (
        9,
        INDIVIDU,
        gettext_noop(
            "Hoe kan ik als individu mijn performance, talenten en kwalificaties verbeteren?"
        ),
    ),
    (
        10,
        INDIVIDU,
        gettext_noop(
            "Wat kan mijn organisatie in deze context voor mij en mijn werkomgeving betekenen?"
        ),
    ),
]


def load(apps, schema_editor):
    DidactischeVraag = apps.get_model("didactiek", "DidactischeVraag")
    for number, scope, text in KADER:
        DidactischeVraag.objects.update_or_create(
            number=number, defaults={"scope": scope, "text": text}
        )


def unload(apps, schema_editor):
    apps.get_model("didactiek", "DidactischeVraag").objects.filter(
        number__in=[number for number, _, _ in KADER]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("didactiek", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
