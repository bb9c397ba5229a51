"""Personal data: the export holds the person's rows and nobody else's; erasure removes
the person everywhere and keeps every figure; retention erases exactly the expired
expos' participants."""

import datetime as dt
import json
import secrets

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.deals.factories import make_deal, organiser
from tests.factories import (
    ExhibitorFactory,
    ExpoFactory,
    NeedFactory,
    OfferFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
)
from tests.program.factories import EventFactory, SessionFactory, SpeakerFactory
from tradefair.catalog.models import Exhibitor
from tradefair.common.models import ApiToken, AuditEntry
from tradefair.common.models.tokens import token_digest
from tradefair.deals.domain.recording import confirm_deal
from tradefair.matchmaking.models import (
    Mark,
    MarkKind,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Notification,
    Recommendation,
    RequestStatus,
    Round,
    RoundStatus,
    Slot,
)
from tradefair.onsite.models import Badge, CheckIn, InvitationLetter
from tradefair.people.domain.personal_data import (
    FORMAT,
    PersonalDataError,
    erase_personal_data,
    export_personal_data,
)
from tradefair.people.domain.registration import registration_token
from tradefair.people.domain.retention import expired_participants
from tradefair.people.models import Need, Offer, Participant, RegistrationStatus
from tradefair.program.domain.programme import ical_token
from tradefair.program.models import SessionSignup, SignupStatus, Speaker
from tradefair.reports.domain.results import compute_results
from tradefair.reports.models import ExportJob

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
# Everything that names Li Wei; none of it may be left anywhere after erasure.
LI_TRACES = ("李伟", "Li Wei", "li.wei@example.com", "li@example.com", "E1234567", "Heilongjiang", "CRM-0042")
PAST = dt.datetime(2019, 8, 24, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.AXES_ENABLED = False


def _token(user, name="laptop") -> str:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=token_digest(key), prefix=key[:8])
    return key


def _round(expo, *, starts_at):
    round_ = Round.objects.create(expo=expo, name="Day 1", status=RoundStatus.PUBLISHED, days=[])
    slot = Slot.objects.create(
        round=round_, starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=20)
    )
    return round_, slot


def build_world(expo=None) -> dict:
    """Li Wei, a merchant from Harbin with a trace in every part of the platform, and
    Ana, the buyer he met; the expo (by default) ended in 2019."""
    expo = expo or ExpoFactory(ends=dt.date(2019, 8, 27))
    li = UserFactory(username="li", first_name="Li", last_name="Wei", email="li@example.com")
    ana = UserFactory(username="ana", first_name="Ana", email="ana@example.com")
    li_org = OrganisationFactory(legal_name="Harbin Grain Co.", country="CN")
    ana_org = OrganisationFactory(legal_name="Vladivostok Foods", country="RU")
    li_p = ParticipantFactory(
        expo=expo,
        user=li,
        organisation=li_org,
        name="李伟",
        name_latin="Li Wei",
        email="li.wei@example.com",
        languages=["zh-hans", "en"],
        arrival=dt.date(2019, 8, 22),
        departure=dt.date(2019, 8, 28),
        external_id="CRM-0042",
        review_note="Bring the passport of Li Wei.",
    )
    ana_p = ParticipantFactory(
        expo=expo, user=ana, organisation=ana_org, name="Ana Petrova", email="ana.p@example.com", country="RU"
    )
    OfferFactory(participant=li_p, hs_code="120190", text="Soybeans from Heilongjiang")
    NeedFactory(participant=li_p, hs_code="", isic_section="", text="A cold store near Li Wei's office")
    OfferFactory(participant=ana_p, hs_code="030389", text="Frozen fish")
    sent = MeetingRequest.objects.create(
        expo=expo,
        sender=li_p,
        recipient=ana_p,
        message="Hello Ana, this is Li Wei.",
        status=RequestStatus.ACCEPTED,
        expires_at=PAST,
    )
    MeetingRequest.objects.create(
        expo=expo, sender=ana_p, recipient=li_p, message="Dear 李伟", reply="Yes!", expires_at=PAST
    )
    round_, slot = _round(expo, starts_at=PAST)
    Meeting.objects.create(
        round=round_,
        requester=li_p,
        counterpart=ana_p,
        slot=slot,
        table=1,
        status=MeetingStatus.HELD,
        request=sent,
        outcome_note="Li Wei sends samples to Vladivostok.",
    )
    Mark.objects.create(participant=li_p, target=ana_p, kind=MarkKind.BOOKMARK)
    Recommendation.objects.create(expo=expo, participant=ana_p, counterpart=li_p, rank=1, score=0.9)
    Notification.objects.create(participant=ana_p, kind="request_received", params={"name": "李伟"})
    Notification.objects.create(participant=li_p, kind="request_accepted", params={"name": "Ana Petrova"})
    session = SessionFactory(
        event=EventFactory(expo=expo, starts_at=PAST, ends_at=PAST + dt.timedelta(hours=8)),
        starts_at=PAST,
        ends_at=PAST + dt.timedelta(hours=1),
    )
    SessionSignup.objects.create(
        session=session, participant=li_p, status=SignupStatus.CONFIRMED, queued_at=PAST, confirmed_at=PAST
    )
    SpeakerFactory(
        expo=expo, participant=li_p, name="李伟", name_latin="Li Wei", bio={"en": "Li Wei trades grain."}
    )
    badge = Badge.objects.create(participant=li_p)
    InvitationLetter.objects.create(
        participant=li_p,
        passport_number="E1234567",
        nationality="CN",
        date_of_birth=dt.date(1980, 5, 1),
        stay_from=dt.date(2019, 8, 22),
        stay_until=dt.date(2019, 8, 28),
        inviting_organisation="Expo committee",
    )
    CheckIn.objects.create(
        expo=expo, participant=li_p, badge=badge, gate="North", nonce="n1", scanned_at=PAST
    )
    CheckIn.objects.create(expo=expo, participant=ana_p, gate="North", nonce="n2", scanned_at=PAST)
    deal = make_deal(expo, parties=[li_org, ana_org], declare=True, by=li, title="Soybeans for Vladivostok")
    confirm_deal(deal, by=organiser())
    ExhibitorFactory(
        expo=expo,
        organisation=li_org,
        contact_name="Li Wei",
        contact_email="LI.WEI@example.com",
        contact_phone="+86 1",
    )
    ExportJob.objects.create(
        expo=expo, dataset="participants", file_format="csv", status="ready", content="李伟".encode()
    )
    ExportJob.objects.create(expo=expo, dataset="deals", file_format="csv", status="ready", content=b"1")
    other_exhibitor = ExhibitorFactory(expo=expo, contact_name="Zhang San", contact_email="zhang@example.com")
    return {
        "expo": expo,
        "li": li,
        "ana": ana,
        "li_p": li_p,
        "ana_p": ana_p,
        "li_key": _token(li),
        "ana_key": _token(ana, name="ana's phone"),
        "other_exhibitor": other_exhibitor,
        "session": session,
    }


def _database_dump() -> str:
    """Every row of every model, as JSON: what a copy of the database would reveal."""
    chunks = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        chunks.append(serializers.serialize("json", model._default_manager.all()))
    return "\n".join(chunks)


def _figures(expo) -> dict:
    document = compute_results(expo).document()
    return {"figures": document["figures"], "tables": document["tables"]}


# ---------------------------------------------------------------------------
# Export


def test_the_export_holds_the_persons_rows_and_nobody_elses():
    world = build_world()
    document = export_personal_data(world["li"])
    text = json.dumps(document, ensure_ascii=False)

    assert document["format"] == FORMAT
    assert document["account"]["username"] == "li"
    assert document["account"]["email"] == "li@example.com"
    assert [token["name"] for token in document["api_tokens"]] == ["laptop"]
    [participation] = document["participations"]
    assert participation["expo"] == world["expo"].slug
    assert participation["name"] == "李伟"
    assert participation["external_id"] == "CRM-0042"
    assert participation["roles"] == ["merchant"]
    assert [offer["text"] for offer in participation["offers"]] == ["Soybeans from Heilongjiang"]
    assert [need["text"] for need in participation["needs"]] == ["A cold store near Li Wei's office"]
    assert [item["message"] for item in participation["meeting_requests_sent"]] == [
        "Hello Ana, this is Li Wei."
    ]
    assert [item["with"] for item in participation["meeting_requests_received"]] == ["Ana Petrova"]
    [meeting] = participation["meetings"]
    assert (meeting["counterpart"], meeting["status"]) == ("Ana Petrova", "held")
    assert meeting["counterpart_organisation"] == "Vladivostok Foods"
    assert [item["status"] for item in participation["session_signups"]] == ["confirmed"]
    assert [item["biography"] for item in participation["speaker_profiles"]] == ["Li Wei trades grain."]
    assert len(participation["badges"]) == 1
    assert [item["passport_number"] for item in participation["invitation_letters"]] == ["E1234567"]
    assert [item["gate"] for item in participation["check_ins"]] == ["North"]
    assert [(d["title"], d["confirmed"]) for d in participation["deals_declared"]] == [
        ("Soybeans for Vladivostok", True)
    ]
    assert [item["contact_name"] for item in participation["exhibitor_contacts"]] == ["Li Wei"]
    assert [item["params"] for item in participation["notifications"]] == [{"name": "Ana Petrova"}]
    # Nobody else's data and no secret: Ana's addresses, offer and token, no key digests.
    for foreign in ("ana@example.com", "ana.p@example.com", "Frozen fish", "ana's phone", "Zhang San"):
        assert foreign not in text
    for token in ApiToken.objects.all():
        assert token.digest not in text
    assert "password" not in text


def test_the_export_of_someone_else_does_not_hold_the_persons_data():
    world = build_world()
    text = json.dumps(export_personal_data(world["ana"]), ensure_ascii=False)

    assert "Frozen fish" in text
    # A message Li sent Ana is hers to read too; his own records are not.
    for trace in ("E1234567", "li.wei@example.com", "Heilongjiang", "CRM-0042", "Soybeans from"):
        assert trace not in text


# ---------------------------------------------------------------------------
# Erasure


def test_erasure_leaves_no_trace_of_the_person_anywhere_in_the_database():
    world = build_world()
    assert all(trace in _database_dump() for trace in LI_TRACES)

    erase_personal_data(world["li"], by=world["li"])

    dump = _database_dump()
    assert [trace for trace in LI_TRACES if trace in dump] == []


def test_erasure_anonymises_the_participation_and_keeps_its_countable_parts():
    world = build_world()
    li_p = world["li_p"]

    erase_personal_data(world["li"], by=world["li"])

    li_p.refresh_from_db()
    assert li_p.name == f"Erased participant {li_p.pk}"
    assert (li_p.name_latin, li_p.email, li_p.external_id, li_p.review_note) == ("", "", "", "")
    assert (li_p.languages, li_p.arrival, li_p.departure, li_p.user) == ([], None, None, None)
    assert li_p.anonymised_at is not None
    # What the figures count stays: status, country, roles, organisation.
    assert (li_p.status, li_p.country.code, li_p.organisation.legal_name) == (
        RegistrationStatus.APPROVED,
        "CN",
        "Harbin Grain Co.",
    )
    assert [role.role for role in li_p.roles.all()] == ["merchant"]
    assert list(Offer.objects.filter(participant=li_p).values_list("hs_code", "text")) == [("120190", "")]
    assert not Need.objects.filter(participant=li_p).exists()
    assert set(MeetingRequest.objects.values_list("message", "reply")) == {("", "")}
    assert Meeting.objects.get().outcome_note == ""
    assert not Mark.objects.exists() and not Recommendation.objects.exists()
    assert list(Notification.objects.values_list("participant_id", "params")) == [
        (world["ana_p"].pk, {"name": li_p.name})
    ]
    speaker = Speaker.objects.get(participant=li_p)
    assert (speaker.name, speaker.name_latin, str(speaker.bio), speaker.photo_url) == (li_p.name, "", "", "")
    assert Badge.objects.get(participant=li_p).revoked_at is not None
    letter = InvitationLetter.objects.get(participant=li_p)
    assert (letter.passport_number, letter.date_of_birth, letter.is_valid) == ("", None, False)
    assert Exhibitor.objects.filter(contact_email="").count() == 1
    assert Exhibitor.objects.get(pk=world["other_exhibitor"].pk).contact_name == "Zhang San"
    assert list(ExportJob.objects.values_list("dataset", flat=True)) == ["deals"]
    # Ana is untouched.
    world["ana_p"].refresh_from_db()
    assert (world["ana_p"].name, world["ana_p"].email) == ("Ana Petrova", "ana.p@example.com")
    assert Offer.objects.get(participant=world["ana_p"]).text == "Frozen fish"


def test_erasure_keeps_every_figure_of_the_results():
    world = build_world()
    before = _figures(world["expo"])
    assert before["figures"]["meetings_held"] == 1
    assert before["figures"]["checked_in"] == 2
    assert before["figures"]["deals_signed"] == 1

    erase_personal_data(world["li"], by=world["li"])

    assert _figures(world["expo"]) == before
    assert CheckIn.objects.count() == 2
    assert SessionSignup.objects.get().status == SignupStatus.CONFIRMED


def test_erasure_closes_the_account_and_revokes_its_keys():
    world = build_world()
    li = world["li"]

    erase_personal_data(li, by=li)

    li.refresh_from_db()
    assert (li.username, li.email, li.first_name, li.last_name) == (f"erased-{li.pk}", "", "", "")
    assert not li.is_active and not li.has_usable_password()
    assert list(ApiToken.objects.filter(user=li).values_list("revoked", "name")) == [(True, "")]
    assert not Client().login(username="li", password=PASSWORD)
    response = Client().get("/api/v1/me/personal-data", HTTP_AUTHORIZATION=f"Bearer {world['li_key']}")
    assert response.status_code == 401
    entry = AuditEntry.objects.get(action="account.erased")
    assert entry.data == {"why": "request"}
    assert AuditEntry.objects.get(action="participant.anonymised").data == {
        "why": "request",
        "withdrawn": False,
    }


def test_erasure_before_the_expo_ends_withdraws_the_registration():
    expo = ExpoFactory(starts=dt.date(2030, 8, 23), ends=dt.date(2030, 8, 27))
    world = build_world(expo)
    future = dt.datetime(2030, 8, 24, 2, 0, tzinfo=dt.UTC)
    round_, slot = _round(expo, starts_at=future)
    upcoming = Meeting.objects.create(
        round=round_, requester=world["ana_p"], counterpart=world["li_p"], slot=slot, table=1
    )
    session = SessionFactory(event=EventFactory(expo=expo), capacity=1)
    SessionSignup.objects.create(
        session=session,
        participant=world["li_p"],
        status=SignupStatus.CONFIRMED,
        queued_at=PAST,
        confirmed_at=PAST,
    )
    waiting = SessionSignup.objects.create(
        session=session, participant=world["ana_p"], status=SignupStatus.WAITING, queued_at=PAST
    )

    erase_personal_data(world["li"], by=world["li"])

    world["li_p"].refresh_from_db()
    upcoming.refresh_from_db()
    waiting.refresh_from_db()
    assert world["li_p"].status == RegistrationStatus.CANCELLED
    assert (upcoming.status, upcoming.cancelled_by_id) == (MeetingStatus.CANCELLED, world["li_p"].pk)
    assert waiting.status == SignupStatus.CONFIRMED
    assert Notification.objects.filter(participant=world["ana_p"], kind="meeting_cancelled").exists()


def test_the_erased_persons_links_open_nothing():
    world = build_world()
    li_p = world["li_p"]
    expo = world["expo"]
    links = [
        reverse("people:registration", args=[registration_token(li_p)]),
        reverse("program:personal-ical", args=[expo.slug, ical_token(li_p)]),
    ]
    assert [Client().get(link).status_code for link in links] == [200, 200]

    erase_personal_data(world["li"], by=world["li"])

    assert [Client().get(link).status_code for link in links] == [404, 404]


def test_an_organiser_of_an_expo_still_running_cannot_erase_their_account():
    running = ExpoFactory(ends=timezone.localdate() + dt.timedelta(days=3))
    user = UserFactory()
    running.organisers.add(user)
    participant = ParticipantFactory(expo=running, user=user, name="Organiser Person")

    with pytest.raises(PersonalDataError) as refused:
        erase_personal_data(user, by=user)

    assert refused.value.code == "organiser_of_running_expo"
    participant.refresh_from_db()
    user.refresh_from_db()
    assert participant.name == "Organiser Person" and user.is_active


def test_an_organiser_of_ended_expos_only_can_erase_their_account():
    ended = ExpoFactory(ends=dt.date(2019, 8, 27))
    user = UserFactory()
    ended.organisers.add(user)

    erase_personal_data(user, by=user)

    user.refresh_from_db()
    assert not user.is_active


# ---------------------------------------------------------------------------
# Pages


def test_the_my_data_page_is_for_signed_in_people_only():
    response = Client().get("/me/data/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Client().get("/me/data.json").status_code == 302
    assert Client().post("/me/data/erase/", {"password": PASSWORD, "confirm": "on"}).status_code == 302


def test_the_download_is_the_signed_in_persons_own_data():
    world = build_world()
    client = Client()
    client.force_login(world["ana"])

    page = client.get("/me/data/")
    response = client.get("/me/data.json")

    assert "Download my data (JSON)" in page.content.decode()
    assert "Aug. 26, 2020" in page.content.decode()  # the expo's last day plus 365 days
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert [p["name"] for p in document["participations"]] == ["Ana Petrova"]
    assert "E1234567" not in response.content.decode()


def test_a_wrong_password_changes_nothing():
    world = build_world()
    client = Client()
    client.force_login(world["li"])
    dump = _database_dump()

    response = client.post("/me/data/erase/", {"password": "not my password", "confirm": "on"})

    assert response.status_code == 400
    assert "The password is not correct; nothing was erased." in response.content.decode()
    world["li"].refresh_from_db()
    assert world["li"].is_active and world["li"].username == "li"
    assert Participant.objects.get(pk=world["li_p"].pk).name == "李伟"
    assert all(trace in _database_dump() for trace in LI_TRACES)
    assert dump.count("李伟") == _database_dump().count("李伟")


def test_another_persons_password_does_not_erase_anyone():
    world = build_world()
    world["li"].set_password("li's own secret 2019")
    world["li"].save()
    client = Client()
    client.force_login(world["ana"])

    response = client.post("/me/data/erase/", {"password": "li's own secret 2019", "confirm": "on"})

    assert response.status_code == 400
    assert {user.is_active for user in (world["li"], world["ana"])} == {True}
    assert Participant.objects.filter(anonymised_at__isnull=False).count() == 0


def _sessions_of(user) -> int:
    return sum(
        1 for session in Session.objects.all() if session.get_decoded().get("_auth_user_id") == str(user.pk)
    )


def test_erasing_from_the_page_logs_out_with_a_message(django_capture_on_commit_callbacks):
    world = build_world()
    client = Client()
    client.force_login(world["li"])
    phone = Client()
    phone.force_login(world["li"])
    assert _sessions_of(world["li"]) == 2

    # The live sessions are deleted once the erasure has committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/me/data/erase/", {"password": PASSWORD, "confirm": "on"}, follow=True)

    assert "Your personal data has been erased and your account closed." in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert client.get("/me/data/").status_code == 302
    assert phone.get("/me/data/").status_code == 302
    assert _sessions_of(world["li"]) == 0
    assert not Participant.objects.get(pk=world["li_p"].pk).user


def test_the_page_shows_why_an_organiser_cannot_erase():
    user = UserFactory()
    ExpoFactory(slug="live-expo", ends=timezone.localdate() + dt.timedelta(days=3)).organisers.add(user)
    client = Client()
    client.force_login(user)

    page = client.get("/me/data/").content.decode()
    response = client.post("/me/data/erase/", {"password": PASSWORD, "confirm": "on"})

    assert "You organise live-expo, which has not ended yet" in page
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.is_active


# ---------------------------------------------------------------------------
# API


def test_the_api_exports_the_callers_data():
    world = build_world()

    response = Client().get("/api/v1/me/personal-data", HTTP_AUTHORIZATION=f"Bearer {world['ana_key']}")

    assert response.status_code == 200
    assert response.json()["format"] == FORMAT
    assert [p["name"] for p in response.json()["participations"]] == ["Ana Petrova"]
    assert Client().get("/api/v1/me/personal-data").status_code == 401


def test_the_api_refuses_a_wrong_password_and_erases_with_the_right_one():
    world = build_world()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {world['li_key']}"}
    client = Client()

    wrong = client.post("/api/v1/me/erase", {"password": "guess"}, content_type="application/json", **auth)
    assert (wrong.status_code, wrong.json()["code"]) == (400, "wrong_password")
    assert Participant.objects.get(pk=world["li_p"].pk).name == "李伟"

    right = client.post("/api/v1/me/erase", {"password": PASSWORD}, content_type="application/json", **auth)
    assert (right.status_code, right.json()) == (200, {"erased": True, "participations": 1})
    assert client.get("/api/v1/me/personal-data", **auth).status_code == 401
    assert (
        Client().post("/api/v1/me/erase", {"password": PASSWORD}, content_type="application/json").status_code
        == 401
    )


# ---------------------------------------------------------------------------
# Retention


def test_retention_must_be_at_least_a_day():
    expo = ExpoFactory.build(personal_data_retention_days=0)
    with pytest.raises(ValidationError) as invalid:
        expo.full_clean()
    assert "personal_data_retention_days" in invalid.value.message_dict


def test_platform_staff_erase_a_person_without_an_account_from_the_admin():
    member = ParticipantFactory(user=None, name="Delegation Member", email="member@example.com")
    other = ParticipantFactory(name="Someone Else")
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        "/admin/people/participant/",
        {"action": "erase_selected", "_selected_action": [member.pk]},
        follow=True,
    )

    assert "Personal data of 1 participant erased." in response.content.decode()
    member.refresh_from_db()
    other.refresh_from_db()
    assert (member.name, member.email) == (f"Erased participant {member.pk}", "")
    assert other.name == "Someone Else"


def _expo(slug, ends, retention):
    return ExpoFactory(
        slug=slug, starts=ends - dt.timedelta(days=4), ends=ends, personal_data_retention_days=retention
    )


def test_the_retention_is_set_in_the_admin():
    expo = ExpoFactory()
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(f"/admin/expos/expo/{expo.pk}/change/").content.decode()

    assert 'name="personal_data_retention_days" value="365"' in page


def _retention_world(today):
    old = _expo("old", dt.date(2019, 8, 27), 365)
    short = _expo("short", today - dt.timedelta(days=40), 30)
    recent = _expo("recent", today - dt.timedelta(days=10), 365)
    forever = _expo("forever", dt.date(2015, 5, 1), None)
    # Exactly the last day of the retention period: still kept.
    edge = _expo("edge", today - dt.timedelta(days=30), 30)
    gone = UserFactory(username="gone")
    returning = UserFactory(username="returning")
    people = {
        "old": ParticipantFactory(expo=old, user=gone, email="gone@example.com"),
        "old_returning": ParticipantFactory(expo=old, user=returning),
        "short": ParticipantFactory(expo=short),
        "recent": ParticipantFactory(expo=recent, user=returning),
        "forever": ParticipantFactory(expo=forever),
        "edge": ParticipantFactory(expo=edge),
    }
    return people, gone, returning


def test_expired_participants_are_exactly_those_of_expos_past_their_retention():
    today = timezone.localdate()
    people, _gone, _returning = _retention_world(today)

    expired = set(expired_participants(today))

    assert expired == {people["old"], people["old_returning"], people["short"]}


def test_the_purge_command_anonymises_expired_participants_and_keeps_accounts_still_in_use(capsys):
    today = timezone.localdate()
    people, gone, returning = _retention_world(today)

    # A session left from long ago (force_login would count as signing in today).
    old_session = SessionStore()
    old_session["_auth_user_id"] = str(gone.pk)
    old_session.create()

    call_command("purge-personal-data")

    assert _sessions_of(gone) == 0
    out = capsys.readouterr().out
    assert "Anonymised 3 participant(s) of 2 expo(s) and erased 1 account(s)" in out
    anonymised = set(Participant.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True))
    assert anonymised == {people["old"].pk, people["old_returning"].pk, people["short"].pk}
    gone.refresh_from_db()
    returning.refresh_from_db()
    assert (gone.is_active, gone.username) == (False, f"erased-{gone.pk}")
    assert (returning.is_active, returning.username) == (True, "returning")
    assert Participant.objects.get(pk=people["recent"].pk).user == returning
    # A second run finds nothing left to do.
    call_command("purge-personal-data")
    assert "Anonymised 0 participant(s)" in capsys.readouterr().out


def test_the_purge_keeps_the_login_of_someone_who_signed_in_lately():
    old = _expo("old", dt.date(2019, 8, 27), 365)
    user = UserFactory(username="still-here", last_login=timezone.now())
    participant = ParticipantFactory(expo=old, user=user)

    call_command("purge-personal-data")

    participant.refresh_from_db()
    user.refresh_from_db()
    assert participant.anonymised_at is not None and participant.user is None
    assert (user.username, user.is_active) == ("still-here", True)


def test_a_dry_run_changes_nothing(capsys):
    today = timezone.localdate()
    _retention_world(today)

    call_command("purge-personal-data", "--dry-run")

    assert (
        "Would anonymise 3 participant(s) of 2 expo(s) and would erase 1 account(s)"
        in capsys.readouterr().out
    )
    assert not Participant.objects.filter(anonymised_at__isnull=False).exists()
    assert not AuditEntry.objects.exists()


def test_the_purge_of_one_expo_leaves_the_others(capsys):
    today = timezone.localdate()
    people, _gone, _returning = _retention_world(today)

    call_command("purge-personal-data", "--expo", "short")

    assert list(Participant.objects.filter(anonymised_at__isnull=False)) == [people["short"]]
