from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giapranh.core.models import ScopedRecord
from giapranh.core.text import fold
from giapranh.incidents.choices import (
    AccidentKind,
    AccidentRole,
    CategoryGroup,
    IncidentOutcome,
    IncidentStatus,
    InvolvementRole,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Vietnam's bounding box (mainland and the islands it administers); a point
# outside it is a typing error (swapped coordinates, a missing digit).
LATITUDE_VALIDATORS = [
    MinValueValidator(8, message=_("The latitude must lie within Vietnam (8° to 24° North).")),
    MaxValueValidator(24, message=_("The latitude must lie within Vietnam (8° to 24° North).")),
]
LONGITUDE_VALIDATORS = [
    MinValueValidator(102, message=_("The longitude must lie within Vietnam (102° to 110° East).")),
    MaxValueValidator(110, message=_("The longitude must lie within Vietnam (102° to 110° East).")),
]


class IncidentCategory(models.Model):
    """The incident taxonomy: a group (political security, social order) and its sub-types.

    Reference data: administrators extend it in the Django admin. Incidents are
    filed under sub-types only, so statistics roll up to exactly one group.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self", verbose_name=_("group"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children", limit_choices_to={"parent__isnull": True},
    )
    group = models.CharField(
        _("group"), max_length=24, choices=CategoryGroup.choices, blank=True,
        help_text=_("Sub-types take their parent's group."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive categories are kept for old incidents but cannot be chosen for new ones."))
    position = models.PositiveSmallIntegerField(_("ordering"), default=0)

    class Meta:
        verbose_name = _("incident category")
        verbose_name_plural = _("incident categories")
        ordering = ["group", "position", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            if not self.group:
                raise ValidationError({"group": _("Choose the group this category belongs to.")})
            return
        parent = cast(IncidentCategory, self.parent)  # set: parent_id is not None
        if parent.parent_id is not None:
            raise ValidationError({"parent": _("A sub-type belongs to a group, not to another sub-type.")})
        self.group = parent.group

    @property
    def is_subtype(self) -> bool:
        return self.parent_id is not None


def _clean_coordinates(record: Incident | TrafficAccident, errors: dict[str, list[StrOrPromise]]) -> None:
    """Latitude and longitude come together or not at all."""
    if (record.latitude is None) != (record.longitude is None):
        missing = "longitude" if record.longitude is None else "latitude"
        errors.setdefault(missing, []).append(_("Give both latitude and longitude, or neither."))


def _clean_commune_date(record: Incident | TrafficAccident, errors: dict[str, list[StrOrPromise]]) -> None:
    """Records are filed under the commune as it was officially listed on their date."""
    if record.commune_id is None or record.occurred_at is None:
        return
    day = timezone.localdate(record.occurred_at)
    if not record.commune.is_valid_on(day):
        from giapranh.territory.equivalence import unit_listed_on

        right = unit_listed_on(record.commune, day)
        params = {"commune": record.commune.name, "date": date_format(day, "SHORT_DATE_FORMAT")}
        if right is not None:  # name the right one rather than leave the officer guessing
            message = _("%(commune)s was not an official commune on %(date)s; on that date it was %(right)s.") % {**params, "right": right.name}
        else:
            message = _("%(commune)s was not an official commune on %(date)s; choose the commune listed on that date.") % params
        errors.setdefault("commune", []).append(message)


def _clean_not_future(record: Incident | TrafficAccident, errors: dict[str, list[StrOrPromise]]) -> None:
    if record.occurred_at is not None and record.occurred_at > timezone.now():
        errors.setdefault("occurred_at", []).append(_("The time of the event cannot be in the future."))


class Incident(ScopedRecord):
    """A public-order incident (vụ việc liên quan ANTT) recorded by a commune police."""

    number = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    reported_at = models.DateTimeField(_("reported at"))
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("Village (thôn), road, landmark."))
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=LONGITUDE_VALIDATORS)
    category = models.ForeignKey(
        IncidentCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="incidents",
        limit_choices_to={"parent__isnull": False},
    )
    summary = models.TextField(_("summary"))
    status = models.CharField(_("status"), max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.RECEIVED)
    outcome = models.CharField(_("outcome"), max_length=16, choices=IncidentOutcome.choices, default=IncidentOutcome.PENDING)
    partner_agencies = models.ManyToManyField(
        "accounts.Agency", verbose_name=_("partner agencies"), blank=True, related_name="+",
        help_text=_("Agencies that worked on the case with you."),
    )
    cleared_jointly = models.BooleanField(
        _("cleared jointly"), default=False,
        help_text=_("Investigated and cleared together with the partner agencies."),
    )
    # Folded number, place and summary for diacritics-insensitive search.
    search_key = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["owner_agency", "occurred_at"]),
            models.Index(fields=["commune", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        if self.occurred_at and self.reported_at and self.reported_at < self.occurred_at:
            errors["reported_at"] = [_("The incident cannot be reported before it occurred.")]
        _clean_not_future(self, errors)
        _clean_coordinates(self, errors)
        _clean_commune_date(self, errors)
        if self.category_id is not None and not self.category.is_subtype:
            errors["category"] = [_("Choose a sub-type, not a whole group.")]
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("incidents:incident_detail", kwargs={"public_id": self.public_id})

    def build_search_key(self) -> str:
        return fold(" ".join([self.number, self.place, self.summary]))

    def subject_count(self) -> int:
        """Suspects (đối tượng) in this case, as counted by the review report."""
        return sum(1 for i in self.involvements.all() if i.role == InvolvementRole.SUSPECT)


class PersonPart(models.Model):
    """What a person's part in a record has, whatever the record: a public id, a note, history.

    Incidents and accidents each keep their own table (the record, the person's
    related name and the roles differ); the services write both the same way
    (`incidents.services._involvement_add`).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class Involvement(PersonPart):
    """A person's part in an incident: suspect, victim or witness.

    The people app reads this model (fields `person`, `incident`) to let whoever
    sees an incident see the persons in it.
    """

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="involvements")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="incident_involvements",
    )
    role = models.CharField(_("role"), max_length=16, choices=InvolvementRole.choices)

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "person", "role"], name="involvement_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}/{self.person_id}/{self.role}"


class TrafficAccident(ScopedRecord):
    """A road traffic accident or collision (tai nạn, va chạm giao thông đường bộ)."""

    number = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    place = models.CharField(_("road and place"), max_length=200, help_text=_("Road, kilometre post, village, e.g. ĐT307 km 12, thôn Đồng Ếch."))
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=LONGITUDE_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=16, choices=AccidentKind.choices, default=AccidentKind.ACCIDENT)
    deaths = models.PositiveIntegerField(
        _("deaths"), default=0, validators=[MinValueValidator(0, message=_("The number of deaths cannot be below zero."))],
    )
    injuries = models.PositiveIntegerField(
        _("injuries"), default=0, validators=[MinValueValidator(0, message=_("The number of injured cannot be below zero."))],
    )
    vehicles = models.CharField(_("vehicles"), max_length=200, blank=True, help_text=_("e.g. motorbike – lorry."))
    damage_vnd = models.PositiveBigIntegerField(
        _("material damage (VND)"), null=True, blank=True,
        validators=[MinValueValidator(0, message=_("The material damage cannot be below zero."))],
    )
    damage_description = models.CharField(_("material damage"), max_length=300, blank=True, help_text=_("What was damaged, where no amount is known."))
    summary = models.TextField(_("summary"), blank=True)
    search_key = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("traffic accident")
        verbose_name_plural = _("traffic accidents")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["owner_agency", "occurred_at"]),
            models.Index(fields=["commune", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        _clean_not_future(self, errors)
        _clean_coordinates(self, errors)
        _clean_commune_date(self, errors)
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("incidents:accident_detail", kwargs={"public_id": self.public_id})

    def build_search_key(self) -> str:
        return fold(" ".join([self.number, self.place, self.vehicles, self.summary]))


class AccidentInvolvement(PersonPart):
    """A person's part in a traffic accident: driver, victim or witness.

    Read by the people app (fields `person`, `accident`) for person visibility.
    """

    accident = models.ForeignKey(TrafficAccident, verbose_name=_("traffic accident"), on_delete=models.CASCADE, related_name="involvements")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="accident_involvements",
    )
    role = models.CharField(_("role"), max_length=16, choices=AccidentRole.choices)

    class Meta:
        verbose_name = _("accident involvement")
        verbose_name_plural = _("accident involvements")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["accident", "person", "role"], name="accident_involvement_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.accident_id}/{self.person_id}/{self.role}"
