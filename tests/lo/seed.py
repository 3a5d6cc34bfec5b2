"""A small, hand-countable organisation for the L&O dashboard tests; every date is relative
to ``today`` so the selectors can be called with an explicit day (time travel)."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from didactiek.models import DidactischeVraag, Verbetervoorstel
from tests.factories import (
    GroepFactory,
    LeeractiviteitFactory,
    ProfTrajectFactory,
    TeamFactory,
    UserFactory,
    add_member,
)
from trajecten.models import Tijdregistratie
from weekcyclus.models import Deelnemer, Sessie, Weekcyclus
from werkplekleren.models import Role

SECRET_TITLE = "GEHEIME-ACTIVITEIT-Xq7"
SECRET_REFLECTION = "GEHEIME-REFLECTIE-Zp9"
SECRET_TALENT = "GEHEIM-TALENT-Kw3"


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def session(groep, when: datetime, *, people=(), vragen=(), energie=None, state="afgerond"):
    """A session of ``groep`` at ``when`` (its own week row), attended by ``people``; with
    ``energie`` a list of check-in scores, one per person."""
    monday = timezone.localdate(when) - timedelta(days=timezone.localdate(when).weekday())
    week, _created = Weekcyclus.objects.get_or_create(groep=groep, week_start=monday)
    sessie = Sessie.objects.create(
        weekcyclus=week, number=week.sessies.count() + 1, starts_at=when, state=state
    )
    if vragen:
        sessie.vragen.set(DidactischeVraag.objects.filter(number__in=vragen))
    for index, person in enumerate(people):
        Deelnemer.objects.create(
            sessie=sessie, user=person, energie=energie[index] if energie else None
        )
    return sessie


@dataclass
class Seed:
    lo: object
    noord: object
    zuid: object
    anna: object
    bram: object
    carla: object
    dirk: object
    eva: object
    trajecten: dict = field(default_factory=dict)


def seed_signals(org, today: date, *, lo=None, suffix: str = "") -> Seed:
    """Five professionals in two teams:

    - Anna (Noord): active since 8 weeks, ends in 20; a session 7 days ago, 20 h logged →
      21.0 of 36.0 hours: actief.
    - Bram (Noord): active since 10 weeks, ends in 2; last session 30 days ago → 1.0 of 44.0
      hours: actief, stil, weinig uren, eindigt.
    - Carla (Zuid): no traject at all: niet gestart.
    - Dirk (Zuid): only a concept and a finished traject: niet gestart.
    - Eva (Zuid): active since 1 week, no session yet → 0.0 of 8.0: actief, weinig uren (not
      stalled: running less than three weeks).
    """
    lo = lo or UserFactory(organisation=org, roles=[Role.LO], name=f"Lotte L&O{suffix}")
    noord = TeamFactory(organisation=org, name=f"Noord{suffix}")
    zuid = TeamFactory(organisation=org, name=f"Zuid{suffix}")

    def person(name, team):
        return UserFactory(organisation=org, team=team, name=name + suffix)

    anna, bram = person("Anna Aal", noord), person("Bram Bos", noord)
    carla, dirk, eva = person("Carla Cox", zuid), person("Dirk Dam", zuid), person("Eva Eik", zuid)
    seed = Seed(
        lo=lo, noord=noord, zuid=zuid, anna=anna, bram=bram, carla=carla, dirk=dirk, eva=eva
    )

    def traject(user, weeks_ago, weeks_ahead, state="actief"):
        return ProfTrajectFactory(
            user=user,
            state=state,
            start=today - timedelta(weeks=weeks_ago),
            end=today + timedelta(weeks=weeks_ahead),
            talenten=SECRET_TALENT,
        )

    seed.trajecten["anna"] = traject(anna, 8, 20)
    seed.trajecten["bram"] = traject(bram, 10, 2)
    seed.trajecten["eva"] = traject(eva, 1, 25)
    traject(dirk, 1, 20, state="concept")
    traject(dirk, 60, -30, state="afgerond")

    activiteit = LeeractiviteitFactory(
        traject=seed.trajecten["anna"],
        title=SECRET_TITLE,
        reflectie=SECRET_REFLECTION,
        status="bezig",
    )
    Tijdregistratie.objects.create(
        activiteit=activiteit, day=today - timedelta(days=3), minutes=20 * 60
    )

    groep = GroepFactory(organisation=org, created_by=anna, name=f"Groep{suffix}")
    for member in (anna, bram):
        add_member(groep, member)
    session(groep, at(today - timedelta(days=7)), people=[anna])
    session(groep, at(today - timedelta(days=30)), people=[bram])
    # Planned, never held: does not count as attendance.
    session(groep, at(today - timedelta(days=2)), people=[bram], state="gepland")
    return seed


def voorstel(org, groep, when: datetime, status: str, **fields) -> Verbetervoorstel:
    sessie = session(groep, when)
    return Verbetervoorstel.objects.create(
        organisation=org, sessie=sessie, status=status, titel=f"Voorstel {status}", **fields
    )


def seed_funnel(org, today: date, groep) -> None:
    """Seven validated proposals and a concept; the expectations are in test_funnel."""
    # In UTC, so no daylight-saving change skews the day counts.
    t0 = datetime.combine(today - timedelta(days=60), time(10), tzinfo=UTC)
    d = timedelta(days=1)
    S = Verbetervoorstel.Status
    when = iter(at(today - timedelta(days=100 + 7 * i)) for i in range(20))
    voorstel(org, groep, next(when), S.CONCEPT)
    voorstel(org, groep, next(when), S.GEVALIDEERD, validated_at=t0)
    voorstel(org, groep, next(when), S.INGEDIEND, validated_at=t0, submitted_at=t0 + 2 * d)
    voorstel(
        org,
        groep,
        next(when),
        S.BEANTWOORD,
        validated_at=t0,
        submitted_at=t0 + 4 * d,
        answered_at=t0 + 14 * d,
    )
    voorstel(
        org,
        groep,
        next(when),
        S.IN_UITVOERING,
        validated_at=t0,
        submitted_at=t0 + 6 * d,
        answered_at=t0 + 12 * d,
        due_date=today - d,  # overdue
    )
    voorstel(
        org,
        groep,
        next(when),
        S.IN_UITVOERING,
        validated_at=t0,
        submitted_at=t0 + 1 * d,
        answered_at=t0 + 3 * d,
        due_date=today + 10 * d,
    )
    voorstel(
        org,
        groep,
        next(when),
        S.GEREALISEERD,
        validated_at=t0,
        submitted_at=t0 + 3 * d,
        answered_at=t0 + 7 * d,
        implemented_at=t0 + 27 * d,
        due_date=today - 5 * d,  # past its date, but realised: not overdue
    )
    voorstel(
        org,
        groep,
        next(when),
        S.EFFECT_BEOORDEELD,
        validated_at=t0,
        submitted_at=t0 + 5 * d,
        answered_at=t0 + 13 * d,
        implemented_at=t0 + 23 * d,
        reviewed_at=t0 + 53 * d,
    )
