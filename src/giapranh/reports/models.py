from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


NARRATIVE_SECTIONS = [
    ("situation", _("Situation")),
    ("results", _("Results")),
    ("shortcomings", _("Shortcomings")),
    ("tasks", _("Tasks ahead")),
]


class ReviewReport(models.Model):
    """A review report (báo cáo sơ kết / tổng kết) of a scope for a period.

    The figures are computed when the report is generated and kept as JSON; once
    signed, the report is frozen: its figures, narrative and content hash no
    longer change, whatever happens to the records later. A new version of the
    same scope and period can be generated and compared with the signed one.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    cluster = models.ForeignKey(
        "territory.Cluster", on_delete=models.PROTECT, null=True, blank=True, related_name="reports", verbose_name=_("cluster"),
    )
    unit = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit"),
    )
    title = models.CharField(_("title"), max_length=300)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("previous version"))
    status = models.CharField(_("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    figures = models.JSONField(_("figures"), default=dict)
    narrative = models.JSONField(_("narrative"), default=dict)
    document_number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", kwargs={"public_id": self.public_id})

    @property
    def is_signed(self) -> bool:
        return self.status == ReportStatus.SIGNED
