"""Pages of the exchange: the kit's notice and request pages, plus inbox, outbox, counts and the message actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from giapranh.core.access import can_edit
from giapranh.core.actor import actor_of
from giapranh.core.audit import access_log_list_names
from giapranh.core.services import record_view_logged
from giapranh.core.views import RecordAccessMixin, RecordDetailView, RecordListView
from giapranh.exchange import alerts, selectors, services
from giapranh.exchange.choices import OPEN_STATUSES, RequestStatus
from giapranh.exchange.forms import (
    AlertFilterForm,
    BoxFilterForm,
    LinkForm,
    ReasonForm,
    ReplyForm,
    ResultForm,
)
from giapranh.exchange.models import CoordinationRequest, MessageLink
from giapranh.exchange.policies import can_answer, can_complete, is_party
from giapranh.exchange.records import NOTICES, REQUESTS

PAGE_SIZE = 25


def message_context(*, record: Any, user: Any) -> dict[str, Any]:
    """What a message's detail page adds to the kit's: receipts, linked records, thread, workflow."""
    is_request = isinstance(record, CoordinationRequest)
    party = is_party(user, record)
    return {
        "deliveries": selectors.deliveries_of(record),
        "links": selectors.links_for(message=record, user=user),
        "replies": selectors.replies_for(message=record, user=user),
        "is_request": is_request,
        "transitions": record.transitions.select_related("actor", "agency") if is_request else [],
        "may_link": services._may_link(user, record) if party else False,
        "may_reply": party and record.withdrawn_at is None,
        "may_withdraw": can_edit(user, record),
        "may_answer": is_request and can_answer(user, record) and record.status == RequestStatus.SENT and record.withdrawn_at is None,
        "may_complete": is_request and can_complete(user, record) and record.status == RequestStatus.ACCEPTED,
        "link_form": LinkForm(), "reply_form": ReplyForm(), "reason_form": ReasonForm(), "result_form": ResultForm(),
        "open_statuses": OPEN_STATUSES,
    }


class MessageDetailView(RecordDetailView):
    """The kit's detail page; opening it records the read receipt of the reader's agency."""

    def get(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        record = type(self).get_selector(user=request.user, public_id=public_id)
        record_view_logged(record=record, actor=actor_of(request))
        services.delivery_mark_read(message=record, actor=request.user)
        return self.render_detail(request, record)


def _find_target(*, user: Any, kind: str, ref: str) -> Any:
    """A record of a linkable kind the user may see, by number or public id (None if none)."""
    app_label, model_name = kind.split(".")
    model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    if model is None:
        return None
    queryset = model.objects.visible_to(user)  # type: ignore[attr-defined]
    query = Q()
    if any(f.name == "number" for f in model._meta.concrete_fields):
        query |= Q(number=ref.strip())
    try:
        import uuid

        query |= Q(public_id=uuid.UUID(ref.strip()))
    except ValueError:
        pass
    return queryset.filter(query).first() if query else None


class MessageActionView(RecordAccessMixin, View):
    """POST an action on a notice or request: link, unlink, reply, withdraw, accept, decline, complete."""

    kind: str = "notice"

    def post(self, request: HttpRequest, public_id: Any, action: str, link_id: int | None = None) -> HttpResponse:
        record_type = NOTICES if self.kind == "notice" else REQUESTS
        message = record_type.get_for(user=request.user, public_id=public_id)
        user = request.user
        try:
            if action == "link":
                form = LinkForm(request.POST)
                target = _find_target(user=user, kind=form.cleaned_data["type"], ref=form.cleaned_data["ref"]) if form.is_valid() else None
                if target is None:
                    raise ValidationError(_("No record of that kind and number is known to you."))
                services.message_link(message=message, actor=user, target=target)
                messages.success(request, _("Record linked: the recipients may now read it."))
            elif action == "unlink":
                link = MessageLink.objects.filter(pk=link_id or 0, **services.part_of(message)).first()
                if link is None:
                    raise Http404
                services.message_unlink(message=message, actor=user, link=link)
                messages.success(request, _("Record taken off: the recipients no longer read it through this message."))
            elif action == "reply":
                services.reply_add(message=message, actor=user, body=request.POST.get("body", ""))
                messages.success(request, _("Reply sent."))
            elif action == "withdraw":
                services.message_withdraw(message=message, actor=user)
                messages.success(request, _("Withdrawn."))
            elif action == "accept" and self.kind == "request":
                services.request_accept(request=message, actor=user)
                messages.success(request, _("Request accepted."))
            elif action == "decline" and self.kind == "request":
                services.request_decline(request=message, actor=user, reason=request.POST.get("reason", ""))
                messages.success(request, _("Request declined."))
            elif action == "complete" and self.kind == "request":
                services.request_complete(request=message, actor=user, result=request.POST.get("result", ""))
                messages.success(request, _("Result recorded."))
            else:
                raise Http404
        except PermissionDenied as error:
            messages.error(request, str(error))
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        return redirect(message.get_absolute_url())


class BoxView(RecordAccessMixin, View):
    """Inbox (what the user's agency received) or outbox (what it sent)."""

    box = "inbox"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = BoxFilterForm(request.GET or None)
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")} if form.is_bound and form.is_valid() else {}
        select = selectors.inbox_for if self.box == "inbox" else selectors.outbox_for
        box = select(user=request.user, **filters)
        notifications = selectors.notifications_for(user=request.user) if self.box == "inbox" else []
        context = {
            "box": self.box, "form": form,
            "requests": Paginator(box.requests, PAGE_SIZE).get_page(request.GET.get("rpage")),
            "notices": Paginator(box.notices, PAGE_SIZE).get_page(request.GET.get("npage")),
            "counts": selectors.counts_for(user=request.user),
            "notifications": notifications,
        }
        response = render(request, "exchange/box.html", context)
        if notifications:
            services.notifications_mark_read(user=request.user)
        return response


class CountsView(RecordAccessMixin, View):
    """The small fragment the menu polls: unread and overdue counts (HTMX, no script of ours)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "exchange/partials/_counts.html", {"counts": selectors.counts_for(user=request.user)})


class AlertListView(RecordListView):
    """A chief's hit / no-hit alerts: that a match exists, where, its score and what agrees; nothing of the other record.

    A cluster's first `giapranh match` raises thousands: filtered and paginated like every list.
    """

    filter_form_class = AlertFilterForm
    list_selector = staticmethod(alerts.alerts_list)
    template_name = "exchange/alerts.html"
    partial_template_name = "exchange/partials/_alert_results.html"

    def may_create(self, user: Any) -> bool:
        return False

    def filters_applied(self, request: HttpRequest, filters: dict[str, Any]) -> None:
        # The page names our persons: one access-log row per page shown, never the name typed.
        access_log_list_names(actor=request.user, target_type="people.person")


class AlertDetailView(RecordAccessMixin, View):
    def get(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        alert = alerts.alert_get_for(user=request.user, public_id=public_id)
        return render(request, "exchange/alert_detail.html", {"alert": alert, "attributes": alert_attributes(alert)})

    def post(self, request: HttpRequest, public_id: Any) -> HttpResponse:
        alert = alerts.alert_get_for(user=request.user, public_id=public_id)
        action = request.POST.get("action")
        if action == "request":
            created = alerts.alert_request_details(alert=alert, actor=request.user)
            messages.success(request, _("Request for details sent."))
            return redirect(created.get_absolute_url())
        if action in ("confirm", "reject"):
            alerts.alert_decide(alert=alert, actor=request.user, same=action == "confirm")
            messages.success(request, _("Decision recorded."))
        return redirect("exchange:alert_detail", public_id=alert.public_id)


ATTRIBUTE_LABELS = {
    "name": gettext_lazy("name"), "birth": gettext_lazy("date or year of birth"), "id_number": gettext_lazy("ID number"),
    "home_commune": gettext_lazy("home commune"), "gender": gettext_lazy("gender"),
}
AGREEMENT_LABELS = {"agree": gettext_lazy("agrees"), "disagree": gettext_lazy("differs"), "unknown": gettext_lazy("unknown")}


def alert_attributes(alert: Any) -> list[tuple[str, str, str]]:
    """(attribute, how it compares, raw flag) for the alert page; never a value of the other record."""
    return [
        (str(ATTRIBUTE_LABELS.get(name, name)), str(AGREEMENT_LABELS.get(flag, flag)), flag)
        for name, flag in alert.agreements.items()
    ]
