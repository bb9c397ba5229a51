"""Catalog test helpers beyond the shared factories."""

import secrets

from tests.factories import ExhibitorFactory, ParticipantFactory, UserFactory
from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest
from tradefair.people.models import Role


def api_token(user) -> str:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", digest=token_digest(key), prefix=key[:8])
    return key


def representative_of(exhibitor, *, roles=(Role.EXHIBITOR,)):
    """A user who registered for the exhibitor's expo on behalf of its organisation."""
    user = UserFactory()
    ParticipantFactory(expo=exhibitor.expo, organisation=exhibitor.organisation, user=user, roles=list(roles))
    return user


def organiser_of(expo):
    """An organiser: named by the expo when it can name organisers, platform staff otherwise."""
    if hasattr(expo, "organisers"):
        user = UserFactory()
        expo.organisers.add(user)
        return user
    return UserFactory(is_staff=True)


__all__ = ["ExhibitorFactory", "api_token", "organiser_of", "representative_of"]
