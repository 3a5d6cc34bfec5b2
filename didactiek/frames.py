"""What a frame is made of: the kinds of step, the default frame, and a step as a session
shows it.

A frame (videoframe) is an ordered list of steps. Each step has a *kind*; the services of a
session check the kind of the current step (``weekcyclus.services._require_step``), never
its name or position, so a frame may order, repeat or leave out kinds. A step's texts are
stored per language (``{"nl": …, "en": …}``); a step without its own text shows the kind's
default question in the viewer's language.

A session keeps a copy of the steps it runs (``Sessie.stappen``, made from a published
``FrameVersie``): editing a frame later never changes a past session.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str
    title: Promise
    question: Promise
    minutes: int
    # What the group does on the phones in this kind of step (a short hint for editors).
    does: Promise


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind(
            "checkin",
            _("Check-in"),
            _("Hoe sta je erbij vandaag?"),
            5,
            _("energie geven, afspraken van de vorige keer nalopen"),
        ),
        Kind(
            "kiezen",
            _("Kiezen"),
            _("Welke werksituatie en welke vraag pakken we op?"),
            5,
            _("werksituatie en vragen kiezen"),
        ),
        Kind(
            "analyse",
            _("Analyse"),
            _("Wat gebeurt er precies in deze werksituatie?"),
            10,
            _("notities over de werksituatie"),
        ),
        Kind(
            "probleemstelling",
            _("Probleemstelling"),
            _("Wat is het probleem, in één zin?"),
            5,
            _("samen één probleemstelling schrijven"),
        ),
        Kind(
            "brainstorm",
            _("Brainstorm"),
            _("Welke oplossingen zien we?"),
            12,
            _("ideeën toevoegen en stemmen"),
        ),
        Kind(
            "voorstel",
            _("Voorstel"),
            _("Wat stellen we voor?"),
            10,
            _("een concept laten maken (AI of sjabloon) en het voorstel schrijven"),
        ),
        Kind(
            "valideren",
            _("Evalueren en valideren"),
            _("Staan we achter dit voorstel?"),
            8,
            _("kritische toets en stemmen over het voorstel"),
        ),
        Kind(
            "afsluiten",
            _("Afsluiten"),
            _("Wat spreken we af, en wat wil ieder hierna leren?"),
            5,
            _("afspraken en leervoornemens"),
        ),
        Kind(
            "media",
            _("Kijken of luisteren"),
            _("Kijk of luister samen; wat valt je op?"),
            5,
            _("samen een video, geluidsfragment of document bekijken"),
        ),
        Kind(
            "bespreken",
            _("Bespreken"),
            _("Wat vinden we hiervan?"),
            8,
            _("een vraag samen bespreken"),
        ),
        Kind(
            "reflectie",
            _("Individuele reflectie"),
            _("Wat neem jij hieruit mee?"),
            5,
            _("ieder voor zich nadenken, in stilte"),
        ),
        Kind(
            "vitaliteit",
            _("Vitaliteitsmoment"),
            _("Even pauze: adem, beweeg, kom tot rust."),
            5,
            _("een vitaliteitsmoment of zakelijke meditatie"),
        ),
    )
}
KIND_CHOICES = [(k.key, k.title) for k in KINDS.values()]
# The eight steps every session had before frames existed: the default frame.
DEFAULT_KINDS = (
    "checkin",
    "kiezen",
    "analyse",
    "probleemstelling",
    "brainstorm",
    "voorstel",
    "valideren",
    "afsluiten",
)
MEDIA_KINDS = ("video", "audio", "pdf", "link")
VERRASSING_KINDS = {
    "provocatie": _("Provocatie"),
    "rolwissel": _("Rolwissel"),
    "ai": _("Wat als AI dit allemaal deed?"),
    "feit": _("Feit"),
}


def default_stappen() -> list[dict]:
    """The default frame as a session stores it (texts come from the kinds)."""
    return [{"kind": key, "minutes": KINDS[key].minutes} for key in DEFAULT_KINDS]


def default_step_minutes() -> list[int]:
    return [KINDS[key].minutes for key in DEFAULT_KINDS]


def text_in(texts, language: str | None = None) -> str:
    """``texts`` ({"nl": …, "en": …} or a plain string) in ``language`` (the active one),
    falling back to Dutch."""
    if not texts:
        return ""
    if isinstance(texts, str):
        return texts
    language = (language or translation.get_language() or "nl")[:2]
    return texts.get(language) or texts.get("nl") or next(iter(texts.values()), "")


@dataclass(frozen=True)
class Step:
    """One step of a session's frame, in the active language."""

    kind: str
    title: str
    question: str
    minutes: int
    guidance: str = ""
    media: dict | None = None
    verrassingen: tuple = field(default_factory=tuple)

    @property
    def key(self) -> str:  # the templates' name for the kind
        return self.kind

    @property
    def kind_title(self):
        return KINDS[self.kind].title

    @property
    def is_frame_only(self) -> bool:
        """A kind of step frames added (media, bespreken, reflectie, vitaliteit): the phones
        show what to do and the media, and take no input."""
        return self.kind not in DEFAULT_KINDS


def step_of(data: dict, minutes: int | None = None) -> Step:
    """A stored step (a dict of a frame version or a session) as shown now."""
    kind = KINDS.get(data.get("kind")) or KINDS["bespreken"]
    return Step(
        kind=kind.key,
        title=text_in(data.get("title")) or str(kind.title),
        question=text_in(data.get("question")) or str(kind.question),
        minutes=data.get("minutes", kind.minutes) if minutes is None else minutes,
        guidance=text_in(data.get("guidance")),
        media=data.get("media") or None,
        verrassingen=tuple(
            {
                "kind": v.get("kind", "feit"),
                "label": VERRASSING_KINDS.get(v.get("kind"), VERRASSING_KINDS["feit"]),
                "text": text_in(v.get("text")),
                "at_minute": v.get("at_minute"),
            }
            for v in data.get("verrassingen", [])
        ),
    )


def fit_minutes(minutes: list[int], total: int) -> list[int]:
    """``minutes`` scaled to sum to ``total`` (each step at least one minute), keeping their
    proportions: a frame of 60 minutes fits a session of 45 or 90."""
    if not minutes:
        return []
    if sum(minutes) == total:
        return list(minutes)
    if total < len(minutes):
        return [1] * len(minutes)
    scale = total / max(sum(minutes), 1)
    raw = [m * scale for m in minutes]
    fitted = [max(1, int(r)) for r in raw]
    # Hand out what rounding left, to the steps that lost most.
    order = sorted(range(len(raw)), key=lambda i: raw[i] - fitted[i], reverse=True)
    i = 0
    while sum(fitted) < total:
        fitted[order[i % len(order)]] += 1
        i += 1
    while sum(fitted) > total:
        j = max(range(len(fitted)), key=lambda k: fitted[k])
        fitted[j] -= 1
    return fitted
