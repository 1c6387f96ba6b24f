"""What a report covers: a unit (commune, district, province) of an edition, or a cluster.

The 2025 reform, once:
- a unit of the current edition covers its own records and its predecessors'
  (a record of a split commune goes to the part nearest to its coordinates,
  else to the default successor — there are no commune outlines, so "nearest
  unit centroid" stands in for "containing");
- a unit of the legacy edition covers its own records (all dated before 01/07/2025);
- a cluster covers a record when the record's commune was a confirmed member on
  the record's date (for spans such as supervisions: on a day of the span).
A record belongs to one commune, so a period across 01/07/2025 counts it once.

Records placed by their sender agency (exchange messages: `commune_field`
"owner_agency__jurisdiction") keep the agency's commune; a message sent on or
after the day that commune ceased goes to its official default successor (an
agency's jurisdiction is not moved by the reform).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from giapranh.territory.choices import Edition, UnitLevel
from giapranh.territory.models import REFORM_DATE, AdminUnit, Cluster, UnitSuccession
from giapranh.territory.selectors import cluster_memberships_valid, distance_km

EDITIONS = {"legacy": Edition.LEGACY_63, "current": Edition.REFORM_2025}


@dataclass
class Window:
    """Communes counted for records dated within [start, end] (open ends: unbounded)."""

    commune_ids: set[int]
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class SplitPart:
    """A split predecessor: its records go to the successor nearest to them, or the default one."""

    predecessor_id: int
    # successor id → (latitude, longitude) of its centroid
    successors: dict[int, tuple[float | None, float | None]]
    default_id: int
    inside_ids: set[int]  # the successors that belong to the scope


@dataclass
class Scope:
    kind: str  # "cluster" or "unit"
    name: str
    slug_or_code: str
    edition: str = ""
    level: str = ""
    cluster: Cluster | None = None
    unit: AdminUnit | None = None
    windows: list[Window] = field(default_factory=list)
    splits: list[SplitPart] = field(default_factory=list)
    ceased_on: dt.date | None = None
    # The communes the scope covers, for the per-commune chart and map.
    commune_ids: set[int] = field(default_factory=set)
    _placed: dict[tuple[str, str, str], tuple[set[int], set[int]]] = field(default_factory=dict)
    _carried: dict[frozenset[int], set[int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "name": self.name, "id": self.slug_or_code, "edition": self.edition,
            "level": self.level, "ceased_on": self.ceased_on.isoformat() if self.ceased_on else None,
        }

    def _split_placement(
        self, queryset: QuerySet[Any], model_key: str, date_field: str, commune_field: str = "commune",
    ) -> tuple[set[int], set[int]]:
        """Ids of the split predecessors' records placed in the scope, and those placed by default."""
        cache_key = (model_key, date_field, commune_field)
        if cache_key in self._placed:
            return self._placed[cache_key]
        placed: set[int] = set()
        by_default: set[int] = set()
        has_coordinates = hasattr(queryset.model, "latitude")
        for part in self.splits:
            rows = queryset.filter(**{f"{commune_field}_id": part.predecessor_id})
            columns = ("pk", "latitude", "longitude") if has_coordinates else ("pk",)
            for row in rows.values_list(*columns):
                pk, lat, lon = (row + (None, None))[:3]
                target = part.default_id
                candidates = {s: c for s, c in part.successors.items() if None not in c}
                if lat is not None and lon is not None and candidates:
                    target = min(candidates, key=lambda s: distance_km(lat, lon, *candidates[s]))  # type: ignore[arg-type]
                    default = False
                else:
                    default = True
                if target in part.inside_ids:
                    placed.add(pk)
                    if default:
                        by_default.add(pk)
        self._placed[cache_key] = (placed, by_default)
        return placed, by_default

    def carried_ids(self, commune_ids: set[int]) -> set[int]:
        """Communes that ceased with the reform and whose official default successor is one of `commune_ids`."""
        key = frozenset(commune_ids)
        if key not in self._carried:
            self._carried[key] = set(
                UnitSuccession.objects.filter(successor_id__in=commune_ids, is_default=True)
                .values_list("predecessor_id", flat=True)
            )
        return self._carried[key]

    def unit_commune_ids(self) -> set[int]:
        """A unit's communes for the cluster records it counts: its own, its predecessors, a split one when it holds the default successor."""
        ids: set[int] = set().union(*(w.commune_ids for w in self.windows)) if self.windows else set()
        return ids | {part.predecessor_id for part in self.splits if part.default_id in part.inside_ids}

    def filter(
        self, queryset: QuerySet[Any], *, date_field: str, end_field: str | None = None, commune_field: str = "commune",
    ) -> QuerySet[Any]:
        """Records of `queryset` that belong to the scope (placed by `commune_field`)."""
        is_datetime = queryset.model._meta.get_field(date_field).get_internal_type() == "DateTimeField"
        by_sender = commune_field != "commune"
        q = Q(pk__in=[])
        for window in self.windows:
            part = Q(**{f"{commune_field}_id__in": window.commune_ids})
            if by_sender:
                # A sender agency whose commune ceased: its later messages go to the default successor.
                reform = day_start(REFORM_DATE) if is_datetime else REFORM_DATE
                carried = self.carried_ids(window.commune_ids)
                if carried:
                    part |= Q(**{f"{commune_field}_id__in": carried, f"{date_field}__gte": reform})
            if window.start is not None:
                if end_field:
                    part &= Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": window.start})
                else:
                    part &= Q(**{f"{date_field}__gte": day_start(window.start) if is_datetime else window.start})
            if window.end is not None:
                part &= Q(**{f"{date_field}__lt" if is_datetime else f"{date_field}__lte": day_start(window.end + dt.timedelta(days=1)) if is_datetime else window.end})
            q |= part
        if self.splits:
            placed, _ = self._split_placement(queryset, queryset.model._meta.label_lower, date_field, commune_field)
            q |= Q(pk__in=placed)
        return queryset.filter(q)

    def placed_by_default(self, queryset: QuerySet[Any], *, date_field: str, commune_field: str = "commune") -> set[int]:
        if not self.splits:
            return set()
        return self._split_placement(queryset, queryset.model._meta.label_lower, date_field, commune_field)[1]


def day_start(day: dt.date) -> dt.datetime:
    """00:00 of `day` in the project's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _communes_under(unit: AdminUnit) -> set[int]:
    if unit.level == UnitLevel.COMMUNE:
        return {unit.pk}
    return set(
        AdminUnit.objects.communes()
        .filter(Q(parent=unit) | Q(parent__parent=unit))
        .values_list("pk", flat=True)
    )


def scope_for_unit(*, code: str, edition: str) -> Scope:
    """A commune, district or province named by code and edition ("legacy" / "current"); 404 if none."""
    unit = (
        AdminUnit.objects.filter(edition=EDITIONS.get(edition, edition), code=code)
        .select_related("parent__parent").order_by("level").first()
    )
    if unit is None:
        raise Http404
    scope = Scope(
        kind="unit", name=unit.full_name, slug_or_code=unit.code, edition=unit.edition, level=unit.level, unit=unit,
    )
    inside = _communes_under(unit)
    scope.commune_ids = set(inside)
    if unit.edition == Edition.LEGACY_63:
        # Its own records, up to the day it ceased (a sender agency keeps its legacy jurisdiction).
        scope.windows = [Window(inside, end=unit.valid_to)]
        if unit.valid_to:
            scope.ceased_on = unit.valid_to + dt.timedelta(days=1)
        return scope
    whole = set(inside)
    successions = list(
        UnitSuccession.objects.filter(predecessor__successions_out__successor_id__in=inside)
        .select_related("successor").distinct()
    )
    by_predecessor: dict[int, list[UnitSuccession]] = {}
    for succession in successions:
        by_predecessor.setdefault(succession.predecessor_id, []).append(succession)
    for predecessor_id, rows in by_predecessor.items():
        successor_ids = {row.successor_id for row in rows}
        if successor_ids <= inside:
            whole.add(predecessor_id)
            continue
        default = next((row.successor_id for row in rows if row.is_default), rows[0].successor_id)
        scope.splits.append(SplitPart(
            predecessor_id=predecessor_id,
            successors={row.successor_id: (row.successor.latitude, row.successor.longitude) for row in rows},
            default_id=default, inside_ids=successor_ids & inside,
        ))
    scope.windows = [Window(whole)]
    scope.commune_ids = whole | {part.predecessor_id for part in scope.splits}
    return scope


def scope_for_cluster(*, cluster: Cluster, start: dt.date, end: dt.date) -> Scope:
    """A cluster with the members valid on each day of [start, end]."""
    scope = Scope(kind="cluster", name=cluster.name, slug_or_code=cluster.slug, cluster=cluster)
    groups: dict[tuple[dt.date | None, dt.date | None], set[int]] = {}
    # Memberships that ended before the period still matter: a supervision filed in a
    # legacy member commune in 2018 may be active in 2026 (the windows test each record).
    for membership in cluster_memberships_valid(cluster, start=dt.date.min, end=end):
        groups.setdefault((membership.valid_from, membership.valid_to), set()).add(membership.commune_id)
    scope.windows = [Window(ids, vf, vt) for (vf, vt), ids in sorted(groups.items(), key=lambda i: (i[0][0] or dt.date.min))]
    scope.commune_ids = set().union(*groups.values()) if groups else set()
    return scope
