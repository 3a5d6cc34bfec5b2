"""Benchmark: the L&O dashboard and its CSVs on a large organisation (prints figures; asserts
nothing).

    .venv/bin/python bench/lo.py [--people 20000] [--rounds 15]

Builds a throw-away SQLite database (or uses DATABASE_URL): --people professionals in teams
of twenty and groups of four, half of them with an active Prof-traject and logged time, each
group with two held sessions last month (check-ins with energy) and one this month. Then
times /lo/ (first page, and a filtered later page) and the streamed CSVs as L&O, reporting
median/p95 milliseconds, queries and size.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--explain", action="store_true", help="print the dashboard's queries")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="wpl-bench-lo-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("CELERY_DATA_DIR", f"{tmp}/celery")
    os.environ["DJANGO_SETTINGS_MODULE"] = "werkplekleren.settings.test"
    os.environ["TEST_SQLITE_NAME"] = f"{tmp}/unused.sqlite3"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    settings.DEBUG = True  # record queries
    settings.ALLOWED_HOSTS = ["*"]
    settings.LO_FIGURES_CACHE_SECONDS = 900  # as in production (the test settings say 0)
    call_command("migrate", verbosity=0)

    from trajecten.models import Leeractiviteit, ProfTraject, Tijdregistratie
    from weekcyclus.models import Deelnemer, Groep, Sessie, Weekcyclus
    from werkplekleren.models import Organisation, Role, RoleAssignment, Team, User

    started = time.perf_counter()
    n = args.people
    org = Organisation.objects.create(name="Bench", slug="bench")
    people = User.objects.bulk_create(
        (
            User(email=f"p{i}@bench.example", name=f"Persoon {i:05}", organisation=org)
            for i in range(n)
        ),
        batch_size=2000,
    )
    lo = User.objects.create(email="lo@bench.example", name="L&O", organisation=org)
    teams = Team.objects.bulk_create(
        Team(organisation=org, name=f"Team {i:04}") for i in range(max(1, n // 20))
    )
    for i, person in enumerate(people):
        person.team = teams[i // 20 % len(teams)]
    User.objects.bulk_update(people, ["team"], batch_size=2000)
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(organisation=org, user=p, role=Role.PROFESSIONAL) for p in people]
        + [RoleAssignment(organisation=org, user=lo, role=Role.LO)],
        batch_size=2000,
    )
    today = timezone.localdate()
    trajecten = ProfTraject.objects.bulk_create(
        (
            ProfTraject(
                organisation=org,
                user=p,
                state=ProfTraject.State.ACTIEF,
                start=today - timedelta(weeks=5 + i % 10),
                end=today + timedelta(weeks=1 + i % 30),
            )
            for i, p in enumerate(people[::2])
        ),
        batch_size=2000,
    )
    activiteiten = Leeractiviteit.objects.bulk_create(
        (Leeractiviteit(traject=t, kind="boek", title="Boek") for t in trajecten),
        batch_size=2000,
    )
    Tijdregistratie.objects.bulk_create(
        (
            Tijdregistratie(activiteit=a, day=today - timedelta(days=3), minutes=60 + i % 300)
            for i, a in enumerate(activiteiten)
        ),
        batch_size=2000,
    )
    groepen = Groep.objects.bulk_create(
        (
            Groep(organisation=org, name=f"Groep {i}", created_by=people[i * 4])
            for i in range(n // 4)
        ),
        batch_size=2000,
    )
    first_of_month = today.replace(day=1)
    last_month = (first_of_month - timedelta(days=1)).replace(day=1)
    moments = [last_month + timedelta(days=3), last_month + timedelta(days=10), first_of_month]
    weeks = Weekcyclus.objects.bulk_create(
        (
            Weekcyclus(groep=g, week_start=day - timedelta(days=day.weekday()))
            for g in groepen
            for day in moments
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    weeks = {(w.groep_id, w.week_start): w for w in Weekcyclus.objects.all()}
    sessies = Sessie.objects.bulk_create(
        (
            Sessie(
                weekcyclus=weeks[(g.pk, day - timedelta(days=day.weekday()))],
                number=index + 1,
                starts_at=timezone.make_aware(
                    timezone.datetime.combine(day, timezone.datetime.min.time())
                )
                + timedelta(hours=10),
                state=Sessie.State.CLOSED,
                join_code=f"{g.pk * len(moments) + index:06X}",  # (random ones may collide)
            )
            for g in groepen
            for index, day in enumerate(moments)
        ),
        batch_size=2000,
    )
    Deelnemer.objects.bulk_create(
        (
            Deelnemer(
                sessie=s,
                user=people[(i // len(moments)) * 4 + k],
                team_id=people[(i // len(moments)) * 4 + k].team_id,
                energie=1 + (i + k) % 5,
            )
            for i, s in enumerate(sessies)
            for k in range(4)
        ),
        batch_size=2000,
    )
    print(
        f"organisation: {n} people, {len(teams)} teams, {len(groepen)} groups, "
        f"{Deelnemer.objects.count()} attendances (built in "
        f"{time.perf_counter() - started:.1f}s, {connection.vendor})"
    )

    client = Client()
    client.force_login(lo)
    if args.explain:
        reset_queries()
        client.get("/lo/")
        for query in sorted(connection.queries, key=lambda q: -float(q["time"]))[:4]:
            print(f"--- {query['time']} s\n{query['sql'][:3000]}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                for row in cursor.fetchall():
                    print("   ", row)
    pages = [
        ("dashboard", "/lo/"),
        ("filtered p.3", f"/lo/?signaal=weinig_uren&team={teams[3].pk}&pagina=1"),
        ("stil p.10", "/lo/?signaal=stil&pagina=10"),
        ("signals.csv", "/lo/signals.csv"),
        ("vitality.csv", "/lo/vitality.csv"),
        ("uren.csv", "/lo/uren.csv"),
        ("funnel.csv", "/lo/funnel.csv"),
    ]
    from django.core.cache import cache

    cache.clear()
    print(f"{'page':<14}{'cold ms':>9}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'kB':>9}")
    for label, url in pages:
        rounds = args.rounds if not url.endswith("signals.csv") else max(3, args.rounds // 5)
        timings, size, cold = [], 0, 0.0
        for round_ in range(rounds + 1):
            reset_queries()
            t0 = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            elapsed = (time.perf_counter() - t0) * 1000
            if round_:  # the first is a warm-up (and fills the cache of closed months)
                timings.append(elapsed)
            else:
                cold = elapsed
            assert response.status_code == 200, (url, response.status_code)
            size = len(body)
        p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
        print(
            f"{label:<14}{cold:>9.1f}{statistics.median(timings):>10.1f}{p95:>9.1f}"
            f"{len(connection.queries):>9}{size / 1024:>9.1f}"
        )


if __name__ == "__main__":
    main()
