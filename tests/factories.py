"""Factories for the platform's models: each test builds exactly the rows it needs."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from tradefair.catalog.models import BoothAssignment, Exhibitor, InvestmentProject, Product
from tradefair.expos.models import Booth, Expo, ExpoStatus, Hall, Pavilion
from tradefair.people.models import (
    Need,
    Offer,
    Organisation,
    Participant,
    ParticipantRole,
    RegistrationStatus,
    Role,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery")


class ExpoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expo

    slug = factory.Sequence(lambda n: f"expo-{n}")
    edition = 12
    name = factory.LazyAttribute(lambda expo: {"en": f"Expo {expo.slug}", "zh-hans": f"博览会 {expo.slug}"})
    host_city = {"en": "Changchun", "zh-hans": "长春"}
    starts = dt.date(2019, 8, 23)
    ends = dt.date(2019, 8, 27)
    status = ExpoStatus.RUNNING


class PavilionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pavilion

    expo = factory.SubFactory(ExpoFactory)
    name = factory.Sequence(lambda n: {"en": f"Pavilion {n}", "zh-hans": f"{n}号展馆"})


class HallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hall

    expo = factory.SubFactory(ExpoFactory)
    code = factory.Sequence(lambda n: f"H{n}")
    name = {"en": "Hall"}
    width_m = Decimal(100)
    depth_m = Decimal(80)


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booth

    hall = factory.SubFactory(HallFactory)
    code = factory.Sequence(lambda n: f"B{n:04d}")
    area_m2 = Decimal(9)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    legal_name = factory.Sequence(lambda n: f"Company {n:04d} Ltd.")
    name = factory.LazyAttribute(lambda org: {"en": org.legal_name})
    country = "CN"


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    expo = factory.SubFactory(ExpoFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class BoothAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoothAssignment

    exhibitor = factory.SubFactory(ExhibitorFactory)
    booth = factory.SubFactory(BoothFactory, hall__expo=factory.SelfAttribute("...exhibitor.expo"))


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    exhibitor = factory.SubFactory(ExhibitorFactory)
    hs_code = "842952"
    name = {"en": "Crawler excavator", "zh-hans": "履带式挖掘机"}


class InvestmentProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentProject

    expo = factory.SubFactory(ExpoFactory)
    owner = factory.SubFactory(OrganisationFactory)
    name = {"en": "Logistics park"}
    isic_section = "H"
    country = "CN"
    amount_sought = Decimal("50000000.00")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant
        skip_postgeneration_save = True

    expo = factory.SubFactory(ExpoFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    country = "CN"
    status = RegistrationStatus.APPROVED

    @factory.post_generation
    def roles(participant, create, extracted, **kwargs):
        for role in extracted or [Role.MERCHANT]:
            ParticipantRole.objects.create(participant=participant, role=role)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    participant = factory.SubFactory(ParticipantFactory)
    hs_code = "842952"


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    participant = factory.SubFactory(ParticipantFactory)
    hs_code = "260111"


def api_key_for(user) -> str:
    """A new API key of ``user``, for ``Authorization: Bearer <key>``."""
    import secrets

    from tradefair.common.models import ApiToken
    from tradefair.common.models.tokens import token_digest

    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", digest=token_digest(key), prefix=key[:8])
    return key
