"""Files attached to records: checked on their content, stored outside the web root, read through the record's rule.

A type declared with `attachments=True` in the record kit gets the upload,
list and download pages and endpoints. The file's type is recognised from its
first bytes, never from its name; only the kinds officers actually attach are
accepted (scanned decisions as PDF, photos, office documents). Downloads go
through the record's visibility rule and are written to the access log.
"""

from __future__ import annotations

import hashlib
import zipfile
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from giapranh.core.access import can_edit
from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction
from giapranh.core.models import Attachment
from giapranh.core.text import UncleanText, clean_text

# (media type, extension shown to the user) by leading bytes.
_SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]
_OFFICE = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
ACCEPTED = "PDF, JPEG, PNG, DOCX, XLSX"


def max_attachment_bytes() -> int:
    return int(getattr(settings, "GIAPRANH_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def sniff(upload: UploadedFile) -> tuple[str, str] | None:
    """The (media type, extension) the content really is, or None for a kind we do not accept."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, media_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return media_type, extension
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        for prefix, kind in _OFFICE.items():
            if "[Content_Types].xml" in names and any(name.startswith(prefix) for name in names):
                return kind
    return None


def attachments_of(record: Any) -> QuerySet[Attachment]:
    """The files of a record the caller already may see."""
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
    ).select_related("uploaded_by")


@transaction.atomic
def attachment_add(*, record: Any, actor: Any, upload: UploadedFile, description: str = "") -> Attachment:
    """Attach a file to a record of the actor's own agency, after checking its size and real type."""
    if not can_edit(actor, record):
        raise PermissionDenied(_("Only the owner agency may attach files to this record."))
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > max_attachment_bytes():
        raise ValidationError({"file": _("The file is larger than %(mb)s MB.") % {"mb": max_attachment_bytes() // (1024 * 1024)}})
    kind = sniff(upload)
    if kind is None:
        raise ValidationError({"file": _("This kind of file is not accepted; attach %(kinds)s.") % {"kinds": ACCEPTED}})
    try:
        name = clean_text(upload.name or "", multiline=False)[:200] or f"file.{kind[1]}"
        description = clean_text(description or "")[:200]
    except UncleanText:
        raise ValidationError({"description": _("Remove the control characters from this text.")}) from None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
        original_name=name, media_type=kind[0], size=upload.size, sha256=digest.hexdigest(),
        description=description, uploaded_by=actor, uploaded_at=timezone.now(),
    )
    attachment.file.save(f"{kind[1]}", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, record: Any, attachment: Attachment, actor: Any) -> None:
    """Remove a file from a record of the actor's own agency (the file leaves the disk after commit)."""
    if not can_edit(actor, record):
        raise PermissionDenied(_("Only the owner agency may remove files from this record."))
    file = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: file.delete(save=False))


def attachment_get(*, record: Any, public_id: Any) -> Attachment:
    """One file of a record the caller already may see; 404 otherwise."""
    try:
        return attachments_of(record).get(public_id=public_id)
    except (Attachment.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


def attachment_response(*, record: Any, attachment: Attachment, actor: Any) -> FileResponse:
    """The file as a download, logged; never rendered inline (a file is not a page of ours)."""
    access_log_append(actor=actor, action=AccessAction.DOWNLOAD, target=attachment, reason=f"{record._meta.label_lower}:{record.public_id}")
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name, content_type=attachment.media_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
