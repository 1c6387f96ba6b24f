"""Community and force: outreach, self-management, mediation, reputable persons, the roster, meetings and tasks, emulation."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from giapranh.community.choices import (
    CommendationForm,
    MediationResult,
    MeetingKind,
    OutreachKind,
    OutreachTopic,
    RecipientKind,
    ServiceType,
    Standing,
    TaskStatus,
)
from giapranh.core.models import ClusterRecord, ScopedRecord
from giapranh.core.text import fold


def active_on_q(day: dt.date, start: str, end: str) -> Q:
    """Rows that had started on `day` and had not yet ended (an end on the day itself no longer counts)."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


class _Searchable(models.Model):
    """A folded search key over a few text columns, for the kit's word-start text search."""

    search_key = models.CharField(max_length=300, blank=True, editable=False, db_index=True)
    search_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def build_search_key(self) -> str:
        return fold(" ".join(str(getattr(self, name) or "") for name in self.search_fields))[:300]


def _period_clean(record: models.Model, start: str, end: str) -> None:
    if getattr(record, start) and getattr(record, end) and getattr(record, end) < getattr(record, start):
        raise ValidationError({end: _("The end cannot be before the start.")})


class OutreachActivity(_Searchable, ScopedRecord):
    """A news item, a slogan or banner, or a public session held in a village."""

    kind = models.CharField(_("kind"), max_length=20, choices=OutreachKind.choices)
    held_on = models.DateField(_("date"))
    village = models.CharField(_("village"), max_length=120, blank=True, help_text=_("Village, hamlet or residential group (thôn, xóm, tổ dân phố)."))
    topic = models.CharField(_("topic"), max_length=24, choices=OutreachTopic.choices)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, help_text=_("How many: news items, banners or sessions."))
    audience = models.PositiveIntegerField(_("audience"), null=True, blank=True, help_text=_("People attending (public sessions)."))
    notes = models.TextField(_("notes"), blank=True)

    search_fields = ("village", "notes")

    class Meta:
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        indexes = [models.Index(fields=["owner_agency", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("community:outreach_detail", kwargs={"public_id": self.public_id})


class SelfManagementGroup(_Searchable, ScopedRecord):
    """A neighbourhood self-management group (tổ liên gia tự quản)."""

    village = models.CharField(_("village"), max_length=120, help_text=_("Village, hamlet or residential group (thôn, xóm, tổ dân phố)."))
    name = models.CharField(_("name"), max_length=120)
    leader = models.CharField(_("leader"), max_length=120, blank=True)
    households = models.PositiveIntegerField(_("households"), default=0)
    founded_on = models.DateField(_("founded on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    search_fields = ("name", "village", "leader")
    # What a reader who may not see this record reads where another record links it (core.history.display_value).
    hidden_label = _("a self-management group")

    class Meta:
        verbose_name = _("self-management group")
        verbose_name_plural = _("self-management groups")
        indexes = [models.Index(fields=["commune", "founded_on"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.village})"

    def get_absolute_url(self) -> str:
        return reverse("community:group_detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        _period_clean(self, "founded_on", "dissolved_on")


class SelfManagementModel(ClusterRecord):
    """A self-management model for public order (mô hình tự quản về ANTT), possibly across communes."""

    name = models.CharField(_("name"), max_length=200)
    communes = models.ManyToManyField(
        "territory.AdminUnit", verbose_name=_("communes"), related_name="+", limit_choices_to={"level": "commune"},
    )
    description = models.TextField(_("description"), blank=True)
    founded_on = models.DateField(_("founded on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-management model")
        verbose_name_plural = _("self-management models")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:model_detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        _period_clean(self, "founded_on", "ended_on")


class MediationTeam(_Searchable, ScopedRecord):
    """A grassroots mediation team (tổ hòa giải)."""

    village = models.CharField(_("village"), max_length=120)
    name = models.CharField(_("name"), max_length=120)
    members = models.PositiveIntegerField(_("members"), default=0)
    founded_on = models.DateField(_("founded on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    search_fields = ("name", "village")
    hidden_label = _("a mediation team")

    class Meta:
        verbose_name = _("mediation team")
        verbose_name_plural = _("mediation teams")

    def __str__(self) -> str:
        return f"{self.name} ({self.village})"

    def get_absolute_url(self) -> str:
        return reverse("community:team_detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        _period_clean(self, "founded_on", "dissolved_on")


class MediationCase(_Searchable, ScopedRecord):
    """A dispute a mediation team handled; the parties' names only where needed (personal data)."""

    held_on = models.DateField(_("date"))
    team = models.ForeignKey(MediationTeam, verbose_name=_("mediation team"), on_delete=models.PROTECT, related_name="cases")
    subject = models.CharField(_("subject"), max_length=200)
    parties = models.PositiveSmallIntegerField(_("number of parties"), default=2)
    party_names = models.TextField(_("names of the parties"), blank=True, help_text=_("Only where needed."))
    result = models.CharField(_("result"), max_length=20, choices=MediationResult.choices)

    search_fields = ("subject",)

    class Meta:
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")

    def __str__(self) -> str:
        return f"{self.subject} ({self.held_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("community:case_detail", kwargs={"public_id": self.public_id})


class ReputablePerson(_Searchable, ScopedRecord):
    """A person of standing (người có uy tín): the movement's core in a village."""

    full_name = models.CharField(_("full name"), max_length=120)
    village = models.CharField(_("village"), max_length=120)
    standing = models.CharField(_("standing"), max_length=24, choices=Standing.choices)
    movement_role = models.CharField(_("role in the movement"), max_length=200, blank=True)
    recognized_on = models.DateField(_("recognised on"))
    ended_on = models.DateField(_("no longer counted from"), null=True, blank=True)

    search_fields = ("full_name", "village")

    class Meta:
        verbose_name = _("reputable person")
        verbose_name_plural = _("reputable persons")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("community:reputable_detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        _period_clean(self, "recognized_on", "ended_on")


class Officer(_Searchable, ScopedRecord):
    """A member of the commune police roster: regular (chính quy) or semi-professional (bán chuyên trách)."""

    full_name = models.CharField(_("full name"), max_length=120)
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    position = models.CharField(_("position"), max_length=120, blank=True)
    service_type = models.CharField(_("service type"), max_length=20, choices=ServiceType.choices)
    serving_from = models.DateField(_("serving from"))
    serving_to = models.DateField(_("serving to"), null=True, blank=True)

    search_fields = ("full_name", "position")
    hidden_label = _("a commune police officer")

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        indexes = [models.Index(fields=["commune", "serving_from"])]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("community:officer_detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        _period_clean(self, "serving_from", "serving_to")


class Meeting(ClusterRecord):
    """A cluster meeting (giao ban định kỳ, sơ kết, tổng kết, chuyên đề); its decisions become tasks."""

    kind = models.CharField(_("kind"), max_length=24, choices=MeetingKind.choices)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    host_agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("host agency"), on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        help_text=_("Left empty: the cluster's chair on the meeting's date."),
    )
    attending_agencies = models.ManyToManyField("accounts.Agency", verbose_name=_("attending agencies"), related_name="+", blank=True)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("community:meeting_detail", kwargs={"public_id": self.public_id})


class Task(ClusterRecord):
    """A decision of a meeting to carry out: an owner agency, a due date, a status, progress notes."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="tasks", null=True, blank=True)
    title = models.CharField(_("decision"), max_length=300)
    responsible_agency = models.ForeignKey("accounts.Agency", verbose_name=_("owner agency"), on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    progress_notes = models.TextField(_("progress notes"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["responsible_agency", "status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue_on(self, day: dt.date) -> bool:
        return self.status != TaskStatus.DONE and self.due_on < day

    def get_absolute_url(self) -> str:
        return reverse("community:task_detail", kwargs={"public_id": self.public_id})


class EmulationPact(ClusterRecord):
    """An emulation pact (giao ước thi đua) the cluster's agencies signed."""

    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"))
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"), null=True, blank=True)
    signatories = models.ManyToManyField("accounts.Agency", verbose_name=_("signatory agencies"), related_name="+", blank=True)
    criteria = models.TextField(_("criteria"), blank=True)

    class Meta:
        verbose_name = _("emulation pact")
        verbose_name_plural = _("emulation pacts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:pact_detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        _period_clean(self, "period_from", "period_to")


class Commendation(ClusterRecord):
    """A commendation to a collective (an agency, a group, a team) or an individual (an officer, a citizen).

    The recipient is exactly one of: an agency (reference data), a self-management
    group, a mediation team or an officer of the roster (records, linked and named
    only to readers who may see them, `community.services.recipient_label`), or a
    citizen by name (citizens are not records). `recipient_kind` says which.
    """

    awarded_on = models.DateField(_("date"))
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    form = models.CharField(_("form"), max_length=24, choices=CommendationForm.choices)
    recipient_kind = models.CharField(
        _("recipient kind"), max_length=12, choices=RecipientKind.choices,
        help_text=_("Then choose the recipient of that kind below (a citizen: write the name)."),
    )
    recipient_agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("recipient agency"), on_delete=models.PROTECT, related_name="+", null=True, blank=True,
    )
    recipient_group = models.ForeignKey(
        SelfManagementGroup, verbose_name=_("recipient self-management group"), on_delete=models.SET_NULL,
        related_name="commendations", null=True, blank=True,
    )
    recipient_team = models.ForeignKey(
        MediationTeam, verbose_name=_("recipient mediation team"), on_delete=models.SET_NULL,
        related_name="commendations", null=True, blank=True,
    )
    recipient_officer = models.ForeignKey(
        Officer, verbose_name=_("recipient officer"), on_delete=models.SET_NULL, related_name="commendations", null=True, blank=True,
        help_text=_("An officer of a roster you may read (your agency's, or those below it)."),
    )
    recipient_name = models.CharField(_("citizen commended"), max_length=200, blank=True, help_text=_("The citizen's name (citizens are not records)."))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.awarded_on:%d/%m/%Y}"

    @property
    def is_collective(self) -> bool:
        return self.recipient_kind in (RecipientKind.AGENCY, RecipientKind.GROUP, RecipientKind.TEAM)

    def get_absolute_url(self) -> str:
        return reverse("community:commendation_detail", kwargs={"public_id": self.public_id})

