"""Reads for the session screens (projector, phone, summary): a fixed number of queries,
whatever the size of the session."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from didactiek import similar
from didactiek.drafts import proposal_diff
from didactiek.models import (
    DidactischeVraag,
    Verbetervoorstel,
    VoorstelDraft,
    VoorstelStem,
    VoorstelVersie,
)
from werkplekleren.models import User

from . import steps
from .models import Afspraak, Bijdrage, Deelnemer, GroepMember, Leervoornemen, Sessie, Stem

# What the group hears at check-in about its proposals since the previous session. The
# Prof-cirkel, above this app, registers its updates in ``ProfcirkelConfig.ready``
# (``register_checkin_updates``), so this app never imports it.
_checkin_sources: list[Callable[[Sessie], list]] = []


def register_checkin_updates(source: Callable[[Sessie], list]) -> None:
    """``source(sessie)`` returns the updates to show at the check-in of ``sessie``."""
    if source not in _checkin_sources:
        _checkin_sources.append(source)


def checkin_updates(sessie: Sessie) -> list:
    return [update for source in _checkin_sources for update in source(sessie)]


@dataclass
class Screen:
    sessie: Sessie
    deelnemers: list[Deelnemer]
    ideas: list[Bijdrage]
    notes: list[Bijdrage]
    vragen: list[DidactischeVraag]
    voorstel: Verbetervoorstel | None
    afspraken_open: list[Afspraak]  # from earlier sessions, to review at check-in
    afspraken_new: list[Afspraak]  # made in this session
    shared_voornemens: list[Leervoornemen]
    energie: list[tuple[int, int]] = field(default_factory=list)  # (score, how many)
    drafts: list[VoorstelDraft] = field(default_factory=list)  # newest first
    votes: list[VoorstelStem] = field(default_factory=list)  # on the current version
    versies: list[VoorstelVersie] = field(default_factory=list)
    # What happened to the group's proposals since last time (shown at check-in).
    updates: list = field(default_factory=list)
    # Up to three proposals of other groups like what the group writes (problem statement and
    # drafting steps), with the method that found them (didactiek.similar).
    similar: list[dict] = field(default_factory=list)
    similar_method: str = ""

    @property
    def idea_text(self) -> dict[int, str]:
        """Ideas by the number the screens show (1..n in the order they were added)."""
        return {i.nummer: i.text for i in self.ideas}

    def with_ideas(self, stappen: list[dict]) -> list[dict]:
        """Steps with the ideas they build on, as (number, text) pairs (provenance)."""
        texts = self.idea_text
        return [
            {
                "tekst": stap.get("tekst") or stap.get("stap", ""),
                "ideeen": [(n, texts[n]) for n in stap.get("ideeen", []) if n in texts],
            }
            for stap in stappen
        ]

    @property
    def latest_draft(self) -> VoorstelDraft | None:
        return self.drafts[0] if self.drafts else None

    @property
    def latest_draft_steps(self) -> list[dict]:
        draft = self.latest_draft
        return self.with_ideas(draft.output.get("voorstel", [])) if draft and draft.output else []

    @property
    def voorstel_steps(self) -> list[dict]:
        return self.with_ideas(self.voorstel.stappen) if self.voorstel else []

    @property
    def diff(self):
        return proposal_diff(self.voorstel) if self.voorstel else None

    @property
    def present_members(self) -> list[Deelnemer]:
        return [d for d in self.deelnemers if d.user_id]

    @property
    def votes_yes(self) -> int:
        present = {d.user_id for d in self.present_members}
        return sum(1 for v in self.votes if v.akkoord and v.user_id in present)

    @property
    def step(self) -> steps.Step:
        return self.sessie.step

    @property
    def ideas_by_votes(self) -> list[Bijdrage]:
        return sorted(self.ideas, key=lambda i: (-i.vote_count, i.created_at))

    @property
    def energie_count(self) -> int:
        return sum(n for _score, n in self.energie)


def session_screen(*, sessie: Sessie) -> Screen:
    """Everything the projector and the phones show for ``sessie``."""
    deelnemers = list(sessie.deelnemers.select_related("user", "gast"))
    bijdragen = list(
        sessie.bijdragen.select_related("deelnemer__user", "deelnemer__gast").annotate(
            vote_count=Count("stemmen")
        )
    )
    groep_id = sessie.weekcyclus.groep_id
    afspraken = list(
        Afspraak.objects.filter(sessie__weekcyclus__groep_id=groep_id)
        .filter(
            Q(sessie=sessie)
            | Q(status=Afspraak.Status.OPEN, sessie__starts_at__lt=sessie.starts_at)
            | Q(reviewed_in=sessie)
        )
        .select_related("owner", "sessie")
    )
    counts = Counter(d.energie for d in deelnemers if d.energie)
    ideas = [b for b in bijdragen if b.kind == Bijdrage.Kind.IDEE]
    for number, idea in enumerate(ideas, start=1):
        idea.nummer = number
    voorstel = Verbetervoorstel.objects.filter(sessie=sessie).select_related("draft").first()
    found, method = _similar(sessie, voorstel)
    votes, versies = [], []
    if voorstel is not None:
        votes = list(
            voorstel.stemmen.filter(version=voorstel.version)
            .select_related("user")
            .order_by("user__name")
        )
        versies = list(voorstel.versies.all())
    return Screen(
        sessie=sessie,
        deelnemers=deelnemers,
        ideas=ideas,
        notes=[b for b in bijdragen if b.kind == Bijdrage.Kind.ANALYSE],
        vragen=list(sessie.vragen.order_by("number")),
        voorstel=voorstel,
        drafts=list(sessie.drafts.select_related("requested_by")),
        votes=votes,
        versies=versies,
        updates=checkin_updates(sessie) if sessie.step.key == "checkin" else [],
        afspraken_open=[a for a in afspraken if a.sessie_id != sessie.pk],
        afspraken_new=[a for a in afspraken if a.sessie_id == sessie.pk],
        shared_voornemens=list(
            sessie.leervoornemens.filter(shared=True).select_related("user").order_by("user__name")
        ),
        energie=[(score, counts.get(score, 0)) for score in range(1, 6)],
        similar=found,
        similar_method=method,
    )


SIMILAR_STEPS = ("probleemstelling", "voorstel")


def _similar(sessie: Sessie, voorstel: Verbetervoorstel | None) -> tuple[list[dict], str]:
    """Similar proposals from the bank while the group states its problem and drafts (at most
    three queries, answers cached per text; nothing in the other steps)."""
    if sessie.step.key not in SIMILAR_STEPS:
        return [], ""
    groep = sessie.weekcyclus.groep
    ids, method = similar.similar_ids(
        organisation=groep.organisation,
        text=similar.sessie_text(
            probleemstelling=sessie.probleemstelling,
            voorstel=voorstel if sessie.step.key == "voorstel" else None,
        ),
        exclude_groep_id=groep.pk,
    )
    return similar.cards(ids), method


@dataclass
class Mine:
    """What only this participant sees on their phone."""

    voted_idea_ids: set[int]
    votes_left: int
    voornemen: Leervoornemen | None


def my_part(*, sessie: Sessie, deelnemer: Deelnemer, voornemen: bool = True) -> Mine:
    """``voornemen=False``: the answer to an idea or a vote, which never shows it."""
    voted = set(
        Stem.objects.filter(deelnemer=deelnemer, idee__sessie=sessie).values_list(
            "idee_id", flat=True
        )
    )
    own = None
    if voornemen and deelnemer.user_id:
        own = Leervoornemen.objects.filter(sessie=sessie, user_id=deelnemer.user_id).first()
    return Mine(
        voted_idea_ids=voted,
        votes_left=max(sessie.votes_per_participant - len(voted), 0),
        voornemen=own,
    )


def choose_options(*, sessie: Sessie):
    """Werksituaties of the cycle and the ten questions (the cycle's own marked)."""
    cycle_vragen = set(sessie.weekcyclus.vragen.values_list("number", flat=True))
    return {
        "werksituaties": list(sessie.weekcyclus.werksituaties.all()),
        "vragen": list(DidactischeVraag.objects.order_by("number")),
        "cycle_vragen": cycle_vragen,
    }


def active_members(*, sessie: Sessie) -> list[User]:
    return [
        m.user
        for m in GroepMember.objects.filter(
            groep_id=sessie.weekcyclus.groep_id, status=GroepMember.Status.ACTIVE
        )
        .select_related("user")
        .order_by("user__name")
    ]
