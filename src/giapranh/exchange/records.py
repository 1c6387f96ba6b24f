"""The exchange's record types, declared once for the record kit (pages, API, services, tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from giapranh.core.access import clusters_of_user
from giapranh.core.kit import Filter, Number, RecordType, Ref, register, register_ref
from giapranh.exchange.choices import HandlingCode, RequestStatus, RequestType, Urgency
from giapranh.exchange.models import CoordinationRequest, Notice
from giapranh.exchange.schemas import ClusterRefOut, LinkOut, ReceiptOut, TransitionOut
from giapranh.territory.models import Cluster

register_ref(Cluster, Ref(
    api_type=str, find=lambda *, actor, value, day: clusters_of_user(actor).filter(slug=value).first(), out=ClusterRefOut,
    description="(slug of a cluster your commune belongs to)", not_found=_("No cluster of yours has the slug %(value)s."),
))


def _receipts(obj: Any) -> list[Any]:
    from giapranh.exchange.selectors import deliveries_of

    return list(deliveries_of(obj))


def _links(obj: Any, context: Any) -> list[dict[str, Any]]:
    from giapranh.exchange.selectors import links_for

    return [
        {
            "id": view.link.pk, "type": view.link.content_type.app_label + "." + view.link.content_type.model,
            "public_id": view.record.public_id if view.record is not None else None,
            "number": getattr(view.record, "number", None) if view.record is not None else None,
            "linked_at": view.link.linked_at,
        }
        for view in links_for(message=obj, user=context["request"].user)
    ]


def _transitions(obj: Any) -> list[Any]:
    return list(obj.transitions.select_related("actor", "agency"))


def _detail_context(*, record: Any, user: Any) -> dict[str, Any]:
    from giapranh.exchange.views import message_context

    return message_context(record=record, user=user)


MESSAGE_OUT: dict[str, tuple[Any, Any]] = {
    "receipts": (list[ReceiptOut], _receipts),
    "links": (list[LinkOut], _links),
}

NOTICES = register(RecordType(
    model=Notice,
    api_path="notices", schema_name="Notice", operation="notices", api_tag="exchange",
    namespace="exchange", url_name="notice",
    fields=("subject", "urgency", "handling_code", "handling_conditions", "to_cluster", "recipient_agencies", "body"),
    date_field="sent_at",
    list_columns=("number", "sent_at", "urgency", "handling_code", "subject", "owner_agency"),
    list_selector="giapranh.exchange.selectors.notice_list",
    filters=(
        Filter("urgency", Urgency, "routine, urgent or flash."),
        Filter("handling_code", HandlingCode, "H0, H1, H2 or H3."),
    ),
    filter_form_class="giapranh.exchange.forms.NoticeFilterForm",
    form_class="giapranh.exchange.forms.NoticeForm",
    number=Number("notice", "TB"),
    rules="giapranh.exchange.services.notice_rules",
    after_save="giapranh.exchange.services.message_after_save",
    api_extra_out={**MESSAGE_OUT, "withdrawn_at": (dt.datetime | None, lambda obj: obj.withdrawn_at)},
    detail_include="exchange/partials/_message.html",
    detail_context=_detail_context,
    nav_order=6, nav_label=_("Notices"),
))

REQUESTS = register(RecordType(
    model=CoordinationRequest,
    api_path="coordination-requests", schema_name="CoordinationRequest", operation="requests", api_tag="exchange",
    namespace="exchange", url_name="request",
    fields=("to_agency", "request_type", "subject", "urgency", "deadline", "handling_code", "handling_conditions", "body"),
    date_field="sent_at",
    list_columns=("number", "sent_at", "urgency", "request_type", "subject", "to_agency", "deadline", "status"),
    list_selector="giapranh.exchange.selectors.request_list",
    filters=(
        Filter("urgency", Urgency, "routine, urgent or flash."),
        Filter("request_type", RequestType, "identity, trace, joint_patrol, documents, handover or other."),
        Filter("status", RequestStatus, "sent, accepted, declined, done or withdrawn."),
    ),
    filter_form_class="giapranh.exchange.forms.RequestFilterForm",
    form_class="giapranh.exchange.forms.RequestForm",
    number=Number("request", "PH"),
    rules="giapranh.exchange.services.request_rules",
    after_save="giapranh.exchange.services.message_after_save",
    api_extra_out={
        **MESSAGE_OUT,
        "status": (RequestStatus, lambda obj: obj.status),
        "overdue": (bool, lambda obj: obj.overdue),
        "decline_reason": (str, lambda obj: obj.decline_reason),
        "result": (str, lambda obj: obj.result),
        "transitions": (list[TransitionOut], _transitions),
        "withdrawn_at": (dt.datetime | None, lambda obj: obj.withdrawn_at),
    },
    detail_include="exchange/partials/_message.html",
    detail_context=_detail_context,
    nav_order=7, nav_label=_("Coordination requests"),
))
