"""Writes of the exchange: deliveries, links and the grants they open, receipts, replies, the request workflow.

Notices and requests themselves are created and changed through the record kit's one
lifecycle (`core.services.record_create`); `message_after_save` is the kit's
`after_save` hook that delivers them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giapranh.core.access import agency_subtree_ids, clusters_of_user, equivalent_unit_ids
from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction
from giapranh.core.models import AccessGrant
from giapranh.core.policies import RECORDING_ROLES
from giapranh.core.services import Errors, add_error
from giapranh.core.text import UncleanText, clean_text
from giapranh.exchange.choices import DEFAULT_DEADLINE, OPEN_STATUSES, HandlingCode, RequestStatus
from giapranh.exchange.models import (
    CoordinationRequest,
    Delivery,
    Message,
    MessageLink,
    Notice,
    Notification,
    Reply,
    RequestTransition,
)
from giapranh.exchange.policies import can_answer, can_complete, is_party

# The record types a message may carry (their owners decide what to pass on).
LINKABLE = (
    "incidents.incident", "incidents.trafficaccident", "people.person", "people.supervision",
    "people.measure", "people.foreignvisit", "people.illegalexit",
)
GRANT_REASON = "exchange"


def part_of(message: Message) -> dict[str, Message]:
    """The keyword naming a message in its deliveries, links and replies."""
    return {"notice": message} if isinstance(message, Notice) else {"request": message}


def cluster_agency_ids(*, cluster: Any) -> set[int]:
    """The agencies whose jurisdiction is one of the cluster's communes (with unit history)."""
    from giapranh.accounts.models import Agency

    communes = equivalent_unit_ids(set(cluster.communes.values_list("id", flat=True)))
    return set(Agency.objects.filter(jurisdiction_id__in=communes).values_list("id", flat=True))


def parties_of(message: Message) -> set[int]:
    """The sender agency and every recipient agency of a message."""
    return {message.owner_agency_id} | set(Delivery.objects.filter(**part_of(message)).values_list("agency_id", flat=True))


def _check_text(value: str, field: str, errors: Errors) -> str:
    try:
        return clean_text(value or "")
    except UncleanText:
        add_error(errors, field, _("Remove the control characters from this text."))
        return value


def _handling_rules(record: Message, errors: Errors) -> None:
    if record.handling_code == HandlingCode.H3 and not (record.handling_conditions or "").strip():
        add_error(errors, "handling_conditions", _("Handling code H3 needs the sender's conditions."))


def notice_rules(*, record: Notice, actor: Any, data: dict[str, Any], previous: dict[str, Any] | None, errors: Errors) -> None:
    """The cluster is one of the sender's; the sender's own agency is no recipient; H3 states its conditions."""
    _handling_rules(record, errors)
    if record.to_cluster_id is not None and not clusters_of_user(actor).filter(pk=record.to_cluster_id).exists():
        add_error(errors, "to_cluster", _("Choose a cluster your commune belongs to."))
    if any(agency.pk == actor.agency_id for agency in data.get("recipient_agencies") or []):
        add_error(errors, "recipient_agencies", _("Your own agency is not a recipient."))


def request_rules(*, record: CoordinationRequest, actor: Any, data: dict[str, Any], previous: dict[str, Any] | None, errors: Errors) -> None:
    """Another agency; a deadline after sending (by default from the urgency); H3 states its conditions."""
    _handling_rules(record, errors)
    if record.to_agency_id is not None and record.to_agency_id == actor.agency_id:
        add_error(errors, "to_agency", _("A request goes to another agency."))
    if record.deadline is None:
        record.deadline = record.sent_at + DEFAULT_DEADLINE.get(record.urgency, dt.timedelta(days=7))  # type: ignore[call-overload]
    elif record.deadline <= record.sent_at:
        add_error(errors, "deadline", _("The deadline is before the request was sent."))


def message_after_save(*, record: Message, actor: Any, created: bool) -> None:
    """Deliver a saved message to its recipients (the kit's after-save hook), and start a request's workflow."""
    if isinstance(record, CoordinationRequest) and created:
        _transition(record, actor=actor, to_status=RequestStatus.SENT, from_status="")
    deliveries_sync(message=record, actor=actor)


def _wanted_recipients(message: Message) -> set[int]:
    if isinstance(message, Notice):
        wanted = set(message.recipient_agencies.values_list("id", flat=True))
        if message.to_cluster_id is not None:
            wanted |= cluster_agency_ids(cluster=message.to_cluster)
    else:
        wanted = {message.to_agency_id}  # type: ignore[attr-defined]
    wanted.discard(message.owner_agency_id)
    return wanted


@transaction.atomic
def deliveries_sync(*, message: Message, actor: Any) -> list[Delivery]:
    """Deliver the message to exactly its recipients (new ones are notified); linked records follow."""
    wanted = _wanted_recipients(message)
    existing = {d.agency_id: d for d in Delivery.objects.filter(**part_of(message))}
    Delivery.objects.filter(pk__in=[d.pk for agency, d in existing.items() if agency not in wanted]).delete()
    new = [Delivery.objects.create(agency_id=agency, **part_of(message)) for agency in sorted(wanted - set(existing))]
    if new:
        _notify_agencies(
            [d.agency_id for d in new], message=message,
            text=_("New %(kind)s %(number)s (%(urgency)s): %(subject)s"),
        )
    for content_type_id, object_id in _link_targets(message):
        grants_sync(content_type_id=content_type_id, object_id=object_id, actor=actor)
    return new


def _link_targets(message: Message) -> set[tuple[int, int]]:
    return set(MessageLink.objects.filter(**part_of(message)).values_list("content_type_id", "object_id"))


def _target(content_type_id: int, object_id: int) -> Any:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model._default_manager.filter(pk=object_id).first() if model is not None else None


@transaction.atomic
def grants_sync(*, content_type_id: int, object_id: int, actor: Any = None) -> None:
    """Grant read access to a record to exactly the parties of the live messages that carry it.

    A record linked to several messages stays open to an agency while any of them
    still carries it; grants made by others (reason not ours) are left alone.
    """
    target = _target(content_type_id, object_id)
    if target is None:
        return
    wanted: set[int] = set()
    for link in MessageLink.objects.filter(content_type_id=content_type_id, object_id=object_id).select_related("notice", "request"):
        if link.message.withdrawn_at is None:
            wanted |= parties_of(link.message)
    wanted.discard(getattr(target, "owner_agency_id", None))  # type: ignore[arg-type]
    if target._meta.label_lower == "people.person":
        return  # persons are seen through the message itself (people.links), not through grants
    ours = AccessGrant.objects.filter(content_type_id=content_type_id, object_id=object_id, reason__startswith=GRANT_REASON)
    ours.exclude(agency_id__in=wanted).delete()
    have = set(AccessGrant.objects.filter(content_type_id=content_type_id, object_id=object_id).values_list("agency_id", flat=True))
    for agency_id in sorted(wanted - have):
        AccessGrant.objects.create(
            content_type_id=content_type_id, object_id=object_id, agency_id=agency_id,
            reason=f"{GRANT_REASON}: {target._meta.label_lower}", granted_by=actor if getattr(actor, "pk", None) else None,
        )


def _may_link(actor: Any, message: Message) -> bool:
    if message.withdrawn_at is not None or actor.role not in RECORDING_ROLES or not is_party(actor, message):
        return False
    if isinstance(message, Notice):
        return actor.agency_id == message.owner_agency_id
    # A request carries the sender's records while open, and the recipient's as its answer.
    return message.status in OPEN_STATUSES  # type: ignore[attr-defined]


@transaction.atomic
def message_link(*, message: Message, actor: Any, target: Any) -> MessageLink:
    """Link one of the actor's agency's own records to a message: the other parties may then read it (logged)."""
    if not _may_link(actor, message):
        raise PermissionDenied(_("You may not link records to this message."))
    label = target._meta.label_lower
    if label not in LINKABLE:
        raise ValidationError({"target": _("This kind of record cannot be linked to a message.")})
    visible = type(target).objects.visible_to(actor).filter(pk=target.pk).exists()
    if not visible or target.owner_agency_id not in agency_subtree_ids(actor):
        # Passing on another agency's record is its owner's decision (handling codes travel with it).
        raise ValidationError({"target": _("Link a record of your own agency.")})
    content_type = ContentType.objects.get_for_model(type(target))
    link, _created = MessageLink.objects.get_or_create(
        content_type=content_type, object_id=target.pk, **part_of(message),
        defaults={"linked_by": actor, "person": target if label == "people.person" else None},
    )
    grants_sync(content_type_id=content_type.pk, object_id=target.pk, actor=actor)
    access_log_append(actor=actor, action=AccessAction.GRANT, target=target, reason=f"{message._meta.model_name}:{message.public_id}")
    return link


@transaction.atomic
def message_unlink(*, message: Message, actor: Any, link: MessageLink) -> None:
    """Take a linked record off a message: the other parties no longer read it through this message."""
    if actor.role not in RECORDING_ROLES or actor.agency_id != getattr(_target(link.content_type_id, link.object_id), "owner_agency_id", None):
        raise PermissionDenied(_("Only the agency that linked the record may take it off."))
    _unlink(message, actor, link)


def _unlink(message: Message, actor: Any, link: MessageLink) -> None:
    content_type_id, object_id = link.content_type_id, link.object_id
    link.delete()
    grants_sync(content_type_id=content_type_id, object_id=object_id, actor=actor)
    target = _target(content_type_id, object_id)
    if target is not None:
        access_log_append(actor=actor, action=AccessAction.UNSHARE, target=target, reason=f"{message._meta.model_name}:{message.public_id}")


@transaction.atomic
def message_withdraw(*, message: Message, actor: Any) -> Message:
    """Withdraw a message: its links are taken off (and the access they gave); recipients see it withdrawn."""
    from giapranh.core.policies import policy_for

    if not policy_for(type(message)).can_change(actor, message):
        raise PermissionDenied(_("Only the sender agency may withdraw this message."))
    for link in list(MessageLink.objects.filter(**part_of(message))):
        _unlink(message, actor, link)
    message.withdrawn_at = timezone.now()
    message._history_user = actor  # type: ignore[attr-defined]
    message._change_reason = "withdraw"  # type: ignore[attr-defined]
    fields = ["withdrawn_at", "updated_at"]
    if isinstance(message, CoordinationRequest) and message.status in OPEN_STATUSES:
        _transition(message, actor=actor, to_status=RequestStatus.WITHDRAWN)
        fields.append("status")
    message.save(update_fields=fields)
    _notify_agencies(sorted(parties_of(message) - {actor.agency_id}), message=message, text=_("%(kind)s %(number)s was withdrawn: %(subject)s"))
    return message


@transaction.atomic
def delivery_mark_read(*, message: Message, actor: Any) -> Delivery | None:
    """Record the read receipt of the actor's agency (its first reader, once)."""
    agency_id = getattr(actor, "agency_id", None)
    if agency_id is None:
        return None
    delivery = Delivery.objects.select_for_update().filter(agency_id=agency_id, **part_of(message)).first()
    if delivery is None or delivery.read_at is not None:
        return delivery
    delivery.read_at = timezone.now()
    delivery.read_by = actor
    delivery.save(update_fields=["read_at", "read_by"])
    return delivery


@transaction.atomic
def reply_add(*, message: Message, actor: Any, body: str) -> Reply:
    """Add a reply to a message's thread (the sender agency and recipient agencies)."""
    if actor.role not in RECORDING_ROLES or not is_party(actor, message):
        raise PermissionDenied(_("Only the sender and the recipients reply to this message."))
    errors: Errors = {}
    text = _check_text(body, "body", errors).strip()
    if not text and not errors:
        add_error(errors, "body", _("This field is required."))
    if errors:
        raise ValidationError(errors)
    reply = Reply.objects.create(author=actor, agency_id=actor.agency_id, body=text, **part_of(message))
    _notify_agencies(sorted(parties_of(message) - {actor.agency_id}), message=message, text=_("Reply to %(kind)s %(number)s: %(subject)s"))
    return reply


def _transition(request: CoordinationRequest, *, actor: Any, to_status: str, from_status: str | None = None, note: str = "") -> RequestTransition:
    transition = RequestTransition.objects.create(
        request=request, from_status=request.status if from_status is None else from_status, to_status=to_status,
        actor=actor, agency_id=actor.agency_id, at=timezone.now(), note=note,
    )
    request.status = to_status
    return transition


def _move(request: CoordinationRequest, *, actor: Any, to_status: str, note: str = "", **fields: Any) -> CoordinationRequest:
    _transition(request, actor=actor, to_status=to_status, note=note)
    for name, value in fields.items():
        setattr(request, name, value)
    request._history_user = actor  # type: ignore[attr-defined]
    request.save(update_fields=["status", "updated_at", *fields])
    _notify_agencies([request.owner_agency_id, request.to_agency_id], message=request, text=_("%(kind)s %(number)s: %(subject)s — now %(status)s"), exclude_agency=actor.agency_id)
    return request


def _required(value: str, field: str) -> str:
    errors: Errors = {}
    text = _check_text(value, field, errors).strip()
    if not text and not errors:
        add_error(errors, field, _("This field is required."))
    if errors:
        raise ValidationError(errors)
    return text


@transaction.atomic
def request_accept(*, request: CoordinationRequest, actor: Any, note: str = "") -> CoordinationRequest:
    """The receiving chief accepts a sent request."""
    if not can_answer(actor, request):
        raise PermissionDenied(_("Only the chief of the receiving agency answers this request."))
    if request.status != RequestStatus.SENT or request.withdrawn_at is not None:
        raise ValidationError({"status": _("Only a sent request can be accepted or declined.")})
    return _move(request, actor=actor, to_status=RequestStatus.ACCEPTED, note=note)


@transaction.atomic
def request_decline(*, request: CoordinationRequest, actor: Any, reason: str) -> CoordinationRequest:
    """The receiving chief declines a sent request, saying why."""
    if not can_answer(actor, request):
        raise PermissionDenied(_("Only the chief of the receiving agency answers this request."))
    if request.status != RequestStatus.SENT or request.withdrawn_at is not None:
        raise ValidationError({"status": _("Only a sent request can be accepted or declined.")})
    text = _required(reason, "reason")
    return _move(request, actor=actor, to_status=RequestStatus.DECLINED, note=text, decline_reason=text)


@transaction.atomic
def request_complete(*, request: CoordinationRequest, actor: Any, result: str, targets: list[Any] | None = None) -> CoordinationRequest:
    """The receiving agency records the result of an accepted request; records it links are opened to the sender."""
    if not can_complete(actor, request):
        raise PermissionDenied(_("Only the receiving agency records the result of this request."))
    if request.status != RequestStatus.ACCEPTED:
        raise ValidationError({"status": _("Only an accepted request can be completed.")})
    text = _required(result, "result")
    for target in targets or []:
        message_link(message=request, actor=actor, target=target)
    return _move(request, actor=actor, to_status=RequestStatus.DONE, note=text, result=text)


def _notify_agencies(agency_ids: list[int], *, message: Message, text: str, exclude_agency: int | None = None, chiefs_only: bool = False) -> None:
    """In-app notifications (and e-mail, when a backend is configured) to the users of the agencies."""
    from giapranh.accounts.models import User

    roles = ("commune_chief",) if chiefs_only else (*RECORDING_ROLES, "superior")
    users = User.objects.filter(agency_id__in=[a for a in agency_ids if a != exclude_agency], is_active=True, role__in=roles)
    values = {
        "kind": message._meta.verbose_name, "number": message.number, "subject": message.subject,
        "urgency": message.get_urgency_display(),  # type: ignore[attr-defined]
        "status": message.get_status_display() if isinstance(message, CoordinationRequest) else "",
    }
    notify_users(users=users, text=text % values, url=message.get_absolute_url())  # type: ignore[attr-defined]


def notify_users(*, users: models.QuerySet[Any] | list[Any], text: str, url: str) -> None:
    """One in-app notification per user; mailed after commit if `GIAPRANH_NOTIFY_BY_EMAIL` is on."""
    rows = Notification.objects.bulk_create([Notification(user=user, text=text[:300], url=url) for user in users])
    if getattr(settings, "GIAPRANH_NOTIFY_BY_EMAIL", False):
        addresses = [row.user.email for row in rows if row.user.email]
        if addresses:
            transaction.on_commit(lambda: send_mail(text[:120], text, None, addresses, fail_silently=True))


@transaction.atomic
def notifications_mark_read(*, user: Any) -> int:
    """Mark every notification of the user read."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
