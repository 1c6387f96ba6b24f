"""Reads shared by every record app: which communes a user works with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q, QuerySet

from giapranh.core.access import cluster_commune_ids, equivalent_unit_ids
from giapranh.territory.equivalence import communes_filed_as
from giapranh.territory.models import AdminUnit, AdminUnitQuerySet
from giapranh.text import word_start_q


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
    return (
        AdminUnit.objects.filter(id__in=ids, level="commune").select_related("parent__parent")
        .prefetch_related("successions_in__predecessor").order_by(F("valid_from").desc(nulls_last=True), "name")
    )


def commune_label(unit: AdminUnit) -> str:
    """A commune named for the record's date: the new one with its predecessor, the old one with its end.

    `Xã Yên Lãng, Tỉnh Phú Thọ (trước 01/07/2025: Xã Quang Yên)` — officers know their commune
    by its old name, the record needs the one listed on its date.
    """
    from django.utils.translation import gettext as _

    name = unit.full_name
    predecessors = [link.predecessor for link in unit.successions_in.all()]
    if predecessors and unit.valid_from is not None:
        return _("%(name)s (before %(day)s: %(old)s)") % {
            "name": name, "day": unit.valid_from.strftime("%d/%m/%Y"), "old": ", ".join(sorted(p.name for p in predecessors)),
        }
    if unit.valid_to is not None:
        return _("%(name)s (until %(day)s)") % {"name": name, "day": unit.valid_to.strftime("%d/%m/%Y")}
    return name


def communes_for_filters(*, user: Any) -> QuerySet[AdminUnit]:
    """Communes worth offering in a list filter: one's own and the cluster's."""
    own = _record_commune_ids(user) if getattr(user, "agency", None) is not None else set()
    return (
        AdminUnit.objects.filter(id__in=own | cluster_commune_ids(user), level="commune").select_related("parent__parent")
        .prefetch_related("successions_in__predecessor").order_by(F("valid_from").desc(nulls_last=True), "name")
    )


def map_communes_for(*, user: Any, record_commune_id: int | None) -> list[dict[str, Any]]:
    """The points a coordinate map shows: the user's communes and the cluster's, one per name (today's unit first).

    `own` marks the record's commune (or, for a new record, the user's own): the map opens there,
    on today's unit first (`current`).
    """
    own = {record_commune_id} if record_commune_id else (_record_commune_ids(user) if getattr(user, "agency", None) is not None else set())
    units = (
        communes_for_filters(user=user).prefetch_related(None).select_related(None)
        .filter(latitude__isnull=False, longitude__isnull=False).values_list("pk", "name", "latitude", "longitude", "valid_to")
    )
    communes: dict[str, dict[str, Any]] = {}
    for pk, name, latitude, longitude, valid_to in units:
        point = {"name": name, "lat": latitude, "lon": longitude, "own": pk in own, "current": valid_to is None}
        kept = communes.get(name)
        if kept is None or (point["own"] and not kept["own"]) or (valid_to is None and point["own"] == kept["own"]):
            communes[name] = point
    return sorted(communes.values(), key=lambda point: point["name"])


def commune_valid_on(*, user: Any, day: dt.date) -> AdminUnit | None:
    """The user's commune as listed on `day` (the legacy unit before 1 July 2025, its successor after)."""
    own = equivalent_unit_ids({user.agency.jurisdiction_id})
    return communes_for_records(user=user).filter(id__in=own).valid_on(day).first()


def _day_start(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def day_range_q(field: str, date_from: dt.date | None, date_to: dt.date | None) -> Q:
    """Local calendar days `date_from`..`date_to` of a timestamp column, as bounds on it (not a per-row date cast)."""
    q = Q()
    if date_from:
        q &= Q(**{f"{field}__gte": _day_start(date_from)})
    if date_to:
        q &= Q(**{f"{field}__lt": _day_start(date_to + dt.timedelta(days=1))})
    return q


def records_for(
    *,
    record_type: Any,
    user: Any,
    q: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    commune: AdminUnit | None = None,
    **filters: Any,
) -> QuerySet[Any]:
    """The kit's default list selector: visible records of a type, filtered, newest first.

    Text matches the start of a word of the record's folded `search_key` (when the
    model has one) or of the linked person's name; the period is on the declared
    date (local calendar days); a commune by the review report's rule (`communes_filed_as`);
    the declared filters match their field exactly.
    """
    from giapranh.core.text import fold

    model = record_type.model
    queryset = model.objects.visible_to(user)
    date_field = record_type.date_field
    if record_type.is_datetime:
        queryset = queryset.filter(day_range_q(date_field, date_from, date_to))
    else:
        if date_from:
            queryset = queryset.filter(**{f"{date_field}__gte": date_from})
        if date_to:
            queryset = queryset.filter(**{f"{date_field}__lte": date_to})
    if commune is not None:
        queryset = queryset.filter(commune_id__in=communes_filed_as(commune.pk))
    for name, value in filters.items():
        if value not in (None, ""):
            queryset = queryset.filter(**{name: value})
    words = fold(q).split() if q else []
    if words:
        columns = [f.name for f in model._meta.concrete_fields]
        text = Q()
        for word in words:
            match = word_start_q("search_key", word) if "search_key" in columns else Q(pk__in=[])
            if record_type.person_field:
                match |= word_start_q(f"{record_type.person_field}__search_key", word)
            text &= match
        queryset = queryset.filter(text)
    related = [f.name for f in model._meta.concrete_fields if f.is_relation and f.name in (*record_type.fields, "owner_agency")]
    return queryset.select_related(*related).order_by(f"-{date_field}", "-id")


def record_for(*, record_type: Any, user: Any, public_id: Any) -> Any:
    """The kit's default detail selector: one visible record of a type; 404 for missing and invisible alike."""
    from giapranh.core.access import get_visible_or_404

    related = [f.name for f in record_type.model._meta.concrete_fields if f.is_relation and f.name in (*record_type.fields, "owner_agency")]
    return get_visible_or_404(record_type.model.objects.select_related(*related), user, public_id=public_id)


def share_audience(*, record: Any) -> dict[str, Any]:
    """Who reads a record once it is shared: the other communes of its clusters and their agencies (names, not codes)."""
    from giapranh.accounts.models import Agency
    from giapranh.territory.models import Cluster
    from giapranh.territory.selectors import cluster_current_communes

    if getattr(record, "commune_id", None) is None:
        return {"communes": [], "agencies": []}
    own = equivalent_unit_ids({record.commune_id})
    clusters = Cluster.objects.filter(memberships__commune_id__in=own, memberships__confirmed=True).distinct().prefetch_related("memberships__commune")
    communes = {unit.pk: unit for cluster in clusters for unit in cluster_current_communes(cluster) if unit.pk not in own}
    readers = equivalent_unit_ids(set(communes))
    agencies = Agency.objects.filter(jurisdiction_id__in=readers).exclude(pk=record.owner_agency_id).order_by("name")
    return {"communes": sorted(communes.values(), key=lambda unit: unit.name), "agencies": list(agencies)}


def shared_persons_of(*, record: Any, person_field: str | None) -> list[Any]:
    """The persons whose particulars a shared record shows: its person field and its involved persons."""
    persons = []
    if person_field and getattr(record, f"{person_field}_id", None) is not None:
        persons.append(getattr(record, person_field))
    involvements = getattr(record, "involvements", None)
    if involvements is not None:
        persons += [involvement.person for involvement in involvements.select_related("person")]
    return list({person.pk: person for person in persons}.values())
