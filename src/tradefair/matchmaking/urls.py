from django.urls import path

from tradefair.matchmaking import leads_views, room_views, views

app_name = "matchmaking"

base = "expos/<slug:slug>/matchmaking/"

urlpatterns = [
    path(base, views.home, name="home"),
    # The exhibitor page's "Request a meeting" link: reverse with slug and exhibitor_id.
    path(
        "expos/<slug:slug>/exhibitors/<id:exhibitor_id>/request-meeting/",
        views.request_exhibitor_meeting,
        name="request_meeting",
    ),
    path(
        "expos/<slug:slug>/exhibitors/<id:exhibitor_id>/request-meeting/",
        views.request_exhibitor_meeting,
        name="request-meeting",
    ),
    # An exhibitor's leads: its team, the requests and meetings of its people.
    path("expos/<slug:slug>/exhibitors/<id:exhibitor_id>/leads/", leads_views.leads_page, name="leads"),
    path(
        base + "participants/<id:participant_id>/request/",
        views.request_participant,
        name="request_participant",
    ),
    path(base + "participants/<id:participant_id>/quick-request/", views.quick_request, name="quick_request"),
    path(base + "participants/<id:participant_id>/mark/", views.mark, name="mark"),
    path(base + "profile/", views.profile, name="profile"),
    path(base + "requests/", views.requests_page, name="requests"),
    path(base + "requests/<id:pk>/<str:action>/", views.request_action, name="request_action"),
    path(base + "agenda/", views.agenda, name="agenda"),
    path(base + "agenda.ics", views.agenda_ical, name="agenda_ical"),
    path(base + "meetings/<id:pk>/<str:action>/", views.meeting_action, name="meeting_action"),
    path(base + "notifications/", views.notifications, name="notifications"),
    path(base + "rounds/", views.rounds, name="rounds"),
    path(base + "rounds/<id:pk>/", views.round_page, name="round"),
    path(base + "rounds/<id:pk>/files/<str:kind>.json.gz", views.round_file, name="round_file"),
    path(base + "rounds/<id:pk>/<str:action>/", views.round_action, name="round_action"),
    path(base + "pins/<id:pk>/", views.pin, name="pin"),
    path(base + "settings/", views.settings_page, name="settings"),
    # Online meetings' video rooms (matchmaking.room_views).
    path(base + "rooms/<id:pk>/", room_views.room, name="room"),
    path(base + "rooms/in-use/", room_views.rooms_in_use, name="rooms_in_use"),
]
