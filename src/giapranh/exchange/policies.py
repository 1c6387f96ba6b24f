"""Who sees, writes and answers notices and coordination requests (one policy, registered with the kit)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from giapranh.core.access import NOTHING, agency_subtree_ids
from giapranh.core.policies import RECORDING_ROLES, RecordPolicy


def _sees_records(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "sees_records", False))


class MessagePolicy(RecordPolicy):
    """Messages of the sending agency: the sender agency and those above it, plus the recipients.

    A recipient is an agency with a delivery of the message (and the agencies above it).
    Written and withdrawn by the sender agency's officers and chief; never shared
    with the cluster as such (a notice to the cluster names the cluster's agencies).
    """

    shareable = False

    def __init__(self, part: str) -> None:
        # The column of `Delivery` naming this kind of message ("notice" or "request").
        self.part = part

    def visible_q(self, user: Any, model: type[models.Model]) -> Q:
        if not _sees_records(user):
            return NOTHING
        from giapranh.exchange.models import Delivery

        subtree = agency_subtree_ids(user)
        delivered = Delivery.objects.filter(agency_id__in=subtree, **{f"{self.part}__isnull": False}).values(self.part)
        return Q(owner_agency_id__in=subtree) | Q(pk__in=delivered)

    def can_create(self, user: Any) -> bool:
        return _sees_records(user) and user.role in RECORDING_ROLES

    def can_change(self, user: Any, record: Any) -> bool:
        return self.can_create(user) and user.agency_id == record.owner_agency_id and record.withdrawn_at is None

    def can_delete(self, user: Any, record: Any) -> bool:
        return self.can_change(user, record)

    def can_share(self, user: Any, record: Any) -> bool:
        return False


def is_recipient(user: Any, message: Any) -> bool:
    """Whether the user's own agency received the message (receipts, replies, answers)."""
    from giapranh.exchange.models import Delivery

    part = "notice" if message._meta.model_name == "notice" else "request"
    return _sees_records(user) and Delivery.objects.filter(agency_id=user.agency_id, **{part: message}).exists()


def is_party(user: Any, message: Any) -> bool:
    """The sender agency or a recipient agency: who takes part in the thread."""
    return _sees_records(user) and (user.agency_id == message.owner_agency_id or is_recipient(user, message))


def can_answer(user: Any, request: Any) -> bool:
    """Accept, decline or complete a request: the chief of the agency it was sent to (DESIGN.md: roles)."""
    return _sees_records(user) and user.role == "commune_chief" and user.agency_id == request.to_agency_id


def can_complete(user: Any, request: Any) -> bool:
    """Record a request's result: the receiving agency's officers and chief."""
    return _sees_records(user) and user.role in RECORDING_ROLES and user.agency_id == request.to_agency_id
