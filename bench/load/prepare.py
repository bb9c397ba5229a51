"""Accounts and badge tokens for the load benchmark, written to a JSON file for Locust.

Run in the cluster's environment (bench/load/run.py does: ``deploy/cluster.py env``):
API tokens for buyers and exhibitors of the current edition (matchmaking open, where
meeting requests are sent and accepted), for the organiser (gate staff and dashboards),
badge tokens of the 12th edition (its dates are the ones a scanner may report), its
exhibitor ids and search words. Keys are made afresh on each run and only their digests
stored, as for any API token."""

import json
import os
import secrets
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradefair.common.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from tradefair.catalog.models import Exhibitor  # noqa: E402
from tradefair.common.models import ApiToken  # noqa: E402
from tradefair.common.models.tokens import token_digest  # noqa: E402
from tradefair.demo.generator import current_edition  # noqa: E402
from tradefair.expos.models import Expo  # noqa: E402
from tradefair.onsite.domain.tokens import badge_token  # noqa: E402
from tradefair.onsite.models import Badge  # noqa: E402
from tradefair.people.models import Participant, Role  # noqa: E402

NAME = "load-benchmark"


def token_for(user) -> str:
    key = "tf_" + secrets.token_urlsafe(30)
    ApiToken.objects.create(user=user, name=NAME, digest=token_digest(key), prefix=key[:8])
    return key


def people(expo, role, count):
    return list(
        Participant.objects.filter(expo=expo, roles__role=role, user__isnull=False)
        .select_related("user")
        .order_by("id")[:count]
    )


def main(path: str, buyers: int = 600, badges: int = 40000) -> None:
    ApiToken.objects.filter(name=NAME).delete()
    past = Expo.objects.get(slug="cnea-2019")
    current = current_edition()
    organiser = get_user_model().objects.get(username="organiser")
    buyer_people = people(current, Role.BUYER, buyers) or people(current, Role.MERCHANT, buyers)
    exhibitor_people = people(current, Role.EXHIBITOR, 200)
    # The burst: every merchant of the edition who is not an exhibitor, one user each.
    burst_people = [
        p for p in people(current, Role.MERCHANT, 700) if p.pk not in {e.pk for e in exhibitor_people}
    ]
    badge_ids = list(
        Badge.objects.filter(participant__expo=past, revoked_at__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)[:badges]
    )
    data = {
        "past": past.slug,
        "past_day": past.starts.isoformat(),
        "current": current.slug,
        "organiser": token_for(organiser),
        "organiser_password": os.environ.get("TRADEFAIR_DEMO_PASSWORD", ""),
        "buyers": [{"id": p.pk, "token": token_for(p.user)} for p in buyer_people],
        "exhibitors": [{"id": p.pk, "token": token_for(p.user)} for p in exhibitor_people],
        "burst_buyers": [{"id": p.pk, "token": token_for(p.user)} for p in burst_people],
        "exhibitor_pages": list(
            Exhibitor.objects.filter(expo=past).order_by("id").values_list("id", flat=True)[:500]
        ),
        "badges": [badge_token(pk) for pk in badge_ids],
        "words": [
            "机械",
            "food",
            "Getreide",
            "木材",
            "автомобиль",
            "tea",
            "steel",
            "化工",
            "textile",
            "honey",
        ],
    }
    with open(path, "w") as handle:
        json.dump(data, handle)
    print(
        f"{len(data['buyers'])} buyers, {len(data['exhibitors'])} exhibitors, "
        f"{len(data['burst_buyers'])} buyers for the burst, {len(data['badges'])} badges -> {path}"
    )


if __name__ == "__main__":
    main(sys.argv[1])
