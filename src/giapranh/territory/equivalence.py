"""Units and clusters across the 2025 reform: which units are the same place, which clusters a user's commune is in.

Territory owns these answers; the records layer (`core.access`) builds its access
rule on them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from giapranh.territory.models import AdminUnit, Cluster, ClusterMembership, UnitSuccession


def equivalent_unit_ids(unit_ids: set[int]) -> set[int]:
    """The units plus their direct predecessors and successors across a reform."""
    if not unit_ids:
        return set()
    pairs = UnitSuccession.objects.filter(
        Q(predecessor_id__in=unit_ids) | Q(successor_id__in=unit_ids)
    ).values_list("predecessor_id", "successor_id")
    result = set(unit_ids)
    for old, new in pairs:
        result.update((old, new))
    return result


def clusters_of_user(user: Any) -> models.QuerySet[Cluster]:
    """Clusters with a confirmed membership of the user's agency's commune (with unit history)."""
    agency = getattr(user, "agency", None)
    if agency is None:
        return Cluster.objects.none()
    units = equivalent_unit_ids({agency.jurisdiction_id})
    return Cluster.objects.filter(
        memberships__commune_id__in=units, memberships__confirmed=True
    ).distinct()


def cluster_commune_ids(user: Any) -> set[int]:
    """Communes whose shared records the user's agency may read.

    The confirmed members of the user's clusters, in every period. A cluster not
    yet carried across the 2025 reform (no confirmed member of the new edition)
    keeps its members' successors and predecessors, as before memberships had dates.
    """
    cache = getattr(user, "_cluster_commune_ids", None)
    if cache is not None:
        return cache
    rows = ClusterMembership.objects.filter(
        cluster__in=clusters_of_user(user), confirmed=True
    ).values_list("cluster_id", "commune_id", "commune__valid_to")
    members: dict[int, set[int]] = {}
    carried: set[int] = set()
    for cluster_id, commune_id, unit_valid_to in rows:
        members.setdefault(cluster_id, set()).add(commune_id)
        if unit_valid_to is None:
            carried.add(cluster_id)
    result: set[int] = set()
    for cluster_id, communes in members.items():
        result |= communes if cluster_id in carried else equivalent_unit_ids(communes)
    user._cluster_commune_ids = result
    return result


def communes_filed_as(unit_id: int) -> set[int]:
    """The communes whose records a list filter on `unit_id` shows, by the review report's rule.

    A unit that ceased on 1 July 2025 (legacy) covers its own records only, filed
    before that day; a current unit covers its own and its predecessors', a split
    predecessor counting for the successor that takes over its records by default.
    So Quang Yên (legacy) no longer shows what Yên Lãng holds from Lãng Công.
    """
    from giapranh.territory.models import AdminUnit

    unit = AdminUnit.objects.filter(pk=unit_id).only("id", "valid_to").first()
    if unit is None or unit.valid_to is not None:
        return {unit_id}
    predecessors = UnitSuccession.objects.filter(successor_id=unit_id, is_default=True).values_list("predecessor_id", flat=True)
    return {unit_id, *predecessors}


def unit_listed_on(unit: AdminUnit, day: Any) -> AdminUnit | None:
    """The unit standing for `unit` on `day` (its predecessor or successor across the reform), if one was listed."""
    ids = equivalent_unit_ids({unit.pk}) - {unit.pk}
    return AdminUnit.objects.filter(id__in=ids, level=unit.level).valid_on(day).order_by(models.F("valid_from").desc(nulls_last=True)).first()
