"""Badge printing benchmark: 30,000 approved participants printed in one PDF (the
``print-badges`` path: batched queries, vector QR codes) and as a streamed ZIP of
1,000-badge PDFs, against a baseline that does what a first version would: one query
set per badge, segno's automatic mask choice, the QR code embedded as a PNG image.
The baseline runs on a sample and is compared per badge.

    TRADEFAIR_DATA_DIR=/tmp/bench-badges .venv/bin/python bench/onsite/bench_badges.py [--count 30000] [--sample 1000]
"""

import argparse
import io
import os
import random
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradefair.common.settings")
os.environ.setdefault("TRADEFAIR_DATA_DIR", tempfile.mkdtemp(prefix="bench-badges-"))

import django  # noqa: E402

django.setup()

import segno  # noqa: E402
from django.core.management import call_command  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from tradefair.common.pdf_fonts import draw_text, register_fonts  # noqa: E402
from tradefair.expos.models import Expo  # noqa: E402
from tradefair.onsite.domain import badges as badge_actions  # noqa: E402
from tradefair.onsite.domain.tokens import badge_token  # noqa: E402
from tradefair.onsite.models import Badge  # noqa: E402
from tradefair.people.models import Organisation, Participant, ParticipantRole, RegistrationStatus  # noqa: E402

NAMES = [
    ("王芳", "Wang Fang", "zh-hans", "CN"),
    ("Иван Петров", "Ivan Petrov", "ru", "RU"),
    ("佐藤 花子", "Sato Hanako", "ja", "JP"),
    ("김민준", "Kim Minjun", "ko", "KR"),
    ("Батбаяр Дорж", "Batbayar Dorj", "mn", "MN"),
    ("Anna Schmidt", "", "de", "DE"),
    ("محمد علي", "Mohamed Ali", "ar", "EG"),
]


def populate(expo, count: int) -> None:
    rng = random.Random(3)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            legal_name=f"Company {i} Ltd.",
            name={"en": f"Company {i} Ltd.", "zh-hans": f"公司{i}"},
            country="CN",
        )
        for i in range(count // 10 + 1)
    )
    people = []
    for i in range(count):
        name, latin, language, country = rng.choice(NAMES)
        people.append(
            Participant(
                expo=expo,
                name=f"{name} {i}",
                name_latin=f"{latin} {i}" if latin else "",
                language=language,
                country=country,
                status=RegistrationStatus.APPROVED,
                organisation=rng.choice(organisations),
            )
        )
    created = Participant.objects.bulk_create(people, batch_size=2000)
    ParticipantRole.objects.bulk_create(
        [
            ParticipantRole(participant=p, role=rng.choice(["merchant", "buyer", "exhibitor", "investor"]))
            for p in created
        ],
        batch_size=5000,
    )


def baseline(expo, participants: list[int]) -> None:
    """One badge at a time: queries per badge, best-mask QR as a PNG, one PDF per badge."""
    register_fonts()
    for pk in participants:
        participant = Participant.objects.get(pk=pk)
        badge = badge_actions.issue_badge(participant, notify=False)
        roles = list(participant.roles.values_list("role", flat=True))
        organisation = str(participant.organisation.name) if participant.organisation_id else ""
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=badge_actions.PAGE_SIZES["a6"])
        draw_text(canvas, 150, 330, participant.name, size=26, width=270, language=participant.language)
        draw_text(canvas, 150, 300, participant.name_latin, size=15, width=270)
        draw_text(canvas, 150, 270, organisation, size=12, width=270)
        draw_text(canvas, 150, 250, roles[0] if roles else "", size=12, width=270)
        png = io.BytesIO()
        segno.make(badge_token(badge.pk), error="m").save(png, kind="png", scale=4)
        png.seek(0)
        canvas.drawImage(ImageReader(png), 80, 40, 140, 140)
        canvas.showPage()
        canvas.save()


def timed(label: str, action) -> float:
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    print(f"{label:<52} {elapsed:8.2f} s", flush=True)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=30000)
    parser.add_argument("--sample", type=int, default=1000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from django.db import connection

    print(f"database: {connection.vendor}; badges: {args.count}; baseline sample: {args.sample}", flush=True)
    expo = Expo.objects.create(
        slug=f"bench-{time.time_ns()}",
        edition=12,
        name={"en": "Bench Expo", "zh-hans": "博览会"},
        host_city={"en": "Changchun"},
        starts="2019-08-23",
        ends="2019-08-27",
    )
    timed("populate participants", lambda: populate(expo, args.count))
    participants = badge_actions.printable_participants(expo)
    out_path = os.path.join(os.environ["TRADEFAIR_DATA_DIR"], "bench-badges.pdf")
    with open(out_path, "wb") as target:
        one_pdf = timed(
            f"{args.count} badges, A6, one PDF (issues badges too)",
            lambda: badge_actions.render_badges(
                badge_actions.all_badge_contents(expo, participants), fmt="a6", output=target
            ),
        )
    size = os.path.getsize(out_path) / 1e6
    os.unlink(out_path)

    def stream():
        files = ((f"{n}.pdf", pdf) for n, pdf in badge_actions.badge_batches(expo, participants, fmt="label"))
        return sum(len(part) for part in badge_actions.stream_zip(files))

    zipped = timed(f"{args.count} badges, label, streamed ZIP of 1,000-badge PDFs", stream)
    assert Badge.objects.filter(participant__expo=expo).count() == args.count
    other = Expo.objects.create(
        slug=f"base-{time.time_ns()}",
        edition=12,
        name={"en": "Base"},
        host_city={"en": "Changchun"},
        starts="2019-08-23",
        ends="2019-08-27",
    )
    populate(other, args.sample)
    sample = list(Participant.objects.filter(expo=other).values_list("pk", flat=True))
    base = timed(f"baseline: {args.sample} badges one by one", lambda: baseline(other, sample))
    per_badge_base = base / args.sample
    print(
        f"per badge: one PDF {1000 * one_pdf / args.count:.2f} ms, ZIP {1000 * zipped / args.count:.2f} ms, "
        f"baseline {1000 * per_badge_base:.2f} ms"
    )
    print(
        f"ratio baseline / one PDF: {per_badge_base * args.count / one_pdf:.1f}x; "
        f"baseline extrapolated to {args.count}: {per_badge_base * args.count:.0f} s"
    )
    print(f"PDF size: {size:.1f} MB")
    print(f"target: {args.count} badges <= 120 s -> {'met' if max(one_pdf, zipped) <= 120 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
