from django.urls import path

from giapranh.incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.IncidentListView.as_view(), name="incident_list"),
    path("new/", views.IncidentFormView.as_view(), name="incident_create"),
    path("<uuid:public_id>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path("<uuid:public_id>/edit/", views.IncidentFormView.as_view(), name="incident_edit"),
    path("<uuid:public_id>/delete/", views.IncidentDeleteView.as_view(), name="incident_delete"),
    path("<uuid:public_id>/share/", views.IncidentShareView.as_view(), name="incident_share"),
    path("<uuid:public_id>/involvements/", views.InvolvementAddView.as_view(), name="involvement_add"),
    path(
        "<uuid:public_id>/involvements/<uuid:involvement_id>/remove/",
        views.InvolvementRemoveView.as_view(), name="involvement_remove",
    ),
    path("accidents/", views.AccidentListView.as_view(), name="accident_list"),
    path("accidents/new/", views.AccidentFormView.as_view(), name="accident_create"),
    path("accidents/<uuid:public_id>/", views.AccidentDetailView.as_view(), name="accident_detail"),
    path("accidents/<uuid:public_id>/edit/", views.AccidentFormView.as_view(), name="accident_edit"),
    path("accidents/<uuid:public_id>/delete/", views.AccidentDeleteView.as_view(), name="accident_delete"),
    path("accidents/<uuid:public_id>/share/", views.AccidentShareView.as_view(), name="accident_share"),
    path("accidents/<uuid:public_id>/involvements/", views.AccidentInvolvementAddView.as_view(), name="accident_involvement_add"),
    path(
        "accidents/<uuid:public_id>/involvements/<uuid:involvement_id>/remove/",
        views.AccidentInvolvementRemoveView.as_view(), name="accident_involvement_remove",
    ),
]
