"""A small world for conversations: a buyer, an exhibitor with a team of two, and
another participant, all approved in one expo."""

from tests.factories import (
    ExhibitorFactory,
    ExpoFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
)
from tradefair.people.models import Role


def make_world(*, expo=None) -> dict:
    expo = expo or ExpoFactory(slug="cnea")
    team_org = OrganisationFactory(
        legal_name="Jilin Wood Co.", name={"en": "Jilin Wood", "zh-hans": "吉林木业"}
    )
    exhibitor = ExhibitorFactory(expo=expo, organisation=team_org)
    buyer = ParticipantFactory(
        expo=expo,
        user=UserFactory(username=f"buyer-{expo.slug}"),
        name="Ivan Petrov",
        roles=[Role.BUYER],
        organisation__legal_name="Amur Timber LLC",
        language="ru",
    )
    seller = ParticipantFactory(
        expo=expo,
        user=UserFactory(username=f"seller-{expo.slug}"),
        name="王芳",
        organisation=team_org,
        roles=[Role.EXHIBITOR],
        language="zh-hans",
    )
    colleague = ParticipantFactory(
        expo=expo,
        user=UserFactory(username=f"colleague-{expo.slug}"),
        name="Li Wei",
        organisation=team_org,
        roles=[Role.EXHIBITOR],
        language="en",
    )
    other = ParticipantFactory(
        expo=expo, user=UserFactory(username=f"other-{expo.slug}"), name="Kim Minjun", roles=[Role.MERCHANT]
    )
    return {
        "expo": expo,
        "exhibitor": exhibitor,
        "buyer": buyer,
        "seller": seller,
        "colleague": colleague,
        "other": other,
    }
