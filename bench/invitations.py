"""Benchmark: a CSV import that invites everyone new (prints figures; asserts nothing).

    .venv/bin/python bench/invitations.py [--people 5000]

Builds a throw-away SQLite database (or uses DATABASE_URL) and measures:
- the request's share: applying an import of --people new people, invitations opened
  (``csv_import.apply_plan``; the mails are not rendered here);
- the worker's share: ``services.invitations_send_pending`` (a token, a rendered HTML + text
  mail and a queued ``OutgoingMail`` per person), then ``mail.mail_deliver`` per mail with
  Django's in-memory backend (what the mail task does, without the network);
- a re-import of the same file (nothing new).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="wpl-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("CELERY_DATA_DIR", f"{tmp}/celery")
    os.environ["DJANGO_SETTINGS_MODULE"] = "werkplekleren.settings.test"
    os.environ["TEST_SQLITE_NAME"] = f"{tmp}/unused.sqlite3"

    import django

    django.setup()
    from django.core import mail as django_mail
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)

    from werkplekleren import csv_import, mail, services
    from werkplekleren.models import Invitation, Organisation, OutgoingMail, Role, User

    org = Organisation.objects.create(name="Bench", slug="bench")
    admin = services.person_create(
        organisation=org, email="beheer@bench.example", name="Beheer", roles=[Role.ADMIN]
    )
    rows = ["naam;e-mail;team;rollen"] + [
        f"Persoon {i};p{i}@bench.example;Team {i % 25};professional" for i in range(args.people)
    ]
    text = "\r\n".join(rows) + "\r\n"

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = csv_import.apply_plan(organisation=org, by=admin, text=text)
        apply_s = time.perf_counter() - started
    print(
        f"apply import of {result.created} new people, invitations opened: {apply_s:.2f} s, "
        f"{len(queries)} queries, {Invitation.objects.count()} invitations"
    )

    ids = list(Invitation.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    sent = services.invitations_send_pending(invitation_ids=ids)
    render_s = time.perf_counter() - started
    print(
        f"worker: render and queue {sent} invitation mails: {render_s:.2f} s "
        f"({render_s / max(sent, 1) * 1000:.2f} ms per mail)"
    )

    mail_ids = list(OutgoingMail.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    for mail_id in mail_ids:
        mail.mail_deliver(mail_id=mail_id)
    deliver_s = time.perf_counter() - started
    print(
        f"worker: deliver {len(django_mail.outbox)} mails (in-memory backend): {deliver_s:.2f} s "
        f"({deliver_s / max(len(mail_ids), 1) * 1000:.2f} ms per mail)"
    )

    started = time.perf_counter()
    again = csv_import.apply_plan(organisation=org, by=admin, text=text)
    print(
        f"re-import of the same file: {time.perf_counter() - started:.2f} s, "
        f"{again.created} new, {Invitation.objects.count()} invitations, "
        f"{User.objects.count() - 1} people"
    )


if __name__ == "__main__":
    main()
