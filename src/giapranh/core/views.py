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
from giapranh.core.actor import actor_of
from giapranh.core.audit import access_log_list_names
from giapranh.core.history import history_for
from giapranh.core.services import (
    RecordInUse,
    record_create,
    record_delete,
    record_problems,
    record_share,
    record_update,
    record_view_logged,
)

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails
    from django_stubs_ext import StrOrPromise

    from giapranh.core.forms import RecordFilterForm, RecordForm
    from giapranh.core.kit import RecordType

    class HtmxHttpRequest(HttpRequest):
        """A request that went through django-htmx's middleware."""

        htmx: HtmxDetails

PAGE_SIZE = 25
SHARING_CHOICES = [
    ("", gettext_lazy("All")),
    ("shared", gettext_lazy("Ours, shared with the cluster")),
    ("not_shared", gettext_lazy("Ours, not shared")),
    ("received", gettext_lazy("Received from the cluster")),
]


def filter_by_sharing(queryset: Any, *, user: Any, sharing: str) -> Any:
    """A list narrowed to one's own records shared or not, or to those other communes shared (already visible ones only)."""
    from giapranh.core.access import agency_subtree_ids

    ours = agency_subtree_ids(user)
    if sharing == "shared":
        return queryset.filter(owner_agency_id__in=ours, shared_with_cluster=True)
    if sharing == "not_shared":
        return queryset.filter(owner_agency_id__in=ours, shared_with_cluster=False)
    if sharing == "received":
        return queryset.exclude(owner_agency_id__in=ours)
    return queryset


class RecordAccessMixin(LoginRequiredMixin):
    """Only roles that see operational records reach these pages."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated and not getattr(user, "sees_records", False):
            if "public_id" in kwargs:
                raise Http404  # one record: the same answer as for a record that does not exist
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
    server logs. Only `page` travels in the URL; other GET parameters are ignored.
    """

    record_type: RecordType
    filter_form_class: type[RecordFilterForm]
    list_selector: Callable[..., Any]
    template_name: str
    partial_template_name: str

    def _session_key(self, request: HttpRequest) -> str:
        return f"list-filters:{request.path}"

    def _render(self, request: HttpRequest, data: QueryDict | None, *, partial: bool, page_number: Any = None) -> HttpResponse:
        form = self.filter_form_class(data or None, user=request.user)
        shareable = getattr(getattr(self, "record_type", None), "policy", None) is not None and self.record_type.policy.shareable
        if shareable:
            form.fields["sharing"] = forms.ChoiceField(label=gettext_lazy("Sharing"), required=False, choices=SHARING_CHOICES)
        invalid = form.is_bound and not form.is_valid()
        filters = dict(form.cleaned_data) if form.is_bound and not invalid else {}
        sharing = filters.pop("sharing", "")
        queryset = type(self).list_selector(user=request.user, **filters)
        if sharing:
            queryset = filter_by_sharing(queryset, user=request.user, sharing=sharing)
        if invalid:
            # A filter that cannot be applied shows no list rather than every record as if unfiltered.
            queryset = queryset.none()
        else:
            self.filters_applied(request, filters)
        page = Paginator(queryset, PAGE_SIZE).get_page(page_number)
        context = {
            # Page links carry the page number only: the filters live in the session.
            "form": form, "page": page, "records": page.object_list, "query": "",
            "filter_errors": filter_errors_of(form) if invalid else [],
            "active_filters": [] if invalid else active_filters_of(form),
            "list_partial": self.partial_template_name,
            "can_record": self.may_create(request.user),
            "record_type": getattr(self, "record_type", None),
            "columns": columns_of(self.record_type) if hasattr(self, "record_type") else [],
        }
        # The partial carries the filter banner and errors out of band (hx-swap-oob), whatever the list's target.
        return render(request, "core/partials/_list_response.html" if partial else self.template_name, context)

    def may_create(self, user: Any) -> bool:
        return self.record_type.policy.can_create(user) if hasattr(self, "record_type") else can_record(user)

    def filters_applied(self, request: HttpRequest, filters: dict[str, Any]) -> None:
        """Called once per rendered list: a list that shows persons' names writes one access-log row (no query text)."""
        record_type = getattr(self, "record_type", None)
        if record_type is not None and record_type.person_field:
            access_log_list_names(actor=request.user, target_type=record_type.label)

    def get(self, request: HtmxHttpRequest) -> HttpResponse:
        # Filters come from the session only: a query string (a name typed into a link) never searches.
        key = self._session_key(request)
        if "reset" in request.GET:
            request.session.pop(key, None)
            return redirect(request.path)
        data = QueryDict(request.session[key]) if key in request.session else None
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
    record_type: RecordType
    get_selector: Callable[..., Any]
    template_name: str
    holds_personal_data = True

    def get(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        record = type(self).get_selector(user=request.user, public_id=public_id)
        if self.holds_personal_data:
            record_view_logged(record=record, actor=actor_of(request))
        return self.render_detail(request, record)

    def render_detail(self, request: HttpRequest, record: Any) -> HttpResponse:
        """The detail page of a record already fetched (and its read logged) by the caller."""
        from giapranh.core.attachments import attachments_of
        from giapranh.core.kit import detail_notes
        from giapranh.core.kit_views import AttachmentForm

        rt = getattr(self, "record_type", None)
        editable = can_edit(request.user, record)
        context = {
            "record": record,
            "record_type": rt,
            "history": history_for(record, user=request.user),
            "can_edit": editable,
            "can_share": can_share(request.user, record),
            **share_badge_context(record),
            "facts": facts_of(rt, record, request.user) if rt is not None else [],
            "links": linked_records_of(rt, record, request.user) if rt is not None else {},
            "attachments": list(attachments_of(record)) if rt is not None and rt.attachments else None,
            "attachment_form": AttachmentForm() if editable else None,
            "detail_notes": detail_notes(record=record, user=request.user),
            **(rt.detail_context(record=record, user=request.user) if rt is not None and rt.detail_context else {}),
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


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class RecordFormView(RecordAccessMixin, View):
    """Create (no public_id) or edit (public_id) a record through the kit's one lifecycle."""

    record_type: RecordType
    form_class: type[RecordForm] | None = None
    get_selector: Callable[..., Any]
    template_name = "core/record_form.html"
    create_denied_message: StrOrPromise = gettext_lazy("Only commune police officers file records.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # A blank form is for those who file records; editing is checked by the policy (404).
        if request.user.is_authenticated and kwargs.get("public_id") is None and not self.may_create(request.user):
            raise PermissionDenied(self.create_denied_message)
        return super().dispatch(request, *args, **kwargs)

    def may_create(self, user: Any) -> bool:
        return self.record_type.policy.can_create(user)

    def get_form_class(self) -> type[RecordForm]:
        if self.form_class is not None:
            return self.form_class
        from django.forms import modelform_factory

        from giapranh.core.forms import RecordForm

        return modelform_factory(self.record_type.model, form=RecordForm, fields=list(self.record_type.fields))  # type: ignore[return-value]

    def _record(self, request: HttpRequest, public_id: Any) -> Any:
        if public_id is None:
            return None
        return editable_or_404(type(self).get_selector, request.user, public_id)

    def title(self, record: Any) -> StrOrPromise:
        name = self.record_type.verbose_name
        return _("Edit %(kind)s") % {"kind": name} if record else _("New %(kind)s") % {"kind": name}

    def create(self, *, actor: Any, data: dict[str, Any]) -> Any:
        """The write behind "Save" on a blank form: the kit's lifecycle (persons override it)."""
        return record_create(record_type=self.record_type, actor=actor, data=data)

    def update(self, *, record: Any, actor: Any, data: dict[str, Any]) -> Any:
        return record_update(record_type=self.record_type, record=record, actor=actor, changes=data)

    def _render(self, request: HttpRequest, form: forms.BaseForm, record: Any) -> HttpResponse:
        return render(request, self.template_name, {"form": form, "record": record, "title": self.title(record)})

    def get(self, request: HttpRequest, public_id: Any = None) -> HttpResponse:
        record = self._record(request, public_id)
        form_class = self.get_form_class()
        form = form_class(user=request.user, instance=record) if record else form_class(user=request.user, initial=self.initial(request))
        return self._render(request, form, record)

    def initial(self, request: HttpRequest) -> dict[str, Any]:
        """A blank form may arrive with its person chosen ("put under supervision" from a person's page)."""
        field = getattr(getattr(self, "record_type", None), "person_field", None)
        return {field: request.GET[field]} if field and request.GET.get(field) else {}

    def post(self, request: HttpRequest, public_id: Any = None) -> HttpResponse:
        record = self._record(request, public_id)
        form = self.get_form_class()(request.POST, user=request.user, instance=record)
        if form.is_valid():
            try:
                if record is None:
                    record = self.create(actor=request.user, data=form.service_data())
                    messages.success(request, _("Saved."))
                else:
                    record = self.update(record=record, actor=request.user, data=form.service_data())
                    messages.success(request, _("Changes saved."))
                return redirect(record.get_absolute_url())
            except ValidationError as error:
                apply_errors(form, error)
        else:
            self.add_service_problems(request, form, record)
        return self._render(request, form, record)

    def add_service_problems(self, request: HttpRequest, form: forms.BaseForm, record: Any) -> None:
        """The service's own problems beside the form's, so the officer corrects everything in one round."""
        record_type = getattr(self, "record_type", None)
        if record_type is None:
            return
        valid = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
        try:
            problems = record_problems(record_type=record_type, actor=actor_of(request), data=valid, record=record)
        except (TypeError, ValueError, AttributeError):
            return  # half a record cannot always be checked; the form's errors stand on their own
        for name, problem in problems.items():
            # A field the form already refused, or left empty though required, speaks for itself.
            if name in form.fields and name not in form.errors and (name in valid or not form.fields[name].required):
                form.add_error(name, problem)


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
        try:
            record_delete(record=record, actor=actor_of(request))
        except RecordInUse as refused:
            messages.error(request, " ".join(refused.messages))
            return redirect(record.get_absolute_url())
        messages.success(request, _("Deleted %(record)s.") % {"record": label})
        return redirect(self.success_url_name)


class RecordShareView(RecordAccessMixin, View):
    """GET: what sharing does (who will read, whose particulars); POST shared=1|0: a commune chief shares or withdraws."""

    get_selector: Callable[..., Any]
    template_name = "core/record_share_confirm.html"

    def get(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        from giapranh.core.selectors import share_audience, shared_persons_of

        record = type(self).get_selector(user=request.user, public_id=public_id)
        if not can_share(request.user, record):
            raise Http404
        record_type = getattr(self, "record_type", None)
        context = {
            "record": record, **share_audience(record=record),
            "persons": shared_persons_of(record=record, person_field=getattr(record_type, "person_field", None)),
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        record = type(self).get_selector(user=request.user, public_id=public_id)
        if not can_share(request.user, record):
            raise Http404
        shared = request.POST.get("shared") == "1"
        record_share(record=record, actor=actor_of(request), shared=shared)
        messages.success(request, _("Shared with the cluster.") if shared else _("No longer shared with the cluster."))
        return redirect(record.get_absolute_url())


def share_badge_context(record: Any) -> dict[str, Any]:
    """The number of communes a shared record is shared with, for its badge."""
    if not getattr(record, "shared_with_cluster", False):
        return {}
    from giapranh.core.selectors import share_audience

    return {"shared_communes": len(share_audience(record=record)["communes"])}


def filter_errors_of(form: forms.BaseForm) -> list[str]:
    """Each filter problem as "Label: message", the way form errors read."""
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        problems += [f"{label}: {error}" if label else str(error) for error in errors]
    return problems


def active_filters_of(form: forms.BaseForm) -> list[tuple[Any, str]]:
    """(label, shown value) of each filter in force, for the "Filtering: …" banner."""
    if not form.is_bound:
        return []
    active = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        field = form.fields[name]
        if isinstance(value, bool):
            shown = str(_("yes") if value else _("no"))
        elif hasattr(value, "strftime"):
            shown = value.strftime("%d/%m/%Y")
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            shown = str(dict(field.choices).get(value, value))  # type: ignore[arg-type]
        else:
            shown = str(value)
        active.append((field.label, shown))
    return active


def columns_of(record_type: RecordType) -> list[tuple[str, StrOrPromise]]:
    """(field name, heading) of a type's list columns."""
    computed = record_type.computed_columns
    return [(name, computed[name][0] if name in computed else record_type.model_field(name).verbose_name) for name in record_type.list_columns]


def facts_of(record_type: RecordType, record: Any, user: Any) -> list[tuple[StrOrPromise, Any]]:
    """(label, shown value) of a record's declared fields; a linked record is named only if the reader may see it."""
    from giapranh.core.history import display_value

    facts = []
    for name in record_type.fields:
        field = record_type.model_field(name)
        value = list(getattr(record, name).all()) if field.many_to_many else getattr(record, field.attname)
        facts.append((field.verbose_name, display_value(record, name, value, user=user)))
    return facts


def linked_records_of(record_type: RecordType, record: Any, user: Any) -> dict[str, dict[str, Any]]:
    """For each link to another record (a model with `visible_to`): the record if the reader may see it, else only that one exists."""
    links: dict[str, dict[str, Any]] = {}
    for name in record_type.fields:
        field = record_type.model_field(name)
        manager = getattr(field.related_model, "objects", None) if field.is_relation and not field.many_to_many else None
        target_id = getattr(record, field.attname, None) if manager is not None else None
        if target_id is None or not hasattr(manager, "visible_to"):
            continue
        visible = manager.visible_to(user).filter(pk=target_id).first()  # type: ignore[union-attr]
        links[name] = {"record": visible, "hidden": visible is None}
    return links
