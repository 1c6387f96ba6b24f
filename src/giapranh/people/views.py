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
from giapranh.core.views import (
    RecordAccessMixin,
    RecordDeleteView,
    RecordDetailView,
    RecordFormView,
    RecordListView,
    RecordShareView,
)
from giapranh.people import selectors, services
from giapranh.people.forms import (
    ExitFilterForm,
    ExitForm,
    MeasureFilterForm,
    MeasureForm,
    PersonFilterForm,
    PersonForm,
    PersonPickerWidget,
    PersonQuickCreateForm,
    SupervisionFilterForm,
    SupervisionForm,
    VisitFilterForm,
    VisitForm,
)
from giapranh.people.models import Person

if TYPE_CHECKING:
    pass


class RecorderFormView(RecordFormView):
    """A people record form; a blank one may arrive with the person already chosen."""

    create_denied_message = gettext_lazy("Only commune police officers record persons and their records.")

    def get(self, request: HttpRequest, public_id: Any = None) -> HttpResponse:
        if public_id is not None:
            return super().get(request, public_id)
        # "Put under supervision" and the like arrive with the person's public id.
        initial = {name: request.GET[name] for name in ("person", "visitor") if request.GET.get(name)}
        return self._render(request, self.form_class(user=request.user, initial=initial), None)


# --- persons ---------------------------------------------------------------------------------


class PersonListView(RecordListView):
    filter_form_class = PersonFilterForm
    list_selector = staticmethod(selectors.person_list)
    template_name = "people/person_list.html"
    partial_template_name = "people/partials/_person_results.html"

    def filters_applied(self, request: HttpRequest, filters: dict[str, Any]) -> None:
        # A name search is logged however it arrived (posted form, session, link).
        if (filters.get("q") or "").strip():
            services.person_search_log(actor=request.user)


class PersonDetailView(RecordDetailView):
    get_selector = staticmethod(selectors.person_get_for)
    template_name = "people/person_detail.html"

    def extra_context(self, record: Any) -> dict[str, Any]:
        return {"linked": selectors.person_linked_records(user=self.request.user, person=record), "can_share": False}


def _person_update(*, record: Person, actor: Any, **data: Any) -> Person:
    return services.person_update(person=record, actor=actor, **data)


class PersonFormView(RecorderFormView):
    form_class = PersonForm
    get_selector = staticmethod(selectors.person_get_for)
    create_service = staticmethod(services.person_create)
    update_service = staticmethod(_person_update)
    title_create = gettext_lazy("New person")
    title_edit = gettext_lazy("Edit person")


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


def _render_picker(request: HttpRequest, name: str, field_id: str, person: Person | None) -> HttpResponse:
    widget = PersonPickerWidget()
    widget.user = request.user
    return HttpResponse(widget.render(name, person, attrs={"id": field_id}, renderer=None))


class PersonPickerView(RecordAccessMixin, View):
    """Search hits for a picker: name, birth year, home commune — never ID numbers."""

    def post(self, request: HttpRequest) -> HttpResponse:
        name, field_id = _picker_target(request)
        q = _typed(request, name)
        persons = selectors.person_search(user=request.user, q=q) if q else []
        if q:
            services.person_search_log(actor=request.user)
        context = {"persons": persons, "q": q, "name": name, "field_id": field_id, "can_create": can_record(request.user)}
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
        return PersonQuickCreateForm(data, user=request.user, prefix=f"{name}-new")

    def _blank(self, request: HttpRequest) -> HttpResponse:
        """The empty form, the typed name already filled in."""
        name, field_id = _picker_target(request)
        if not can_record(request.user):
            raise PermissionDenied(_("Only commune police officers record persons and their records."))
        form = self._form(request, name)
        form.initial["full_name"] = _typed(request, name)
        return render(request, self.template_name, {"form": form, "name": name, "field_id": field_id})

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
        response = render(request, self.template_name, {"form": form, "name": name, "field_id": field_id})
        # The form stays where it was (the results box) instead of replacing the picker.
        return reswap(retarget(response, f"#{field_id}_results"), "innerHTML")


# --- records ---------------------------------------------------------------------------------


class SupervisionListView(RecordListView):
    filter_form_class = SupervisionFilterForm
    list_selector = staticmethod(selectors.supervision_list)
    template_name = "people/supervision_list.html"
    partial_template_name = "people/partials/_supervision_results.html"


class SupervisionDetailView(RecordDetailView):
    get_selector = staticmethod(selectors.supervision_get_for)
    template_name = "people/supervision_detail.html"

    def extra_context(self, record: Any) -> dict[str, Any]:
        measures = selectors.measure_list(user=self.request.user).filter(supervision=record)
        return {"measures": list(measures)}


class SupervisionFormView(RecorderFormView):
    form_class = SupervisionForm
    get_selector = staticmethod(selectors.supervision_get_for)
    create_service = staticmethod(services.supervision_create)
    update_service = staticmethod(services.supervision_update)
    title_create = gettext_lazy("New supervision")
    title_edit = gettext_lazy("Edit supervision")


class SupervisionDeleteView(RecordDeleteView):
    get_selector = staticmethod(selectors.supervision_get_for)
    success_url_name = "people:supervision_list"


class SupervisionShareView(RecordShareView):
    get_selector = staticmethod(selectors.supervision_get_for)


class MeasureListView(RecordListView):
    filter_form_class = MeasureFilterForm
    list_selector = staticmethod(selectors.measure_list)
    template_name = "people/measure_list.html"
    partial_template_name = "people/partials/_measure_results.html"


class MeasureDetailView(RecordDetailView):
    get_selector = staticmethod(selectors.measure_get_for)
    template_name = "people/measure_detail.html"


class MeasureFormView(RecorderFormView):
    form_class = MeasureForm
    get_selector = staticmethod(selectors.measure_get_for)
    create_service = staticmethod(services.measure_create)
    update_service = staticmethod(services.measure_update)
    title_create = gettext_lazy("New measure")
    title_edit = gettext_lazy("Edit measure")


class MeasureDeleteView(RecordDeleteView):
    get_selector = staticmethod(selectors.measure_get_for)
    success_url_name = "people:measure_list"


class MeasureShareView(RecordShareView):
    get_selector = staticmethod(selectors.measure_get_for)


class VisitListView(RecordListView):
    filter_form_class = VisitFilterForm
    list_selector = staticmethod(selectors.visit_list)
    template_name = "people/visit_list.html"
    partial_template_name = "people/partials/_visit_results.html"


class VisitDetailView(RecordDetailView):
    get_selector = staticmethod(selectors.visit_get_for)
    template_name = "people/visit_detail.html"


class VisitFormView(RecorderFormView):
    form_class = VisitForm
    get_selector = staticmethod(selectors.visit_get_for)
    create_service = staticmethod(services.visit_create)
    update_service = staticmethod(services.visit_update)
    title_create = gettext_lazy("New foreign visit")
    title_edit = gettext_lazy("Edit foreign visit")


class VisitDeleteView(RecordDeleteView):
    get_selector = staticmethod(selectors.visit_get_for)
    success_url_name = "people:visit_list"


class VisitShareView(RecordShareView):
    get_selector = staticmethod(selectors.visit_get_for)


class ExitListView(RecordListView):
    filter_form_class = ExitFilterForm
    list_selector = staticmethod(selectors.exit_list)
    template_name = "people/exit_list.html"
    partial_template_name = "people/partials/_exit_results.html"


class ExitDetailView(RecordDetailView):
    get_selector = staticmethod(selectors.exit_get_for)
    template_name = "people/exit_detail.html"


class ExitFormView(RecorderFormView):
    form_class = ExitForm
    get_selector = staticmethod(selectors.exit_get_for)
    create_service = staticmethod(services.exit_create)
    update_service = staticmethod(services.exit_update)
    title_create = gettext_lazy("New illegal exit")
    title_edit = gettext_lazy("Edit illegal exit")


class ExitDeleteView(RecordDeleteView):
    get_selector = staticmethod(selectors.exit_get_for)
    success_url_name = "people:exit_list"


class ExitShareView(RecordShareView):
    get_selector = staticmethod(selectors.exit_get_for)
