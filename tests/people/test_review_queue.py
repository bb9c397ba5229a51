"""Issue #16, item 2: the organisers' review queue filters, shows what people entered,
and decides one registration or hundreds at once, audited and told by e-mail in each
person's language; only staff and admin organisers act, viewers read."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ExpoFactory, OrganisationFactory, ParticipantFactory, UserFactory
from tradefair.common.errors import DomainError
from tradefair.common.models import AuditEntry
from tradefair.expos.models import ExpoStatus, Organiser, OrganiserLevel
from tradefair.people.domain.bulk_review import review_many
from tradefair.people.domain.registration import QueueFilters, review_queue
from tradefair.people.models import Participant, RegistrationStatus, Role

pytestmark = pytest.mark.django_db
QUEUE = "/expos/cnea/registrations/review/"
BULK = "/expos/cnea/registrations/review/bulk/"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def expo():
    return ExpoFactory(
        slug="cnea",
        status=ExpoStatus.REGISTRATION_OPEN,
        name={"en": "CNEA", "ru": "ЭКСПО", "zh-hans": "东北亚博览会"},
    )


def _organiser(expo, level):
    user = UserFactory()
    Organiser.objects.create(expo=expo, user=user, level=level)
    return user


@pytest.fixture
def staff(expo):
    return _organiser(expo, OrganiserLevel.STAFF)


def _pending(expo, n=1, **fields):
    fields.setdefault("email_confirmed_at", timezone.now())
    people = []
    for index in range(n):
        person = ParticipantFactory(
            expo=expo,
            status=RegistrationStatus.PENDING,
            email=fields.pop("email", None) or f"p{Participant.objects.count()}-{index}@example.com",
            **fields,
        )
        people.append(person)
    return people


def test_the_queue_filters_by_role_country_organisation_delegation_and_date(expo):
    buyer = _pending(
        expo, roles=[Role.BUYER], country="RU", organisation=OrganisationFactory(legal_name="Romashka LLC")
    )[0]
    exhibitor = _pending(
        expo,
        roles=[Role.EXHIBITOR],
        country="MN",
        organisation=OrganisationFactory(legal_name="Altai Mining"),
    )[0]
    leader = _pending(expo, roles=[Role.DELEGATION_MEMBER], country="KR")[0]
    member = _pending(expo, roles=[Role.DELEGATION_MEMBER], country="KR", delegation_leader=leader)[0]
    Participant.objects.filter(pk=buyer.pk).update(created_at=dt.datetime(2019, 6, 1, 4, tzinfo=dt.UTC))
    Participant.objects.filter(pk=exhibitor.pk).update(created_at=dt.datetime(2019, 7, 1, 4, tzinfo=dt.UTC))

    def found(**filters):
        return {p.pk for p in review_queue(expo, QueueFilters(**filters))}

    assert found() == {buyer.pk, exhibitor.pk, leader.pk, member.pk}
    assert found(role=Role.BUYER) == {buyer.pk}
    assert found(country="MN") == {exhibitor.pk}
    assert found(organisation="romashka") == {buyer.pk}
    assert found(delegation="leaders") == {leader.pk}
    assert found(delegation="members") == {member.pk}
    assert found(delegation="individuals") == {buyer.pk, exhibitor.pk}
    assert found(registered_from=dt.date(2019, 5, 1), registered_until=dt.date(2019, 6, 30)) == {buyer.pk}
    assert found(registered_from=dt.date(2019, 7, 1), registered_until=dt.date(2019, 7, 1)) == {exhibitor.pk}


def test_the_queue_page_filters_shows_what_people_entered_and_a_bad_filter_is_a_400(client, expo, staff):
    _pending(expo, name="Иван Петров", roles=[Role.BUYER], country="RU", arrival=dt.date(2019, 8, 22))
    _pending(expo, name="Бат-Эрдэнэ", roles=[Role.EXHIBITOR], country="MN")
    client.force_login(staff)

    page = _text(client.get(QUEUE + "?role=buyer&lang=en"))
    bad = client.get(QUEUE + "?registered_from=yesterday&lang=en")

    assert "1 registration waits" in page
    assert "Иван Петров" in page and "Бат-Эрдэнэ" not in page
    assert "What they entered" in page and "2019-08-22" in page
    assert bad.status_code == 400 and "Enter a valid date." in _text(bad)


def test_a_bulk_approval_of_hundreds_is_one_transaction_audited_and_told_in_each_language(
    expo, staff, django_capture_on_commit_callbacks
):
    few = _pending(expo, 3, language="ru")
    with CaptureQueriesContext(connection) as small, django_capture_on_commit_callbacks(execute=True):
        review_many(expo, participant_ids=[p.pk for p in few], by=staff, decision="approve")
    mail.outbox.clear()
    russians = _pending(expo, 150, language="ru")
    chinese = _pending(expo, 150, language="zh-hans")
    ids = [p.pk for p in russians + chinese]

    with (
        CaptureQueriesContext(connection) as large,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        result = review_many(expo, participant_ids=ids, by=staff, decision="approve")

    assert (result.decided, result.skipped) == (300, 0)
    assert Participant.objects.filter(pk__in=ids, status=RegistrationStatus.APPROVED).count() == 300
    entries = AuditEntry.objects.filter(action="registration.approved", object_id__in=[str(pk) for pk in ids])
    assert entries.count() == 300 and {entry.actor_id for entry in entries} == {staff.pk}
    # The mail goes in one after-commit callback, through one connection.
    assert len(callbacks) == 1
    assert len(mail.outbox) == 300
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "ЭКСПО" in subjects[russians[0].email] and "东北亚博览会" in subjects[chinese[0].email]

    # The database work does not grow with the number of people (rendering mail does not query per person
    # either). The outbox writes its rows in batches (SQLite takes about 40 rows a statement) and marks each
    # mail the server took at once, so that none is ever sent twice.
    def outbox(queries):
        return [q["sql"] for q in queries if '"common_outgoingmail"' in q["sql"]]

    def work(queries):
        return [q["sql"] for q in queries if '"common_outgoingmail"' not in q["sql"]]

    assert len(work(large.captured_queries)) <= len(work(small.captured_queries)) + 4
    marks = [sql for sql in outbox(large.captured_queries) if sql.startswith('UPDATE "common_outgoingmail"')]
    assert len(marks) == 301  # the claim, then one mark per mail
    assert len(outbox(large.captured_queries)) - len(marks) <= 12


def test_nothing_is_sent_when_the_bulk_decision_rolls_back(expo, staff, django_capture_on_commit_callbacks):
    people = _pending(expo, 5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review_many(expo, participant_ids=[p.pk for p in people], by=staff, decision="approve")
    # Callbacks are only queued for after the commit: a rollback would drop them.
    assert mail.outbox == [] and len(callbacks) == 1


def test_a_bulk_decision_skips_who_no_longer_waits_and_another_expos_people(expo, staff):
    waiting = _pending(expo, 2)
    approved = ParticipantFactory(expo=expo, status=RegistrationStatus.APPROVED, email="done@example.com")
    unconfirmed = _pending(expo, email_confirmed_at=None)[0]
    elsewhere = _pending(ExpoFactory(), 1)[0]

    result = review_many(
        expo,
        participant_ids=[p.pk for p in waiting] + [approved.pk, unconfirmed.pk, elsewhere.pk],
        by=staff,
        decision="reject",
        note="The fair is full.",
    )

    assert (result.decided, result.skipped) == (2, 3)
    elsewhere.refresh_from_db()
    unconfirmed.refresh_from_db()
    assert elsewhere.status == RegistrationStatus.PENDING and unconfirmed.status == RegistrationStatus.PENDING


def test_a_bulk_rejection_needs_a_reason_which_each_applicant_reads(client, expo, staff, committed):
    people = _pending(expo, 2, language="ru")
    client.force_login(staff)
    ids = [p.pk for p in people]

    refused = client.post(BULK, {"decision": "reject", "note": " ", "scope": "selected", "participants": ids})
    assert Participant.objects.filter(pk__in=ids, status=RegistrationStatus.PENDING).count() == 2
    assert "Say why the registration is rejected." in _text(client.get(refused["Location"] + "?lang=en"))
    assert not AuditEntry.objects.filter(action="registration.rejected").exists()

    with committed():
        response = client.post(
            BULK,
            {"decision": "reject", "note": "Booths are sold out.", "scope": "selected", "participants": ids},
        )

    assert response.status_code == 302
    for person in people:
        person.refresh_from_db()
        assert person.status == RegistrationStatus.REJECTED and person.review_note == "Booths are sold out."
    entry = AuditEntry.objects.filter(action="registration.rejected").first()
    assert entry.data == {"reason": "Booths are sold out.", "bulk": True}
    assert len(mail.outbox) == 2 and all("Booths are sold out." in m.body for m in mail.outbox)
    assert all("Причина" in m.body for m in mail.outbox)


def test_asking_for_more_information_one_at_a_time_from_the_page(client, expo, staff, committed):
    person = _pending(expo, language="zh-hans")[0]
    client.force_login(staff)

    with committed():
        response = client.post(
            f"/expos/cnea/registrations/{person.pk}/review/",
            {"decision": "changes", "note": "Please add your passport name.", "role": "merchant"},
        )

    person.refresh_from_db()
    assert response["Location"] == QUEUE + "?role=merchant"  # back to the queue as filtered
    assert person.status == RegistrationStatus.CHANGES_REQUESTED
    assert person.review_note == "Please add your passport name."
    entry = AuditEntry.objects.get(action="registration.changes_requested")
    assert entry.actor == staff and entry.data == {"message": "Please add your passport name."}
    assert len(mail.outbox) == 1 and "东北亚博览会" in mail.outbox[0].subject
    assert "Please add your passport name." in mail.outbox[0].body


def test_rejecting_one_with_a_reason_from_the_page(client, expo, staff, committed):
    person = _pending(expo)[0]
    client.force_login(staff)

    with committed():
        client.post(
            f"/expos/cnea/registrations/{person.pk}/review/", {"decision": "reject", "note": "Duplicate."}
        )

    person.refresh_from_db()
    assert person.status == RegistrationStatus.REJECTED
    assert AuditEntry.objects.get(action="registration.rejected").data == {"reason": "Duplicate."}
    assert "Duplicate." in mail.outbox[0].body


def test_the_bulk_form_decides_everything_the_filters_find(client, expo, staff, committed):
    buyers = _pending(expo, 60, roles=[Role.BUYER])
    exhibitor = _pending(expo, roles=[Role.EXHIBITOR])[0]
    client.force_login(staff)

    with committed():
        response = client.post(BULK + "?lang=en", {"decision": "approve", "scope": "all", "role": "buyer"})

    assert response["Location"] == QUEUE + "?role=buyer"
    assert (
        Participant.objects.filter(pk__in=[p.pk for p in buyers], status=RegistrationStatus.APPROVED).count()
        == 60
    )
    exhibitor.refresh_from_db()
    assert exhibitor.status == RegistrationStatus.PENDING
    page = _text(client.get(response["Location"] + "&lang=en"))
    assert "60 registrations are decided; each applicant is told by e-mail." in page
    assert "No registration waits for review." in page


@pytest.mark.parametrize(
    ("level", "may_act"),
    [(OrganiserLevel.ADMIN, True), (OrganiserLevel.STAFF, True), (OrganiserLevel.VIEWER, False)],
)
def test_only_staff_and_admins_decide_and_viewers_read(client, expo, level, may_act):
    person = _pending(expo, name="Ivan")[0]
    client.force_login(_organiser(expo, level))

    page = client.get(QUEUE + "?lang=en")
    response = client.post(BULK, {"decision": "approve", "scope": "selected", "participants": [person.pk]})

    person.refresh_from_db()
    assert page.status_code == 200 and "Ivan" in _text(page)
    assert ("Decide many at once" in _text(page)) is may_act
    assert response.status_code == (302 if may_act else 403)
    assert (person.status == RegistrationStatus.APPROVED) is may_act
    assert AuditEntry.objects.filter(action="registration.approved").exists() is may_act


def test_another_expos_organiser_and_the_public_cannot_decide(client, expo):
    person = _pending(expo)[0]
    other = ExpoFactory(slug="other")
    client.force_login(_organiser(other, OrganiserLevel.ADMIN))
    assert client.post(BULK, {"decision": "approve", "scope": "all"}).status_code == 403
    client.logout()
    assert client.post(BULK, {"decision": "approve", "scope": "all"})["Location"].startswith(
        "/accounts/login/"
    )
    person.refresh_from_db()
    assert person.status == RegistrationStatus.PENDING


def test_bad_bulk_input_changes_nothing_and_says_why(client, expo, staff):
    person = _pending(expo)[0]
    client.force_login(staff)

    for data in (
        {"decision": "delete", "scope": "all"},
        {"decision": "approve", "scope": "selected", "participants": ["x"]},
        {"decision": "approve", "scope": "selected"},
    ):
        response = client.post(BULK, data)
        assert response.status_code == 302

    person.refresh_from_db()
    assert person.status == RegistrationStatus.PENDING
    with pytest.raises(DomainError) as error:
        review_many(expo, participant_ids=[], by=staff, decision="approve")
    assert error.value.code == "nothing_chosen"


def test_organisers_reach_the_queue_from_the_expo_navigation(client, expo, staff):
    assert 'href="/expos/cnea/registrations/review/"' not in client.get("/expos/cnea/").content.decode()
    client.force_login(staff)
    assert 'href="/expos/cnea/registrations/review/"' in client.get("/expos/cnea/").content.decode()
