"""``manage.py seed_demo``: the demo organisation, each app adding its own demo data.

Project wiring: this command knows every app's ``demo.py`` and calls them in the order of the
layers (the core's people, the starter frames, then groups and sessions, trajecten and the
learning catalogue, circles and conversations)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from didactiek import demo as didactiek_demo
from profcirkel import demo as profcirkel_demo
from trajecten import demo as trajecten_demo
from weekcyclus import demo as weekcyclus_demo
from werkplekleren import mail
from werkplekleren.demo import DEMO_PASSWORD, SeedResult, seed_organisation


def seed_demo() -> SeedResult:
    # The demo's history is not news: nobody is e-mailed about it (the services mail the
    # groups about their proposals when the transaction commits).
    with mail.suppressed():
        return _seed_demo()


@transaction.atomic
def _seed_demo() -> SeedResult:
    result = SeedResult()
    organisation, people = seed_organisation(result)
    if frames := didactiek_demo.seed_frames():
        result.created["frames"] = frames
    weekcyclus_demo.seed_weekcyclus(result, organisation, people)
    for _traject in range(trajecten_demo.seed_trajecten(list(people.values()))):
        result.count("trajecten")
    curator = next((p for p in people.values() if "lo" in p.roles), None)
    if items := trajecten_demo.seed_catalogus(organisation, curator):
        result.created["catalogusitems"] = items
    # The team above the teams first (it gets its circle with the others), then the circles
    # and conversations, then the history of what learning yields (opbrengsten, the bank).
    counts, logins = profcirkel_demo.seed_team_above(organisation)
    result.logins.extend(logins)
    counts += profcirkel_demo.seed_profcirkel(organisation, people)
    counts += profcirkel_demo.seed_opbrengsten(organisation)
    for kind, n in counts.items():
        result.created[kind] = result.created.get(kind, 0) + n
    return result


class Command(BaseCommand):
    help = "Create (or complete) the demo organisation and print its logins. Idempotent."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo data is disabled here (DEMO_DATA_ALLOWED=false): it creates accounts "
                "with a published password."
            )
        with translation.override("nl"):
            result = seed_demo()
        created = ", ".join(f"{n} {kind}" for kind, n in result.created.items()) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"Demo data ready (created: {created})."))
        self.stdout.write(f"\nLog in at http://127.0.0.1:8000/ with password: {DEMO_PASSWORD}")
        width = max(len(role) for role, _, _ in result.logins)
        for role, name, email in result.logins:
            self.stdout.write(f"  {role:<{width}}  {email:<32} {name}")
        self.stdout.write("(Accounts that already existed keep their own password.)")
        if result.invited:
            self.stdout.write(
                f"\nPending invitation: {result.invited}. Log in as the organisation admin, "
                "open Beheer → Uitnodigingen and click Versturen; the worker prints the mail "
                "with its link in this console (README: 'Invitations and password reset')."
            )
