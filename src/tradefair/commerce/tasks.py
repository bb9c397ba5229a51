from celery import shared_task

from tradefair.commerce.domain.deadlines import process_deadlines


@shared_task(name="commerce.process_deadlines")
def process_deadlines_task() -> dict:
    report = process_deadlines()
    return {"reminded": report.reminded, "released": report.released}
