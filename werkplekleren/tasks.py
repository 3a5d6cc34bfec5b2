import socket

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from . import mail, services


@shared_task(bind=True, ignore_result=True)
def worker_heartbeat(self) -> None:
    """Beat runs this every minute; /healthz shows when a worker was last seen, and the
    session screens label drafts by the LLM configuration this worker reports."""
    from .llm import configuration

    services.worker_heartbeat_record(
        hostname=self.request.hostname or socket.gethostname(), llm=configuration()
    )


@worker_ready.connect
def _heartbeat_on_worker_start(sender=None, **kwargs) -> None:
    # A worker reports at once (not a minute later), so the AI label is right from its start.
    worker_heartbeat.apply_async(retry=False)


@shared_task(
    bind=True,
    ignore_result=True,
    max_retries=None,  # counted against MAIL_MAX_RETRIES below (a setting, read at run time)
    soft_time_limit=120,
    time_limit=150,
)
def send_mail(self, mail_id: int) -> None:
    """Send one queued e-mail; on any error try again later with a doubling wait.

    The connection times out after EMAIL_TIMEOUT seconds, so a hanging mail server costs
    this worker that long per attempt and no web request anything."""
    try:
        mail.mail_deliver(mail_id=mail_id)
    except Exception as exc:
        if self.request.retries >= settings.MAIL_MAX_RETRIES:
            mail.mail_give_up(mail_id=mail_id)
            return
        raise self.retry(
            exc=exc, countdown=settings.MAIL_RETRY_SECONDS * 2**self.request.retries
        ) from exc


@shared_task(ignore_result=True)
def send_mail_many(mail_ids: list[int]) -> None:
    """Fan a batch out into one task per mail (each retried on its own)."""
    for mail_id in mail_ids:
        send_mail.delay(mail_id)


@shared_task(ignore_result=True)
def requeue_stuck_mail() -> int:
    return mail.mail_requeue_stuck()


@shared_task(ignore_result=True)
def send_invitations(invitation_ids: list[int]) -> int:
    """Invitations opened in a request (one person or a whole CSV import) are sent here."""
    return services.invitations_send_pending(invitation_ids=invitation_ids)


@shared_task(ignore_result=True)
def erase_past_retention() -> None:
    """Beat, daily: the retention rule of docs/privacy.md."""
    from . import privacy

    privacy.people_erase_past_retention()
