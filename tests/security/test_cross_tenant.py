"""Crossing from one expo, organisation or registration status into another's data
(issue #19): the importer of one expo rewriting organisations another expo uses, and
pending registrants counted as participants."""

import pytest

from tests.catalog.factories import api_token
from tests.factories import (
    ExhibitorFactory,
    ExpoFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
)
from tradefair.catalog.models import ContactVisibility
from tradefair.people.models import RegistrationStatus
from tradefair.people.permissions import participant_of

pytestmark = pytest.mark.django_db

NOT_APPROVED = [
    RegistrationStatus.PENDING,
    RegistrationStatus.CHANGES_REQUESTED,
    RegistrationStatus.REJECTED,
    RegistrationStatus.CANCELLED,
]


# participant_of -------------------------------------------------------------------------


@pytest.fixture
def exhibitor():
    return ExhibitorFactory(
        expo=ExpoFactory(slug="cnea"),
        contact_name="Li Wei",
        contact_email="li.wei@faw.example",
        contact_phone="+86 431 1234 5678",
        contact_visibility=ContactVisibility.PARTICIPANTS,
    )


@pytest.mark.parametrize("status", NOT_APPROVED)
def test_participants_only_contacts_stay_hidden_from_registrants_not_approved(client, exhibitor, status):
    user = UserFactory()
    ParticipantFactory(expo=exhibitor.expo, user=user, status=status)
    client.force_login(user)

    page = client.get(f"/expos/cnea/exhibitors/{exhibitor.pk}/").content.decode()
    api = client.get(f"/api/v1/expos/cnea/exhibitors/{exhibitor.pk}").json()

    assert "li.wei@faw.example" not in page and "1234 5678" not in page
    assert api["contacts"] is None


def test_participants_only_contacts_show_to_approved_participants(client, exhibitor):
    user = UserFactory()
    ParticipantFactory(expo=exhibitor.expo, user=user, status=RegistrationStatus.APPROVED)
    client.force_login(user)

    assert client.get(f"/api/v1/expos/cnea/exhibitors/{exhibitor.pk}").json()["contacts"]["email"] == (
        "li.wei@faw.example"
    )


@pytest.mark.parametrize("status", NOT_APPROVED)
def test_participant_of_counts_only_approved_participations(status):
    expo = ExpoFactory()
    user = UserFactory()
    ParticipantFactory(expo=expo, user=user, status=status)
    assert participant_of(user, expo) is None


def test_an_approved_participation_elsewhere_does_not_count_here():
    here, elsewhere = ExpoFactory(), ExpoFactory()
    user = UserFactory()
    ParticipantFactory(expo=elsewhere, user=user)
    assert participant_of(user, here) is None


@pytest.mark.parametrize("status", [RegistrationStatus.PENDING, RegistrationStatus.REJECTED])
def test_a_pending_registrant_does_not_read_the_organisation_it_claims(client, status):
    expo = ExpoFactory(slug="cnea")
    secret = OrganisationFactory(legal_name="Quiet Holdings Ltd.")
    user = UserFactory()
    ParticipantFactory(expo=expo, user=user, organisation=secret, status=status)

    response = client.get(
        f"/api/v1/organisations/{secret.pk}", HTTP_AUTHORIZATION=f"Bearer {api_token(user)}"
    )

    assert response.status_code == 404


# The importer across expos -------------------------------------------------------------

ORGANISATIONS = "organisation_id,legal_name,country\n{id},{name},CN\n"


def _organiser(expo):
    from tradefair.expos.models import Organiser, OrganiserLevel

    user = UserFactory()
    Organiser.objects.create(expo=expo, user=user, level=OrganiserLevel.STAFF)
    return user


def _upload(client, slug, text, filename="organisations.csv", dry_run=False):
    import io

    upload = io.BytesIO(text.encode())
    upload.name = filename
    data = {"file": upload}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(f"/expos/{slug}/import/", data)


@pytest.fixture
def victim():
    """Expo B, whose exhibitor ORG-B is; the attacker organises expo A."""
    expo = ExpoFactory(slug="victim")
    ExhibitorFactory(
        expo=expo,
        organisation=OrganisationFactory(external_id="ORG-B", legal_name="Harbin Boiler Works Co. Ltd."),
    )
    return expo


@pytest.fixture
def attacker_expo():
    return ExpoFactory(slug="attacker")


def test_an_organiser_cannot_rewrite_an_organisation_another_expo_uses(client, victim, attacker_expo):
    from tradefair.people.models import Organisation

    client.force_login(_organiser(attacker_expo))

    response = _upload(client, "attacker", ORGANISATIONS.format(id="ORG-B", name="Scam Ltd"))

    assert response.status_code == 200
    assert "also used by other expos" in response.content.decode()
    assert Organisation.objects.get(external_id="ORG-B").legal_name == "Harbin Boiler Works Co. Ltd."


def test_an_organiser_may_still_link_a_shared_organisation_as_an_exhibitor(client, victim, attacker_expo):
    from tradefair.catalog.models import Exhibitor
    from tradefair.people.models import Organisation

    client.force_login(_organiser(attacker_expo))
    response = _upload(client, "attacker", "organisation_id,pavilion\nORG-B,\n", filename="exhibitors.csv")

    assert response.status_code == 200
    assert Exhibitor.objects.filter(expo=attacker_expo, organisation__external_id="ORG-B").count() == 1
    assert Organisation.objects.get(external_id="ORG-B").legal_name == "Harbin Boiler Works Co. Ltd."


def test_an_organiser_corrects_an_organisation_only_their_expo_uses_and_it_is_audited(client, attacker_expo):
    from tradefair.common.models import AuditEntry
    from tradefair.people.models import Organisation

    ExhibitorFactory(
        expo=attacker_expo, organisation=OrganisationFactory(external_id="ORG-A", legal_name="Old")
    )
    client.force_login(_organiser(attacker_expo))

    _upload(client, "attacker", ORGANISATIONS.format(id="ORG-A", name="New"))

    assert Organisation.objects.get(external_id="ORG-A").legal_name == "New"
    entry = AuditEntry.objects.get(action="organisation.changed_by_import")
    assert (entry.expo, entry.data["changes"]["legal_name"]) == (attacker_expo, ["Old", "New"])


def test_platform_staff_change_a_shared_organisation_and_every_expo_using_it_sees_it(
    client, victim, attacker_expo
):
    from tradefair.common.models import AuditEntry
    from tradefair.people.models import Organisation

    ParticipantFactory(expo=attacker_expo, organisation=Organisation.objects.get(external_id="ORG-B"))
    staff = UserFactory(is_staff=True)
    client.force_login(staff)

    _upload(client, "attacker", ORGANISATIONS.format(id="ORG-B", name="Harbin Electric Co. Ltd."))

    assert Organisation.objects.get(external_id="ORG-B").legal_name == "Harbin Electric Co. Ltd."
    entries = AuditEntry.objects.filter(action="organisation.changed_by_import")
    assert {entry.expo.slug for entry in entries} == {"victim", "attacker"}
    assert all(entry.actor == staff and entry.data["by_expo"] == "attacker" for entry in entries)


def test_a_reimport_that_changes_nothing_leaves_no_audit_entries(client, attacker_expo):
    from tradefair.common.models import AuditEntry

    client.force_login(_organiser(attacker_expo))
    _upload(client, "attacker", ORGANISATIONS.format(id="ORG-A", name="Same Ltd"))
    _upload(client, "attacker", ORGANISATIONS.format(id="ORG-A", name="Same Ltd"))

    assert AuditEntry.objects.filter(action="organisation.changed_by_import").count() == 0


@pytest.mark.parametrize("used_by", ["participant", "project", "deal"])
def test_every_kind_of_use_by_another_expo_protects_the_record(used_by, attacker_expo):
    from tests.factories import InvestmentProjectFactory
    from tradefair.people.domain.imports import import_file
    from tradefair.people.models import Organisation

    victim = ExpoFactory()
    organisation = OrganisationFactory(external_id="ORG-V", legal_name="Victim Ltd")
    if used_by == "participant":
        ParticipantFactory(expo=victim, organisation=organisation)
    elif used_by == "project":
        InvestmentProjectFactory(expo=victim, owner=organisation)
    else:
        from tradefair.deals.models import Deal, DealParty

        deal = Deal.objects.create(expo=victim, **_deal_fields())
        DealParty.objects.create(deal=deal, organisation=organisation)

    result = import_file(
        expo=attacker_expo,
        data=ORGANISATIONS.format(id="ORG-V", name="Scam").encode(),
        filename="organisations.csv",
        by=_organiser(attacker_expo),
    )

    assert result.kept_shared == ["ORG-V"]
    assert Organisation.objects.get(external_id="ORG-V").legal_name == "Victim Ltd"


def _deal_fields() -> dict:
    import datetime as dt

    from tradefair.deals.models import DealKind, DealStatus

    return {"kind": DealKind.values[0], "status": DealStatus.values[0], "signed_on": dt.date(2019, 8, 24)}
