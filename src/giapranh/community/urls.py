from django.urls import path

from giapranh.community import views
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
from giapranh.core.kit_views import record_urls
from giapranh.core.spreadsheet_views import spreadsheet_urls

app_name = "community"

LIST = "community/record_list.html"

urlpatterns = [
    path("tasks/board/", views.TaskBoardView.as_view(), name="task_board"),
    path("tasks/<uuid:public_id>/progress/", views.TaskProgressView.as_view(), name="task_progress"),
    *record_urls(MEETINGS, "meetings/", detail_view=views.MeetingDetailView, list_template=LIST),
    *record_urls(TASKS, "tasks/", detail_view=views.TaskDetailView, form_view=views.TaskFormView, list_template=LIST),
    *record_urls(COMMENDATIONS, "commendations/", detail_view=views.CommendationDetailView, list_template=LIST),
]
for _type, _prefix in (
    (OUTREACH, "outreach/"), (GROUPS, "groups/"), (MODELS, "models/"), (TEAMS, "mediation-teams/"),
    (CASES, "mediation-cases/"), (REPUTABLE, "reputable-persons/"), (OFFICERS, "officers/"),
    (PACTS, "pacts/"),
):
    urlpatterns += record_urls(_type, _prefix, list_template=LIST)
for _type, _prefix in (
    (OUTREACH, "outreach/"), (GROUPS, "groups/"), (MODELS, "models/"), (TEAMS, "mediation-teams/"),
    (CASES, "mediation-cases/"), (REPUTABLE, "reputable-persons/"), (OFFICERS, "officers/"),
    (MEETINGS, "meetings/"), (TASKS, "tasks/"), (PACTS, "pacts/"), (COMMENDATIONS, "commendations/"),
):
    urlpatterns += spreadsheet_urls(_type, _prefix)
