from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import F

from giapranh.territory.equivalence import clusters_of_user, equivalent_unit_ids
from giapranh.territory.models import AdminUnit, ChairTerm, Cluster
from giapranh.territory.selectors import cluster_current_chair


@dataclass
class ClusterSide:
    """The member communes of a cluster that sit in one province/district."""

    label: str
    communes: list[AdminUnit] = field(default_factory=list)


@dataclass
class ClusterSummary:
    cluster: Cluster
    sides: list[ClusterSide]
    chair: ChairTerm | None = None


def dashboard_clusters_for(*, user: Any) -> list[ClusterSummary]:
    """The user's clusters, member communes grouped by the side of the line they sit on."""
    summaries = []
    clusters = clusters_of_user(user).prefetch_related("communes__parent__parent", "chair_terms__agency")
    for cluster in clusters:
        sides: dict[str, ClusterSide] = {}
        for commune in sorted(cluster.communes.all(), key=lambda u: (u.parent_id or 0, u.name)):
            parent = commune.parent
            label = ", ".join(u.name for u in (parent, parent.parent if parent else None) if u)
            sides.setdefault(label, ClusterSide(label)).communes.append(commune)
        summaries.append(ClusterSummary(cluster, list(sides.values()), cluster_current_chair(cluster)))
    return summaries


def agency_unit_today(*, agency: Any, day: Any = None) -> AdminUnit | None:
    """The agency's unit as listed today: its jurisdiction, or the unit that succeeded it in the 2025 reform."""
    from django.utils import timezone

    jurisdiction = getattr(agency, "jurisdiction", None)
    if jurisdiction is None:
        return None
    day = day or timezone.localdate()
    if jurisdiction.is_valid_on(day):
        return cast(AdminUnit, jurisdiction)
    ids = equivalent_unit_ids({jurisdiction.pk})
    units = AdminUnit.objects.filter(id__in=ids, level=jurisdiction.level).valid_on(day)
    return units.select_related("parent__parent").order_by(F("valid_from").desc(nulls_last=True)).first()
