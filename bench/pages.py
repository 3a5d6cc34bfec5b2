"""Benchmark: the core pages on a large organisation (prints figures; asserts nothing).

    .venv/bin/python bench/pages.py [--people 2000] [--rounds 30]

Builds a throw-away SQLite database (or uses DATABASE_URL), fills one organisation with
--people professionals in teams of ten and groups of four, then times each page per role
with Django's test client and reports median/p95 milliseconds, queries and response size.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="wpl-bench-")
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

    setup_test_environment()
    settings.DEBUG = True  # record queries
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)

    from weekcyclus.models import Groep, GroepMember
    from werkplekleren.models import Organisation, Role, RoleAssignment, Team, User

    started = time.perf_counter()
    org = Organisation.objects.create(name="Bench", slug="bench")
    password = "bench-wachtwoord"
    template = User(email="t@bench.example")
    template.set_password(password)
    hashed = template.password
    people = User.objects.bulk_create(
        User(email=f"p{i}@bench.example", name=f"Persoon {i}", organisation=org, password=hashed)
        for i in range(args.people)
    )
    managers = people[: args.people // 10]
    teams = Team.objects.bulk_create(
        Team(organisation=org, name=f"Team {i}", leidinggevende=managers[i])
        for i in range(len(managers))
    )
    for i, person in enumerate(people):
        person.team = teams[i // 10]
    User.objects.bulk_update(people, ["team"], batch_size=1000)
    roles = [RoleAssignment(organisation=org, user=p, role=Role.PROFESSIONAL) for p in people]
    roles += [RoleAssignment(organisation=org, user=m, role=Role.LEIDINGGEVENDE) for m in managers]
    roles += [
        RoleAssignment(organisation=org, user=people[-1], role=Role.LO),
        RoleAssignment(organisation=org, user=people[-2], role=Role.ADMIN),
    ]
    RoleAssignment.objects.bulk_create(roles, batch_size=1000)
    groepen = Groep.objects.bulk_create(
        Groep(organisation=org, name=f"Groep {i}", created_by=people[i * 4])
        for i in range(args.people // 4)
    )
    GroepMember.objects.bulk_create(
        (
            GroepMember(groep=groepen[i // 4], user=p, status=GroepMember.Status.ACTIVE)
            for i, p in enumerate(people[: len(groepen) * 4])
        ),
        batch_size=1000,
    )
    print(
        f"organisation: {args.people} people, {len(teams)} teams, {len(groepen)} groups "
        f"(built in {time.perf_counter() - started:.1f}s, {connection.vendor})"
    )

    as_role = {
        "professional": people[5],
        "leidinggevende": managers[0],
        "lo": people[-1],
        "admin": people[-2],
    }
    pages = [
        ("home", "/", list(as_role)),
        ("kader", "/kader/", ["professional"]),
        ("team list", "/teams/", ["admin"]),
        ("team detail", f"/teams/{teams[0].pk}/", ["leidinggevende"]),
        ("group", f"/groepen/{groepen[1].pk}/", ["professional"]),
        ("healthz", "/healthz", ["professional"]),
    ]
    print(f"{'page':<14}{'role':<16}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'kB':>7}")
    for label, url, roles_ in pages:
        for role in roles_:
            client = Client()
            client.force_login(as_role[role])
            client.get(url)  # warm up
            timings = []
            for _ in range(args.rounds):
                reset_queries()
                t0 = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            queries = len(connection.queries)
            p95 = statistics.quantiles(timings, n=20)[-1]
            print(
                f"{label:<14}{role:<16}{statistics.median(timings):>10.1f}{p95:>9.1f}"
                f"{queries:>9}{len(response.content) / 1024:>7.1f}"
            )


if __name__ == "__main__":
    main()
