"""``tradefair invite-accounts <expo>``: send the staff-level organisers of an expo who
have no password yet (gate staff, for example) the link to choose one; ``--user``
names accounts instead. Prints one line per invitation and a summary."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tradefair.expos.models import Expo, Organiser, OrganiserLevel
from tradefair.people.domain.accounts import invite_to_set_password


class Command(BaseCommand):
    help = "Send accounts without a password the link to choose one."

    def add_arguments(self, parser):
        parser.add_argument("expo", nargs="?", help="the expo's slug: invite its staff without a password")
        parser.add_argument("--user", action="append", default=[], help="a user name to invite (repeatable)")
        parser.add_argument("--language", default="", help="language of the e-mail (default: the site's)")

    def handle(self, *args, **options):
        expo = None
        if options["expo"]:
            expo = Expo.objects.filter(slug=options["expo"]).first()
            if expo is None:
                raise CommandError(f"No expo has the slug {options['expo']!r}.")
        users = []
        if options["user"]:
            found = {u.username: u for u in get_user_model().objects.filter(username__in=options["user"])}
            missing = sorted(set(options["user"]) - set(found))
            if missing:
                raise CommandError(f"No such user: {', '.join(missing)}.")
            users = list(found.values())
        elif expo is not None:
            staff = Organiser.objects.filter(expo=expo, level=OrganiserLevel.STAFF, user__is_active=True)
            users = [
                organiser.user
                for organiser in staff.select_related("user").order_by("user__username")
                if not organiser.user.has_usable_password()
            ]
        else:
            raise CommandError("Name an expo or at least one --user.")
        sent = 0
        with transaction.atomic():
            for user in users:
                if not user.email:
                    self.stderr.write(f"{user.username}: no e-mail address, skipped")
                    continue
                invite_to_set_password(user, expo=expo, language=options["language"])
                self.stdout.write(f"{user.username} <{user.email}>")
                sent += 1
        self.stdout.write(f"Sent {sent} invitation(s) to choose a password.")
