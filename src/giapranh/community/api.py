"""Community and force over the REST API: the kit's routers, plus Excel import and export."""

from ninja import Router

from giapranh.community.records import (
    CASES,
    COMMENDATIONS,
    GROUPS,
    MEETINGS,
    MODELS,
    OFFICERS,
    OUTREACH,
    PACTS,
    REPUTABLE,
    TASKS,
    TEAMS,
)
from giapranh.core.kit_api import record_router
from giapranh.core.spreadsheet_views import spreadsheet_routes

router = Router(tags=["community"])
for _type in (OUTREACH, GROUPS, MODELS, TEAMS, CASES, REPUTABLE, OFFICERS, MEETINGS, TASKS, PACTS, COMMENDATIONS):
    _spreadsheets = Router(tags=["community"])
    spreadsheet_routes(_spreadsheets, _type)
    # Before the kit's router, so that …/export.xlsx is not taken for a record's public id.
    router.add_router("", _spreadsheets)
    router.add_router("", record_router(_type))
