"""The opening morning of the 12th expo, as Locust users (bench/load/run.py starts it).

Four kinds of people, each with think times:

- visitors: the expo's home, the exhibitor list and pages, catalog search (page and
  API) in several scripts, the floor plan, the programme, the news;
- buyers (API tokens, the current edition where matchmaking is open): recommendations,
  meeting requests sent, their requests, their agenda and its iCal feed;
- exhibitors: accepting the requests they received, their agenda;
- gate staff: badge scans through the check-in API, one at a time, and now and then an
  offline batch of 20 uploaded as a gate reconnects; every badge is scanned once
  (badges are handed out in turn), with a fresh nonce;
- organisers: the live results dashboard and the round list.

Scenarios of their own (bench/load/run.py --scenario):

- ``GateRate``: gate staff only, each scanner one scan a second (constant throughput):
  50 scanners are the opening-morning peak of 50 scans a second;
- ``BurstBuyer``: each simulated buyer is a different buyer of the current edition, who
  sends three meeting requests at once (the first one twice, a double click) and stops:
  500 of them spawned over a minute are the burst when meeting requests open.

Every scan's nonce starts with the run's id (LOAD_RUN), and the outcome of each scan and
meeting request is written to LOAD_OUTCOMES when Locust stops, so that run.py can count
in the database afterwards that each accepted scan is stored exactly once, and that no
request was stored twice nor past a buyer's limit.

Only 127.0.0.1 is ever addressed (run.py refuses any other host). A refusal the
platform means (a 4xx with a reason: anti-passback, a request already sent, a rate limit)
is counted as "refused", not as a failure; failures are server errors (5xx) and
connections that failed.
"""

import collections
import datetime as dt
import itertools
import json
import os
import random
import re
import uuid

import gevent
from locust import HttpUser, between, constant_throughput, events, tag, task

with open(os.environ.get("LOAD_FIXTURE", "bench/results/load-fixture.json")) as _fixture:
    FIXTURE = json.load(_fixture)
PAST = FIXTURE["past"]
CURRENT = FIXTURE["current"]
WORDS = FIXTURE["words"]
BADGES = itertools.cycle(FIXTURE["badges"])
BUYERS = itertools.cycle(FIXTURE["buyers"])
EXHIBITORS = itertools.cycle(FIXTURE["exhibitors"])
RECIPIENTS = [e["id"] for e in FIXTURE["exhibitors"]]
PAGES = FIXTURE["exhibitor_pages"]
# 09:00 local (UTC+8) on the first day, spread over the three opening hours.
OPENING = dt.datetime.fromisoformat(FIXTURE["past_day"] + "T01:00:00+00:00")
REFUSED = {"count": 0}
RUN = os.environ.get("LOAD_RUN") or uuid.uuid4().hex[:8]
# What each scan and meeting request came to, for run.py's count in the database.
OUTCOMES = {"scans": collections.defaultdict(list), "requests": collections.defaultdict(list), "attempts": []}
BURST_BUYERS = iter(FIXTURE.get("burst_buyers") or FIXTURE["buyers"])


@events.request.add_listener
def _count_refusals(response=None, exception=None, **_kw):
    if response is not None and exception is None and 400 <= getattr(response, "status_code", 0) < 500:
        REFUSED["count"] += 1


@events.quitting.add_listener
def _report_refusals(environment, **_kw):
    print(f"refused (4xx with a reason): {REFUSED['count']}")
    path = os.environ.get("LOAD_OUTCOMES")
    if path:
        with open(path, "w") as handle:
            json.dump({"run": RUN, **OUTCOMES}, handle)


def scan_outcome(nonce: str, response) -> None:
    """new (stored now), duplicate (already stored), refused (a 4xx with a reason) or
    failed (5xx or no answer: the scanner page keeps the scan and sends it again)."""
    status = getattr(response, "status_code", 0)
    kind = {201: "new", 200: "duplicate"}.get(status, "refused" if 400 <= status < 500 else "failed")
    OUTCOMES["scans"][kind].append(nonce)


def new_nonce() -> str:
    return f"{RUN}-{uuid.uuid4().hex}"


class Base(HttpUser):
    abstract = True

    def call(self, method: str, url: str, name: str, **kw):
        """A request whose 4xx answers are the platform's own refusals (not failures)."""
        with self.client.request(method, url, name=name, catch_response=True, **kw) as response:
            if response.status_code >= 500 or response.status_code == 0:
                response.failure(f"{response.status_code}")
            else:
                response.success()
            return response


class Visitor(Base):
    weight = 10
    wait_time = between(2, 8)

    @task(3)
    def home(self):
        self.call("GET", f"/expos/{PAST}/", "page: expo home")

    @task(3)
    def exhibitors(self):
        self.call("GET", f"/expos/{PAST}/exhibitors/?page={random.randint(1, 20)}", "page: exhibitor list")

    @task(4)
    def exhibitor(self):
        self.call("GET", f"/expos/{PAST}/exhibitors/{random.choice(PAGES)}/", "page: exhibitor")

    @task(6)
    def search_page(self):
        self.call("GET", f"/expos/{PAST}/search/?q={random.choice(WORDS)}", "page: catalog search")

    @task(3)
    def search_api(self):
        self.call("GET", f"/api/v1/expos/{PAST}/search?q={random.choice(WORDS)}", "api: catalog search")

    @task(1)
    def floor_plan(self):
        self.call("GET", f"/expos/{PAST}/floor-plan/", "page: floor plan")

    @task(2)
    def programme(self):
        self.call("GET", f"/expos/{PAST}/programme/", "page: programme")

    @task(1)
    def news(self):
        self.call("GET", f"/expos/{PAST}/news/", "page: news")

    @task(1)
    def static(self):
        self.call("GET", "/static/tradefair/site.css", "static: site.css")


class Buyer(Base):
    weight = 4
    wait_time = between(3, 10)

    def on_start(self):
        me = next(BUYERS)
        self.client.headers["Authorization"] = f"Bearer {me['token']}"

    @task(3)
    def recommendations(self):
        self.call("GET", f"/api/v1/expos/{CURRENT}/matchmaking/recommendations", "api: recommendations")

    @task(2)
    def send_request(self):
        self.call(
            "POST",
            f"/api/v1/expos/{CURRENT}/matchmaking/requests",
            "write: meeting request",
            json={"recipient": random.choice(RECIPIENTS), "message": "Opening day: shall we meet?"},
        )

    @task(2)
    def my_requests(self):
        self.call("GET", f"/api/v1/expos/{CURRENT}/matchmaking/requests", "api: my requests")

    @task(3)
    def agenda(self):
        self.call("GET", f"/api/v1/expos/{CURRENT}/matchmaking/agenda", "api: agenda")

    @task(1)
    def ical(self):
        self.call("GET", f"/api/v1/expos/{CURRENT}/matchmaking/agenda.ics", "api: agenda iCal")


class Exhibitor(Base):
    weight = 2
    wait_time = between(3, 10)

    def on_start(self):
        me = next(EXHIBITORS)
        self.my_id = me["id"]
        self.client.headers["Authorization"] = f"Bearer {me['token']}"

    @task(2)
    def accept(self):
        answer = self.call(
            "GET", f"/api/v1/expos/{CURRENT}/matchmaking/requests?status=pending", "api: my requests"
        )
        try:
            pending = [r for r in answer.json() if r.get("status") == "pending"]
        except ValueError:
            return
        mine = [r for r in pending if _recipient_id(r) == self.my_id]
        if mine:
            self.call(
                "POST",
                f"/api/v1/expos/{CURRENT}/matchmaking/requests/{mine[0]['id']}/accept",
                "write: accept request",
                json={},
            )

    @task(1)
    def agenda(self):
        self.call("GET", f"/api/v1/expos/{CURRENT}/matchmaking/agenda", "api: agenda")


def _recipient_id(item):
    recipient = item.get("recipient")
    return recipient.get("id") if isinstance(recipient, dict) else recipient


class GateStaff(Base):
    """About one scan every 2 s per scanner: 25 scanners make the 50-a-second peak
    (27,000 entries in 3 hours average 2.5 a second)."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers["Authorization"] = f"Bearer {FIXTURE['organiser']}"
        self.gate = f"gate-{random.randint(1, 12)}"

    def scan(self):
        return {
            "token": next(BADGES),
            "nonce": new_nonce(),
            "gate": self.gate,
            "scanned_at": (OPENING + dt.timedelta(seconds=random.randint(0, 3 * 3600))).isoformat(),
        }

    @task(20)
    @tag("scan")
    def one(self):
        scan = self.scan()
        answer = self.call("POST", f"/api/v1/expos/{PAST}/check-ins", "write: check-in scan", json=scan)
        scan_outcome(scan["nonce"], answer)

    @task(1)
    @tag("scan")
    def offline_batch(self):
        scans = [self.scan() for _ in range(20)]
        answer = self.call(
            "POST",
            f"/api/v1/expos/{PAST}/check-ins/batch",
            "write: offline batch of 20",
            json={"scans": scans},
        )
        try:
            results = answer.json()["results"] if answer.status_code == 200 else None
        except (ValueError, KeyError, TypeError):
            results = None
        if results is None:
            for scan in scans:
                scan_outcome(scan["nonce"], answer)
            return
        for result in results:
            kind = "refused" if not result["accepted"] else "duplicate" if result["duplicate"] else "new"
            OUTCOMES["scans"][kind].append(result["nonce"])


class GateRate(Base):
    """Gate staff only, one scan a second each (run.py --scenario gate): 50 of them are
    the opening-morning peak of 50 scans a second. (Not a subclass of GateStaff: Locust
    would add its offline batches to the tasks.)"""

    wait_time = constant_throughput(1)
    on_start = GateStaff.on_start
    scan = GateStaff.scan

    @task
    def one(self):
        GateStaff.one(self)


class BurstBuyer(Base):
    """One buyer each (run.py --scenario burst), who sends three requests at once (the
    first one twice, as a double click does) and then only waits."""

    wait_time = between(30, 60)

    def on_start(self):
        me = next(BURST_BUYERS, None)
        self.done = me is None
        if me is not None:
            self.me = me["id"]
            self.client.headers["Authorization"] = f"Bearer {me['token']}"

    def send(self, recipient: int) -> None:
        OUTCOMES["attempts"].append([self.me, recipient])
        answer = self.call(
            "POST",
            f"/api/v1/expos/{CURRENT}/matchmaking/requests",
            "write: meeting request (burst)",
            json={"recipient": recipient, "message": "Matchmaking is open: shall we meet?"},
        )
        status = getattr(answer, "status_code", 0)
        try:
            code = answer.json().get("code", "") if status != 201 else ""
        except (ValueError, AttributeError):
            code = ""
        OUTCOMES["requests"][str(status) + (f" {code}" if code else "")].append([self.me, recipient])

    @task
    def burst(self):
        if self.done:
            return
        self.done = True
        first, second, third = random.sample(RECIPIENTS, 3)
        gevent.joinall([gevent.spawn(self.send, r) for r in (first, first, second, third)])


class Organiser(Base):
    weight = 1
    wait_time = between(5, 15)

    def on_start(self):
        page = self.client.get("/accounts/login/", name="page: login")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post(
            "/accounts/login/",
            {
                "username": "organiser",
                "password": FIXTURE["organiser_password"],
                "csrfmiddlewaretoken": found.group(1) if found else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="write: login",
        )

    @task(3)
    def dashboard(self):
        self.call("GET", f"/expos/{PAST}/results/", "page: results dashboard")

    @task(1)
    def rounds(self):
        self.call("GET", f"/api/v1/expos/{CURRENT}/matchmaking/rounds", "api: rounds")


class Ceiling(Base):
    """The trivial endpoint of the same stack (nginx, gunicorn, Django, one query):
    the ceiling of this machine, run on its own (run.py --only ceiling)."""

    wait_time = between(0, 0.01)

    @task
    def health(self):
        self.call("GET", "/healthz", "ceiling: /healthz")
