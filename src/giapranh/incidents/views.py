"""Pages for incidents and traffic accidents: the generic record views, configured."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from giapranh.core.access import can_edit
from giapranh.core.actor import actor_of
from giapranh.core.services import record_view_logged
from giapranh.core.views import RecordAccessMixin, RecordDetailView, apply_errors, editable_or_404
from giapranh.core.views import RecordFormView as BaseRecordFormView
from giapranh.incidents.forms import AccidentInvolvementForm, InvolvementForm
from giapranh.incidents.records import ACCIDENTS, INCIDENTS
from giapranh.incidents.selectors import (
    accident_get_for,
    accident_involvement_get_for,
    incident_get_for,
    involvement_get_for,
)
from giapranh.incidents.services import (
    accident_involvement_add,
    accident_involvement_remove,
    involvement_add,
    involvement_remove,
)


class _RecordWithPersons(RecordDetailView):
    """A detail page with the record's persons; also the involvement form's error page."""

    share_url_name: str
    involvement_add_url_name: str
    involvement_remove_url_name: str
    involvement_form_class: type[InvolvementForm]
    # A bound form with errors, when the page answers a failed "add a person".
    involvement_form: forms.Form | None = None

    def extra_context(self, record: Any) -> dict[str, Any]:
        """What the detail page shows beyond the generic record context."""
        editable = can_edit(self.request.user, record)
        involvement_form = self.involvement_form
        if editable and involvement_form is None:
            involvement_form = self.involvement_form_class(user=self.request.user)
        return {
            "share_url": reverse(self.share_url_name, kwargs={"public_id": record.public_id}),
            "involvement_form": involvement_form if editable else None,
            "involvement_add_url": reverse(self.involvement_add_url_name, kwargs={"public_id": record.public_id}),
            "involvements": [
                {
                    "involvement": involvement,
                    "person_url": involvement.person.get_absolute_url(),
                    "remove_url": reverse(
                        self.involvement_remove_url_name,
                        kwargs={"public_id": record.public_id, "involvement_id": involvement.public_id},
                    ),
                }
                for involvement in record.involvements.all()
            ],
        }


class _InvolvementAddView(RecordAccessMixin, View):
    """POST person + role: add a person to a record of one's own agency."""

    detail_view: type[_RecordWithPersons]
    get_selector: Callable[..., Any]
    add_service: Callable[..., Any]
    record_kwarg: str

    def post(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        record = editable_or_404(type(self).get_selector, request.user, public_id)
        form = self.detail_view.involvement_form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                type(self).add_service(actor=request.user, **{self.record_kwarg: record}, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Person added."))
                return redirect(record.get_absolute_url())
        # The page shows the record's persons again: a read like any other.
        record_view_logged(record=record, actor=actor_of(request))
        return self.detail_view(request=request, involvement_form=form).render_detail(request, record)


class _InvolvementRemoveView(RecordAccessMixin, View):
    get_selector: Callable[..., Any]
    involvement_selector: Callable[..., Any]
    remove_service: Callable[..., Any]
    record_kwarg: str

    def post(self, request: HttpRequest, public_id: Any, involvement_id: Any) -> HttpResponse:
        record = editable_or_404(type(self).get_selector, request.user, public_id)
        involvement = type(self).involvement_selector(user=request.user, **{self.record_kwarg: record}, public_id=involvement_id)
        type(self).remove_service(involvement=involvement, actor=request.user)
        messages.success(request, _("Person removed from the record."))
        return redirect(record.get_absolute_url())


# --- incidents and accidents: the kit's views, with the persons part added ---------------------
# List, form, delete and share pages come from the declarations (`incidents.records`, `incidents.urls`).


class RecordFormView(BaseRecordFormView):
    create_denied_message = gettext_lazy("Only commune police officers record incidents and accidents.")


class IncidentDetailView(_RecordWithPersons):
    record_type = INCIDENTS
    get_selector = staticmethod(incident_get_for)
    template_name = "incidents/incident_detail.html"
    share_url_name = "incidents:incident_share"
    involvement_add_url_name = "incidents:involvement_add"
    involvement_remove_url_name = "incidents:involvement_remove"
    involvement_form_class = InvolvementForm


class InvolvementAddView(_InvolvementAddView):
    detail_view = IncidentDetailView
    get_selector = staticmethod(incident_get_for)
    add_service = staticmethod(involvement_add)
    record_kwarg = "incident"


class InvolvementRemoveView(_InvolvementRemoveView):
    get_selector = staticmethod(incident_get_for)
    involvement_selector = staticmethod(involvement_get_for)
    remove_service = staticmethod(involvement_remove)
    record_kwarg = "incident"


class AccidentDetailView(_RecordWithPersons):
    record_type = ACCIDENTS
    get_selector = staticmethod(accident_get_for)
    template_name = "incidents/accident_detail.html"
    share_url_name = "incidents:accident_share"
    involvement_add_url_name = "incidents:accident_involvement_add"
    involvement_remove_url_name = "incidents:accident_involvement_remove"
    involvement_form_class = AccidentInvolvementForm


class AccidentInvolvementAddView(_InvolvementAddView):
    detail_view = AccidentDetailView
    get_selector = staticmethod(accident_get_for)
    add_service = staticmethod(accident_involvement_add)
    record_kwarg = "accident"


class AccidentInvolvementRemoveView(_InvolvementRemoveView):
    get_selector = staticmethod(accident_get_for)
    involvement_selector = staticmethod(accident_involvement_get_for)
    remove_service = staticmethod(accident_involvement_remove)
    record_kwarg = "accident"
