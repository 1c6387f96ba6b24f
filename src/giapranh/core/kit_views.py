"""The pages half of the record kit: the URLs and views of a declared record type.

`record_urls(record_type, prefix)` gives list, create, detail, edit, delete,
share and attachment URLs, each a generic view of `core.views` configured from
the declaration. A type that needs more (the persons of an incident) passes its
own subclass of one view; the rest still come from the declaration.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views import View

from giapranh.core.attachments import (
    attachment_add,
    attachment_get,
    attachment_remove,
    attachment_response,
)
from giapranh.core.kit import RecordType
from giapranh.core.views import (
    RecordAccessMixin,
    RecordDeleteView,
    RecordDetailView,
    RecordFormView,
    RecordListView,
    RecordShareView,
    apply_errors,
    editable_or_404,
)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text="PDF, JPEG, PNG, DOCX, XLSX")
    description = forms.CharField(label=_("Description"), required=False, max_length=200)


class AttachmentUploadView(RecordAccessMixin, View):
    """POST a file onto a record of one's own agency (the detail page's form)."""

    record_type: RecordType

    def post(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        record = editable_or_404(self.record_type.get_for, request.user, public_id)
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                attachment_add(record=record, actor=request.user, upload=form.cleaned_data["file"], description=form.cleaned_data["description"])
            except ValidationError as error:
                apply_errors(form, error)
        if form.errors:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, str(message))
        else:
            messages.success(request, _("File attached."))
        return redirect(record.get_absolute_url())


class AttachmentDownloadView(RecordAccessMixin, View):
    """GET a record's file: through the record's access rule, logged."""

    record_type: RecordType

    def get(self, request: HttpRequest, public_id: Any, attachment_id: Any) -> HttpResponseBase:
        record = self.record_type.get_for(user=request.user, public_id=public_id)
        return attachment_response(record=record, attachment=attachment_get(record=record, public_id=attachment_id), actor=request.user)


class AttachmentRemoveView(RecordAccessMixin, View):
    record_type: RecordType

    def post(self, request: HttpRequest, public_id: Any, attachment_id: Any) -> HttpResponse:
        record = editable_or_404(self.record_type.get_for, request.user, public_id)
        attachment_remove(record=record, attachment=attachment_get(record=record, public_id=attachment_id), actor=request.user)
        messages.success(request, _("File removed."))
        return redirect(record.get_absolute_url())


def _configured(base: type[View], record_type: RecordType, **attrs: Any) -> type[View]:
    name = f"{record_type.model.__name__}{base.__name__}"
    return type(name, (base,), {"record_type": record_type, **attrs})


def record_urls(
    record_type: RecordType,
    prefix: str,
    *,
    list_view: type[RecordListView] = RecordListView,
    detail_view: type[RecordDetailView] = RecordDetailView,
    form_view: type[RecordFormView] = RecordFormView,
    list_template: str = "core/record_list.html",
    list_partial: str = "core/partials/_record_table.html",
    detail_template: str = "core/record_detail.html",
) -> list[URLPattern]:
    """The URL patterns of one record type's pages (names `<url_name>_list`, `_detail`, …)."""
    rt = record_type
    get_for = staticmethod(rt.get_for)
    name = rt.url_name
    form_class = import_string(rt.form_class) if rt.form_class else None
    views: dict[str, type[View]] = {
        "list": _configured(
            list_view, rt, filter_form_class=rt.filter_form, list_selector=staticmethod(rt.list_for),
            template_name=list_template, partial_template_name=list_partial,
        ),
        "detail": _configured(detail_view, rt, get_selector=get_for, template_name=detail_template, holds_personal_data=rt.personal_data),
        "form": _configured(form_view, rt, form_class=form_class, get_selector=get_for),
        "delete": _configured(RecordDeleteView, rt, get_selector=get_for, success_url_name=rt.url("list")),
    }
    patterns = [
        path(f"{prefix}", views["list"].as_view(), name=f"{name}_list"),
        path(f"{prefix}new/", views["form"].as_view(), name=f"{name}_create"),
        path(f"{prefix}<uuid:public_id>/", views["detail"].as_view(), name=f"{name}_detail"),
        path(f"{prefix}<uuid:public_id>/edit/", views["form"].as_view(), name=f"{name}_edit"),
        path(f"{prefix}<uuid:public_id>/delete/", views["delete"].as_view(), name=f"{name}_delete"),
    ]
    if rt.policy.shareable:
        share = _configured(RecordShareView, rt, get_selector=get_for)
        patterns.append(path(f"{prefix}<uuid:public_id>/share/", share.as_view(), name=f"{name}_share"))
    if rt.attachments:
        patterns += [
            path(f"{prefix}<uuid:public_id>/files/", _configured(AttachmentUploadView, rt).as_view(), name=f"{name}_attach"),
            path(
                f"{prefix}<uuid:public_id>/files/<uuid:attachment_id>/",
                _configured(AttachmentDownloadView, rt).as_view(), name=f"{name}_download",
            ),
            path(
                f"{prefix}<uuid:public_id>/files/<uuid:attachment_id>/remove/",
                _configured(AttachmentRemoveView, rt).as_view(), name=f"{name}_detach",
            ),
        ]
    return patterns
