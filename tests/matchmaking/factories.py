"""Matchmaking factories on top of the platform's base factories."""

import datetime as dt
import uuid

from django.contrib.auth import get_user_model

from tests.factories import ExpoFactory, OrganisationFactory, ParticipantFactory
from tradefair.people.models import Need, Offer, Role


def person(
    expo, *, country="CN", roles=(Role.MERCHANT,), languages=("en",), offers=(), needs=(), user=True, **extra
):
    """A participant with an account, offers and needs given as (hs_code, text) or
    dicts of Offer fields."""
    participant = ParticipantFactory(
        expo=expo,
        country=country,
        organisation=OrganisationFactory(country=country),
        languages=list(languages),
        roles=list(roles),
        user=account() if user else None,
        email=f"p{ParticipantFactory._meta.model.objects.count() + 1}@example.com",
        **extra,
    )
    for model, items in ((Offer, offers), (Need, needs)):
        for item in items:
            fields = item if isinstance(item, dict) else {"hs_code": item[0], "text": item[1]}
            model.objects.create(participant=participant, **fields)
    return participant


def account():
    """A user without a usable password: tests log in with force_login or a token, and
    hashing a password per participant would cost seconds."""
    user = get_user_model()(username=f"user-{uuid.uuid4().hex[:12]}", email="someone@example.com")
    user.set_unusable_password()
    user.save()
    return user


def expo(**extra):
    return ExpoFactory(
        starts=dt.date(2030, 8, 23), ends=dt.date(2030, 8, 27), time_zone="Asia/Shanghai", **extra
    )
