"""What happens to a proposal after the group validated it, as stored events.

A ``VoorstelUpdate`` keeps the kind of event and its parameters, not a sentence: the history,
the check-in of the group's next session and the e-mails show it in each reader's language.
"""

import contextlib
from datetime import date

from django.utils import formats
from django.utils.translation import gettext_lazy as _

SUBMITTED = "ingediend"
ADOPTED = "overgenomen"
ADOPTED_BECAUSE = "overgenomen_reden"
ADAPTED = "aangepast"
DECLINED = "afgewezen"
CARRIED_OUT = "uitvoering"
NEW_OWNER = "eigenaar"
IMPLEMENTED = "gerealiseerd"
REVIEWED = "effect"

MESSAGES = {
    SUBMITTED: _(
        "Jullie voorstel ‘%(titel)s’ is door %(name)s ingediend bij de Prof-cirkel van %(team)s."
    ),
    ADOPTED: _("Jullie voorstel ‘%(titel)s’ is overgenomen."),
    ADOPTED_BECAUSE: _("Jullie voorstel ‘%(titel)s’ is overgenomen: %(reden)s"),
    ADAPTED: _("Jullie voorstel ‘%(titel)s’ is aangepast overgenomen: %(reden)s"),
    DECLINED: _("Jullie voorstel ‘%(titel)s’ is afgewezen: %(reden)s"),
    CARRIED_OUT: _(
        "Jullie voorstel ‘%(titel)s’ wordt uitgevoerd. Eigenaar: %(owner)s, klaar "
        "uiterlijk %(when)s."
    ),
    NEW_OWNER: _(
        "Jullie voorstel ‘%(titel)s’ heeft nu %(owner)s als eigenaar en is klaar "
        "uiterlijk %(when)s."
    ),
    IMPLEMENTED: _(
        "Jullie voorstel ‘%(titel)s’ is gerealiseerd. Kijk samen wat het heeft opgeleverd."
    ),
    REVIEWED: _("Het effect van jullie voorstel ‘%(titel)s’ is beoordeeld: %(effect)s"),
}
# The same news without anyone's name: the proposal bank shows it, its followers get it.
PUBLIC = {
    SUBMITTED: _("Ingediend bij de Prof-cirkel van %(team)s."),
    ADOPTED: _("Beantwoord: overgenomen."),
    ADOPTED_BECAUSE: _("Beantwoord: overgenomen. %(reden)s"),
    ADAPTED: _("Beantwoord: aangepast overgenomen. %(reden)s"),
    DECLINED: _("Beantwoord: afgewezen. %(reden)s"),
    CARRIED_OUT: _("In uitvoering, klaar uiterlijk %(when)s."),
    NEW_OWNER: _("In uitvoering, klaar uiterlijk %(when)s."),
    IMPLEMENTED: _("Gerealiseerd."),
    REVIEWED: _("Effect beoordeeld: %(effect)s"),
}
# A thank-you the leidinggevende adds to an answer (recognition): for the group only.
THANKS = _("Bedankt: %(bedankt)s")
# Parameters stored as an ISO date, shown in the reader's date format.
DATES = ("when",)


def render(kind: str, params: dict) -> str:
    """The event for the group, in the active language; empty for an unknown kind (older
    rows)."""
    text = _format(MESSAGES.get(kind), params)
    if text and (params or {}).get("bedankt"):
        text = f"{text} {_format(THANKS, params)}"
    return text


def render_public(kind: str, params: dict) -> str:
    """The event without names, in the active language; empty for an unknown kind."""
    return _format(PUBLIC.get(kind), params)


def _format(message, params: dict) -> str:
    if message is None:
        return ""
    values = dict.fromkeys(
        ("titel", "name", "team", "reden", "owner", "when", "effect", "bedankt"), ""
    )
    values.update(params or {})
    for key in DATES:
        if values.get(key):
            with contextlib.suppress(TypeError, ValueError):
                values[key] = formats.date_format(date.fromisoformat(values[key]), "j F Y")
    try:
        return " ".join((str(message) % values).split())
    except (KeyError, TypeError, ValueError):
        return ""
