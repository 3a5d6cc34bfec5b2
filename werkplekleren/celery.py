import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkplekleren.settings.local")

app = Celery("werkplekleren")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
