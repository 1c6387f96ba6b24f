from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from giapranh.territory.equivalence import clusters_of_user
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
