import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    ExhibitorFactory,
    ExpoFactory,
    HallFactory,
    OfferFactory,
    OrganisationFactory,
    ParticipantFactory,
)
from tradefair.catalog.models import BoothAssignment
from tradefair.common.regions import country_name, is_region
from tradefair.people.models import ParticipantRole, Role

pytestmark = pytest.mark.django_db


def test_an_expo_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        ExpoFactory(starts=dt.date(2019, 8, 27), ends=dt.date(2019, 8, 23))


def test_an_expo_offers_only_known_languages_and_real_time_zones():
    expo = ExpoFactory.build(languages=["zh-hans", "xx"], time_zone="Mars/Olympus")
    with pytest.raises(ValidationError) as error:
        expo.full_clean()
    assert set(error.value.message_dict) == {"languages", "time_zone"}


def test_a_booth_code_is_unique_in_its_hall():
    first = BoothFactory(code="A001")
    with pytest.raises(IntegrityError):
        BoothFactory(hall=first.hall, code="A001")


def test_a_booth_is_given_to_one_exhibitor_only():
    assignment = BoothAssignmentFactory()
    other = ExhibitorFactory(expo=assignment.exhibitor.expo)
    with pytest.raises(IntegrityError):
        BoothAssignment.objects.create(exhibitor=other, booth=assignment.booth)


def test_a_booth_has_a_positive_area():
    with pytest.raises(IntegrityError):
        BoothFactory(hall=HallFactory(), area_m2=Decimal(0))


def test_an_organisation_exhibits_once_per_expo():
    exhibitor = ExhibitorFactory()
    with pytest.raises(IntegrityError):
        ExhibitorFactory(expo=exhibitor.expo, organisation=exhibitor.organisation)


def test_a_participant_departs_after_arriving():
    with pytest.raises(IntegrityError):
        ParticipantFactory(arrival=dt.date(2019, 8, 25), departure=dt.date(2019, 8, 24))


def test_a_role_is_held_once():
    participant = ParticipantFactory(roles=[Role.BUYER])
    with pytest.raises(IntegrityError):
        ParticipantRole.objects.create(participant=participant, role=Role.BUYER)


def test_an_offer_must_say_something():
    with pytest.raises(IntegrityError):
        OfferFactory(hs_code="", isic_section="", text="")


def test_hs_codes_are_checked_against_the_nomenclature():
    organisation = OrganisationFactory.build(hs_codes=["8429", "7700", "12a"], isic_sections=["C", "Z"])
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    messages = " ".join(error.value.message_dict["hs_codes"] + error.value.message_dict["isic_sections"])
    assert "7700 is not in the HS nomenclature" in messages
    assert "Z is not an ISIC Rev.4 section" in messages


def test_hong_kong_macao_and_taiwan_are_regions_of_china():
    assert [is_region(code) for code in ("HK", "MO", "TW", "JP")] == [True, True, True, False]
    assert country_name("TW") == "Taiwan, China"
    assert country_name("HK") == "Hong Kong, China"
