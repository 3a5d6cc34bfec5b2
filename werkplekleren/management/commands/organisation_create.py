"""Start a new organisation with its first organisation admin, who gets an invitation.

    python manage.py organisation_create --name "Zorggroep Noord" --slug zorggroep-noord \
        --admin-email beheer@zorggroep-noord.nl --admin-name "Bea Beheer"
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from werkplekleren import services


class Command(BaseCommand):
    help = "Create an organisation and invite its first organisation admin by e-mail."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="the organisation's name")
        parser.add_argument("--slug", required=True, help="short name: a-z, 0-9 and hyphens")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)

    def handle(self, *args, **options):
        try:
            organisation, admin = services.organisation_start(
                name=options["name"],
                slug=options["slug"],
                admin_email=options["admin_email"],
                admin_name=options["admin_name"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"Organisation {organisation.name} ({organisation.slug}) created; an invitation "
            f"to {admin.email} is on its way (the Celery worker sends it)."
        )
