from __future__ import annotations

import json
import uuid
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giapranh.core.choices import AccessAction

_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    """Queryset of an operational record: the one place visibility is decided."""

    def visible_to(self, user: Any) -> ScopedQuerySet[_M]:
        from giapranh.core.access import records_visible_q

        return self.filter(records_visible_q(user, self.model))


class Record(models.Model):
    """What every kit record has: a public id, an owner agency, timestamps, change history, files.

    Its bases say who it belongs to: `ScopedRecord` (a commune's), `ClusterRecord`
    (the cluster's); an app may define another (exchange messages: the sender's).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner_agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("owner agency"), on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    # Every concrete record keeps its change history (who changed what, when).
    history = HistoricalRecords(inherit=True)
    # Files attached to the record (lists prefetch them; deleting the record deletes their rows).
    attachments = GenericRelation("core.Attachment")

    class Meta:
        abstract = True


class ScopedRecord(Record):
    """Base of every commune record: an owning agency, a commune, a share flag.

    Visibility (DESIGN.md, access model): the owner agency and the agencies above
    it; agencies of the clusters containing the record's commune when shared with
    the cluster; agencies holding an explicit `AccessGrant`.
    """

    commune = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+",
    )
    shared_with_cluster = models.BooleanField(_("shared with the cluster"), default=False)

    class Meta:
        abstract = True


class ClusterRecord(Record):
    """Base of records that belong to a cluster rather than a commune (meetings, pacts, commendations).

    Written by the cluster's coordinator for the cluster, recorded under the
    coordinator's agency; visible to every agency of the cluster's communes
    (`core.policies.ClusterRecordPolicy`).
    """

    cluster = models.ForeignKey(
        "territory.Cluster", verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="+",
    )
    owner_agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        abstract = True


def attachment_path(instance: Attachment, filename: str) -> str:
    """Stored under a random name: the original name (often a person's) never reaches the disk path."""
    return f"attachments/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file attached to a record: a scanned decision, a photo of a scene, a document received.

    Kept outside the web root (`GIAPRANH_FILES_DIR`) and served only through the
    record's access rule (`core.kit_views.AttachmentDownloadView`), each download logged.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    media_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name


class RecordNumber(models.Model):
    """The last number an agency gave to a kind of record in a year (QY-2020-015)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "year"], name="record_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.kind}/{self.year}: {self.last_value}"


class AccessGrant(models.Model):
    """Read access to one record for one agency (e.g. the recipients of a notice)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.BigIntegerField()
    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="access_grants")
    reason = models.CharField(_("reason"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "agency"], name="grant_unique"),
        ]
        indexes = [models.Index(fields=["content_type", "agency"])]

    def __str__(self) -> str:
        return f"{self.content_type.model}#{self.object_id} → {self.agency}"


class AppendOnlyError(Exception):
    pass


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The access log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """Who read, exported, was refused or changed security settings, when and why.

    Append-only and chained: each row stores a keyed seal (HMAC-SHA256, core.audit)
    of its own content plus the previous row's seal, so editing or deleting a row
    breaks the chain (`giapranh verifylog`).
    No personal data goes in here: targets are named by type and public id.
    """

    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )
    actor_username = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=24, choices=AccessAction.choices)
    target_type = models.CharField(_("record type"), max_length=60, blank=True)
    target_ref = models.CharField(_("record"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.target_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The access log is append-only.")

    def hash_payload(self) -> bytes:
        """What a row's seal covers: every column but the seal itself, in a fixed order."""
        return json.dumps(
            [
                self.pk,
                self.created_at.isoformat(timespec="microseconds"),
                self.actor_id,
                self.actor_username,
                self.action,
                self.target_type,
                self.target_ref,
                self.reason,
                self.prev_hash,
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
