"""Pages of the people app: the generic record views configured per record type, and the person picker."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_htmx.http import reswap, retarget

from giapranh.core.access import can_record
from giapranh.core.audit import access_log_list_names
from giapranh.core.views import (
    RecordAccessMixin,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
)
from giapranh.core.views import RecordFormView as BaseRecordFormView
from giapranh.people import selectors, services
from giapranh.people.forms import (
    PersonFilterForm,
    PersonForm,
    PersonPickerWidget,
    PersonQuickCreateForm,
)
from giapranh.people.models import Person

if TYPE_CHECKING:
    pass


class RecordFormView(BaseRecordFormView):
    create_denied_message = gettext_lazy("Only commune police officers record persons and their records.")


# --- persons ---------------------------------------------------------------------------------


class PersonListView(RecordListView):
    filter_form_class = PersonFilterForm
    list_selector = staticmethod(selectors.person_list)
    template_name = "people/person_list.html"
    partial_template_name = "people/partials/_person_results.html"

    def filters_applied(self, request: HttpRequest, filters: dict[str, Any]) -> None:
        # One row per page of names: a search (however it arrived) or a plain list; never the query text.
        if (filters.get("q") or "").strip():
            services.person_search_log(actor=request.user)
        else:
            access_log_list_names(actor=request.user, target_type="people.person")


class PersonDetailView(RecordDetailView):
    get_selector = staticmethod(selectors.person_get_for)
    template_name = "people/person_detail.html"

    def extra_context(self, record: Any) -> dict[str, Any]:
        return {"linked": selectors.person_linked_records(user=self.request.user, person=record), "can_share": False}


class PersonFormView(RecordFormView):
    """Persons are not kit records: their own services, any recorder may create one."""

    form_class = PersonForm
    get_selector = staticmethod(selectors.person_get_for)

    def may_create(self, user: Any) -> bool:
        return can_record(user)

    def title(self, record: Any) -> str:
        return _("Edit person") if record else _("New person")

    def create(self, *, actor: Any, data: dict[str, Any]) -> Any:
        return services.person_create(actor=actor, **data)

    def update(self, *, record: Any, actor: Any, data: dict[str, Any]) -> Any:
        return services.person_update(person=record, actor=actor, **data)


class PersonDeleteView(RecordDeleteView):
    get_selector = staticmethod(selectors.person_get_for)
    success_url_name = "people:person_list"

    def post(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        person = self._record(request, public_id)
        label = str(person)
        try:
            services.person_delete(person=person, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(person.get_absolute_url())
        messages.success(request, _("Deleted %(record)s.") % {"record": label})
        return redirect(self.success_url_name)


# --- the person picker (HTMX fragments) ------------------------------------------------------

_FIELD_NAME = re.compile(r"^[A-Za-z_][\w-]{0,99}$")


def _picker_target(request: HttpRequest) -> tuple[str, str]:
    """The form field a picker fragment belongs to (name and element id), checked to be plain names."""
    params = request.POST if request.method == "POST" else request.GET
    name, field_id = params.get("name", ""), params.get("id", "")
    if not _FIELD_NAME.match(name) or not _FIELD_NAME.match(field_id):
        raise Http404
    return name, field_id


def _typed(request: HttpRequest, name: str) -> str:
    """What was typed in the picker's search box (`<name>-search`); POSTed, so names stay out of URLs."""
    params = request.POST if request.method == "POST" else request.GET
    return (params.get(f"{name}-search") or params.get("q") or "").strip()[:100]


def _foreign(request: HttpRequest) -> bool:
    """The picker offers foreign nationals only (the foreign-visit form)."""
    params = request.POST if request.method == "POST" else request.GET
    return params.get("foreign") == "1"


def _render_picker(request: HttpRequest, name: str, field_id: str, person: Person | None) -> HttpResponse:
    widget = PersonPickerWidget()
    widget.user = request.user
    widget.foreign_only = _foreign(request)
    return HttpResponse(widget.render(name, person, attrs={"id": field_id}, renderer=None))


class PersonPickerView(RecordAccessMixin, View):
    """Search hits for a picker: name, birth date or year, home commune and the last four characters of the ID."""

    def post(self, request: HttpRequest) -> HttpResponse:
        name, field_id = _picker_target(request)
        q = _typed(request, name)
        persons = selectors.person_search(user=request.user, q=q) if q else []
        foreign = _foreign(request)
        if foreign:
            persons = [person for person in persons if person.is_foreign]
        if q:
            services.person_search_log(actor=request.user)
        context = {
            "persons": persons, "q": q, "name": name, "field_id": field_id, "can_create": can_record(request.user),
            "foreign": "1" if foreign else "",
        }
        return render(request, "people/partials/_picker_results.html", context)


class PersonPickView(RecordAccessMixin, View):
    """The picker with one person picked (or emptied, without `person`)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        name, field_id = _picker_target(request)
        public_id = request.GET.get("person", "")
        person = selectors.person_by_public_id(user=request.user, public_id=public_id) if public_id else None
        if public_id and person is None:
            raise Http404
        return _render_picker(request, name, field_id, person)


class PersonQuickCreateView(RecordAccessMixin, View):
    """Record a person from inside a picker; answers with the picker holding the new person."""

    template_name = "people/partials/_picker_create.html"

    def _form(self, request: HttpRequest, name: str, data: Any = None) -> PersonQuickCreateForm:
        return PersonQuickCreateForm(data, user=request.user, prefix=f"{name}-new", foreign=_foreign(request))

    def _blank(self, request: HttpRequest) -> HttpResponse:
        """The empty form, the typed name already filled in."""
        name, field_id = _picker_target(request)
        if not can_record(request.user):
            raise PermissionDenied(_("Only commune police officers record persons and their records."))
        form = self._form(request, name)
        form.initial["full_name"] = _typed(request, name)
        return render(request, self.template_name, {"form": form, "name": name, "field_id": field_id, "foreign": "1" if _foreign(request) else ""})

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._blank(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        if "prefill" in request.POST:
            return self._blank(request)
        name, field_id = _picker_target(request)
        form = self._form(request, name, request.POST)
        if form.is_valid():
            try:
                person = services.person_create(actor=request.user, **form.service_data())
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return _render_picker(request, name, field_id, person)
        response = render(request, self.template_name, {"form": form, "name": name, "field_id": field_id, "foreign": "1" if _foreign(request) else ""})
        # The form stays where it was (the results box) instead of replacing the picker.
        return reswap(retarget(response, f"#{field_id}_results"), "innerHTML")


# --- records about persons: the kit's views (`people.urls`), one addition --------------------


class SupervisionDetailView(RecordDetailView):
    """A supervision's page also lists the measures of that supervision the reader may see."""

    def extra_context(self, record: Any) -> dict[str, Any]:
        measures = selectors.measure_list(user=self.request.user).filter(supervision=record)
        return {"measures": list(measures)}
