"""Who may reach which endpoint: the table behind tests/common/test_permission_matrix.py.

Every page route of our apps and every operation of /api/v1/ has an entry here. A page
is keyed by its route (the method checked is part of the entry, so a page can be checked
with more than one method); an API operation by its method and OpenAPI path.

Values in ``data`` that start with ``@`` name an object of the test world (``@booth``
is the primary key of expo A's booth). ``refusals`` lists the error codes with which an
endpoint refuses a caller as a 400 (the refusal is the permission check, so it counts
as "deny")."""

from dataclasses import dataclass, field

ROLES = (
    "public",
    "participant",
    "exhibitor_admin",
    "checkin_staff",
    # Check-in staff whose registration the organisers cancelled: a user of expo A with
    # no standing in it any more.
    "cancelled_staff",
    # Organisers of expo A by level: admin, staff, viewer (common/permissions.py).
    "organiser_a",
    "organiser_staff",
    "organiser_viewer",
    # Finance staff of expo A (issue 17): orders, invoices and payments, nothing else.
    "organiser_finance",
    "organiser_b",
    "staff",
)

ALL = frozenset(ROLES)
SIGNED_IN = ALL - {"public"}
# Approved participants of expo A (the check-in staff is one too, with the staff role).
PARTICIPANTS = frozenset({"participant", "exhibitor_admin", "checkin_staff"})
# Anyone with a registration in expo A, whatever its status: their own programme.
REGISTERED = PARTICIPANTS | {"cancelled_staff"}
# Expo A's organisers by what their level lets them do; platform staff are admins of
# every expo. ADMINS set the expo up and publish, OPERATORS (staff and admins) do the
# day-to-day work, READERS (every level) read the organisers' pages.
ADMINS = frozenset({"organiser_a", "staff"})
OPERATORS = ADMINS | {"organiser_staff"}
READERS = OPERATORS | {"organiser_viewer"}
EXHIBITOR_EDITORS = OPERATORS | {"exhibitor_admin"}
# An exhibitor's leads (its team, its people's requests and meetings): its own people
# and every organiser.
LEAD_READERS = READERS | {"exhibitor_admin"}
CHECK_IN = OPERATORS | {"checkin_staff"}
# The entrance figures are a dashboard: the gates' people and every organiser.
ENTRANCE = CHECK_IN | READERS
# The participant who owns the object: requester of the meeting, recipient of the
# request, party to the deal, owner of the offer, holder of the badge and letter.
OWNER = frozenset({"participant"})
NOBODY = frozenset()
# Exhibitor sales (issue 17): the applicant is the world's exhibitor admin; finance staff
# read the accounts with every organiser and keep them with the admins.
APPLICANT = frozenset({"exhibitor_admin"})
FINANCE = frozenset({"organiser_finance"})
ACCOUNTS = READERS | FINANCE
BOOKKEEPERS = ADMINS | FINANCE


def endpoint_key(method: str, path: str) -> str:
    return f"{method} {path}"


@dataclass(frozen=True)
class Entry:
    method: str
    path: str
    allowed: frozenset
    data: dict | None = None
    query: str = ""
    parameters: dict = field(default_factory=dict)
    refusals: frozenset = frozenset()

    @property
    def endpoint(self) -> str:
        return endpoint_key(self.method, self.path) if self.path.startswith("/api/") else self.path


def _table(*rows) -> dict:
    table = {}
    for row in rows:
        key = endpoint_key(row.method, row.path)
        assert key not in table, f"{key} is in the table twice"
        table[key] = row
    return table


E = Entry
X = "expos/<slug:slug>/"
A = "/api/v1/expos/{slug}/"

PAGES = (
    # The expo, its catalogue and news: public.
    E("GET", "", ALL),
    # The load balancer's health check (common/unavailable.py): answers everyone.
    E("GET", "healthz", ALL),
    E("GET", X, ALL),
    E("GET", X + "exhibitors/", ALL),
    E("GET", X + "search/", ALL),
    E("GET", X + "floor-plan/", ALL),
    E("GET", X + "exhibitors/<id:pk>/", ALL),
    E("GET", X + "programme/", ALL),
    E("GET", X + "programme.ics", ALL),
    E("GET", X + "news/", ALL),
    E("GET", X + "news/<id:pk>/", ALL),
    E("GET", X + "register/", ALL),
    E("GET", X + "register/<str:kind>/", ALL),
    # Deals: the list shows each caller only the deals they may see (none to the
    # public before the results are published).
    E("GET", X + "deals/", ALL),
    # Signing in and out.
    E("GET", "accounts/login/", ALL),
    E("POST", "accounts/logout/", ALL),
    # accounts (issue #16): choosing a password, from the e-mailed link or "forgot
    # password"; the link's token is the key (a bad one shows "this link no longer works").
    E("GET", "accounts/password/reset/", ALL),
    E("GET", "accounts/password/reset/sent/", ALL),
    E(
        "GET",
        "accounts/password/set/<uidb64>/<token>/",
        ALL,
        parameters={"uidb64": "MA", "token": "bad-token"},
    ),
    E("GET", "accounts/password/set/", ALL),
    # One's own personal data: every signed-in person, who only ever reaches their own
    # (the erasure form refuses an empty POST with a 400 and changes nothing).
    E("GET", "me/data/", SIGNED_IN),
    E("GET", "me/data.json", SIGNED_IN),
    E("POST", "me/data/erase/", SIGNED_IN),
    E("GET", "me/notifications/", SIGNED_IN),
    # The unsubscribe link of a notice: its signature stands for the person, no login.
    E("GET", "unsubscribe/<str:token>/", ALL),
    # Capability links: the signed token is the key, whoever holds it.
    E("GET", "registration/<str:token>/", ALL),
    E("GET", "registration/<str:token>/confirm/", ALL),
    E("GET", "registration/<str:token>/badge.pdf", ALL),
    E("GET", "registration/<str:token>/letter/", ALL),
    E("GET", "registration/<str:token>/letter.pdf", ALL),
    E("GET", "letters/verify/<str:token>/", ALL),
    E("GET", X + "programme/calendar/<str:token>.ics", ALL),
    # Signed in: one's own programme (empty for a non-participant) and session sign-up
    # (the domain refuses non-participants with a message on the programme page).
    E("GET", X + "programme/mine/", SIGNED_IN),
    E("POST", X + "programme/sessions/<id:pk>/signup/", SIGNED_IN),
    # The exhibitor's page and catalogue: its own people and the expo's organisers.
    E("GET", X + "exhibitors/<id:pk>/edit/", EXHIBITOR_EDITORS),
    E("POST", X + "exhibitors/<id:pk>/edit/", EXHIBITOR_EDITORS),
    E("GET", X + "exhibitors/<id:pk>/products/new/", EXHIBITOR_EDITORS),
    E("GET", X + "exhibitors/<id:pk>/products/<id:product_id>/", EXHIBITOR_EDITORS),
    E("POST", X + "exhibitors/<id:pk>/products/<id:product_id>/delete/", EXHIBITOR_EDITORS),
    E("GET", X + "exhibitors/<id:pk>/projects/new/", EXHIBITOR_EDITORS),
    E("GET", X + "exhibitors/<id:pk>/projects/<id:project_id>/", EXHIBITOR_EDITORS),
    E("GET", X + "exhibitors/<id:exhibitor_id>/leads/", LEAD_READERS),
    # Booths: organisers of staff or admin level.
    E("POST", X + "exhibitors/<id:pk>/booths/", OPERATORS, data={"booth": "@booth", "action": "release"}),
    E("POST", X + "floor-plan/booths/", OPERATORS, data={"action": "unassign", "booth": "@booth"}),
    E("POST", X + "floor-plan/proposal/", OPERATORS),
    E("POST", X + "floor-plan/proposal/accept/", OPERATORS, data={"pavilion": "@pavilion"}),
    E("POST", X + "floor-plan/proposal/discard/", OPERATORS),
    # The one-booth rule: the expo's administrators.
    E("POST", X + "floor-plan/rule/", ADMINS),
    # Matchmaking, a participant's own side. The home page also serves organisers.
    E("GET", X + "matchmaking/", PARTICIPANTS | READERS),
    E("GET", X + "exhibitors/<id:exhibitor_id>/request-meeting/", SIGNED_IN),  # a redirect to the form
    E("GET", X + "matchmaking/participants/<id:participant_id>/request/", PARTICIPANTS),
    E("POST", X + "matchmaking/participants/<id:participant_id>/quick-request/", PARTICIPANTS),
    E("POST", X + "matchmaking/participants/<id:participant_id>/mark/", PARTICIPANTS),
    E("GET", X + "matchmaking/profile/", PARTICIPANTS),
    E("GET", X + "matchmaking/requests/", PARTICIPANTS),
    E("POST", X + "matchmaking/requests/<id:pk>/<str:action>/", OWNER),
    E("GET", X + "matchmaking/agenda/", PARTICIPANTS),
    E("GET", X + "matchmaking/agenda.ics", PARTICIPANTS),
    E("POST", X + "matchmaking/meetings/<id:pk>/<str:action>/", OWNER),
    E("GET", X + "matchmaking/notifications/", PARTICIPANTS),
    # Conversations (issue 15): a participant's own threads; writing to a participant or a
    # team is for approved participants. The world's conversation is the participant's.
    E("GET", X + "messages/", PARTICIPANTS),
    E("GET", X + "messages/<id:pk>/", OWNER),
    E("GET", X + "messages/<id:pk>/new/", OWNER),
    E("GET", X + "messages/<id:pk>/attachments/<id:attachment_id>/", OWNER),
    E("POST", X + "messages/<id:pk>/block/", OWNER),
    E("POST", X + "messages/<id:pk>/report/", OWNER),
    E("POST", X + "messages/<id:pk>/meeting/", OWNER),
    E("GET", X + "messages/write/participants/<id:participant_id>/", PARTICIPANTS),
    E("GET", X + "messages/write/exhibitors/<id:exhibitor_id>/", PARTICIPANTS),
    # Organisers read reported messages (never the conversations); staff and admins
    # review them; admins change who may write to whom.
    E("GET", X + "messages/reports/", READERS),
    E("POST", X + "messages/reports/<id:report_id>/", OPERATORS, data={"decision": "dismiss"}),
    E("GET", X + "messages/settings/", READERS),
    E("POST", X + "messages/settings/", ADMINS, data={"write_policy": "everyone", "daily_limit": 20}),
    # Webhooks send the expo's events elsewhere and sign for it: its administrators only.
    E("GET", X + "webhooks/", ADMINS),
    E("POST", X + "webhooks/", ADMINS, data={"url": "https://93.184.216.34/hook", "events": ["deal.signed"]}),
    E("POST", X + "webhooks/settings/", ADMINS, data={"allow_private_targets": ""}),
    E("GET", X + "webhooks/<id:pk>/", ADMINS),
    E("POST", X + "webhooks/<id:pk>/<str:action>/", ADMINS),
    # Matchmaking, the organisers' side: every level reads, admins run and publish.
    E("GET", X + "matchmaking/rounds/", READERS),
    E("GET", X + "matchmaking/rounds/<id:pk>/", READERS),
    E("GET", X + "matchmaking/rounds/<id:pk>/files/<str:kind>.json.gz", READERS),
    E("POST", X + "matchmaking/rounds/<id:pk>/<str:action>/", ADMINS),
    E("POST", X + "matchmaking/pins/<id:pk>/", ADMINS),
    E("GET", X + "matchmaking/settings/", READERS),
    # Online meetings' video rooms: the two parties and the organisers who work (staff,
    # admins); who is in which room now: every organiser level.
    E("GET", X + "matchmaking/rooms/<id:pk>/", OWNER | OPERATORS),
    E("GET", X + "matchmaking/rooms/in-use/", READERS),
    # Deals.
    E("GET", X + "deals/new/", PARTICIPANTS | OPERATORS),
    E("GET", X + "deals/rates/", READERS),
    # The deal is hidden (404) from all but its parties and the organisers. A party
    # reaches the action, and the domain refuses a party's "confirm" with a message on
    # the deals page (a redirect, as tests/deals/test_pages.py wants): nothing changes.
    # A viewer sees the deal and is refused the same way.
    E("POST", X + "deals/<id:deal_id>/", OWNER | READERS, data={"action": "confirm"}),
    # On site.
    E("GET", X + "check-in/", CHECK_IN),
    E("GET", X + "entrance/", ENTRANCE),
    # Badges and letters (personal data, passport numbers): staff and admins.
    E("GET", X + "badges/", OPERATORS),
    E("GET", X + "badges/print/", OPERATORS),
    E("GET", X + "badges/<id:participant_id>.pdf", OPERATORS),
    E("POST", X + "badges/<id:participant_id>/reissue/", OPERATORS),
    E("GET", X + "letters/", OPERATORS),
    E("GET", X + "letters/<id:letter_id>.pdf", OPERATORS),
    E("POST", X + "letters/<id:letter_id>/revoke/", OPERATORS),
    # Organiser part of issue #16: letters wait for approval by staff or admins; only
    # admins choose to issue them without approval.
    E("POST", X + "letters/<id:letter_id>/approve/", OPERATORS, parameters={"letter_id": "@waiting_letter"}),
    E(
        "POST",
        X + "letters/<id:letter_id>/reject/",
        OPERATORS,
        data={"reason": "Dates do not match the expo"},
        parameters={"letter_id": "@waiting_letter"},
    ),
    E("POST", X + "letters/settings/", ADMINS),
    # Results: every organiser until they are published; admins publish.
    E("GET", X + "results/", READERS),
    E("POST", X + "results/publication/", ADMINS),
    E("GET", X + "results/communique/", READERS),
    E("GET", X + "results/exports/", READERS),
    E("GET", X + "results/exports/<id:job_id>/", READERS),
    # News, registrations, imports: staff and admins; the queue and the audit log are
    # read by every organiser.
    E("GET", X + "news/new/", OPERATORS),
    E("GET", X + "news/<id:pk>/edit/", OPERATORS),
    E("GET", X + "registrations/review/", READERS),
    E(
        "POST",
        X + "registrations/<id:participant_id>/review/",
        OPERATORS,
        parameters={"participant_id": "@pending"},
    ),
    # accounts (issue #16): one decision for many registrations; an empty POST is sent
    # back to the queue with a message and changes nothing.
    E("POST", X + "registrations/review/bulk/", OPERATORS),
    E("GET", X + "import/", OPERATORS),
    E("GET", X + "audit/", READERS),
    # The expo's settings and organiser team: every organiser reads, admins change (an
    # admin's empty POST is a 400 form error and changes nothing).
    E("GET", X + "settings/", READERS),
    E("POST", X + "settings/", ADMINS),
    E("GET", X + "organisers/", READERS),
    E("POST", X + "organisers/", ADMINS),
    # Exhibitor sales (issue 17). Anyone signed in applies; the applicant manages the
    # team and reads their invoices; the queue holds contact details: organisers but
    # finance; staff and admins decide; admins set packages and invoicing; finance staff
    # and admins mark payments and credit invoices, which every organiser reads.
    E("GET", X + "exhibit/", SIGNED_IN),
    E("POST", X + "exhibit/team/", APPLICANT),
    E("GET", X + "invoices/<id:invoice_id>.pdf", APPLICANT | ACCOUNTS),
    E("GET", X + "exhibitor-applications/", READERS),
    E("GET", X + "exhibitor-applications/<id:application_id>/", READERS),
    E(
        "POST",
        X + "exhibitor-applications/<id:application_id>/",
        OPERATORS,
        parameters={"application_id": "@pending_application"},
    ),
    E("GET", X + "booth-packages/", READERS),
    E("POST", X + "booth-packages/", ADMINS),
    E("GET", X + "orders/", ACCOUNTS),
    E(
        "POST",
        X + "orders/<id:order_id>/payments/",
        BOOKKEEPERS,
        data={"amount": "1.00", "received_on": "2030-08-01"},
    ),
    E("POST", X + "invoices/<id:invoice_id>/credit-note/", BOOKKEEPERS, data={"reason": "Wrong address"}),
    E("GET", X + "invoicing/", READERS),
    E("POST", X + "invoicing/", ADMINS),
)

API = (
    # Public reading.
    E("GET", "/api/v1/expos", ALL),
    E("GET", "/api/v1/expos/{slug}", ALL),
    E("GET", A + "pavilions", ALL),
    E("GET", A + "exhibitors", ALL),
    E("GET", A + "exhibitors/{exhibitor_id}", ALL),
    E("GET", A + "products", ALL),
    E("GET", A + "projects", ALL),
    E("GET", A + "search", ALL, query="q=excavator"),
    E("GET", A + "floor-plan", ALL),
    E("GET", A + "sessions", ALL),
    E("GET", A + "speakers", ALL),
    E("GET", A + "news", ALL),
    E("GET", A + "news/{announcement_id}", ALL),
    E("GET", A + "deals", ALL),  # filtered per caller
    # The exhibitor's catalogue.
    E("PATCH", A + "exhibitors/{exhibitor_id}", EXHIBITOR_EDITORS),
    E(
        "POST",
        A + "exhibitors/{exhibitor_id}/products",
        EXHIBITOR_EDITORS,
        data={"name": {"en": "Loader"}, "hs_code": "842951"},
    ),
    E("PATCH", A + "products/{product_id}", EXHIBITOR_EDITORS),
    E("DELETE", A + "products/{product_id}", EXHIBITOR_EDITORS),
    E(
        "POST",
        A + "exhibitors/{exhibitor_id}/projects",
        EXHIBITOR_EDITORS,
        data={"name": {"en": "Port"}, "isic_section": "H", "amount_sought": "1000000"},
    ),
    E("PATCH", A + "projects/{project_id}", EXHIBITOR_EDITORS),
    E("GET", A + "exhibitors/{exhibitor_id}/leads", LEAD_READERS),
    E("GET", A + "exhibitors/{exhibitor_id}/meetings", LEAD_READERS),
    # Booths.
    E("POST", A + "booths/proposal", OPERATORS),
    E("GET", A + "booths/proposal", OPERATORS),
    E("DELETE", A + "booths/proposal", OPERATORS),
    E("POST", A + "booths/proposal/pavilions/{pavilion_id}/accept", OPERATORS),
    E("PUT", A + "booths/{booth_id}/assignment", OPERATORS, data={"exhibitor_id": "@exhibitor"}),
    E("DELETE", A + "booths/{booth_id}/assignment", OPERATORS),
    E("POST", A + "booths/{booth_id}/move", OPERATORS, data={"to_booth_id": "@booth"}),
    E("POST", A + "booths/{booth_id}/swap", OPERATORS, data={"with_booth_id": "@booth"}),
    E("GET", A + "booths/rule", ALL),
    E("PUT", A + "booths/rule", ADMINS, data={"one_booth_per_exhibitor": False}),
    # Organisations: platform staff see all, others the exhibiting ones and their own
    # (an organiser of expo A does not read a merchant's organisation through this).
    E("GET", "/api/v1/organisations", SIGNED_IN),
    E("GET", "/api/v1/organisations/{organisation_id}", OWNER | {"staff"}),
    # The caller's own personal data (erasure without a password is a 400).
    E("GET", "/api/v1/me/personal-data", SIGNED_IN),
    E("POST", "/api/v1/me/erase", SIGNED_IN),
    # Registrations. Public registration (issue 18) is for everyone, as the form is; the
    # link's token is the key to one's registration.
    E(
        "POST",
        A + "registrations",
        ALL,
        data={"kind": "buyer", "name": "Ana Souza", "email": "ana@example.com", "country": "BR"},
    ),
    E("GET", "/api/v1/registrations/{token}", ALL),
    E("POST", "/api/v1/registrations/{token}/confirm", ALL),
    E("GET", "/api/v1/me/notifications", SIGNED_IN),
    E("PUT", A + "me/notifications", REGISTERED, data={"choice": "digest"}),
    E("GET", A + "registrations/queue", READERS),
    E(
        "POST",
        A + "registrations/{participant_id}/review",
        OPERATORS,
        data={"decision": "approve"},
        parameters={"participant_id": "@pending"},
    ),
    # Programme.
    E("POST", A + "speakers", OPERATORS, data={"name": "Li Wei"}),
    E("PATCH", A + "sessions/{session_id}", OPERATORS),
    E("PATCH", A + "speakers/{speaker_id}", OPERATORS),
    E("POST", A + "sessions/{session_id}/signup", PARTICIPANTS),
    # A cancelled registration still reads its own programme and withdraws from sessions.
    E("DELETE", A + "sessions/{session_id}/signup", PARTICIPANTS),
    E("GET", A + "programme/mine", PARTICIPANTS),
    # Matchmaking, a participant's own side.
    E("GET", A + "matchmaking/recommendations", PARTICIPANTS),
    E("POST", A + "matchmaking/marks", PARTICIPANTS, data={"target": "@participant", "kind": "bookmark"}),
    E("GET", A + "matchmaking/requests", PARTICIPANTS),
    E("POST", A + "matchmaking/requests", PARTICIPANTS, data={"recipient": "@participant"}),
    E("POST", A + "matchmaking/requests/{pk}/{action}", OWNER),
    E("GET", A + "matchmaking/agenda", PARTICIPANTS),
    E("GET", A + "matchmaking/agenda.ics", PARTICIPANTS),
    E("POST", A + "matchmaking/meetings/{pk}/cancel", OWNER),
    E("POST", A + "matchmaking/meetings/{pk}/outcome", OWNER, data={"outcome": "met"}),
    E("GET", A + "matchmaking/notifications", PARTICIPANTS),
    E("POST", A + "meetings/{meeting_id}/room/seat", OWNER | OPERATORS),
    E("POST", A + "meetings/{meeting_id}/room/presence", OWNER | OPERATORS, data={"event": "here"}),
    E("GET", A + "rooms/in-use", READERS),
    E("GET", A + "matchmaking/profile", PARTICIPANTS),
    E("POST", A + "matchmaking/profile", PARTICIPANTS, data={"kind": "need", "hs_code": "260111"}),
    E("DELETE", A + "matchmaking/profile/{kind}/{pk}", OWNER),
    E("PUT", A + "matchmaking/preferences", PARTICIPANTS),
    # Matchmaking, the organisers' side: every level reads, admins set the rules and
    # open, run, change and publish rounds.
    E("GET", A + "matchmaking/settings", READERS),
    E(
        "PUT",
        A + "matchmaking/settings",
        ADMINS,
        data={
            "request_expiry_hours": 72,
            "max_pending_requests": 20,
            "exhibitors_meet_exhibitors": False,
            "cross_border_bonus": 0.1,
            "interpreter_languages": [],
            "sponsor_factor": 1.0,
        },
    ),
    E("POST", A + "matchmaking/recommendations/compute", ADMINS),
    E("GET", A + "matchmaking/rounds", READERS),
    E("POST", A + "matchmaking/rounds", ADMINS, data={"name": "Day 2", "days": ["2030-08-24"]}),
    E("GET", A + "matchmaking/rounds/{pk}", READERS),
    E("POST", A + "matchmaking/rounds/{pk}/run", ADMINS),
    E("POST", A + "matchmaking/rounds/{pk}/publish", ADMINS),
    E("GET", A + "matchmaking/rounds/{pk}/report", READERS),
    E("GET", A + "matchmaking/rounds/{pk}/meetings", READERS),
    E("GET", A + "matchmaking/rounds/{pk}/instance", READERS),
    E("GET", A + "matchmaking/rounds/{pk}/schedule", READERS),
    E("PUT", A + "matchmaking/rounds/{pk}/schedule", ADMINS),
    E("POST", A + "matchmaking/meetings/{pk}/pin", ADMINS, data={"pinned": True}),
    # Deals: participants declare, organisers of staff or admin level record and confirm;
    # a deal is seen by its parties and every organiser; admins enter exchange rates.
    E(
        "POST",
        A + "deals",
        PARTICIPANTS | OPERATORS,
        data={
            "kind": "contract",
            "status": "signed",
            "signed_on": "2030-08-25",
            "parties": ["@merchant_org", "@partner_org"],
            "amount": "1000.00",
            "currency": "CNY",
        },
    ),
    E("GET", A + "deals/{deal_id}", OWNER | READERS),
    E("POST", A + "deals/{deal_id}/confirm", OPERATORS),
    E("POST", A + "deals/{deal_id}/status", OPERATORS, data={"status": "executed"}),
    E("GET", A + "rates", READERS),
    # Deals (helper deals, issue #16): the parties autocomplete is for those who record or
    # declare deals; making a deal public is an organiser's (staff or admin) decision.
    E("GET", A + "deals/parties", PARTICIPANTS | OPERATORS, query="q=org"),
    E("POST", A + "deals/{deal_id}/disclosure", OPERATORS, data={"public": True}),
    E("POST", A + "rates", ADMINS, data={"currency": "USD", "rate": "7.1", "valid_from": "2030-08-01"}),
    # The organiser team: every organiser reads it, admins name, change and remove organisers.
    E("GET", A + "organisers", READERS),
    E("POST", A + "organisers", ADMINS, data={"user": "matrix-participant", "level": "viewer"}),
    E("PATCH", A + "organisers/{organiser_id}", ADMINS, data={"level": "staff"}),
    E("DELETE", A + "organisers/{organiser_id}", ADMINS),
    # On site.
    E("POST", A + "check-ins", CHECK_IN, data={"token": "@badge_token", "nonce": "matrix-1"}),
    E(
        "POST",
        A + "check-ins/batch",
        CHECK_IN,
        data={"scans": [{"token": "@badge_token", "nonce": "matrix-2"}]},
    ),
    E("GET", A + "entrance", ENTRANCE),
    # Badges (issue 18): one's own for approved participants; the badge desk and printed
    # sets for staff and admins, as on the badges page.
    E("GET", A + "badge", PARTICIPANTS),
    E("GET", A + "badge.pdf", PARTICIPANTS),
    E("GET", A + "badges/print", OPERATORS),
    E("GET", A + "badges/{participant_id}", OPERATORS),
    E("GET", A + "badges/{participant_id}/pdf", OPERATORS),
    E("POST", A + "badges/{participant_id}/reissue", OPERATORS, data={"reason": "lost"}),
    # Invitation letters (issue 18): approved participants ask; the holder reads theirs;
    # staff and admins decide; anyone checks a letter's code.
    E("GET", A + "letter", OWNER),
    E(
        "POST",
        A + "letter",
        PARTICIPANTS,
        data={
            "passport_number": "E11223344",
            "nationality": "RU",
            "stay_from": "2030-08-22",
            "stay_until": "2030-08-28",
        },
    ),
    E("GET", A + "letter.pdf", OWNER),
    E("GET", A + "letters", OPERATORS),
    E("POST", A + "letters/{letter_id}/approve", OPERATORS, parameters={"letter_id": "@waiting_letter"}),
    E(
        "POST",
        A + "letters/{letter_id}/reject",
        OPERATORS,
        data={"reason": "The dates are outside the expo."},
        parameters={"letter_id": "@waiting_letter"},
    ),
    E("POST", A + "letters/{letter_id}/revoke", OPERATORS, data={"reason": "Registration withdrawn."}),
    E("GET", A + "letters/{letter_id}/pdf", OPERATORS),
    E("GET", "/api/v1/letters/verify/{token}", ALL),
    # Results and news.
    E("GET", A + "results", READERS),
    E(
        "POST",
        A + "news",
        OPERATORS,
        data={"title": {"en": "Day two"}, "body": {"en": "Halls open at nine."}},
    ),
    E("PATCH", A + "news/{announcement_id}", OPERATORS),
    # Conversations (issue 15): the same rules as the pages.
    E("GET", A + "conversations", PARTICIPANTS),
    E("POST", A + "conversations", PARTICIPANTS, data={"participant_id": "@participant", "body": "Hello"}),
    E("GET", A + "unread-messages", PARTICIPANTS),
    E("GET", A + "conversations/{conversation_id}", OWNER),
    E("GET", A + "conversations/{conversation_id}/messages", OWNER),
    E("POST", A + "conversations/{conversation_id}/messages", OWNER, data={"body": "Hello"}),
    E("POST", A + "conversations/{conversation_id}/read", OWNER),
    E("POST", A + "conversations/{conversation_id}/meeting-request", OWNER),
    E("POST", A + "conversations/{conversation_id}/messages/{message_id}/report", OWNER),
    E("POST", A + "blocks", PARTICIPANTS, data={"participant_id": "@participant"}),
    E("GET", A + "message-reports", READERS),
    E("POST", A + "message-reports/{report_id}", OPERATORS, data={"decision": "dismiss"}),
    # Exhibitor sales (issue 17): the same rules as the pages. Lists of orders and
    # invoices are filtered per caller (one's own, or all for those who read the accounts).
    E("GET", A + "booth-packages", ALL),
    E("POST", A + "booth-packages", ADMINS, data={"name": {"en": "Corner"}, "price": "100.00"}),
    E("GET", A + "booth-extras", ALL),
    E("POST", A + "booth-extras", ADMINS, data={"name": {"en": "Chair"}, "price": "10.00"}),
    E("POST", A + "exhibitor-applications", SIGNED_IN),
    E("GET", A + "exhibitor-applications/mine", APPLICANT),
    E(
        "POST",
        A + "exhibitor-applications/mine/team",
        APPLICANT,
        data={"name": "Li Na", "email": "li@example.com"},
    ),
    E("GET", A + "exhibitor-applications", READERS),
    E(
        "POST",
        A + "exhibitor-applications/{application_id}/review",
        OPERATORS,
        data={"decision": "waitlist"},
        parameters={"application_id": "@pending_application"},
    ),
    E("GET", A + "orders", SIGNED_IN),
    E("POST", A + "orders/{order_id}/payments", BOOKKEEPERS, data={"amount": "1.00"}),
    E("GET", A + "invoices", SIGNED_IN),
    E("GET", A + "invoices/{invoice_id}", APPLICANT | ACCOUNTS),
    E("GET", A + "invoices/{invoice_id}/pdf", APPLICANT | ACCOUNTS),
    E("POST", A + "invoices/{invoice_id}/credit-note", BOOKKEEPERS, data={"reason": "Wrong address"}),
    E("GET", A + "payments", ACCOUNTS),
    # Webhooks (issue 15): the expo's administrators only, as on the pages.
    E("GET", A + "webhooks", ADMINS),
    E("POST", A + "webhooks", ADMINS, data={"url": "https://93.184.216.34/hook", "events": ["deal.signed"]}),
    E("GET", A + "webhooks/{endpoint_id}", ADMINS),
    E(
        "PUT",
        A + "webhooks/{endpoint_id}",
        ADMINS,
        data={"url": "https://93.184.216.34/h", "events": ["deal.signed"]},
    ),
    E("DELETE", A + "webhooks/{endpoint_id}", ADMINS),
    E("POST", A + "webhooks/{endpoint_id}/rotate-secret", ADMINS),
    E("POST", A + "webhooks/{endpoint_id}/test", ADMINS),
    E("POST", A + "webhooks/{endpoint_id}/resume", ADMINS),
    E("GET", A + "webhooks/{endpoint_id}/deliveries", ADMINS),
    E("GET", A + "webhook-settings", ADMINS),
    E("PUT", A + "webhook-settings", ADMINS, data={"allow_private_targets": False}),
)

EXPECTED: dict = _table(*PAGES, *API)

# Endpoints not classified yet: they are reported, not checked. Keep this empty.
NOT_YET_CLASSIFIED: frozenset = frozenset()
