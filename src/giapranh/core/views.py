"""Generic views for operational records, configured per record type.

Each record app subclasses these with its form, its selectors and its services;
the views only authenticate, fetch through a selector, validate and call one
service (STYLE.md). Missing and forbidden records both answer 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from giapranh.core.access import can_edit, can_record, can_share
from giapranh.core.history import history_for
from giapranh.core.services import record_delete, record_share, record_view_logged

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails
    from django_stubs_ext import StrOrPromise

    from giapranh.core.forms import RecordFilterForm, RecordForm

    class HtmxHttpRequest(HttpRequest):
        """A request that went through django-htmx's middleware."""

        htmx: HtmxDetails

PAGE_SIZE = 25


class RecordAccessMixin(LoginRequiredMixin):
    """Only roles that see operational records reach these pages."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated and not getattr(user, "sees_records", False):
            raise PermissionDenied(_("Your role sees aggregate statistics only, not individual records."))
        return super().dispatch(request, *args, **kwargs)


class RecordMeta:
    """Names shared by the views of one record type."""

    url_namespace: ClassVar[str]
    verbose_name: ClassVar[str]
    verbose_name_plural: ClassVar[str]


class RecordListView(RecordAccessMixin, View):
    """A filtered, paginated list.

    Filters are POSTed and kept in the session, not in the query string: what an
    officer types is often a person's name, and URLs end up in browser history and
    server logs. Only `page` travels in the URL. (GET parameters still work, for
    links that carry no personal data.)
    """

    filter_form_class: type[RecordFilterForm]
    list_selector: Callable[..., Any]
    template_name: str
    partial_template_name: str

    def _session_key(self, request: HttpRequest) -> str:
        return f"list-filters:{request.path}"

    def _render(self, request: HttpRequest, data: QueryDict | None, *, partial: bool, page_number: Any = None) -> HttpResponse:
        form = self.filter_form_class(data or None, user=request.user)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        queryset = type(self).list_selector(user=request.user, **filters)
        self.filters_applied(request, filters)
        page = Paginator(queryset, PAGE_SIZE).get_page(page_number)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form, "page": page, "records": page.object_list, "query": query.urlencode(),
            "can_record": can_record(request.user),
        }
        return render(request, self.partial_template_name if partial else self.template_name, context)

    def filters_applied(self, request: HttpRequest, filters: dict[str, Any]) -> None:
        """Hook: called once per rendered list with the filters in force (e.g. to log a search)."""

    def get(self, request: HtmxHttpRequest) -> HttpResponse:
        key = self._session_key(request)
        if "reset" in request.GET:
            request.session.pop(key, None)
            return redirect(request.path)
        data = request.GET.copy()
        data.pop("page", None)
        if not data and key in request.session:
            data = QueryDict(request.session[key])
        return self._render(request, data, partial=bool(request.htmx), page_number=request.GET.get("page"))

    def post(self, request: HtmxHttpRequest) -> HttpResponse:
        data = request.POST.copy()
        data.pop("csrfmiddlewaretoken", None)
        form = self.filter_form_class(data, user=request.user)
        if form.is_valid():
            request.session[self._session_key(request)] = data.urlencode()
            if not request.htmx:
                return redirect(request.path)
        return self._render(request, data, partial=bool(request.htmx))


class RecordDetailView(RecordAccessMixin, View):
    get_selector: Callable[..., Any]
    template_name: str
    holds_personal_data = True

    def get(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        record = type(self).get_selector(user=request.user, public_id=public_id)
        if self.holds_personal_data:
            record_view_logged(record=record, actor=request.user)
        return self.render_detail(request, record)

    def render_detail(self, request: HttpRequest, record: Any) -> HttpResponse:
        """The detail page of a record already fetched (and its read logged) by the caller."""
        context = {
            "record": record,
            "history": history_for(record),
            "can_edit": can_edit(request.user, record),
            "can_share": can_share(request.user, record),
            **self.extra_context(record),
        }
        return render(request, self.template_name, context)

    def extra_context(self, record: Any) -> dict[str, Any]:
        return {}


def editable_or_404(get_selector: Callable[..., Any], user: Any, public_id: Any) -> Any:
    """A record the user may change; invisible and read-only records both answer 404."""
    record = get_selector(user=user, public_id=public_id)
    if not can_edit(user, record):
        raise Http404
    return record


def _apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class RecordFormView(RecordAccessMixin, View):
    """Create (no public_id) or edit (public_id) a record through its services."""

    form_class: type[RecordForm]
    get_selector: Callable[..., Any]
    create_service: Callable[..., Any]
    update_service: Callable[..., Any]
    template_name = "core/record_form.html"
    title_create: StrOrPromise = ""
    title_edit: StrOrPromise = ""
    create_denied_message: StrOrPromise = gettext_lazy("Only commune police officers file records.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # A blank form is for those who file records; editing is checked by can_edit (404).
        if request.user.is_authenticated and kwargs.get("public_id") is None and not can_record(request.user):
            raise PermissionDenied(self.create_denied_message)
        return super().dispatch(request, *args, **kwargs)

    def _record(self, request: HttpRequest, public_id: Any) -> Any:
        if public_id is None:
            return None
        return editable_or_404(type(self).get_selector, request.user, public_id)

    def _render(self, request: HttpRequest, form: forms.BaseForm, record: Any) -> HttpResponse:
        title = self.title_edit if record else self.title_create
        return render(request, self.template_name, {"form": form, "record": record, "title": title})

    def get(self, request: HttpRequest, public_id: Any = None) -> HttpResponse:
        record = self._record(request, public_id)
        form = self.form_class(user=request.user, instance=record) if record else self.form_class(user=request.user)
        return self._render(request, form, record)

    def post(self, request: HttpRequest, public_id: Any = None) -> HttpResponse:
        record = self._record(request, public_id)
        form = self.form_class(request.POST, user=request.user, instance=record)
        if form.is_valid():
            try:
                if record is None:
                    record = type(self).create_service(actor=request.user, **form.service_data())
                    messages.success(request, _("Saved."))
                else:
                    record = type(self).update_service(record=record, actor=request.user, **form.service_data())
                    messages.success(request, _("Changes saved."))
                return redirect(record.get_absolute_url())
            except ValidationError as error:
                _apply_errors(form, error)
        return self._render(request, form, record)


class RecordDeleteView(RecordAccessMixin, View):
    get_selector: Callable[..., Any]
    success_url_name: str
    template_name = "core/record_confirm_delete.html"

    def _record(self, request: HttpRequest, public_id: Any) -> Any:
        return editable_or_404(type(self).get_selector, request.user, public_id)

    def get(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        return render(request, self.template_name, {"record": self._record(request, public_id)})

    def post(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        record = self._record(request, public_id)
        label = str(record)
        record_delete(record=record, actor=request.user)
        messages.success(request, _("Deleted %(record)s.") % {"record": label})
        return redirect(self.success_url_name)


class RecordShareView(RecordAccessMixin, View):
    """POST shared=1|0: a commune chief shares or withdraws a record."""

    get_selector: Callable[..., Any]

    def post(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        record = type(self).get_selector(user=request.user, public_id=public_id)
        if not can_share(request.user, record):
            raise Http404
        shared = request.POST.get("shared") == "1"
        record_share(record=record, actor=request.user, shared=shared)
        messages.success(request, _("Shared with the cluster.") if shared else _("No longer shared with the cluster."))
        return redirect(record.get_absolute_url())
