"""Benchmark: every page, CSV and API list per role, demo organisation next to a large one.

    .venv/bin/python bench/pages.py [--people 2000] [--rounds 5] [--only lo] [--skip lo]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wpl_scale \\
        .venv/bin/python bench/pages.py --people 20000

Without DATABASE_URL it builds a throw-away SQLite database. It migrates, loads the demo
organisation (``seed_demo``) and a large one (``bench/scale.py``; found again on a second
run, so only the first run at 20,000 people takes minutes), then requests each page with
Django's test client in-process as each role that may see it and prints, for the demo and
the large organisation side by side: the median of --rounds timings (ms), the number of
queries and the response size (kB). For downloads (CSV, iCalendar, Markdown) "ms" is the
time to the first byte and "all" the time to the last. Asserts nothing; ``!`` marks a row
over the targets (300 ms, 200 kB, or a query count that differs from the demo's).
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MS_TARGET = 300
KB_TARGET = 200
ROLES = ("professional", "leidinggevende", "lo", "admin")


@dataclass
class Page:
    label: str
    url: str  # formatted with the targets of each organisation
    roles: tuple[str, ...]
    download: bool = False
    headers: dict | None = None  # e.g. an htmx request


P, LG, LO, ADMIN = ROLES
PAGES = [
    Page("home", "/", ROLES),
    Page("kader", "/kader/", (P,)),
    Page("teams", "/teams/", (LG, LO, ADMIN)),
    Page("team", "/teams/{team}/", (LG,)),
    Page("verantwoording", "/teams/{team}/verantwoording/", (LG,)),
    Page("person", "/mensen/{member}/", (LG,)),
    Page("groups", "/groepen/", (P,)),
    Page("group", "/groepen/{groep}/", (P,)),
    Page("group new", "/groepen/nieuw/", (P,)),
    Page(
        "invite search", "/groepen/{groep}/uitnodigen/?q=on", (P,), headers={"HX-Request": "true"}
    ),
    Page("week plan", "/groepen/{groep}/weken/nieuw/", (P,)),
    Page("week", "/weken/{weekcyclus}/", (P,)),
    Page("agenda", "/agenda/", (P,)),
    Page("agenda.ics", "/agenda/{feed}.ics", (P,), download=True),
    Page("session", "/sessies/{sessie}/", (P,)),
    Page("summary", "/sessies/{sessie}/samenvatting/", (P,)),
    Page("summary.md", "/sessies/{sessie}/samenvatting.md", (P,), download=True),
    Page("traject", "/traject/", (P,)),
    Page("traject detail", "/traject/{traject}/", (P,)),
    Page("activities", "/traject/{traject}/activiteiten/", (P,)),
    Page("activity", "/traject/activiteiten/{activiteit}/", (P,)),
    Page("questions", "/traject/{traject}/vragen/", (P,)),
    Page("leerpad", "/traject/{traject}/leerpad/", (P,)),
    Page("outline", "/traject/overzicht/{traject}/", (LG, LO)),
    Page("circles", "/cirkels/", (P, LG, LO)),
    Page("circle", "/cirkels/{cirkel}/", (LG,)),
    Page("proposal", "/voorstellen/{voorstel}/", (P, LG)),
    Page("bank", "/voorstellenbank/", (P, LG, LO)),
    Page("bank search", "/voorstellenbank/?q=overdracht", (P,)),
    Page("bank proposal", "/voorstellenbank/{voorstel}/", (P, LG)),
    Page("opbrengsten", "/opbrengsten/", (LG, LO)),
    Page("opbrengsten 12", "/opbrengsten/?maanden=12", (LO,)),
    Page("opbrengsten.csv", "/opbrengsten/opbrengsten.csv", (LO,), download=True),
    Page("talks", "/gesprekken/", (P, LG)),
    Page("talk", "/gesprekken/{gesprek}/", (P, LG)),
    Page("lo", "/lo/", (LO,)),
    Page("lo page 2", "/lo/?pagina=2", (LO,)),
    Page("lo stalled", "/lo/?signaal=stil", (LO,)),
    Page("lo signals.csv", "/lo/signals.csv", (LO,), download=True),
    Page("lo coverage.csv", "/lo/coverage.csv", (LO,), download=True),
    Page("lo funnel.csv", "/lo/funnel.csv", (LO,), download=True),
    Page("lo vitality.csv", "/lo/vitality.csv", (LO,), download=True),
    Page("lo uren.csv", "/lo/uren.csv", (LO,), download=True),
    Page("settings", "/organisatie/instellingen/", (ADMIN,)),
    Page("admin people", "/organisatie/beheer/mensen/", (ADMIN,)),
    Page("admin search", "/organisatie/beheer/mensen/?q={someone}", (ADMIN,)),
    Page("admin search all", "/organisatie/beheer/mensen/?q=example", (ADMIN,)),  # everyone
    Page("admin teams", "/organisatie/beheer/teams/", (ADMIN,)),
    Page("admin team", "/organisatie/beheer/teams/{team}/", (ADMIN,)),
    Page("admin import", "/organisatie/beheer/mensen/import/", (ADMIN,)),
    Page("api groups", "/api/groups/", (P,)),
    Page("api weeks", "/api/weekcycli/", (P,)),
    Page("api sessions", "/api/sessions/", (P,)),
    Page("api proposals", "/api/proposals/", (P, LG, LO)),
    Page("api trajecten", "/api/trajecten/", (P,)),
    Page("api outlines", "/api/traject-outlines/", (LG, LO)),
    Page("api talks", "/api/gesprekken/", (P, LG)),
    Page("healthz", "/healthz", (P,)),
]


def targets(as_role: dict) -> dict:
    """The ids each page needs, chosen alike in both organisations: the professional's first
    group, its latest closed session with a proposal, their traject, and so on."""
    from django.db.models import Case, When

    from didactiek.models import Verbetervoorstel
    from profcirkel.models import ProfCirkel, Talentontwikkelgesprek
    from trajecten.models import Leeractiviteit, ProfTraject
    from weekcyclus.models import AgendaFeed, Groep, Sessie, Weekcyclus
    from werkplekleren.models import User

    prof, lg = as_role[P], as_role[LG]
    groep = Groep.objects.filter(members__user=prof, members__status="active").order_by("pk")[0]
    sessie = (
        Sessie.objects.filter(weekcyclus__groep=groep, state="afgerond", voorstel__isnull=False)
        .order_by("-starts_at")
        .first()
    ) or Sessie.objects.filter(weekcyclus__groep=groep).order_by("-starts_at")[0]
    traject = ProfTraject.objects.filter(user=prof).order_by("-start")[0]
    team = lg.led_teams.order_by("pk")[0]
    feed, _ = AgendaFeed.objects.get_or_create(user=prof)
    return {
        "someone": quote_plus(prof.name),
        "team": team.pk,
        "member": User.objects.filter(team=team).exclude(pk=lg.pk).order_by("pk")[0].pk,
        "groep": groep.pk,
        "weekcyclus": Weekcyclus.objects.filter(groep=groep).order_by("-week_start")[0].pk,
        "feed": feed.token,
        "sessie": sessie.pk,
        "traject": traject.pk,
        "activiteit": Leeractiviteit.objects.filter(traject=traject).order_by("pk")[0].pk,
        "cirkel": ProfCirkel.objects.get(team=team).pk,
        # A proposal whose effect was reviewed (the fullest page), else any of the team's.
        "voorstel": Verbetervoorstel.objects.filter(
            sessie__weekcyclus__groep=groep, cirkel__team=team
        )
        .order_by(Case(When(status="effect", then=0), default=1), "pk")
        .first()
        .pk,
        "gesprek": Talentontwikkelgesprek.objects.filter(professional=prof, leidinggevende=lg)
        .order_by("-planned_at")[0]
        .pk,
    }


def demo_roles(org) -> dict:
    """One person per role in the demo organisation, chosen like bench/scale.py does:
    a professional in a group who is in the team of the chosen leidinggevende."""
    from werkplekleren.models import Role, User

    people = User.objects.filter(organisation=org)
    lg = people.filter(role_assignments__role=Role.LEIDINGGEVENDE).order_by("pk")[0]
    prof = (
        people.filter(team__leidinggevende=lg, groep_memberships__status="active")
        .exclude(pk=lg.pk)
        .exclude(trajecten=None)
        .order_by("pk")[0]
    )
    return {
        P: prof,
        LG: lg,
        LO: people.filter(role_assignments__role=Role.LO).order_by("pk")[0],
        ADMIN: people.filter(role_assignments__role=Role.ADMIN).order_by("pk")[0],
    }


def measure(client, url: str, rounds: int, headers: dict | None = None) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fetch():
        t0 = time.perf_counter()
        response = client.get(url, headers=headers)
        if response.streaming:
            chunks = iter(response.streaming_content)
            first = next(chunks, b"")
            ttfb = time.perf_counter() - t0
            size = len(first) + sum(len(c) for c in chunks)
        else:
            ttfb = time.perf_counter() - t0
            size = len(response.content)
        return response, ttfb * 1000, (time.perf_counter() - t0) * 1000, size

    fetch()  # warm up (templates, caches)
    with CaptureQueriesContext(connection) as ctx:
        response, _t, _a, size = fetch()
    queries = len(ctx.captured_queries)
    firsts, alls = [], []
    for _ in range(rounds):
        response, first, whole, size = fetch()
        firsts.append(first)
        alls.append(whole)
    return {
        "status": response.status_code,
        "ms": statistics.median(firsts),
        "all": statistics.median(alls),
        "queries": queries,
        "kb": size / 1024,
        "streaming": response.streaming,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="", help="only pages whose label contains this")
    parser.add_argument("--skip", default="", help="leave out pages whose label contains this")
    parser.add_argument("--role", default="", help="only this role")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="wpl-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("CELERY_DATA_DIR", f"{tmp}/celery")
    os.environ.setdefault("CACHE_URL", f"locmemcache://bench-{os.getpid()}")
    os.environ["API_THROTTLE_USER"] = "1000000/hour"  # we are the only client
    os.environ["DJANGO_SETTINGS_MODULE"] = "werkplekleren.settings.test"
    os.environ["TEST_SQLITE_NAME"] = f"{tmp}/unused.sqlite3"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench.scale import build
    from werkplekleren.demo import ORGANISATION
    from werkplekleren.models import Organisation

    setup_test_environment()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 404/405 show in the table
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    # As in production (the test settings turn the L&O figure cache off).
    settings.LO_FIGURES_CACHE_SECONDS = int(os.environ.get("LO_FIGURES_CACHE_SECONDS", "900"))
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    scale = build(people=args.people)
    if scale.built_seconds is None:
        print(f"large organisation found ({scale.people:,} professionals)")
    demo = Organisation.objects.get(slug=ORGANISATION[1])
    orgs = {
        name: (roles, targets(roles))
        for name, roles in [("demo", demo_roles(demo)), ("scale", scale.as_role)]
    }

    # As beat does every 10 minutes: the L&O figures that read everyone, computed ahead.
    from trajecten.tasks import refresh_lo_figures

    t0 = time.perf_counter()
    refresh_lo_figures()
    print(f"beat: L&O figures of both organisations computed in {time.perf_counter() - t0:.1f} s")
    print(
        f"{connection.vendor}; demo organisation vs {scale.people:,} people; median of "
        f"{args.rounds}; downloads: ms = first byte"
    )
    header = (
        f"{'page':<18}{'role':<15}{'demo ms':>8}{'q':>4}{'kB':>7} │"
        f"{'scale ms':>9}{'all':>7}{'q':>5}{'kB':>8}"
    )
    print(header)
    print("─" * len(header))
    misses = []
    for page in PAGES:
        if args.only and args.only not in page.label:
            continue
        if args.skip and args.skip in page.label:
            continue
        for role in page.roles:
            if args.role and role != args.role:
                continue
            row = {}
            for name, (roles, ids) in orgs.items():
                client = Client()
                client.force_login(roles[role])
                row[name] = measure(client, page.url.format(**ids), args.rounds, page.headers)
            d, s = row["demo"], row["scale"]
            flags = []
            if s["ms"] > MS_TARGET:
                flags.append("ms")
            if s["kb"] > KB_TARGET and not page.download:
                flags.append("kB")
            if s["queries"] != d["queries"]:
                flags.append("q")
            if 200 not in (d["status"], s["status"]) or d["status"] != s["status"]:
                flags.append(f"HTTP {d['status']}/{s['status']}")
            mark = ("! " + ",".join(flags)) if flags else ""
            whole = f"{s['all']:>7.0f}" if page.download else f"{'':>7}"
            print(
                f"{page.label:<18}{role:<15}{d['ms']:>8.0f}{d['queries']:>4}{d['kb']:>7.1f} │"
                f"{s['ms']:>9.0f}{whole}{s['queries']:>5}{s['kb']:>8.1f}  {mark}"
            )
            if flags:
                misses.append((page, role))
    print(f"{len(misses)} rows miss a target" if misses else "every row meets the targets")


if __name__ == "__main__":
    main()
