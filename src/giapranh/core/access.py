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

# Units, clusters and their equivalence across the 2025 reform belong to territory (the layer
# below); the access rule is built on them and re-exports them for the record apps.
from giapranh.territory.equivalence import (
    cluster_commune_ids,
    clusters_of_user,
    equivalent_unit_ids,
)

__all__ = ["cluster_commune_ids", "clusters_of_user", "equivalent_unit_ids"]

M = TypeVar("M", bound=models.Model)
M_co = TypeVar("M_co", bound=models.Model, covariant=True)

NOTHING = Q(pk__in=[])


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
