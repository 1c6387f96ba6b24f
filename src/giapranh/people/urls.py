from django.urls import path

from giapranh.core.kit_views import record_urls
from giapranh.people import views
from giapranh.people.records import EXITS, MEASURES, SUPERVISIONS, VISITS

app_name = "people"


def _pages(record_type, prefix, template, **kwargs):  # type: ignore[no-untyped-def]
    """The kit's pages of a people record type, with the type's own list and detail templates."""
    return record_urls(
        record_type, prefix, form_view=views.RecordFormView,
        list_template=f"people/{template}_list.html", list_partial=f"people/partials/_{template}_results.html",
        detail_template=f"people/{template}_detail.html", **kwargs,
    )


urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("new/", views.PersonFormView.as_view(), name="person_create"),
    path("<uuid:public_id>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<uuid:public_id>/edit/", views.PersonFormView.as_view(), name="person_edit"),
    path("<uuid:public_id>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path("picker/", views.PersonPickerView.as_view(), name="person_picker"),
    path("picker/pick/", views.PersonPickView.as_view(), name="person_pick"),
    path("picker/new/", views.PersonQuickCreateView.as_view(), name="person_quick_create"),
    *_pages(SUPERVISIONS, "supervisions/", "supervision", detail_view=views.SupervisionDetailView),
    *_pages(MEASURES, "measures/", "measure"),
    *_pages(VISITS, "visits/", "visit"),
    *_pages(EXITS, "exits/", "exit"),
]
