import socket

from celery import shared_task

from . import services


@shared_task(bind=True, ignore_result=True)
def worker_heartbeat(self) -> None:
    """Beat runs this every minute; /healthz shows when a worker was last seen."""
    services.worker_heartbeat_record(hostname=self.request.hostname or socket.gethostname())


@shared_task(ignore_result=True)
def erase_past_retention() -> None:
    """Beat, daily: the retention rule of docs/privacy.md."""
    from . import privacy

    privacy.people_erase_past_retention()
