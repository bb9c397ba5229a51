"""The cluster serves as deployed: pages through nginx from both web nodes, static files
from nginx itself, a badge scan stored once, a task run by the Celery worker."""

import random
import uuid

import pytest

pytestmark = pytest.mark.slow


def test_pages_come_through_the_balancer_from_every_node(cluster_up):
    cluster = cluster_up
    assert cluster.get("/healthz")[0] == 200
    for port in cluster.cluster.NODE_PORTS[:2]:
        status = cluster.get_from(port, "/healthz")
        assert status == 200, f"web node on {port} does not answer"
    status, body, _ = cluster.get("/expos/cnea-2019/")
    assert status == 200 and b"/static/" in body


def test_static_files_are_served_by_nginx(cluster_up):
    status, body, headers = cluster_up.get("/static/tradefair/site.css")
    assert status == 200 and body
    assert headers.get("Server", "").startswith("nginx")
    assert "max-age" in headers.get("Cache-Control", "") or "Expires" in headers


def test_a_scan_through_the_balancer_is_stored_once_even_when_sent_twice(cluster_up):
    cluster = cluster_up
    token = cluster.gate_token()
    badge = cluster.django(
        "from tradefair.onsite.domain.tokens import badge_token\nfrom tradefair.onsite.models import Badge\n"
        "b = Badge.objects.filter(participant__expo__slug='cnea-2019', revoked_at__isnull=True).order_by('-id')[3]\n"
        "result = badge_token(b.pk)\n"
    )
    minute = random.randint(0, 59)  # a fresh time and gate: a second run is not "the same scan a moment ago"
    scan = {
        "token": badge,
        "nonce": uuid.uuid4().hex,
        "gate": f"smoke-{uuid.uuid4().hex[:8]}",
        "scanned_at": f"2019-08-26T03:{minute:02d}:00+00:00",
    }
    first = cluster.post_json("/api/v1/expos/cnea-2019/check-ins", scan, token=token)[0]
    again = cluster.post_json("/api/v1/expos/cnea-2019/check-ins", scan, token=token)[0]
    stored = cluster.django(
        f"from tradefair.onsite.models import CheckIn\nresult = CheckIn.objects.filter(nonce='{scan['nonce']}').count()\n"
    )
    assert (first, again) in (
        (201, 200),
        (400, 400),
    )  # stored then recognised, or refused (anti-passback) twice
    assert stored == (1 if first == 201 else 0)


def test_background_work_runs_on_the_worker(cluster_up):
    """An export requested through the platform is built by the Celery worker, not in
    the requesting process (which has a broker and so never runs tasks itself)."""
    cluster = cluster_up
    job = cluster.django(
        "from django.conf import settings\n"
        "from django.contrib.auth import get_user_model\n"
        "from tradefair.expos.models import Expo\n"
        "from tradefair.reports.domain.exports import request_export\n"
        "assert not settings.CELERY_TASK_ALWAYS_EAGER\n"
        "from django.db import transaction\n"
        "with transaction.atomic():\n"
        "    job = request_export(Expo.objects.get(slug='cnea-2019'), dataset='deals', file_format='csv',"
        " by=get_user_model().objects.get(username='organiser'))\n"
        "result = job.pk\n"
    )

    def done():
        return cluster.django(
            f"from tradefair.reports.models import ExportJob\nresult = ExportJob.objects.get(pk={job}).status\n"
        ) in ("done", "ready", "finished")

    assert cluster.wait_until(done, 120, step=2) is not None
