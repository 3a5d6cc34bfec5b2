import socket

from celery import shared_task
from celery.signals import worker_ready

from . import services


@shared_task(bind=True, ignore_result=True)
def worker_heartbeat(self) -> None:
    """Beat runs this every minute; /healthz shows when a worker was last seen, and the
    session screens label drafts by the LLM configuration this worker reports."""
    from didactiek.llm import configuration

    services.worker_heartbeat_record(
        hostname=self.request.hostname or socket.gethostname(), llm=configuration()
    )


@worker_ready.connect
def _heartbeat_on_worker_start(sender=None, **kwargs) -> None:
    # A worker reports at once (not a minute later), so the AI label is right from its start.
    worker_heartbeat.apply_async(retry=False)
