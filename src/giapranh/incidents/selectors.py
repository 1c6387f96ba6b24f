"""Scoped reads of incidents and traffic accidents: every one goes through `visible_to`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from giapranh.accounts.models import Agency
from giapranh.core.access import cluster_commune_ids, get_visible_or_404
from giapranh.core.selectors import day_range_q, word_start_q
from giapranh.core.text import fold
from giapranh.incidents.choices import AccidentKind, IncidentOutcome, InvolvementRole
from giapranh.incidents.models import (
    AccidentInvolvement,
    Incident,
    IncidentCategory,
    Involvement,
    TrafficAccident,
)
from giapranh.people.models import Person
from giapranh.territory.equivalence import communes_filed_as
from giapranh.territory.models import AdminUnit

# --- reference data -----------------------------------------------------------------------------


def category_choices() -> QuerySet[IncidentCategory]:
    """Active sub-types, in the order the statistics list them."""
    return IncidentCategory.objects.filter(active=True, parent__isnull=False).select_related("parent").order_by(
        "group", "parent__position", "position", "name"
    )


def category_filter_choices() -> QuerySet[IncidentCategory]:
    """Groups and sub-types (retired ones too: old incidents still carry them)."""
    return IncidentCategory.objects.select_related("parent").order_by("group", "position", "name")


def category_by_code(*, code: str) -> IncidentCategory | None:
    """The category with this code, or None."""
    return IncidentCategory.objects.select_related("parent").filter(code=code).first()


def partner_agency_choices(*, user: Any, include: QuerySet[Agency] | None = None) -> QuerySet[Agency]:
    """Agencies an incident is usually cleared with: the cluster's police and the agencies above them."""
    cluster_agencies = Agency.objects.filter(jurisdiction_id__in=cluster_commune_ids(user))
    paths = {path for path in cluster_agencies.values_list("path", flat=True)}
    own = getattr(user, "agency", None)
    if own is not None:
        paths.add(own.path)
    ancestor_ids = {int(part) for path in paths for part in path.strip("/").split("/") if part}
    q = Q(pk__in=ancestor_ids)
    if include is not None:
        q |= Q(pk__in=include.values("pk"))
    queryset = Agency.objects.filter(q)
    if own is not None:
        queryset = queryset.exclude(pk=own.pk)
    return queryset.order_by("path")


def person_pickable_for(*, user: Any) -> QuerySet[Person]:
    """Persons the user may put on a record: the persons they may see (the people app's rule)."""
    return Person.objects.visible_to(user)


# --- shared filter helpers ----------------------------------------------------------------------


def _filter_period(queryset: QuerySet[Any], date_from: dt.date | None, date_to: dt.date | None) -> QuerySet[Any]:
    return queryset.filter(day_range_q("occurred_at", date_from, date_to))


def _filter_commune(queryset: QuerySet[Any], commune: AdminUnit | None) -> QuerySet[Any]:
    """A current commune includes its predecessors; one that ceased in 2025 only its own records."""
    if commune is None:
        return queryset
    return queryset.filter(commune_id__in=communes_filed_as(commune.pk))


def _word_q(field: str, word: str) -> Q:
    """A folded word starting a word of `field` ("an" finds "an", "anh", not "van");
    numbers may match anywhere ("2020-015" finds "qy-2020-015")."""
    if any(ch.isdigit() for ch in word):
        return Q(**{f"{field}__contains": word})
    return word_start_q(field, word)


def _filter_text(queryset: QuerySet[Any], q: str | None, involvement_model: type[Any], record_field: str) -> QuerySet[Any]:
    """Every folded word in the record's own text, or every word in one involved person's name."""
    words = fold(q).split()
    if not words:
        return queryset
    in_text = Q()
    in_person = Q()
    for word in words:
        in_text &= _word_q("search_key", word)
        in_person &= _word_q("person__search_key", word)
    person_match = Exists(involvement_model.objects.filter(in_person, **{record_field: OuterRef("pk")}))
    return queryset.filter(in_text | person_match)


# --- incidents ----------------------------------------------------------------------------------


def incident_list_for(
    *,
    user: Any,
    q: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    commune: AdminUnit | None = None,
    category: IncidentCategory | None = None,
    group: str | None = None,
    outcome: str | None = None,
    status: str | None = None,
) -> QuerySet[Incident]:
    """Incidents the user may see, filtered; `q` also finds the names of involved persons."""
    queryset: QuerySet[Incident] = (
        Incident.objects.visible_to(user)
        .select_related("commune", "category__parent", "owner_agency")
        .annotate(suspects=Count("involvements", filter=Q(involvements__role=InvolvementRole.SUSPECT)))
    )
    queryset = _filter_period(queryset, date_from, date_to)
    queryset = _filter_commune(queryset, commune)
    if category is not None:
        queryset = queryset.filter(category__parent=category) if category.parent_id is None else queryset.filter(category=category)
    if group:
        queryset = queryset.filter(category__group=group)
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    if status:
        queryset = queryset.filter(status=status)
    queryset = _filter_text(queryset, q, Involvement, "incident")
    return queryset.order_by("-occurred_at", "-id")


def incident_get_for(*, user: Any, public_id: UUID | str) -> Incident:
    """One incident the user may see, with its persons and partners; 404 otherwise."""
    queryset = Incident.objects.select_related(
        "commune__parent__parent", "category__parent", "owner_agency"
    ).prefetch_related(
        Prefetch("involvements", queryset=Involvement.objects.select_related("person").order_by("role", "id")),
        Prefetch("partner_agencies", queryset=Agency.objects.order_by("path")),
    )
    return get_visible_or_404(queryset, user, public_id=public_id)


def involvement_get_for(*, user: Any, incident: Incident, public_id: UUID | str) -> Involvement:
    """One involvement of an incident the user already may see; 404 otherwise."""
    try:
        return Involvement.objects.select_related("incident", "person").get(incident=incident, public_id=public_id)
    except (Involvement.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class CaseCount:
    cases: int = 0
    subjects: int = 0


@dataclass(frozen=True)
class IncidentStats:
    """The review report's incident figures (e.g. prosecuted 99 cases / 153 subjects)."""

    total: CaseCount
    prosecuted: CaseCount
    not_prosecuted: CaseCount
    pending: CaseCount
    cleared_jointly: CaseCount


def incident_stats(*, incidents: QuerySet[Incident]) -> IncidentStats:
    """Cases and subjects (suspects) per outcome and cleared jointly, for an already scoped queryset."""
    ids = incidents.order_by().values("pk")
    base = Incident.objects.filter(pk__in=ids)
    cases = dict(base.order_by().values_list("outcome").annotate(n=Count("id")))
    suspects = Involvement.objects.filter(incident__in=ids, role=InvolvementRole.SUSPECT)
    subjects = dict(suspects.order_by().values_list("incident__outcome").annotate(n=Count("id")))
    joint_cases = base.filter(cleared_jointly=True).count()
    joint_subjects = suspects.filter(incident__cleared_jointly=True).count()

    def count(outcome: str) -> CaseCount:
        return CaseCount(cases.get(outcome, 0), subjects.get(outcome, 0))

    return IncidentStats(
        total=CaseCount(sum(cases.values()), sum(subjects.values())),
        prosecuted=count(IncidentOutcome.PROSECUTED),
        not_prosecuted=count(IncidentOutcome.NOT_PROSECUTED),
        pending=count(IncidentOutcome.PENDING),
        cleared_jointly=CaseCount(joint_cases, joint_subjects),
    )


# --- traffic accidents --------------------------------------------------------------------------


def accident_list_for(
    *,
    user: Any,
    q: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    commune: AdminUnit | None = None,
    kind: str | None = None,
) -> QuerySet[TrafficAccident]:
    """Traffic accidents the user may see, filtered; `q` also finds the names of involved persons."""
    queryset: QuerySet[TrafficAccident] = TrafficAccident.objects.visible_to(user).select_related("commune", "owner_agency")
    queryset = _filter_period(queryset, date_from, date_to)
    queryset = _filter_commune(queryset, commune)
    if kind:
        queryset = queryset.filter(kind=kind)
    queryset = _filter_text(queryset, q, AccidentInvolvement, "accident")
    return queryset.order_by("-occurred_at", "-id")


def accident_get_for(*, user: Any, public_id: UUID | str) -> TrafficAccident:
    """One traffic accident the user may see, with its persons; 404 otherwise."""
    queryset = TrafficAccident.objects.select_related("commune__parent__parent", "owner_agency").prefetch_related(
        Prefetch("involvements", queryset=AccidentInvolvement.objects.select_related("person").order_by("role", "id")),
    )
    return get_visible_or_404(queryset, user, public_id=public_id)


def accident_involvement_get_for(*, user: Any, accident: TrafficAccident, public_id: UUID | str) -> AccidentInvolvement:
    """One involvement of an accident the user already may see; 404 otherwise."""
    try:
        return AccidentInvolvement.objects.select_related("accident", "person").get(accident=accident, public_id=public_id)
    except (AccidentInvolvement.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class AccidentStats:
    """The review report's traffic figures (e.g. 49 accidents and collisions: 3 dead, 73 injured)."""

    total: int
    accidents: int
    collisions: int
    deaths: int
    injuries: int


def accident_stats(*, accidents: QuerySet[TrafficAccident]) -> AccidentStats:
    """Accidents, collisions, deaths and injuries for an already scoped queryset."""
    row = TrafficAccident.objects.filter(pk__in=accidents.order_by().values("pk")).aggregate(
        total=Count("id"),
        accidents=Count("id", filter=Q(kind=AccidentKind.ACCIDENT)),
        collisions=Count("id", filter=Q(kind=AccidentKind.COLLISION)),
        deaths=Sum("deaths"),
        injuries=Sum("injuries"),
    )
    return AccidentStats(
        total=row["total"], accidents=row["accidents"], collisions=row["collisions"],
        deaths=row["deaths"] or 0, injuries=row["injuries"] or 0,
    )
