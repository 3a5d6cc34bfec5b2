"""A large organisation with a year of history, for benchmarks (prints figures; asserts nothing).

    DATABASE_URL=postgres://…/wpl_scale .venv/bin/python bench/scale.py [--people 20000]

Builds one organisation (slug ``scale``) with --people professionals in teams of ten, groups
of four that met once a week for --weeks weeks (one session a week, everybody present),
proposals from a quarter of the sessions, Talentontwikkelgesprekken, Prof-trajecten,
leeractiviteiten and logged time. At the default size that is 20,000 people, 2,000 teams,
3,000 groups, 156,000 sessions, ~600,000 attendances, 39,000 proposals, 72,000
conversations and 60,000 activities: a few minutes on PostgreSQL (COPY), because rows go in
with ids computed here rather than one ORM save each.

Importable: ``from bench.scale import build`` (after ``django.setup()``) returns a
``Scale`` with the organisation and one person per role; ``bench/pages.py`` uses it. A
second call with the same size finds the organisation and builds nothing.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

SLUG = "scale"
PASSWORD = "schaal-wachtwoord"
CHUNK = 50_000

_NULL = r"\N"


@dataclass
class Scale:
    organisation: object
    as_role: dict[str, object]  # role → a User who has it
    people: int
    built_seconds: float | None  # None when the organisation already existed


class _Loader:
    """Inserts plain tuples into a model's table: COPY on PostgreSQL, executemany elsewhere.

    Ids are given by the caller (``next_id``), so children can point at parents without
    reading anything back; sequences are reset at the end (``finish``)."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.models: list = []
        self.counts: dict[str, int] = {}

    def next_id(self, model) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
            return cursor.fetchone()[0]

    def insert(self, model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        if model not in self.models:
            self.models.append(model)
        # Columns a model gained later (language, review versions, …) get their default, so
        # the bench keeps building when a field is added.
        extra = [
            f
            for f in model._meta.concrete_fields
            if f.column not in columns and not f.null and f.has_default() and not f.primary_key
        ]
        if extra:
            defaults = tuple(f.get_default() for f in extra)
            columns = [*columns, *(f.column for f in extra)]
            rows = (tuple(row) + defaults for row in rows)
        table = model._meta.db_table
        fields = [model._meta.get_field(c.removesuffix("_id")) for c in columns]
        total = 0
        for chunk in _chunks(rows, CHUNK):
            total += len(chunk)
            if self.connection.vendor == "postgresql":
                self._copy(table, columns, chunk)
            else:
                self._executemany(table, columns, fields, chunk)
        self.counts[model.__name__] = self.counts.get(model.__name__, 0) + total
        return total

    def _copy(self, table: str, columns: Sequence[str], chunk: list[tuple]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in chunk:
            writer.writerow([_pg_text(v) for v in row])
        buffer.seek(0)
        cols = ", ".join(f'"{c}"' for c in columns)
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # the driver's cursor (psycopg 3: copy())
            sql = f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '{_NULL}')"
            with raw.copy(sql) as copy:
                copy.write(buffer.getvalue())

    def _executemany(self, table, columns, fields, chunk) -> None:
        conn = self.connection
        placeholders = ", ".join(["%s"] * len(columns))
        cols = ", ".join(f'"{c}"' for c in columns)
        prepared = [
            [
                f.get_db_prep_save(json.dumps(v) if isinstance(v, list | dict) else v, conn)
                if not (isinstance(v, list | dict) and f.get_internal_type() == "JSONField")
                else json.dumps(v)
                for f, v in zip(fields, row, strict=True)
            ]
            for row in chunk
        ]
        with conn.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({placeholders})", prepared)

    def finish(self) -> None:
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), self.models)
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
            if self.connection.vendor == "postgresql":
                for model in self.models:
                    cursor.execute(f"ANALYZE {model._meta.db_table}")


def _remember(rows: list, row: tuple) -> int:
    """Append ``row`` (whose first item is an id) and return that id: children need it."""
    rows.append(row)
    return row[0]


def _pg_text(value) -> str:
    if value is None:
        return _NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list | dict):
        return json.dumps(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


DEPARTMENT_SIZE = 10  # teams under one department (Team.parent)


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def build(
    *,
    people: int = 20_000,
    team_size: int = 10,
    groups: int | None = None,
    group_size: int = 4,
    weeks: int = 52,
    future_weeks: int = 2,
    slug: str = SLUG,
    verbose: bool = True,
) -> Scale:
    """Build (or find) the organisation. ``groups`` defaults to 15% of people (3,000 at
    20,000), ``weeks`` is how many weekly sessions each group has, the last
    ``future_weeks`` of them still planned."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from didactiek.models import DidactischeVraag, Verbetervoorstel, Werksituatie
    from profcirkel.models import (
        Agendapunt,
        Bijeenkomst,
        Gespreksafspraak,
        ProfCirkel,
        Talentontwikkelgesprek,
        VoorstelUpdate,
    )
    from trajecten.models import Leeractiviteit, ProfTraject, Tijdregistratie, Vraagkeuze
    from weekcyclus import steps
    from weekcyclus.models import Deelnemer, Groep, GroepMember, Sessie, Weekcyclus
    from werkplekleren.models import Organisation, Role, RoleAssignment, Team, User

    groups = people * 15 // 100 if groups is None else groups
    groups = min(groups, people * (team_size - 1) // team_size // group_size)
    existing = Organisation.objects.filter(slug=slug).first()
    if existing is not None:
        return _found(existing, people)

    say = print if verbose else (lambda *a, **k: None)
    started = time.perf_counter()
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    first_week = monday - timedelta(weeks=weeks - future_weeks)
    load = _Loader()
    password = make_password(PASSWORD)
    vragen = list(DidactischeVraag.objects.order_by("number").values_list("pk", flat=True))

    with transaction.atomic():
        org = Organisation.objects.create(name=f"Schaal {people}", slug=slug)
        u0 = load.next_id(User)
        t0 = load.next_id(Team)
        n_teams = max(1, people // team_size)

        def team_of(i: int) -> int:
            return t0 + min(i // team_size, n_teams - 1)

        def manager_of(i: int) -> int:
            return uid((team_of(i) - t0) * team_size)

        def uid(i: int) -> int:
            return u0 + i

        lo_id, admin_id = uid(people), uid(people + 1)
        # Users and teams point at each other; foreign keys are checked at commit.
        say(f"people … ({people})")
        load.insert(
            User,
            [
                "id",
                "email",
                "name",
                "organisation_id",
                "team_id",
                "is_active",
                "is_staff",
                "is_superuser",
                "date_joined",
                "password",
                "language",
            ],
            (
                (
                    uid(i),
                    f"p{i}@{slug}.example",
                    f"Persoon {i:05d}",
                    org.pk,
                    team_of(i),
                    True,
                    False,
                    False,
                    now,
                    password,
                    "nl",
                )
                for i in range(people)
            ),
        )
        load.insert(
            User,
            [
                "id",
                "email",
                "name",
                "organisation_id",
                "team_id",
                "is_active",
                "is_staff",
                "is_superuser",
                "date_joined",
                "password",
                "language",
            ],
            [
                (
                    lo_id,
                    f"lo@{slug}.example",
                    "L&O Schaal",
                    org.pk,
                    None,
                    True,
                    False,
                    False,
                    now,
                    password,
                    "nl",
                ),
                (
                    admin_id,
                    f"beheer@{slug}.example",
                    "Beheer Schaal",
                    org.pk,
                    None,
                    True,
                    False,
                    False,
                    now,
                    password,
                    "nl",
                ),
            ],
        )
        # The first person of each team leads it. Every ten teams fall under a department
        # (Team.parent, as in the demo), led by the leidinggevende of its second team: the
        # others account upward to them (the accountability page, the team pages), and the
        # benchmark's leidinggevende (team 0's) leads one team, as in the demo.
        n_departments = -(-n_teams // DEPARTMENT_SIZE)
        d0 = t0 + n_teams
        load.insert(
            Team,
            [
                "id",
                "organisation_id",
                "name",
                "leidinggevende_id",
                "gesprek_interval_weeks",
                "parent_id",
            ],
            [
                (
                    d0 + d,
                    org.pk,
                    f"Afdeling {d:03d}",
                    uid(min(d * DEPARTMENT_SIZE + 1, n_teams - 1) * team_size),
                    8,
                    None,
                )
                for d in range(n_departments)
            ]
            + [
                (t0 + t, org.pk, f"Team {t:04d}", uid(t * team_size), 8, d0 + t // DEPARTMENT_SIZE)
                for t in range(n_teams)
            ],
        )
        r0 = load.next_id(RoleAssignment)
        # Leidinggevenden lead; everyone else is a professional.
        roles = [(uid(i), Role.PROFESSIONAL) for i in range(people) if i % team_size]
        roles += [(uid(t * team_size), Role.LEIDINGGEVENDE) for t in range(n_teams)]
        roles += [(lo_id, Role.LO), (admin_id, Role.ADMIN)]
        load.insert(
            RoleAssignment,
            ["id", "organisation_id", "user_id", "role"],
            ((r0 + k, org.pk, u, role) for k, (u, role) in enumerate(roles)),
        )
        c0 = load.next_id(ProfCirkel)
        load.insert(
            ProfCirkel,
            ["id", "organisation_id", "team_id"],
            ((c0 + t, org.pk, t0 + t) for t in range(n_teams)),
        )
        load.insert(
            Bijeenkomst,
            ["cirkel_id", "held_on", "notes", "created_at"],
            (
                (c0 + t, first_week + timedelta(weeks=8 * k), "", now)
                for t in range(n_teams)
                for k in range(max(1, weeks // 8))
            ),
        )

        say(f"groups, weeks and sessions … ({groups} × {weeks})")

        def person(k: int) -> int:
            """The k-th professional (the first of each team leads it)."""
            per_team = team_size - 1
            return (k // per_team) * team_size + 1 + k % per_team

        def members(g: int) -> list[int]:
            return [person(k) for k in range(g * group_size, (g + 1) * group_size)]

        def creator_of(g: int) -> int:
            return person(g * group_size)

        g0 = load.next_id(Groep)
        load.insert(
            Groep,
            ["id", "organisation_id", "name", "created_by_id", "created_at", "validatie"],
            (
                (g0 + g, org.pk, f"Groep {g:04d}", uid(creator_of(g)), now, "meerderheid")
                for g in range(groups)
            ),
        )

        load.insert(
            GroepMember,
            ["groep_id", "user_id", "status", "invited_by_id", "joined_at"],
            (
                (g0 + g, uid(i), "active", uid(creator_of(g)), now)
                for g in range(groups)
                for i in members(g)
            ),
        )
        w0 = load.next_id(Weekcyclus)
        load.insert(
            Weekcyclus,
            ["id", "groep_id", "week_start", "created_at"],
            (
                (w0 + g * weeks + w, g0 + g, first_week + timedelta(weeks=w), now)
                for g in range(groups)
                for w in range(weeks)
            ),
        )
        past_weeks = weeks - future_weeks
        ws0 = load.next_id(Werksituatie)
        s0 = load.next_id(Sessie)

        def has_proposal(g: int, w: int) -> bool:
            return w < past_weeks and (g + w) % 4 == 0

        proposal_sessions = [
            (g, w) for g in range(groups) for w in range(past_weeks) if has_proposal(g, w)
        ]
        ws_of = {gw: ws0 + k for k, gw in enumerate(proposal_sessions)}
        load.insert(
            Werksituatie,
            [
                "id",
                "weekcyclus_id",
                "title",
                "description",
                "kind",
                "critical",
                "created_by_id",
                "created_at",
            ],
            (
                (
                    ws_of[(g, w)],
                    w0 + g * weeks + w,
                    f"Werksituatie {g}-{w}",
                    "",
                    "werkproces",
                    True,
                    uid(creator_of(g)),
                    now,
                )
                for g, w in proposal_sessions
            ),
        )
        minutes = steps.default_step_minutes()
        last_step = len(minutes) - 1

        def starts(g: int, w: int) -> datetime:
            day = first_week + timedelta(weeks=w, days=g % 5)
            return datetime(day.year, day.month, day.day, 9 + g % 7, tzinfo=UTC)

        def sessie_rows() -> Iterator[tuple]:
            for g in range(groups):
                for w in range(weeks):
                    sid = s0 + g * weeks + w
                    at = starts(g, w)
                    closed = w < past_weeks
                    yield (
                        sid,
                        w0 + g * weeks + w,
                        1,
                        at,
                        60,
                        "",
                        f"0{sid:07X}"[-8:],
                        "afgerond" if closed else "gepland",
                        last_step if closed else 0,
                        minutes,
                        uid(creator_of(g)) if closed else None,
                        None,
                        0,
                        ws_of.get((g, w)),
                        "",
                        0,
                        3,
                        at if closed else None,
                        at + timedelta(hours=1) if closed else None,
                        0,
                    )

        load.insert(
            Sessie,
            [
                "id",
                "weekcyclus_id",
                "number",
                "starts_at",
                "duration_minutes",
                "room",
                "join_code",
                "state",
                "current_step",
                "step_minutes",
                "facilitator_id",
                "timer_started_at",
                "timer_elapsed_seconds",
                "werksituatie_id",
                "probleemstelling",
                "probleemstelling_version",
                "votes_per_participant",
                "started_at",
                "ended_at",
                "version",
            ],
            sessie_rows(),
        )
        say("attendances …")
        load.insert(
            Deelnemer,
            # With the team each person was in at the time (L&O's team figures use it).
            ["sessie_id", "user_id", "gast_id", "joined_at", "energie", "team_id"],
            (
                (s0 + g * weeks + w, uid(i), None, starts(g, w), 1 + (i + w) % 5, team_of(i))
                for g in range(groups)
                for w in range(past_weeks)
                for i in members(g)
            ),
        )

        say(f"proposals … ({len(proposal_sessions)})")
        statuses = [
            "concept",
            "gevalideerd",
            "gevalideerd",
            "ingediend",
            "ingediend",
            "beantwoord",
            "beantwoord",
            "uitvoering",
            "gerealiseerd",
            "effect",
        ]
        v0 = load.next_id(Verbetervoorstel)

        def voorstel_rows() -> Iterator[tuple]:
            for k, (g, w) in enumerate(proposal_sessions):
                status = statuses[k % len(statuses)]
                at = starts(g, w) + timedelta(hours=1)
                creator = creator_of(g)
                submitted = status not in ("concept", "gevalideerd")
                answered = status not in ("concept", "gevalideerd", "ingediend")
                lead = manager_of(creator)
                yield (
                    v0 + k,
                    org.pk,
                    s0 + g * weeks + w,
                    f"Voorstel {g}-{w}",
                    [{"tekst": "Een eerste stap", "ideeen": []}],
                    "Toelichting bij het voorstel.",
                    None,
                    {},
                    1,
                    status,
                    c0 + team_of(creator) - t0 if submitted else None,
                    at + timedelta(days=2) if submitted else None,
                    "overgenomen" if answered else "",
                    "",
                    at + timedelta(days=9) if answered else None,
                    lead if answered else None,
                    uid(creator) if status in ("uitvoering", "gerealiseerd", "effect") else None,
                    (at + timedelta(days=40)).date() if answered else None,
                    at + timedelta(days=30) if status in ("gerealiseerd", "effect") else None,
                    "Het werkt." if status == "effect" else "",
                    {"uren_bespaard": 1 + k % 3, "tevredenheid": 7} if status == "effect" else {},
                    at + timedelta(days=60) if status == "effect" else None,
                    at if status != "concept" else None,
                    uid(creator) if status != "concept" else None,
                    at,
                    at,
                    # A third of the groups show their names in the proposal bank (as in the
                    # demo), so the bank's pages read the same queries at both sizes.
                    submitted and k % 3 == 0,
                )

        load.insert(
            Verbetervoorstel,
            [
                "id",
                "organisation_id",
                "sessie_id",
                "titel",
                "stappen",
                "tekst",
                "draft_id",
                "review",
                "version",
                "status",
                "cirkel_id",
                "submitted_at",
                "antwoord",
                "antwoord_reden",
                "answered_at",
                "answered_by_id",
                "owner_id",
                "due_date",
                "implemented_at",
                "effect",
                "effect_cijfers",
                "reviewed_at",
                "validated_at",
                "validated_by_id",
                "created_at",
                "updated_at",
                "names_visible",
            ],
            voorstel_rows(),
        )
        load.insert(
            VoorstelUpdate,
            ["voorstel_id", "kind", "params", "text", "public_text", "by_id", "created_at"],
            (
                (
                    v0 + k,
                    "overgenomen",
                    {"titel": f"Voorstel {g}-{w}"},
                    f"Jullie voorstel ‘Voorstel {g}-{w}’ is overgenomen.",
                    "Beantwoord: overgenomen.",
                    manager_of(creator_of(g)),
                    now,
                )
                for k, (g, w) in enumerate(proposal_sessions)
                if statuses[k % len(statuses)] not in ("concept", "gevalideerd", "ingediend")
            ),
        )

        # The proposal bank's search text (didactiek.similar): submitted proposals get one of
        # the labelled set's Dutch problems (bench/similar_set.json), so search and similar
        # proposals have real words to find at this size.
        from pathlib import Path

        from didactiek import similar
        from didactiek.models import VoorstelIndex

        labelled = json.loads(
            (Path(__file__).resolve().parent / "similar_set.json").read_text(encoding="utf-8")
        )["proposals"]
        texts = [
            similar.voorstel_text(titel=p["titel"], probleemstelling=p["probleem"], stappen=[])
            for p in labelled
        ]
        stems = [" ".join(similar.stems(t)) for t in texts]
        hashes = [similar.text_hash(t) for t in texts]
        load.insert(
            VoorstelIndex,
            [
                "voorstel_id",
                "organisation_id",
                "groep_id",
                "text",
                "stems",
                "text_hash",
                "updated_at",
            ],
            (
                (
                    v0 + k,
                    org.pk,
                    g0 + g,
                    texts[k % len(texts)],
                    stems[k % len(texts)],
                    hashes[k % len(texts)],
                    now,
                )
                for k, (g, _w) in enumerate(proposal_sessions)
                if statuses[k % len(statuses)] not in ("concept", "gevalideerd")
            ),
        )

        load.insert(
            Verbetervoorstel.effect_vragen.through,
            ["verbetervoorstel_id", "didactischevraag_id"],
            (
                (
                    v0 + k,
                    vragen[0],
                )
                for k in range(len(proposal_sessions))
                if statuses[k % len(statuses)] == "effect"
            ),
        )

        say("conversations, trajecten, activities …")
        # Four conversations per professional who is not a leidinggevende: three held, one
        # planned (72,000 at 20,000 people).
        n_held = 3
        gs0 = load.next_id(Talentontwikkelgesprek)
        gesprek_of = []  # (id, professional index, held)
        load.insert(
            Talentontwikkelgesprek,
            [
                "id",
                "organisation_id",
                "professional_id",
                "leidinggevende_id",
                "planned_at",
                "state",
                "held_at",
                "interval_weeks",
                "ontwikkeling",
                "reminded_professional_at",
                "reminded_leidinggevende_at",
                "created_at",
            ],
            (
                (
                    _remember(gesprek_of, (gs0 + len(gesprek_of), i, state == "gehouden")),
                    org.pk,
                    uid(i),
                    manager_of(i),
                    at,
                    state,
                    at if state == "gehouden" else None,
                    None,
                    "",
                    None,
                    None,
                    now,
                )
                for i in range(people)
                if i % team_size != 0
                for k in range(n_held + 1)
                for at, state in [
                    (
                        now - timedelta(weeks=8 * (n_held - k), hours=i % 40)
                        if k < n_held
                        else now + timedelta(days=1 + i % 50, hours=i % 8),
                        "gehouden" if k < n_held else "gepland",
                    )
                ]
            ),
        )
        # Each conversation has a shared talking point; each held one an agreement.
        load.insert(
            Agendapunt,
            [
                "gesprek_id",
                "author_id",
                "text",
                "shared",
                "checked",
                "carried_from_id",
                "created_at",
            ],
            ((g, uid(i), "Hoe gaat het?", True, held, None, now) for g, i, held in gesprek_of),
        )
        load.insert(
            Gespreksafspraak,
            [
                "gesprek_id",
                "text",
                "owner_id",
                "due_date",
                "for_organisation",
                "done_at",
                "created_at",
            ],
            (
                (g, "Een afspraak", uid(i), None, False, None, now)
                for g, i, held in gesprek_of
                if held
            ),
        )
        # Nine in ten have an active traject; each has three or four activities with time.
        pt0 = load.next_id(ProfTraject)
        with_traject = [i for i in range(people) if i % team_size and i % 10 != 9]
        load.insert(
            ProfTraject,
            [
                "id",
                "organisation_id",
                "user_id",
                "state",
                "ambitie",
                "start",
                "end",
                "active_weeks",
                "talenten",
                "leerbehoeften",
                "created_at",
                "updated_at",
            ],
            (
                (
                    pt0 + k,
                    org.pk,
                    uid(i),
                    "actief",
                    "",
                    today - timedelta(weeks=4 + i % 20),
                    today + timedelta(weeks=2 + i % 24),
                    20,
                    "",
                    "",
                    now,
                    now,
                )
                for k, i in enumerate(with_traject)
            ),
        )
        vk0 = load.next_id(Vraagkeuze)
        load.insert(
            Vraagkeuze,
            ["id", "traject_id", "cycle_start", "created_at"],
            (
                (vk0 + k, pt0 + k, today - timedelta(weeks=4 + i % 20), now)
                for k, i in enumerate(with_traject)
            ),
        )
        load.insert(
            Vraagkeuze.vragen.through,
            ["vraagkeuze_id", "didactischevraag_id"],
            (
                (vk0 + k, vragen[(k + j) % len(vragen)])
                for k in range(len(with_traject))
                for j in (0, 3)
            ),
        )
        a0 = load.next_id(Leeractiviteit)
        kinds = [k for k, _label in Leeractiviteit.Kind.choices]
        activities = [
            (pt0 + k, j) for k, i in enumerate(with_traject) for j in range(3 + (i % 4 != 0))
        ][: people * 3]
        load.insert(
            Leeractiviteit,
            [
                "id",
                "traject_id",
                "kind",
                "title",
                "link",
                "planned_minutes",
                "status",
                "reflectie",
                "source",
                "created_at",
            ],
            (
                (
                    a0 + n,
                    traject,
                    kinds[(traject + j) % len(kinds)],
                    f"Activiteit {j}",
                    "",
                    60,
                    ["gepland", "bezig", "afgerond"][j % 3],
                    "",
                    "",
                    now,
                )
                for n, (traject, j) in enumerate(activities)
            ),
        )
        load.insert(
            Tijdregistratie,
            ["activiteit_id", "day", "minutes", "created_at"],
            (
                (a0 + n, today - timedelta(days=1 + n % 60), 30 + n % 60, now)
                for n in range(len(activities))
                if n % 2 == 0
            ),
        )
        load.finish()

    seconds = time.perf_counter() - started
    say(
        "built: "
        + ", ".join(f"{count:,} {name}" for name, count in load.counts.items())
        + f" in {seconds:.0f} s ({load.connection.vendor})"
    )
    scale = _found(org, people)
    scale.built_seconds = seconds
    return scale


def _found(org, people: int) -> Scale:
    from werkplekleren.models import Role, User

    def first(role: str, **extra):
        return (
            User.objects.filter(organisation=org, role_assignments__role=role, **extra)
            .order_by("pk")
            .first()
        )

    # A professional who leads nothing and is in a group; the leidinggevende of team 1.
    professional = (
        User.objects.filter(organisation=org, groep_memberships__status="active")
        .exclude(role_assignments__role=Role.LEIDINGGEVENDE)
        .order_by("pk")
        .first()
    )
    return Scale(
        organisation=org,
        as_role={
            "professional": professional,
            "leidinggevende": first(Role.LEIDINGGEVENDE),
            "lo": first(Role.LO),
            "admin": first(Role.ADMIN),
        },
        people=User.objects.filter(organisation=org, role_assignments__role="professional")
        .distinct()
        .count(),
        built_seconds=None,
    )


def main() -> None:
    import argparse
    import os
    import sys
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--groups", type=int, default=None)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--slug", default=SLUG)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkplekleren.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    scale = build(people=args.people, groups=args.groups, weeks=args.weeks, slug=args.slug)
    if scale.built_seconds is None:
        print(f"organisation {args.slug!r} exists ({scale.people} professionals): built nothing")


if __name__ == "__main__":
    main()
