from django.urls import path

from giapranh.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("clusters/", views.cluster_dashboards, name="cluster_dashboards"),
    path("<uuid:public_id>/", views.report_detail, name="report_detail"),
    path("<uuid:public_id>/figures/<str:key>/", views.report_figure, name="report_figure"),
    path("<uuid:public_id>/edit/", views.report_edit, name="report_edit"),
    path("<uuid:public_id>/sign/", views.report_sign_view, name="report_sign"),
    path("<uuid:public_id>/new-version/", views.report_new_version, name="report_new_version"),
    path("<uuid:public_id>/export.<str:fmt>", views.report_download, name="report_download"),
]
