"""The Django admin's participant change page on the full demo (31,337 participants):
time, size, and the longest drop-down list on the page, against the issue's 500 ms.
With ``--baseline`` it also measures the page as it was, with every foreign key shown
as a full list of choices, to show what autocomplete saves.

Uses the demo in TRADEFAIR_DATA_DIR, building it first (``generate-demo`` defaults)
when it is not there:

    TRADEFAIR_DATA_DIR=/tmp/bench-admin .venv/bin/python bench/admin/participant_page.py [--repeat 10] [--baseline]
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradefair.common.settings")
os.environ.setdefault("TRADEFAIR_DATA_DIR", tempfile.mkdtemp(prefix="bench-admin-"))

import django  # noqa: E402

django.setup()

from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from tradefair.demo.generator import DemoSize  # noqa: E402
from tradefair.expos.models import Expo  # noqa: E402
from tradefair.people.models import Participant  # noqa: E402

BUDGET_MS = 500.0


def measure(client: Client, url: str, repeat: int) -> tuple[list[float], int, int]:
    timings, size, longest = [], 0, 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        page = response.content.decode()
        size = len(response.content)
        longest = max((s.count("<option") for s in re.findall(r"<select.*?</select>", page, re.S)), default=0)
    return timings, size, longest


def report(title: str, timings: list[float], size: int, longest: int) -> None:
    median = statistics.median(timings)
    print(f"  {title}")
    print(f"    median {median:8.0f} ms   best {min(timings):6.0f} ms   worst {max(timings):6.0f} ms")
    print(f"    page   {size / 1024:8.0f} KiB  longest drop-down {longest} options")
    print(
        f"    budget {BUDGET_MS:.0f} ms: {'met' if median < BUDGET_MS else 'MISSED'} (ratio {median / BUDGET_MS:.2f})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--baseline", action="store_true", help="also time the page with full lists")
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    slug = DemoSize().slug
    if not Expo.objects.filter(slug=slug).exists():
        print("Building the full demo (generate-demo defaults), a few minutes...", file=sys.stderr)
        call_command("generate-demo", verbosity=0)
    expo = Expo.objects.get(slug=slug)
    participants = Participant.objects.filter(expo=expo).count()
    member = (
        Participant.objects.filter(expo=expo, delegation_leader__isnull=False).order_by("id").first()
        or Participant.objects.filter(expo=expo).order_by("id").first()
    )
    user, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_staff": True})
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = f"/admin/people/participant/{member.pk}/change/"
    print(f"admin participant page: {participants} participants in {slug}, {url}")
    client.get(url)  # warm up: templates, translations, the first connection
    report("with autocomplete", *measure(client, url, args.repeat))
    if args.baseline:
        model_admin = admin.site._registry[Participant]
        kept = model_admin.autocomplete_fields
        model_admin.autocomplete_fields = []
        try:
            report("baseline: full lists of choices", *measure(client, url, max(1, args.repeat // 5)))
        finally:
            model_admin.autocomplete_fields = kept
    return 0


if __name__ == "__main__":
    sys.exit(main())
