"""Reads of the exchange, each through the messages' access rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from giapranh.core.access import agency_subtree_ids
from giapranh.exchange.choices import OPEN_STATUSES, URGENCY_RANK
from giapranh.exchange.models import (
    CoordinationRequest,
    Delivery,
    Message,
    MessageLink,
    Notice,
    Notification,
    Reply,
)
from giapranh.exchange.services import part_of


def _urgency_rank() -> Case:
    return Case(*[When(urgency=value, then=Value(rank)) for value, rank in URGENCY_RANK.items()], default=Value(9), output_field=IntegerField())


def _overdue_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}deadline__lt": timezone.now()})


def with_overdue(queryset: QuerySet[CoordinationRequest]) -> QuerySet[Any]:
    """Requests annotated `is_overdue`, overdue ones on top, then hỏa tốc first, newest first."""
    return queryset.annotate(
        is_overdue=ExpressionWrapper(_overdue_q(), output_field=BooleanField()), urgency_rank=_urgency_rank(),
    ).order_by("-is_overdue", "urgency_rank", "-sent_at", "-id")


def notice_list(*, user: Any, **filters: Any) -> QuerySet[Notice]:
    """Notices the user may see, hỏa tốc first (the kit's list with the type's order)."""
    from giapranh.core.selectors import records_for
    from giapranh.exchange.records import NOTICES

    return records_for(record_type=NOTICES, user=user, **filters).annotate(urgency_rank=_urgency_rank()).order_by("urgency_rank", "-sent_at", "-id")


def request_list(*, user: Any, overdue: bool | None = None, **filters: Any) -> QuerySet[Any]:
    """Requests the user may see, overdue on top, then hỏa tốc first."""
    from giapranh.core.selectors import records_for
    from giapranh.exchange.records import REQUESTS

    queryset = with_overdue(records_for(record_type=REQUESTS, user=user, **filters))
    if overdue is not None:
        queryset = queryset.filter(is_overdue=overdue)
    return queryset


@dataclass
class Box:
    """One agency's inbox or outbox: notices and requests, filtered."""

    notices: QuerySet[Any]
    requests: QuerySet[Any]


def _filtered(queryset: QuerySet[Any], *, prefix: str, urgency: str = "", period_from: dt.date | None = None,
              period_to: dt.date | None = None, counterpart: Any = None, counterpart_field: str = "") -> QuerySet[Any]:
    if urgency:
        queryset = queryset.filter(**{f"{prefix}urgency": urgency})
    if period_from:
        queryset = queryset.filter(**{f"{prefix}sent_at__date__gte": period_from})
    if period_to:
        queryset = queryset.filter(**{f"{prefix}sent_at__date__lte": period_to})
    if counterpart is not None and counterpart_field:
        queryset = queryset.filter(**{counterpart_field: counterpart})
    return queryset


def inbox_for(*, user: Any, urgency: str = "", kind: str = "", status: str = "", date_from: dt.date | None = None,
              date_to: dt.date | None = None, counterpart: Any = None, unread: bool | None = None) -> Box:
    """What the user's own agency received: deliveries, overdue requests on top, hỏa tốc first."""
    base = Delivery.objects.filter(agency_id=user.agency_id)
    if unread is not None:
        base = base.filter(read_at__isnull=unread)
    notices = base.filter(notice__isnull=False).select_related("notice__owner_agency", "read_by")
    notices = _filtered(notices, prefix="notice__", urgency=urgency, period_from=date_from, period_to=date_to,
                        counterpart=counterpart, counterpart_field="notice__owner_agency")
    notices = notices.annotate(
        urgency_rank=Case(*[When(notice__urgency=v, then=Value(r)) for v, r in URGENCY_RANK.items()], default=Value(9), output_field=IntegerField())
    ).order_by("read_at", "urgency_rank", "-notice__sent_at")
    requests = base.filter(request__isnull=False).select_related("request__owner_agency", "request__to_agency", "read_by")
    requests = _filtered(requests, prefix="request__", urgency=urgency, period_from=date_from, period_to=date_to,
                         counterpart=counterpart, counterpart_field="request__owner_agency")
    if kind:
        requests = requests.filter(request__request_type=kind)
        notices = notices.none()
    if status:
        requests = requests.filter(request__status=status)
        notices = notices.none()
    requests = requests.annotate(
        is_overdue=ExpressionWrapper(_overdue_q("request__"), output_field=BooleanField()),
        urgency_rank=Case(*[When(request__urgency=v, then=Value(r)) for v, r in URGENCY_RANK.items()], default=Value(9), output_field=IntegerField()),
    ).order_by("-is_overdue", "urgency_rank", "-request__sent_at")
    return Box(notices, requests)


def outbox_for(*, user: Any, urgency: str = "", kind: str = "", status: str = "", date_from: dt.date | None = None,
               date_to: dt.date | None = None, counterpart: Any = None, unread: bool | None = None) -> Box:
    """What the user's own agency sent: overdue requests on top, hỏa tốc first."""
    notices: QuerySet[Any] = Notice.objects.filter(owner_agency_id=user.agency_id)
    notices = _filtered(notices, prefix="", urgency=urgency, period_from=date_from, period_to=date_to)
    if counterpart is not None:
        notices = notices.filter(pk__in=Delivery.objects.filter(agency=counterpart, notice__isnull=False).values("notice"))
    requests: QuerySet[Any] = CoordinationRequest.objects.filter(owner_agency_id=user.agency_id).select_related("to_agency")
    requests = _filtered(requests, prefix="", urgency=urgency, period_from=date_from, period_to=date_to,
                         counterpart=counterpart, counterpart_field="to_agency")
    if kind:
        requests = requests.filter(request_type=kind)
        notices = notices.none()
    if status:
        requests = requests.filter(status=status)
        notices = notices.none()
    notices = notices.annotate(urgency_rank=_urgency_rank()).order_by("urgency_rank", "-sent_at", "-id")
    return Box(notices, with_overdue(requests))


@dataclass(frozen=True)
class Counts:
    unread: int
    overdue: int
    notifications: int

    @property
    def total(self) -> int:
        return self.unread + self.overdue


def counts_for(*, user: Any) -> Counts:
    """Unread deliveries of the user's agency, its overdue requests (sent or received), the user's unread notifications."""
    if not getattr(user, "sees_records", False):
        return Counts(0, 0, 0)
    unread = Delivery.objects.filter(agency_id=user.agency_id, read_at__isnull=True).count()
    overdue = CoordinationRequest.objects.filter(
        Q(owner_agency_id=user.agency_id) | Q(to_agency_id=user.agency_id), _overdue_q(), withdrawn_at__isnull=True,
    ).count()
    notifications = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return Counts(unread, overdue, notifications)


def notifications_for(*, user: Any, limit: int = 20) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:limit])


def deliveries_of(message: Message) -> QuerySet[Delivery]:
    """The recipients of a message and their receipts (everyone who sees the message may see who read it)."""
    return Delivery.objects.filter(**part_of(message)).select_related("agency", "read_by").order_by("agency__path")


def replies_for(*, message: Message, user: Any) -> QuerySet[Reply]:
    """The thread as the user may read it: the sender side reads every reply; a recipient its own and the sender's."""
    replies = Reply.objects.filter(**part_of(message)).select_related("author", "agency")
    subtree = agency_subtree_ids(user)
    if message.owner_agency_id in subtree:
        return replies
    return replies.filter(Q(agency_id=message.owner_agency_id) | Q(agency_id__in=subtree))


@dataclass(frozen=True)
class LinkView:
    link: MessageLink
    label: str
    record: Any  # None when the reader may not see it


def links_for(*, message: Message, user: Any) -> list[LinkView]:
    """The records linked to a message, each named only if the reader may see it."""
    views = []
    for link in MessageLink.objects.filter(**part_of(message)).select_related("content_type"):
        model = link.content_type.model_class()
        record = model.objects.visible_to(user).filter(pk=link.object_id).first() if model is not None else None  # type: ignore[attr-defined]
        views.append(LinkView(link, str(model._meta.verbose_name if model else ""), record))
    return views


def received_notes(*, record: Any, user: Any) -> list[str]:
    """On a record reached through a message: which message carried it, under which handling code."""
    label = record._meta.label_lower
    if label in ("exchange.notice", "exchange.coordinationrequest"):
        return [_("Handling code %(code)s") % {"code": record.get_handling_code_display()}]
    owner = getattr(record, "owner_agency_id", None)
    if owner is None or owner in agency_subtree_ids(user):
        return []
    content_type = ContentType.objects.get_for_model(type(record))
    links = MessageLink.objects.filter(content_type=content_type, object_id=record.pk).select_related("notice", "request")
    notes = []
    for link in links:
        message = link.message
        if message.withdrawn_at is None and type(message).objects.visible_to(user).filter(pk=message.pk).exists():
            notes.append(_("Received through %(kind)s %(number)s — handling code %(code)s") % {
                "kind": message._meta.verbose_name, "number": message.number, "code": message.get_handling_code_display(),  # type: ignore[attr-defined]
            })
    return notes
