"""Deliver queued e-mail in the test process, as the Celery worker would.

Every mail goes through ``werkplekleren.mail`` into an ``OutgoingMail`` row and out through
the ``send_mail`` task. Tests that are about a mail's content run the task's body here
(``deliver()``) and read Django's locmem outbox; the tests in ``tests/werkplekleren/
test_mail_worker.py`` run the real worker against a local SMTP server.
"""

from django.core import mail as django_mail

from werkplekleren.mail import mail_deliver
from werkplekleren.models import OutgoingMail


def deliver(kind: str | None = None) -> list:
    """Send every queued mail (of ``kind``) now; returns Django's test outbox."""
    queued = OutgoingMail.objects.filter(state=OutgoingMail.State.QUEUED).order_by("pk")
    if kind:
        queued = queued.filter(kind=kind)
    for pk in queued.values_list("pk", flat=True):
        mail_deliver(mail_id=pk)
    return django_mail.outbox
