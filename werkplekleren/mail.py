"""Every e-mail the platform sends goes through here, and out through one Celery task.

``mail_queue`` stores the mail (rendered in the recipient's language, plain text + HTML,
optionally with an iCalendar invitation) and enqueues ``werkplekleren.tasks.send_mail``
after commit. The task connects with ``EMAIL_TIMEOUT`` and retries with backoff, so a slow
or broken mail server never holds up the request that caused the mail, and a broker that
is down loses nothing: the row stays queued and beat hands it out again
(``mail_requeue_stuck``).

The core knows nothing of the apps: they build subject and text (inside
``language_of(user)``) and call ``mail_queue``.
"""

import contextlib
import logging
import threading
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingMail, User

logger = logging.getLogger(__name__)
_state = threading.local()


@contextlib.contextmanager
def suppressed():
    """Nothing queued inside this block is sent (``seed_demo``: the demo's history is
    nobody's news)."""
    previous = getattr(_state, "suppressed", False)
    _state.suppressed = True
    try:
        yield
    finally:
        _state.suppressed = previous


def is_suppressed() -> bool:
    return getattr(_state, "suppressed", False)


def from_address() -> str:
    """The bare address of DEFAULT_FROM_EMAIL (the organizer of calendar invitations)."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@localhost"


def language_for(user: User | None) -> str:
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@contextlib.contextmanager
def language_of(user: User | None):
    """Build a mail's subject and text inside this block: they come out in the recipient's
    language."""
    with translation.override(language_for(user)):
        yield


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _enqueue(mail_ids: list[int]) -> None:
    from . import tasks

    try:
        if len(mail_ids) == 1:
            tasks.send_mail.delay(mail_ids[0])
        else:
            tasks.send_mail_many.delay(mail_ids)
    except Exception:
        # The broker is down: the rows stay queued and beat hands them out later.
        logger.exception("Could not enqueue %s mail(s); beat will retry", len(mail_ids))


def mail_render(
    *,
    to: User | str,
    kind: str,
    subject: str,
    text: str,
    action_url: str = "",
    action_label: str = "",
    ics: bytes | str = "",
) -> OutgoingMail:
    """An unsaved mail. ``subject`` and ``text`` are final (already in the recipient's
    language); the HTML part shows the same text with the action as a button."""
    user = to if isinstance(to, User) else None
    with language_of(user):
        body_text = text + (f"\n\n{action_label}: {action_url}" if action_url else "")
        html = render_to_string(
            "mail/base.html",
            {
                "subject": subject,
                "text": text,
                "action_url": action_url,
                "action_label": action_label,
                "language": language_for(user),
            },
        )
    if isinstance(ics, bytes):
        ics = ics.decode("utf-8")
    mail = OutgoingMail(
        to=user.email if user else to,
        user=user,
        kind=kind,
        subject=" ".join(subject.split())[:300],
        text=body_text,
        html=html,
        ics=ics,
    )
    mail.full_clean()
    return mail


@transaction.atomic
def mail_queue(**kwargs) -> OutgoingMail:
    """Store one mail (see ``mail_render`` for the arguments) and send it after commit."""
    mail = mail_render(**kwargs)
    if is_suppressed():
        return mail
    mail.save()
    transaction.on_commit(lambda: _enqueue([mail.pk]))
    return mail


@transaction.atomic
def mail_queue_many(mails: list[OutgoingMail]) -> list[OutgoingMail]:
    """Store rendered mails at once and hand them to the worker in one message."""
    if is_suppressed():
        return mails
    created = OutgoingMail.objects.bulk_create(mails, batch_size=500)
    ids = [m.pk for m in created if m.pk]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return created


def _message(mail: OutgoingMail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        connection=connection,
    )
    message.attach_alternative(mail.html, "text/html")
    if mail.ics:
        # METHOD:REQUEST in the body and the part's content type: Outlook and Google show
        # "Accept / Decline" and add it to the calendar.
        message.attach("uitnodiging.ics", mail.ics, "text/calendar; method=REQUEST")
    return message


def mail_deliver(*, mail_id: int) -> bool:
    """Send one queued mail (the Celery task calls this). Returns whether it was sent now;
    a mail already sent or given up is left alone. Errors propagate: the task retries."""
    queued = OutgoingMail.objects.filter(pk=mail_id, state=OutgoingMail.State.QUEUED)
    mail = queued.first()
    if mail is None:
        return False
    # Claim this attempt: if the same mail was handed out twice (beat's requeue), only one
    # worker gets past here.
    if not queued.filter(attempts=mail.attempts).update(attempts=mail.attempts + 1):
        return False
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
    try:
        _message(mail, connection).send()
    except Exception as exc:
        OutgoingMail.objects.filter(pk=mail_id).update(last_error=repr(exc)[:500])
        raise
    # Sent: forget the bodies (a one-time link, someone's message); keep who, what, when.
    OutgoingMail.objects.filter(pk=mail_id).update(
        state=OutgoingMail.State.SENT, sent_at=timezone.now(), text="", html="", ics=""
    )
    return True


def mail_give_up(*, mail_id: int) -> None:
    OutgoingMail.objects.filter(pk=mail_id, state=OutgoingMail.State.QUEUED).update(
        state=OutgoingMail.State.FAILED
    )
    logger.error("Mail %s given up after %s attempts", mail_id, settings.MAIL_MAX_RETRIES + 1)


def mail_requeue_stuck(*, now=None) -> int:
    """Queued mails that no worker has tried for a while (the broker lost the message or
    was down at enqueue time) are enqueued again."""
    now = now or timezone.now()
    since = now - timedelta(seconds=settings.MAIL_STUCK_AFTER_SECONDS)
    ids = list(
        OutgoingMail.objects.filter(
            state=OutgoingMail.State.QUEUED, attempts=0, created_at__lt=since
        ).values_list("pk", flat=True)[:5000]
    )
    if ids:
        _enqueue(ids)
    return len(ids)
