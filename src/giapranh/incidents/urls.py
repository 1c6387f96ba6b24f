from django.urls import path

from giapranh.core.kit_views import record_urls
from giapranh.incidents import views
from giapranh.incidents.records import ACCIDENTS, INCIDENTS

app_name = "incidents"

urlpatterns = [
    *record_urls(
        INCIDENTS, "", detail_view=views.IncidentDetailView, form_view=views.RecordFormView,
        list_template="incidents/incident_list.html", list_partial="incidents/partials/_incident_table.html",
        detail_template="incidents/incident_detail.html",
    ),
    path("<uuid:public_id>/involvements/", views.InvolvementAddView.as_view(), name="involvement_add"),
    path(
        "<uuid:public_id>/involvements/<uuid:involvement_id>/remove/",
        views.InvolvementRemoveView.as_view(), name="involvement_remove",
    ),
    *record_urls(
        ACCIDENTS, "accidents/", detail_view=views.AccidentDetailView, form_view=views.RecordFormView,
        list_template="incidents/accident_list.html", list_partial="incidents/partials/_accident_table.html",
        detail_template="incidents/accident_detail.html",
    ),
    path("accidents/<uuid:public_id>/involvements/", views.AccidentInvolvementAddView.as_view(), name="accident_involvement_add"),
    path(
        "accidents/<uuid:public_id>/involvements/<uuid:involvement_id>/remove/",
        views.AccidentInvolvementRemoveView.as_view(), name="accident_involvement_remove",
    ),
]
