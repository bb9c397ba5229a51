"""50 approvals at once on PostgreSQL: every invoice gets the next number, none is
skipped or given twice (the counter row is locked in each approval's transaction)."""

import threading

import pytest
from django.db import connection, connections

from tests.commerce.factories import commerce_world, submitted
from tradefair.commerce.domain.applications import review_application
from tradefair.commerce.models import Invoice

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are what is tested"),
]


def test_fifty_concurrent_orders_leave_no_gap_in_the_invoice_numbers():
    world = commerce_world()
    applications = [submitted(world, contact_email=f"a{n}@example.com") for n in range(50)]
    start = threading.Barrier(len(applications))
    errors = []

    def approve(application):
        try:
            start.wait()
            review_application(application, decision="approve", by=world["organiser"])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(application,)) for application in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sequences = sorted(Invoice.objects.filter(expo=world["expo"]).values_list("sequence", flat=True))
    assert sequences == list(range(1, 51))
    assert world["expo"].invoice_counter.last == 50 if hasattr(world["expo"], "invoice_counter") else True
