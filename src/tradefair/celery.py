"""The Celery application. Without TRADEFAIR_CELERY_BROKER_URL, settings make every task
run eagerly in the calling process (the embedded set-up needs no broker); with Redis,
`celery -A tradefair worker` runs them."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradefair.common.settings")

app = Celery("tradefair")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
