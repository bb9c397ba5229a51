"""Matchmaking API under /api/v1/: the same domain functions as the pages.

A participant reads and acts for themselves only (recommendations, requests, agenda,
notifications); organisers run rounds. Counterparts' contact details appear only in
the agenda, for confirmed meetings. One module per concept: participants, rounds, and the
exhibitors' leads (leads_api), the video rooms (room_api); schemas in schemas."""

from ninja import Router

from tradefair.common.api_support import TokenAuth
from tradefair.matchmaking.api import participants, rounds
from tradefair.matchmaking.leads_api import router as leads_router
from tradefair.matchmaking.room_api import router as room_router

router = Router(tags=["matchmaking"], auth=TokenAuth())
router.add_router("", participants.router)
router.add_router("", rounds.router)
router.add_router("", leads_router)
# Online meetings' video rooms (matchmaking.room_api).
router.add_router("", room_router)
