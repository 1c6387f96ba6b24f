"""Reads shared by every record app: which communes a user works with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from giapranh.core.access import cluster_commune_ids, equivalent_unit_ids
from giapranh.territory.models import AdminUnit, AdminUnitQuerySet


def _record_commune_ids(user: Any) -> set[int]:
    """Ids behind communes_for_records, computed once per request (cached on the user)."""
    cached = getattr(user, "_record_commune_ids", None)
    if cached is None:
        agency = user.agency
        subtree = set(
            AdminUnit.objects.filter(agencies__path__startswith=agency.path, level="commune").values_list("id", flat=True)
        )
        cached = equivalent_unit_ids(subtree | {agency.jurisdiction_id})
        user._record_commune_ids = cached
    return cached


def communes_for_records(*, user: Any) -> AdminUnitQuerySet:
    """Communes a user may file records under: their agency's commune, before and after the reform."""
    if getattr(user, "agency", None) is None:
        return AdminUnit.objects.none()
    ids = _record_commune_ids(user)
    return AdminUnit.objects.filter(id__in=ids, level="commune").select_related("parent__parent").order_by("name", "valid_from")


def communes_for_filters(*, user: Any) -> QuerySet[AdminUnit]:
    """Communes worth offering in a list filter: one's own and the cluster's."""
    own = _record_commune_ids(user) if getattr(user, "agency", None) is not None else set()
    return AdminUnit.objects.filter(id__in=own | cluster_commune_ids(user), level="commune").select_related("parent__parent").order_by("name", "valid_from")


def commune_valid_on(*, user: Any, day: dt.date) -> AdminUnit | None:
    """The user's commune as listed on `day` (the legacy unit before 1 July 2025, its successor after)."""
    own = equivalent_unit_ids({user.agency.jurisdiction_id})
    return communes_for_records(user=user).filter(id__in=own).valid_on(day).first()


def word_start_q(field: str, word: str) -> Q:
    """`word` begins a word of a folded text column (`yen` finds "yen lang", not "huyen")."""
    return Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
