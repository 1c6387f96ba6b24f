"""The access model: one mechanism that decides who sees which operational record.

Every list, detail, search, export, report and API endpoint goes through
`ScopedQuerySet.visible_to(user)` (which calls `records_visible_q`) or
`get_visible_or_404`. Invisible and non-existent records are indistinguishable.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404

from giapranh.territory.models import Cluster, ClusterMembership, UnitSuccession

M = TypeVar("M", bound=models.Model)
M_co = TypeVar("M_co", bound=models.Model, covariant=True)

NOTHING = Q(pk__in=[])


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


def agency_subtree_ids(user: Any) -> list[int]:
    """The user's agency and every agency below it (cached on the user for the request)."""
    cached = getattr(user, "_agency_subtree_ids", None)
    if cached is None:
        from giapranh.accounts.models import Agency

        cached = list(Agency.objects.filter(path__startswith=user.agency.path).values_list("id", flat=True))
        user._agency_subtree_ids = cached
    return cached


def records_visible_q(user: Any, model: type[models.Model]) -> Q:
    """The Q a record queryset is filtered by for `user`: the model's policy decides."""
    from giapranh.core.policies import policy_for

    return policy_for(model).visible_q(user, model)


class VisibleQuerySet(Protocol[M_co]):
    """A queryset that knows who sees its rows (ScopedQuerySet, PersonQuerySet)."""

    @property
    def model(self) -> type[M_co]: ...

    def visible_to(self, user: Any) -> models.QuerySet[M_co]: ...


def get_visible_or_404(queryset: VisibleQuerySet[M], user: Any, **lookup: Any) -> M:
    """Fetch one record the user may see; missing and forbidden both raise 404."""
    try:
        return queryset.visible_to(user).get(**lookup)
    # The plugin gives DoesNotExist to concrete models only; `M` is always one here.
    except (queryset.model.DoesNotExist, ValidationError, ValueError, TypeError) as exc:  # type: ignore[attr-defined]
        _log_if_refused(queryset.model, user, lookup)
        raise Http404 from exc


def _log_if_refused(model: type[models.Model], user: Any, lookup: dict[str, Any]) -> None:
    """A 404 answered to a record that exists is an attempt: it goes to the access log (the answer stays 404)."""
    from giapranh.core.audit import access_log_refused

    try:
        exists = model._default_manager.filter(**lookup).exists()
    except (ValidationError, ValueError, TypeError):
        return
    if exists:
        ref = str(lookup.get("public_id", "")) or "?"
        access_log_refused(actor=user if getattr(user, "is_authenticated", False) else None, target_type=model._meta.label_lower, target_ref=ref)


def can_record(user: Any, model: type[models.Model] | None = None) -> bool:
    """Whether the user files records of `model` (commune records by default: officers and chiefs)."""
    from giapranh.core.policies import COMMUNE_RECORDS, policy_for

    return (policy_for(model) if model is not None else COMMUNE_RECORDS).can_create(user)


def can_edit(user: Any, record: Any) -> bool:
    """Whether the user may change (and delete) this record, per its type's policy."""
    from giapranh.core.policies import policy_for

    return policy_for(type(record)).can_change(user, record)


def can_share(user: Any, record: Any) -> bool:
    """Whether the user may share this record with the cluster (the owner commune's chief)."""
    from giapranh.core.policies import policy_for

    return policy_for(type(record)).can_share(user, record)
