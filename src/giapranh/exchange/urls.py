from django.urls import URLPattern, path

from giapranh.core.kit_views import record_urls
from giapranh.exchange import views
from giapranh.exchange.records import NOTICES, REQUESTS

app_name = "exchange"


def _actions(prefix: str, kind: str, name: str) -> list[URLPattern]:
    action = views.MessageActionView.as_view(kind=kind)
    return [
        path(f"{prefix}<uuid:public_id>/links/<int:link_id>/<str:action>/", action, name=f"{name}_link_action"),
        path(f"{prefix}<uuid:public_id>/<str:action>/", action, name=f"{name}_action"),
    ]


urlpatterns = [
    path("", views.BoxView.as_view(box="inbox"), name="inbox"),
    path("outbox/", views.BoxView.as_view(box="outbox"), name="outbox"),
    path("counts/", views.CountsView.as_view(), name="counts"),
    path("alerts/", views.AlertListView.as_view(), name="alert_list"),
    path("alerts/<uuid:public_id>/", views.AlertDetailView.as_view(), name="alert_detail"),
    *record_urls(NOTICES, "notices/", detail_view=views.MessageDetailView),
    *_actions("notices/", "notice", "notice"),
    *record_urls(REQUESTS, "requests/", detail_view=views.MessageDetailView),
    *_actions("requests/", "request", "request"),
]
