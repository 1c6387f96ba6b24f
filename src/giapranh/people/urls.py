from django.urls import URLPattern, path
from django.views import View

from giapranh.people import views

app_name = "people"


def _record_urls(
    prefix: str, name: str, list_view: type[View], detail: type[View], form: type[View], delete: type[View],
    share: type[View] | None,
) -> list[URLPattern]:
    patterns = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/new/", form.as_view(), name=f"{name}_create"),
        path(f"{prefix}/<uuid:public_id>/", detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<uuid:public_id>/edit/", form.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<uuid:public_id>/delete/", delete.as_view(), name=f"{name}_delete"),
    ]
    if share is not None:
        patterns.append(path(f"{prefix}/<uuid:public_id>/share/", share.as_view(), name=f"{name}_share"))
    return patterns


urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("new/", views.PersonFormView.as_view(), name="person_create"),
    path("<uuid:public_id>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<uuid:public_id>/edit/", views.PersonFormView.as_view(), name="person_edit"),
    path("<uuid:public_id>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path("picker/", views.PersonPickerView.as_view(), name="person_picker"),
    path("picker/pick/", views.PersonPickView.as_view(), name="person_pick"),
    path("picker/new/", views.PersonQuickCreateView.as_view(), name="person_quick_create"),
    *_record_urls("supervisions", "supervision", views.SupervisionListView, views.SupervisionDetailView,
                  views.SupervisionFormView, views.SupervisionDeleteView, views.SupervisionShareView),
    *_record_urls("measures", "measure", views.MeasureListView, views.MeasureDetailView,
                  views.MeasureFormView, views.MeasureDeleteView, views.MeasureShareView),
    *_record_urls("visits", "visit", views.VisitListView, views.VisitDetailView,
                  views.VisitFormView, views.VisitDeleteView, views.VisitShareView),
    *_record_urls("exits", "exit", views.ExitListView, views.ExitDetailView,
                  views.ExitFormView, views.ExitDeleteView, views.ExitShareView),
]
