from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from werkplekleren.demo import DEMO_PASSWORD, seed_demo


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
