"""``tradefair create-token USER``: make an API key; the key is printed once."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is not stored in clear)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        key = secrets.token_urlsafe(32)
        ApiToken.objects.create(user=user, name=options["name"], digest=token_digest(key), prefix=key[:8])
        self.stdout.write(key)
