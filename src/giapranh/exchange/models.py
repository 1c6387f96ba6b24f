"""Exchange across the line: notices, coordination requests, their deliveries, links, replies and transitions.

A notice or request is a record of the sending agency (like a `ScopedRecord`, without a commune) with its own
policy (`exchange.policies`): the sender agency and those above it, plus the recipients.
Records linked to a message are opened to the other parties through `core.models.AccessGrant`
(persons through `people.links`), and closed again when unlinked or withdrawn.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giapranh.core.models import Record
from giapranh.core.text import fold
from giapranh.exchange.choices import (
    OPEN_STATUSES,
    AlertStatus,
    HandlingCode,
    RequestStatus,
    RequestType,
    Urgency,
)


class Message(Record):
    """What notices and requests share: a sender agency, a subject, a body, an urgency, a handling code.

    A `Record` (public id, owner agency, history, files, `visible_to`) without a commune: a message is the sending agency's, whatever its level, and is not
    placed on the map; a review report counts it in the commune of its sender agency (`exchange.report_figures`).
    """

    owner_agency = models.ForeignKey("accounts.Agency", verbose_name=_("sender"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=32, blank=True, editable=False, db_index=True)
    subject = models.CharField(_("subject"), max_length=200, help_text=_("One line; no names or ID numbers (subjects appear in notifications)."))
    body = models.TextField(_("text"), blank=True)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.ROUTINE)
    handling_code = models.CharField(
        _("handling code"), max_length=2, choices=HandlingCode.choices, default=HandlingCode.H0,
        help_text=_("What the recipient may do with the information."),
    )
    handling_conditions = models.TextField(_("sender's conditions"), blank=True, help_text=_("Required with handling code H3."))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    search_key = models.CharField(max_length=220, db_index=True, editable=False, default="")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.number} {self.subject}".strip()

    def build_search_key(self) -> str:
        return fold(f"{self.number} {self.subject}")[:220]

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Notice(Message):
    """Trao đổi, cung cấp thông tin: a message to the whole cluster or to chosen agencies."""

    to_cluster = models.ForeignKey(
        "territory.Cluster", verbose_name=_("to the whole cluster"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", help_text=_("Every commune police of this cluster receives the notice."),
    )
    recipient_agencies = models.ManyToManyField(
        "accounts.Agency", verbose_name=_("recipient agencies"), blank=True, related_name="+",
        help_text=_("Chosen agencies, also outside the cluster (e.g. the district police)."),
    )

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-sent_at", "-id"]

    def get_absolute_url(self) -> str:
        return reverse("exchange:notice_detail", kwargs={"public_id": self.public_id})


class CoordinationRequest(Message):
    """Đề nghị phối hợp: one agency asks another for help, with a deadline and a workflow."""

    request_type = models.CharField(_("request type"), max_length=16, choices=RequestType.choices, default=RequestType.OTHER)
    to_agency = models.ForeignKey("accounts.Agency", verbose_name=_("to agency"), on_delete=models.PROTECT, related_name="+")
    deadline = models.DateTimeField(
        _("deadline"), null=True, blank=True,
        help_text=_("Left empty: 8 hours for flash, 3 days for urgent, 7 days for routine requests."),
    )
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SENT, editable=False, db_index=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True, editable=False)
    result = models.TextField(_("result"), blank=True, editable=False)

    class Meta:
        verbose_name = _("coordination request")
        verbose_name_plural = _("coordination requests")
        ordering = ["-sent_at", "-id"]

    def get_absolute_url(self) -> str:
        return reverse("exchange:request_detail", kwargs={"public_id": self.public_id})

    @property
    def overdue(self) -> bool:
        """Past its deadline and not yet answered (declined, done or withdrawn)."""
        return self.status in OPEN_STATUSES and self.deadline is not None and self.deadline < timezone.now()


class _MessagePart(models.Model):
    """A row belonging to either a notice or a request (exactly one)."""

    notice = models.ForeignKey(Notice, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(CoordinationRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    @property
    def message(self) -> Message:
        return self.notice or self.request  # type: ignore[return-value]


class Delivery(_MessagePart):
    """A message delivered to one recipient agency, and its read receipt."""

    agency = models.ForeignKey("accounts.Agency", verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+")
    delivered_at = models.DateTimeField(_("delivered at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("read by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "agency"], name="delivery_notice_agency"),
            models.UniqueConstraint(fields=["request", "agency"], name="delivery_request_agency"),
            models.CheckConstraint(condition=models.Q(notice__isnull=True) ^ models.Q(request__isnull=True), name="delivery_one_message"),
        ]
        indexes = [models.Index(fields=["agency", "read_at"])]

    def __str__(self) -> str:
        return f"{self.message} → {self.agency}"


class MessageLink(_MessagePart):
    """A record (or person) linked to a message: the other parties may read it while the link stands."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    # Set when the linked record is a person (`people.links` makes the person visible through the message).
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("linked record")
        verbose_name_plural = _("linked records")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "content_type", "object_id"], name="link_notice_target"),
            models.UniqueConstraint(fields=["request", "content_type", "object_id"], name="link_request_target"),
            models.CheckConstraint(condition=models.Q(notice__isnull=True) ^ models.Q(request__isnull=True), name="link_one_message"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.message} ↔ {self.content_type.model}#{self.object_id}"


class Reply(_MessagePart):
    """A reply in a message's thread."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(notice__isnull=True) ^ models.Q(request__isnull=True), name="reply_one_message"),
        ]

    def __str__(self) -> str:
        return f"{self.message}: {self.agency}"


class RequestTransition(models.Model):
    """One step of a request's workflow: who moved it, from what to what, when, and why."""

    request = models.ForeignKey(CoordinationRequest, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=10, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=RequestStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("request transition")
        verbose_name_plural = _("request transitions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


class Notification(models.Model):
    """An in-app notification: names a message by its number and subject only, never a person."""

    public_id = models.UUIDField(unique=True, editable=False, default=uuid.uuid4)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text


class PersonAlert(models.Model):
    """A hit / no-hit alert to one agency: a person of ours probably matches one known to a partner agency.

    Shows the reader only that a match exists, where (the partner agency), its score and which
    attributes agree; `other_person` is never shown, and no selector hands it to a page or the API.
    """

    public_id = models.UUIDField(unique=True, editable=False, default=uuid.uuid4)
    # The matcher's remembered pair: its confirmation or rejection is the decision both sides share.
    match = models.ForeignKey("people.PersonMatch", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("accounts.Agency", verbose_name=_("alerted agency"), on_delete=models.CASCADE, related_name="+")
    own_person = models.ForeignKey("people.Person", verbose_name=_("our person"), on_delete=models.CASCADE, related_name="+")
    other_person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    other_agency = models.ForeignKey("accounts.Agency", verbose_name=_("where"), on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    agreements = models.JSONField(_("agreeing attributes"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    created_at = models.DateTimeField(_("raised at"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    request = models.ForeignKey(CoordinationRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("person alert")
        verbose_name_plural = _("person alerts")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "own_person", "other_person"], name="alert_once_per_pair")]

    def __str__(self) -> str:
        return f"alert {self.public_id}"


class ReceivedParticulars(models.Model):
    """Where, when and under which handling code our copy of another agency's person came to us.

    Linking another agency's person into one of our records makes our own person record with
    the particulars as received; the owner's later changes reach us only through a new share
    or notice. The pair is remembered as the same person (`people.PersonMatch`, confirmed).
    """

    person = models.OneToOneField("people.Person", verbose_name=_("our record"), on_delete=models.CASCADE, related_name="+")
    source_person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_agency = models.ForeignKey("accounts.Agency", verbose_name=_("received from"), on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    via = models.CharField(_("received through"), max_length=120, blank=True)
    handling_code = models.CharField(_("handling code"), max_length=2, choices=HandlingCode.choices, blank=True)

    class Meta:
        verbose_name = _("received particulars")
        verbose_name_plural = _("received particulars")
        constraints = [models.UniqueConstraint(fields=["source_person", "person"], name="received_once")]

    def __str__(self) -> str:
        return f"{self.person_id} ← {self.source_agency_id}"
