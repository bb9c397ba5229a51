"""``tradefair demo``: what ``make demo`` runs. Migrate, load the demo expo unless it is
there, make sure an organiser can log in, print where to go, then serve."""

import io
import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tradefair.demo.generator import DemoSize, current_edition, generate_current_edition
from tradefair.expos.models import Expo, OrganiserLevel
from tradefair.matchmaking.models import Recommendation
from tradefair.people.models import Participant, Role

ORGANISER = "organiser"
VIEWER = "viewer"


def use_site_address_of_port(port: int) -> str:
    """The address every e-mail link and letter QR code starts with: the one the demo
    serves on, unless TRADEFAIR_SITE_URL names another. Set in the environment too, so
    that the server's workers read the same."""
    site_url = os.environ.get("TRADEFAIR_SITE_URL") or f"http://127.0.0.1:{port}"
    os.environ["TRADEFAIR_SITE_URL"] = site_url
    settings.SITE_URL = site_url
    return site_url


class Command(BaseCommand):
    help = "Set up and serve the demo expo."

    def add_arguments(self, parser):
        defaults = DemoSize()
        parser.add_argument("--merchants", type=int, default=defaults.merchants)
        parser.add_argument("--exhibitors", type=int, default=defaults.exhibitors)
        parser.add_argument("--countries", type=int, default=defaults.countries)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--port", type=int, default=int(os.environ.get("TRADEFAIR_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-serve", action="store_true", help="set up only")

    def handle(self, *args, **options):
        site_url = use_site_address_of_port(options["port"])
        call_command("migrate", interactive=False, verbosity=0)
        self.stderr.write("Database is migrated.")
        call_command(
            "generate-demo",
            merchants=options["merchants"],
            exhibitors=options["exhibitors"],
            countries=options["countries"],
            seed=options["seed"],
            if_missing=True,
            stdout=io.StringIO(),
        )
        slug = DemoSize().slug
        expo = Expo.objects.get(slug=slug)
        current = current_edition()
        if current is None:
            # The 2019 edition is over: the next one, weeks ahead, lets every journey be tried now.
            self.stderr.write("Building the current edition (registration and matchmaking open)...")
            current = generate_current_edition(
                merchants=min(600, options["merchants"]),
                exhibitors=min(80, options["exhibitors"]),
                countries=min(30, options["countries"]),
            )
        # Online negotiation (issue #14): remote buyers on their own clocks, an online round.
        from tradefair.demo.online import add_online_negotiation

        online = add_online_negotiation(expo, seed=options["seed"])
        if online:
            self.stderr.write(f"Scheduled {online} online meetings in video rooms.")
        for edition in (expo, current):
            if not Recommendation.objects.filter(expo=edition).exists():
                self.stderr.write(f"Computing the recommended counterparts of {edition.slug}...")
                call_command("recommend", expo=edition.slug)
        password = self._organiser_password()
        buyer, exhibitor = self._demo_participants(expo, password)
        current_buyer, current_exhibitor = self._demo_participants(current, password)
        viewer = self._demo_viewer(expo, password)
        self._demo_viewer(current, password)
        base = site_url.rstrip("/")
        login = f"{base}/accounts/login/"
        self.stdout.write(
            "\nTradefair demo is ready.\n"
            f"  Address:      {base}/\n"
            f"  Current edition, {current.starts:%d %B %Y}, registration and matchmaking open:\n"
            f"                {base}/expos/{current.slug}/\n"
            f"    A buyer:      {login}  user {current_buyer}  password {password}\n"
            f"    An exhibitor: {login}  user {current_exhibitor}  password {password}\n"
            f"  The 12th edition, August 2019, with its results: {base}/expos/{slug}/\n"
            f"    A buyer:      {login}  user {buyer}  password {password}\n"
            f"    An exhibitor: {login}  user {exhibitor}  password {password}\n"
            f"  Organisers:   {login}  user {ORGANISER}  password {password}  (every organiser page; also {base}/admin/)\n"
            f"  A viewer:     {login}  user {viewer}  password {password}  (organiser, reads only)\n"
            f"  API:          {base}/api/v1/openapi.json\n"
        )
        if not options["no_serve"]:
            call_command("serve", port=options["port"], workers=options["workers"])

    def _demo_participants(self, expo, password: str) -> tuple[str, str]:
        """One buyer and one exhibitor get the demo password, so that a visitor can see the
        platform as they do; every other demo account keeps an unusable password."""
        names = []
        for role in (Role.BUYER, Role.EXHIBITOR):
            participant = (
                Participant.objects.filter(expo=expo, roles__role=role, user__isnull=False)
                .select_related("user")
                .order_by("id")
                .first()
            )
            participant.user.set_password(password)
            participant.user.save(update_fields=["password"])
            names.append(participant.user.username)
        return names[0], names[1]

    def _demo_viewer(self, expo, password: str) -> str:
        """An organiser of viewer level: reads the dashboards, lists and audit log, and is
        refused every change, to show what the levels do."""
        user, _created = get_user_model().objects.get_or_create(
            username=VIEWER, defaults={"email": "viewer@demo.tradefair.invalid"}
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        expo.organisers.add(user, through_defaults={"level": OrganiserLevel.VIEWER})
        return user.username

    def _organiser_password(self) -> str:
        """Kept beside the database so that every ``make demo`` prints the same login."""
        path = settings.DATA_DIR / "demo-organiser-password"
        password = os.environ.get("TRADEFAIR_DEMO_PASSWORD") or (
            path.read_text().strip() if path.exists() else secrets.token_urlsafe(9)
        )
        path.write_text(password)
        path.chmod(0o600)
        user, _created = get_user_model().objects.get_or_create(
            username=ORGANISER, defaults={"email": "organiser@demo.tradefair.invalid"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        return password
