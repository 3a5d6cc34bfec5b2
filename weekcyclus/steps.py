"""The fixed steps of a session (the videoframe), with their default time budgets.

A session walks a werksituatie through these steps in order; each has its own screen on the
projector and on the phones. The budgets sum to the default 60-minute session.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    key: str
    title: Promise
    question: Promise  # shown large on the projector
    minutes: int


STEPS: tuple[Step, ...] = (
    Step("checkin", _("Check-in"), _("Hoe sta je erbij vandaag?"), 5),
    Step("kiezen", _("Kiezen"), _("Welke werksituatie en welke vraag pakken we op?"), 5),
    Step("analyse", _("Analyse"), _("Wat gebeurt er precies in deze werksituatie?"), 10),
    Step("probleemstelling", _("Probleemstelling"), _("Wat is het probleem, in één zin?"), 5),
    Step("brainstorm", _("Brainstorm"), _("Welke oplossingen zien we?"), 12),
    Step("voorstel", _("Voorstel"), _("Wat stellen we voor?"), 10),
    Step("valideren", _("Evalueren en valideren"), _("Staan we achter dit voorstel?"), 8),
    Step(
        "afsluiten",
        _("Afsluiten"),
        _("Wat spreken we af, en wat wil ieder hierna leren?"),
        5,
    ),
)
KEYS = tuple(step.key for step in STEPS)
LAST = len(STEPS) - 1


def index(key: str) -> int:
    return KEYS.index(key)


def default_step_minutes() -> list[int]:
    return [step.minutes for step in STEPS]
