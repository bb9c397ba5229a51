"""Anonymising one participation and scrubbing one account: the single code path behind
erasure on request (personal_data.erase_personal_data) and erasure at the end of an
expo's retention period (retention.purge_expired).

What goes and what stays (docs/security.md, "Personal data"):

- goes: the name (replaced by "Erased participant <id>"), the Latin name, e-mail,
  languages, travel dates, external id, the organisers' note, the link to the account,
  free text the person wrote or that was written about them (offer and need texts,
  meeting request messages and replies, meeting outcome notes, speaker biography),
  passport numbers and dates of birth of invitation letters, matchmaking preferences,
  bookmarks and recommendations, the person's notifications, an exhibitor's contact
  details when they are the person's own address, and the expo's stored participant
  and meeting exports (requested again, they list the placeholder);
- kept for the other side: messages of conversations, shown from "a former
  participant" (conversations/domain/privacy.py); the person's read markers, blocks
  and the reasons of their reports go;
- stays, so that every figure of the edition stays equal: the row itself with its
  country or region, roles, registration status and organisation (the organisation is
  the company's, not the person's), meetings, session sign-ups, check-ins and deals.

Django's admin log (django_admin_log) names what was edited by its text at the time
(``object_repr``, and inline objects in ``change_message``): the entries about the
participation, about everything that refers to it and about the account are rewritten
to the anonymised names.

Badges and letters are revoked, so a printed pass or a visa letter no longer verifies.
Erasing during an expo that has not ended yet also withdraws the registration: it is
cancelled, meetings still to come are cancelled and the counterparts told, seats of
sessions still to come are given to the waiting list. After the last day the figures
are final and nothing changes status."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.people.models import Need, Offer, Participant, RegistrationStatus

ERASED_REASON = "personal data erased"
# Keys of audit data that may hold free text about the person (a rejection's reason,
# the changes asked for).
FREE_TEXT_AUDIT_KEYS = ("reason", "message")
# Stored exports (reports.domain.exports) whose rows name participants.
PEOPLE_DATASETS = ("participants", "meetings")


def placeholder_name(participant_id: int) -> str:
    """The neutral name an anonymised participant keeps, in the platform's language
    (organisers' lists and the counterpart's agenda show it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Erased participant %(number)s") % {"number": participant_id}


def expo_has_ended(expo, *, today: dt.date | None = None) -> bool:
    return expo.ends < (today or expo.today())


def anonymise_participant(participant: Participant, *, why: str, by=None) -> Participant:
    """Remove the person from one participation and keep the row for the figures.
    ``why`` is "request" or "retention", recorded in the audit entry."""
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("expo", "user")
            .get(pk=participant.pk)
        )
        if participant.anonymised_at is not None:
            return participant
        expo = participant.expo
        old_name = participant.name
        addresses = {a.lower() for a in (participant.email, getattr(participant.user, "email", "")) if a}
        logged = _admin_log_objects(participant)
        old_texts = [
            text
            for text in (
                old_name,
                participant.name_latin,
                participant.email,
                participant.external_id,
                *_passport_numbers(participant),
            )
            if text
        ]
        name = placeholder_name(participant.pk)
        withdraw = not expo_has_ended(expo)

        if withdraw:
            _withdraw(participant, name=name)
        _erase_interests(participant)
        _erase_matchmaking(participant, old_name=old_name, name=name)
        _erase_programme(participant, name=name)
        _erase_onsite(participant)
        _erase_exhibitor_contacts(participant, addresses)
        _erase_conversations(participant)
        _erase_stored_exports(participant)
        _scrub_audit(participant)

        participant.name = name
        participant.name_latin = ""
        participant.email = ""
        participant.languages = []
        participant.arrival = None
        participant.departure = None
        participant.external_id = ""
        participant.review_note = ""
        participant.email_confirmed_at = None
        participant.user = None
        participant.anonymised_at = timezone.now()
        if withdraw and participant.status not in (RegistrationStatus.REJECTED, RegistrationStatus.CANCELLED):
            participant.status = RegistrationStatus.CANCELLED
        participant.save()
        _scrub_admin_log(logged, old_texts=old_texts, replacement=name)
        log_action(participant, "participant.anonymised", actor=by, data={"why": why, "withdrawn": withdraw})
    return participant


def _withdraw(participant: Participant, *, name: str) -> None:
    """An expo still to come or under way: free what the person held for others."""
    from tradefair.matchmaking.domain.notifications import notify
    from tradefair.matchmaking.models import Meeting, MeetingStatus
    from tradefair.program.domain.signup import cancel_signup
    from tradefair.program.models import SessionSignup, SignupStatus

    now = timezone.now()
    upcoming = (
        Meeting.objects.select_for_update(of=("self",))
        .filter(Q(requester=participant) | Q(counterpart=participant))
        .filter(status=MeetingStatus.CONFIRMED, slot__starts_at__gt=now)
        .select_related("round__expo")
    )
    for meeting in upcoming:
        meeting.status = MeetingStatus.CANCELLED
        meeting.pinned = False
        meeting.cancelled_by = participant
        meeting.cancelled_at = now
        meeting.save(update_fields=["status", "pinned", "cancelled_by", "cancelled_at"])
        log_action(meeting, "meeting.cancelled", data={"reason": "participant withdrawn"})
        other = meeting.counterpart if meeting.requester_id == participant.pk else meeting.requester
        notify(
            other,
            kind="meeting_cancelled",
            params={"name": name},
            link=reverse("matchmaking:agenda", kwargs={"slug": meeting.round.expo.slug}),
        )
    seats = SessionSignup.objects.filter(
        participant=participant,
        status__in=[SignupStatus.CONFIRMED, SignupStatus.WAITING],
        session__starts_at__gt=now,
    )
    for signup in seats:
        cancel_signup(signup)


def _erase_interests(participant: Participant) -> None:
    """Codes are what matchmaking and the sector tables use; the text is the person's
    own words. An interest that was only text says nothing any more and goes."""
    for model in (Offer, Need):
        model.objects.filter(participant=participant, hs_code="", isic_section="").delete()
        model.objects.filter(participant=participant).exclude(text="").update(text="")


def _erase_matchmaking(participant: Participant, *, old_name: str, name: str) -> None:
    from tradefair.matchmaking.models import (
        OPEN_STATUSES,
        Mark,
        MatchPreferences,
        Meeting,
        MeetingRequest,
        Notification,
        Recommendation,
        RequestStatus,
    )

    now = timezone.now()
    sent = MeetingRequest.objects.filter(sender=participant)
    received = MeetingRequest.objects.filter(recipient=participant)
    meetings = Meeting.objects.filter(Q(requester=participant) | Q(counterpart=participant))
    # Notices that name the person went to the other side of a request or a meeting.
    contacts = (
        set(sent.values_list("recipient_id", flat=True))
        | set(received.values_list("sender_id", flat=True))
        | set(meetings.values_list("requester_id", flat=True))
        | set(meetings.values_list("counterpart_id", flat=True))
    ) - {participant.pk}
    sent.filter(status__in=OPEN_STATUSES).update(status=RequestStatus.WITHDRAWN, answered_at=now)
    received.filter(status__in=OPEN_STATUSES).update(status=RequestStatus.DECLINED, answered_at=now)
    (sent | received).update(message="", reply="")
    meetings.exclude(outcome_note="").update(outcome_note="")
    MatchPreferences.objects.filter(participant=participant).delete()
    Mark.objects.filter(Q(participant=participant) | Q(target=participant)).delete()
    Recommendation.objects.filter(Q(participant=participant) | Q(counterpart=participant)).delete()
    Notification.objects.filter(participant=participant).delete()
    # Other people's notices name the person ("Li Wei asks you for a meeting").
    if old_name and contacts:
        for notice in Notification.objects.filter(participant_id__in=contacts, params__name=old_name):
            notice.params = {**notice.params, "name": name}
            notice.save(update_fields=["params"])


def _erase_conversations(participant: Participant) -> None:
    from tradefair.conversations.domain.privacy import erase_conversations

    erase_conversations(participant)


def _erase_programme(participant: Participant, *, name: str) -> None:
    from tradefair.program.models import Speaker

    Speaker.objects.filter(participant=participant).update(
        name=name, name_latin="", position="", bio="", photo_url=""
    )


def _erase_onsite(participant: Participant) -> None:
    from tradefair.onsite.models import Badge, InvitationLetter

    now = timezone.now()
    Badge.objects.filter(participant=participant, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=ERASED_REASON
    )
    letters = InvitationLetter.objects.filter(participant=participant)
    letters.filter(revoked_at__isnull=True).update(revoked_at=now, revoked_reason=ERASED_REASON)
    letters.update(passport_number="", date_of_birth=None)


def _erase_exhibitor_contacts(participant: Participant, addresses: set[str]) -> None:
    """An exhibitor's contact belongs to the company, unless it is this person's own
    address: then the name, address and telephone go together."""
    from tradefair.catalog.models import Exhibitor

    if not addresses:
        return
    contacts = Q()
    for address in addresses:
        contacts |= Q(contact_email__iexact=address)
    Exhibitor.objects.filter(expo_id=participant.expo_id).filter(contacts).update(
        contact_name="", contact_email="", contact_phone=""
    )


def _erase_stored_exports(participant: Participant) -> None:
    """Prepared CSV and XLSX files of the expo that list people by name; organisers
    request them again and get the anonymised list."""
    from tradefair.reports.models import ExportJob

    ExportJob.objects.filter(expo_id=participant.expo_id, dataset__in=PEOPLE_DATASETS).delete()


def _admin_log_objects(participant: Participant) -> dict:
    """The admin log's keys (content type, object ids) of the participation and of every
    row that points at it (their text names the person: a meeting "李伟 – Ana", a
    speaker, a sign-up), taken before erasure deletes some of them. One query when the
    admin log holds nothing of these kinds, as in a purge of thousands."""
    from django.contrib.admin.models import LogEntry

    # Hidden ones too: a meeting's requester and counterpart have no reverse name.
    relations = [
        relation
        for relation in Participant._meta.get_fields(include_hidden=True)
        if relation.auto_created and not relation.concrete and not relation.many_to_many
    ]
    types = ContentType.objects.get_for_models(
        Participant, *(relation.related_model for relation in relations)
    )
    logged = set(
        LogEntry.objects.filter(content_type__in=types.values())
        .values_list("content_type_id", flat=True)
        .distinct()
    )
    objects = {}
    if types[Participant].pk in logged:
        objects[types[Participant]] = {str(participant.pk)}
    for relation in relations:
        content_type = types[relation.related_model]
        if content_type.pk not in logged:
            continue
        model = relation.related_model
        ids = model._default_manager.filter(**{relation.field.name: participant}).values_list("pk", flat=True)
        objects.setdefault(content_type, set()).update(map(str, ids))
    return objects


def _passport_numbers(participant: Participant) -> list[str]:
    from tradefair.onsite.models import InvitationLetter

    return list(
        InvitationLetter.objects.filter(participant=participant)
        .exclude(passport_number="")
        .values_list("passport_number", flat=True)
    )


def _scrub_admin_log(objects: dict, *, old_texts: list[str], replacement: str) -> None:
    """Each entry's object text becomes the object's text now (the anonymised one), or
    the model and number for an object erasure deleted; the old texts leave the change
    messages, which Django stores as JSON with non-ASCII letters escaped."""
    from django.contrib.admin.models import LogEntry

    for content_type, ids in objects.items():
        entries = list(LogEntry.objects.filter(content_type=content_type, object_id__in=ids))
        if not entries:
            continue
        model = content_type.model_class()
        current = {str(obj.pk): str(obj)[:200] for obj in model._default_manager.filter(pk__in=ids)}
        for entry in entries:
            entry.object_repr = current.get(entry.object_id) or f"{model._meta.model_name} {entry.object_id}"
            entry.change_message = _without(entry.change_message, old_texts, replacement)
            entry.save(update_fields=["object_repr", "change_message"])


def _without(text: str, old_texts: list[str], replacement: str) -> str:
    for old in sorted(old_texts, key=len, reverse=True):
        text = text.replace(old, replacement).replace(json.dumps(old)[1:-1], json.dumps(replacement)[1:-1])
    return text


def _scrub_audit(participant: Participant) -> None:
    """The audit log keeps who did what; free text about the person goes."""
    from tradefair.common.models import AuditEntry

    entries = AuditEntry.objects.filter(object_type="people.participant", object_id=str(participant.pk))
    for entry in entries:
        if any(entry.data.get(key) for key in FREE_TEXT_AUDIT_KEYS):
            entry.data = {**entry.data, **{key: "" for key in FREE_TEXT_AUDIT_KEYS if key in entry.data}}
            entry.save(update_fields=["data"])


def scrub_account(user, *, by=None, why: str, end_sessions: bool = True) -> None:
    """Make an account unusable and nameless: tokens revoked, sessions ended, login
    records of the throttling gone, then username ``erased-<id>`` and no password. The
    row stays, because audit entries, deals and check-ins point at it. A purge of many
    accounts passes ``end_sessions=False`` and calls ``end_sessions_of`` once for all."""
    from tradefair.common.models import ApiToken

    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        old_username = user.get_username()
        # Short user names ("li") would match field names in change messages.
        old_texts = [
            text
            for text in (old_username, user.email, user.first_name, user.last_name)
            if len(text or "") > 2
        ]
        ApiToken.objects.filter(user=user).update(revoked=True, name="")
        if end_sessions:
            # Tidying only (the unusable password already ends them): after the commit,
            # so that the scan of every live session holds no lock.
            user_id = user.pk
            transaction.on_commit(lambda: end_sessions_of([user_id]))
        _leave_organiser_teams(user, by=by)
        _forget_login_records(old_username)
        _delete_preferences(user)
        user.username = f"erased-{user.pk}"
        user.email = ""
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.last_login = None
        user.set_unusable_password()
        user.save()
        _scrub_admin_log(
            {ContentType.objects.get_for_model(user): {str(user.pk)}},
            old_texts=old_texts,
            replacement=user.username,
        )
        log_action(user, "account.erased", actor=by, data={"why": why})


def _leave_organiser_teams(user, *, by) -> None:
    """An erased account organises nothing: it must neither count as an expo's
    administrator nor be listed on its team (erasure is refused while an expo it
    organises is running, so only ended expos lose it here)."""
    from tradefair.expos.models import Organiser

    for organiser in Organiser.objects.filter(user=user).select_related("expo"):
        log_action(
            organiser.expo, "organiser.removed", actor=by, data={"level": organiser.level, "why": "erasure"}
        )
        organiser.delete()


def end_sessions_of(user_ids) -> int:
    """The unusable password already invalidates every session (Django checks the
    password hash kept in it); database sessions are also deleted, so none lingers.
    One pass over the live sessions, whatever the number of accounts."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    from django.contrib.sessions.models import Session

    wanted = {str(pk) for pk in user_ids}
    if not wanted:
        return 0
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=2000)
        if session.get_decoded().get("_auth_user_id") in wanted
    ]
    Session.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def _forget_login_records(username: str) -> None:
    """django-axes keeps usernames and addresses of logins and failed attempts."""
    try:
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    except ImportError:  # pragma: no cover - login throttling not installed
        return
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()


def _delete_preferences(user) -> None:
    from django.apps import apps

    try:
        preference = apps.get_model("common", "LanguagePreference")
    except LookupError:
        return
    preference.objects.filter(user=user).delete()
