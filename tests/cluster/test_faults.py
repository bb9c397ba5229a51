"""Opening day's faults against the real cluster (issue #13): a web node killed, a Celery
worker killed with a round in hand, Redis stopped, PostgreSQL restarted. Each test puts
the cluster back as it found it. bench/faults/run.py does the same under load and
prints what users saw."""

import json
import os
import signal
import time
import uuid

import pytest

pytestmark = pytest.mark.slow


def _current_slug(cluster):
    return cluster.django(
        "from tradefair.demo.generator import current_edition\nresult = current_edition().slug\n"
    )


def test_a_killed_web_node_is_routed_around(cluster_up):
    cluster = cluster_up
    slug = _current_slug(cluster)
    try:
        cluster.command("kill-node", "1")
        statuses = [cluster.get(path)[0] for _ in range(15) for path in ("/healthz", f"/expos/{slug}/")]
    finally:
        cluster.command("start-node", "1")
    assert statuses == [200] * len(statuses)
    assert cluster.wait_until(cluster.healthy, 30) is not None


def test_a_worker_killed_with_a_round_in_hand_leaves_it_to_the_next_worker(cluster_up):
    """The worker has taken the round (delivered, not acknowledged) when it dies; the
    restarted worker gets it again after the visibility timeout and stores it once."""
    cluster = cluster_up
    round_id = cluster.django(
        "from tradefair.demo.generator import current_edition\n"
        "from tradefair.matchmaking.domain.rounds import create_round, start_run\n"
        "from tradefair.common.permissions import OPERATOR\n"
        "expo = current_edition()\n"
        "r = create_round(expo, by=OPERATOR, name='fault: worker killed', days=[str(expo.starts)], time_limit=5, max_meetings=4)\n"
        "start_run(r)\n"
        "result = r.pk\n"
    )
    import redis

    broker = redis.Redis(host="127.0.0.1", port=cluster.cluster.REDIS_PORT, db=0)
    children = cluster.worker_children()
    assert children, "the worker has no pool process"
    for pid in children:
        os.kill(
            pid, signal.SIGSTOP
        )  # the task will wait in the pool's hands: mid-task, as far as the broker knows
    try:
        cluster.django(
            f"from tradefair.matchmaking.background import launch_round\nlaunch_round({round_id})\nresult = 1\n"
        )
        assert cluster.wait_until(lambda: broker.hlen("unacked") > 0, 30) is not None
    finally:
        cluster.command("kill-worker")
    cluster.command("start-worker")

    def scheduled():
        return cluster.django(
            f"from tradefair.matchmaking.models import Round\nresult = Round.objects.get(pk={round_id}).status\n"
        ) in ("scheduled", "published")

    waited = cluster.wait_until(scheduled, 300, step=5)
    assert waited is not None, "the round was not run again after its worker died"
    counts = cluster.django(
        "from django.db.models import Count\n"
        "from tradefair.matchmaking.models import Meeting\n"
        f"m = Meeting.objects.filter(round_id={round_id})\n"
        "pairs = m.values('requester', 'counterpart').annotate(n=Count('id')).filter(n__gt=1).count()\n"
        "tables = m.values('slot', 'table').annotate(n=Count('id')).filter(n__gt=1).count()\n"
        "result = {'meetings': m.count(), 'pairs_twice': pairs, 'tables_twice': tables}\n"
    )
    assert counts["meetings"] > 0
    assert counts["pairs_twice"] == 0 and counts["tables_twice"] == 0


def test_with_redis_stopped_the_site_serves_and_scans_are_stored(cluster_up):
    cluster = cluster_up
    slug = _current_slug(cluster)
    past = "cnea-2019"
    token = cluster.gate_token()
    badge = cluster.django(
        "from tradefair.onsite.domain.tokens import badge_token\n"
        "from tradefair.onsite.models import Badge\n"
        f"b = Badge.objects.filter(participant__expo__slug='{past}', revoked_at__isnull=True).order_by('-id').first()\n"
        "result = badge_token(b.pk)\n"
    )
    nonce = uuid.uuid4().hex
    try:
        cluster.command("stop-redis")
        pages = [
            cluster.get(path)[0] for path in ("/healthz", f"/expos/{slug}/", f"/expos/{past}/search/?q=tea")
        ]
        scan = cluster.post_json(
            f"/api/v1/expos/{past}/check-ins",
            {
                "token": badge,
                "nonce": nonce,
                "gate": f"fault-redis-{nonce[:8]}",
                "scanned_at": "2019-08-24T02:00:00+00:00",
            },
            token=token,
        )[0]
    finally:
        cluster.command("start-redis")
    assert pages == [200, 200, 200]
    assert scan in (200, 201, 400)  # stored, already counted, or refused by anti-passback: never a 5xx
    stored = cluster.django(
        f"from tradefair.onsite.models import CheckIn\nresult = CheckIn.objects.filter(nonce='{nonce}').count()\n"
    )
    assert stored == (1 if scan == 201 else 0)


def test_postgresql_restarted_is_a_translated_503_then_back_within_10_seconds(cluster_up):
    cluster = cluster_up
    slug = _current_slug(cluster)
    try:
        cluster.command("stop-postgres")
        page, body, headers = cluster.get(f"/expos/{slug}/?lang=fr")
        api, api_body, _ = cluster.get(f"/api/v1/expos/{slug}/search?q=tea&lang=en")
    finally:
        cluster.command("start-postgres")
        started = time.monotonic()
    back = cluster.wait_until(lambda: cluster.get(f"/expos/{slug}/")[0] == 200, 30, step=0.2)
    assert page == 503 and "Momentanément indisponible" in body.decode()
    assert "Traceback" not in body.decode()
    assert headers.get("Retry-After") == "10"
    assert api == 503 and b"briefly unavailable" in api_body
    assert back is not None and time.monotonic() - started < 10


def test_with_every_web_node_down_nginx_answers_in_ten_languages_and_json_for_the_api(cluster_up):
    """nginx's own answer when no node is there: the platform's "temporarily
    unavailable" in its ten languages (a 503 with Retry-After), JSON for the API."""
    cluster = cluster_up
    try:
        cluster.command("kill-node", "1")
        cluster.command("kill-node", "2")
        status, body, headers = cluster.get("/expos/")
        api_status, api_body, api_headers = cluster.get("/api/v1/expos")
    finally:
        cluster.command("start-node", "1")
        cluster.command("start-node", "2")
    page = body.decode()
    assert (status, headers.get("Retry-After")) == (503, "10")
    assert "Bad Gateway" not in page and "nginx" not in page
    for words in ("briefly unavailable", "暂时无法访问", "ненадолго недоступна", "غير متاحة", "一時的に"):
        assert words in page
    assert (api_status, api_headers.get("Content-Type", "").split(";")[0]) == (503, "application/json")
    answer = json.loads(api_body)
    assert answer["code"] == "unavailable" and len(answer["messages"]) == 10
    assert cluster.wait_until(cluster.healthy, 30) is not None
