from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from giapranh.territory.choices import Edition, UnitLevel, UnitType
from giapranh.text import fold

REFORM_DATE = dt.date(2025, 7, 1)


class AdminUnitQuerySet(models.QuerySet["AdminUnit"]):
    def valid_on(self, day: dt.date) -> AdminUnitQuerySet:
        """Units in force on `day` (open ends count as unbounded)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def communes(self) -> AdminUnitQuerySet:
        return self.filter(level=UnitLevel.COMMUNE)


class AdminUnit(models.Model):
    """A province, district or commune as it was officially listed for a period."""

    edition = models.CharField(_("edition"), max_length=16, choices=Edition.choices)
    level = models.CharField(_("level"), max_length=16, choices=UnitLevel.choices)
    code = models.CharField(_("official code"), max_length=8)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=100)
    unit_type = models.CharField(_("type"), max_length=16, choices=UnitType.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["edition", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "level", "code"], name="unit_edition_level_code"),
        ]
        indexes = [models.Index(fields=["level", "valid_to"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """`Xã Hải Lựu, Huyện Sông Lô, Tỉnh Vĩnh Phúc`."""
        names = [self.name]
        parent = self.parent
        while parent is not None:
            names.append(parent.name)
            parent = parent.parent
        return ", ".join(names)

    @property
    def province(self) -> AdminUnit:
        unit = self
        while unit.parent is not None:
            unit = unit.parent
        return unit

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def build_search_key(self) -> str:
        parts = [self.name]
        parent = self.parent
        while parent is not None:
            parts.append(parent.name)
            parent = parent.parent
        return fold(" ".join(parts))[:300]


class UnitSuccession(models.Model):
    """Old unit → new unit. A split commune has several rows, one marked default."""

    predecessor = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="successions_out", verbose_name=_("old unit")
    )
    successor = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="successions_in", verbose_name=_("new unit")
    )
    effective_on = models.DateField(_("effective on"), default=REFORM_DATE)
    is_default = models.BooleanField(
        _("default successor"), default=True,
        help_text=_("Where an old commune was split, the part that takes over its records by default."),
    )

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.name} → {self.successor.name}"


class Cluster(models.Model):
    """A cross-border public-order cluster (cụm ANTT khu vực giáp ranh)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    communes = models.ManyToManyField(
        AdminUnit, verbose_name=_("member communes"), related_name="clusters",
        limit_choices_to={"level": UnitLevel.COMMUNE}, through="ClusterMembership",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    regulation = models.TextField(_("regulation"), blank=True, help_text=_("The cluster's coordination regulation (quy chế phối hợp)."))

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClusterMembershipQuerySet(models.QuerySet["ClusterMembership"]):
    def confirmed(self) -> ClusterMembershipQuerySet:
        return self.filter(confirmed=True)

    def overlapping(self, start: dt.date, end: dt.date) -> ClusterMembershipQuerySet:
        """Memberships valid on at least one day of [start, end]."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=start),
        )


class ClusterMembership(models.Model):
    """A commune's membership of a cluster for a period.

    The 2025 reform replaced the member communes by their successors: the legacy
    membership ends on 30/06/2025 and a successor membership, proposed by
    `cluster_membership_carry` and confirmed by the coordinator, starts on
    01/07/2025. Reports count a record when its commune was a confirmed member on
    the record's date. The membership's edition is its commune's edition.
    """

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cluster"))
    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="cluster_memberships", verbose_name=_("commune"),
        limit_choices_to={"level": UnitLevel.COMMUNE},
    )
    valid_from = models.DateField(_("member from"), null=True, blank=True)
    valid_to = models.DateField(_("member until"), null=True, blank=True)
    confirmed = models.BooleanField(
        _("confirmed"), default=True,
        help_text=_("A membership carried across the reform counts once the coordinator confirms it."),
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to",
        verbose_name=_("carried from"),
    )
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = ClusterMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")
        ordering = ["cluster", "valid_from", "commune__code"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "commune"], name="cluster_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} — {self.commune}"

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("A membership cannot end before it starts.")})

    @property
    def edition(self) -> str:
        return self.commune.edition

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class ChairTerm(models.Model):
    """One term of the rotating chair (thường trực cụm)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="chair_terms")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, verbose_name=_("chair agency"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("chair term")
        verbose_name_plural = _("chair terms")
        ordering = ["cluster", "-starts_on"]

    def __str__(self) -> str:
        return f"{self.cluster} — {self.agency}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A chair term cannot end before it starts.")})

    def is_current_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
