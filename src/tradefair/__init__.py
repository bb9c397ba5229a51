"""Tradefair: run a multilateral trade and investment expo from registration to results."""

__version__ = "0.1.0"

# Loaded with the package, as Celery asks: a @shared_task (the reports' exports) binds to
# the application current when it is first used, and without this import a web node that
# had not yet imported tradefair.celery sent exports to Celery's default application,
# which has no broker, so they never reached a worker.
from tradefair.celery import app as celery_app  # noqa: E402

__all__ = ["celery_app"]
