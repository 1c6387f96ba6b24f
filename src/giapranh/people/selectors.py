"""Reads of the people app. Everything goes through `visible_to(user)`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from giapranh.core.access import equivalent_unit_ids, get_visible_or_404
from giapranh.core.text import fold
from giapranh.people import search as name_search
from giapranh.people.links import person_links
from giapranh.people.models import (
    ForeignVisit,
    IllegalExit,
    Measure,
    Person,
    Supervision,
    SupervisionBasis,
)
from giapranh.territory.equivalence import communes_filed_as
from giapranh.territory.models import AdminUnit

SEARCH_LIMIT = 20
LIST_SEARCH_LIMIT = 200


def _same_commune(unit: AdminUnit | None) -> set[int] | None:
    """A commune filter also matches its predecessors / successors across the 2025 reform."""
    return equivalent_unit_ids({unit.pk}) if unit is not None else None


# --- persons ---------------------------------------------------------------------------------


def _person_filters(
    *,
    birth_year: int | None = None,
    commune: AdminUnit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Q:
    q = Q()
    if birth_year:
        q &= Q(birth_year=birth_year)
    if commune is not None:
        q &= Q(home_commune_id__in=_same_commune(commune))
    if date_from:
        q &= Q(created_at__date__gte=date_from)
    if date_to:
        q &= Q(created_at__date__lte=date_to)
    return q


def person_search(
    *, user: Any, q: str, birth_year: int | None = None, commune: AdminUnit | None = None, limit: int = SEARCH_LIMIT,
) -> list[Person]:
    """Persons the user sees whose names (or ID numbers) match `q`, best first; the birth year ranks (±1, unknown kept)."""
    filters = _person_filters(commune=commune)
    ranked = name_search.search(user=user, q=q, filters=filters, limit=limit, birth_year=birth_year)
    return [r.person for r in ranked]


def person_list(
    *,
    user: Any,
    q: str = "",
    birth_year: int | None = None,
    commune: AdminUnit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    **_ignored: Any,
) -> QuerySet[Person] | list[Person]:
    """The persons list: ranked matches for a query, else everyone visible by name (period = date recorded)."""
    if q and q.strip():
        filters = _person_filters(commune=commune, date_from=date_from, date_to=date_to)
        ranked = name_search.search(user=user, q=q, filters=filters, limit=LIST_SEARCH_LIMIT, birth_year=birth_year)
        return [r.person for r in ranked]
    filters = _person_filters(birth_year=birth_year, commune=commune, date_from=date_from, date_to=date_to)
    return Person.objects.visible_to(user).filter(filters).select_related("home_commune").order_by("search_key", "id")


def person_get_for(*, user: Any, public_id: Any) -> Person:
    """One person the user sees; 404 when missing or invisible."""
    return get_visible_or_404(Person.objects.select_related("home_commune", "owner_agency"), user, public_id=public_id)


@dataclass
class LinkedRecords:
    label: str
    records: list[Any]


def person_linked_records(*, user: Any, person: Person) -> list[LinkedRecords]:
    """The records the user sees that a person is part of, grouped by kind."""
    groups = []
    for link in person_links():
        records = list(link.records_of(person, user)[:50])
        if records:
            groups.append(LinkedRecords(str(link.record_model._meta.verbose_name_plural), records))
    return groups


def person_by_public_id(*, user: Any, public_id: Any) -> Person | None:
    """The visible person with this public id, or None (the picker's lookup)."""
    try:
        return Person.objects.visible_to(user).select_related("home_commune").filter(public_id=public_id).first()
    except (ValidationError, ValueError, TypeError):
        return None


# --- records ---------------------------------------------------------------------------------


def _record_filters(
    queryset: QuerySet,
    *,
    date_field: str,
    person_field: str,
    q: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    commune: AdminUnit | None = None,
    text_fields: tuple[str, ...] = (),
) -> QuerySet:
    if date_from:
        queryset = queryset.filter(**{f"{date_field}__gte": date_from})
    if date_to:
        queryset = queryset.filter(**{f"{date_field}__lte": date_to})
    if commune is not None:
        queryset = queryset.filter(commune_id__in=communes_filed_as(commune.pk))
    if q and q.strip():
        text = Q(**{f"{person_field}__search_key__contains": fold(q)})
        for name in text_fields:
            text |= Q(**{f"{name}__icontains": q.strip()})
        queryset = queryset.filter(text)
    return queryset


def supervision_list(
    *, user: Any, status: str = "", basis: SupervisionBasis | None = None, **filters: Any,
) -> QuerySet[Supervision]:
    """Supervisions the user sees, newest first; filters: period (start), commune, status, basis, text."""
    queryset: QuerySet[Supervision] = Supervision.objects.visible_to(user)
    if status:
        queryset = queryset.filter(status=status)
    if basis is not None:
        queryset = queryset.filter(basis=basis)
    queryset = _record_filters(queryset, date_field="starts_on", person_field="person", text_fields=("number",), **filters)
    return queryset.select_related("person", "basis", "commune", "owner_agency")


def supervision_get_for(*, user: Any, public_id: Any) -> Supervision:
    """One supervision the user sees; 404 otherwise."""
    queryset = Supervision.objects.select_related("person", "basis", "commune", "owner_agency")
    return get_visible_or_404(queryset, user, public_id=public_id)


def measure_list(*, user: Any, kind: str = "", **filters: Any) -> QuerySet[Measure]:
    """Measures the user sees, newest decision first; filters: period (decision), commune, kind, text."""
    queryset: QuerySet[Measure] = Measure.objects.visible_to(user)
    if kind:
        queryset = queryset.filter(kind=kind)
    queryset = _record_filters(queryset, date_field="decision_date", person_field="person", text_fields=("decision_number",), **filters)
    return queryset.select_related("person", "commune", "owner_agency")


def measure_get_for(*, user: Any, public_id: Any) -> Measure:
    """One measure the user sees; 404 otherwise."""
    queryset = Measure.objects.select_related("person", "supervision", "commune", "owner_agency")
    return get_visible_or_404(queryset, user, public_id=public_id)


def visit_list(*, user: Any, purpose: str = "", **filters: Any) -> QuerySet[ForeignVisit]:
    """Foreign visits the user sees, newest arrival first; filters: period (arrival), commune, purpose, text."""
    queryset: QuerySet[ForeignVisit] = ForeignVisit.objects.visible_to(user)
    if purpose:
        queryset = queryset.filter(purpose=purpose)
    queryset = _record_filters(queryset, date_field="arrival_on", person_field="visitor", text_fields=("host_household",), **filters)
    return queryset.select_related("visitor", "commune", "owner_agency")


def visit_get_for(*, user: Any, public_id: Any) -> ForeignVisit:
    """One foreign visit the user sees; 404 otherwise."""
    return get_visible_or_404(ForeignVisit.objects.select_related("visitor", "commune", "owner_agency"), user, public_id=public_id)


def exit_list(
    *, user: Any, status: str = "", suspected_trafficking: bool | None = None, **filters: Any,
) -> QuerySet[IllegalExit]:
    """Illegal exits the user sees, newest first; filters: period (left), commune, status, trafficking, text."""
    queryset: QuerySet[IllegalExit] = IllegalExit.objects.visible_to(user)
    if status:
        queryset = queryset.filter(status=status)
    if suspected_trafficking is not None:
        queryset = queryset.filter(suspected_trafficking=suspected_trafficking)
    queryset = _record_filters(queryset, date_field="left_on", person_field="person", text_fields=("route",), **filters)
    return queryset.select_related("person", "commune", "owner_agency")


def exit_get_for(*, user: Any, public_id: Any) -> IllegalExit:
    """One illegal exit the user sees; 404 otherwise."""
    return get_visible_or_404(IllegalExit.objects.select_related("person", "commune", "owner_agency"), user, public_id=public_id)


def supervision_bases(*, include: SupervisionBasis | None = None) -> QuerySet[SupervisionBasis]:
    """Bases offered in forms: the active ones, plus the one a record already has."""
    q = Q(active=True)
    if include is not None:
        q |= Q(pk=include.pk)
    return SupervisionBasis.objects.filter(q)


def supervisions_of(*, user: Any, person: Person | None) -> QuerySet[Supervision]:
    """The visible supervisions of a person (a measure may refer to one)."""
    queryset = Supervision.objects.visible_to(user).select_related("person", "basis")
    return queryset.filter(person=person) if person is not None else queryset


def basis_by_code(*, code: str) -> SupervisionBasis | None:
    """A supervision basis by its code (API clients send codes)."""
    return SupervisionBasis.objects.filter(code=code).first()


def supervision_by_public_id(*, user: Any, public_id: Any) -> Supervision | None:
    """A visible supervision, or None (a measure may refer to one)."""
    try:
        return Supervision.objects.visible_to(user).filter(public_id=public_id).first()
    except (ValidationError, ValueError, TypeError):
        return None
