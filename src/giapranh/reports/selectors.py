"""Reads of review-report statistics: figures for a scope and period, and the records behind them.

Every figure is read through `Model.objects.visible_to(reader)`: a report shows
what its reader may see. Steering viewers see numbers only: their figures are
counted over what a superior officer of their agency sees, they get no
drill-down, and counts of fewer than 3 persons read "< 3".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from giapranh.reports.figures import Counting, Figure, Period, figure_get, figures, sections
from giapranh.reports.scope import Scope, day_start, scope_for_cluster, scope_for_unit
from giapranh.territory.models import Cluster
from giapranh.territory.selectors import cluster_get_for

SMALL_COUNT = 3


@dataclass
class AggregateReader:
    """Stands for a steering viewer when counting: sees what a superior of the same agency sees."""

    agency: Any
    agency_id: int
    pk: None = None
    is_authenticated: bool = True
    sees_records: bool = True
    role: str = "superior"


@dataclass
class SystemReader:
    """The `giapranh report` command without --user: an operator who may read the database anyway."""

    username: str = "system:report"
    pk: None = None
    is_authenticated: bool = True


def is_steering(user: Any) -> bool:
    return getattr(user, "role", None) == "steering"


def may_drill_down(user: Any) -> bool:
    """Steering viewers and administrators get numbers only."""
    return isinstance(user, SystemReader) or bool(getattr(user, "sees_records", False))


def _records(reader: Any, figure: Figure, *, counting: bool = False) -> QuerySet[Any]:
    manager = figure.model_class._default_manager
    if isinstance(reader, SystemReader):
        return manager.all()
    if counting and figure.counted_q is not None:
        return manager.filter(figure.counted_q(reader))
    if is_steering(reader):
        reader = AggregateReader(agency=reader.agency, agency_id=reader.agency_id)
    return manager.visible_to(reader)  # type: ignore[attr-defined, no-any-return]


def figure_queryset(
    *, reader: Any, scope: Scope, figure: Figure, start: dt.date, end: dt.date, counting: bool = False,
    bases: dict[tuple[str, bool], QuerySet[Any]] | None = None, own_filter: bool = True,
) -> QuerySet[Any]:
    """The records behind `figure` for the scope and period, only those `reader` may see (or count, if `counting`).

    `bases` keeps, for one report, each model's readable records (the access rule is built once a model).
    """
    if bases is None:
        base = _records(reader, figure, counting=counting)
    else:
        key = (figure.model, counting and figure.counted_q is not None)
        if key not in bases:
            bases[key] = _records(reader, figure, counting=counting)
        base = bases[key]
    if figure.cluster_level:
        records = base
        if scope.cluster is not None:
            records = records.filter(cluster=scope.cluster)
        elif figure.unit_filter is not None:
            # A unit's report: the cluster records that touch its communes (one row per record).
            inside = figure.model_class._default_manager.filter(figure.unit_filter(scope.unit_commune_ids()))
            records = records.filter(pk__in=inside.values("pk"))
        else:
            records = records.none()
    else:
        records = scope.filter(
            base, date_field=figure.date_field, end_field=figure.end_field,
            commune_field=figure.commune_field,
        )
    if own_filter:
        records = records.filter(figure.filter)
    low: Any = day_start(start) if figure.is_datetime else start
    high: Any = day_start(end + dt.timedelta(days=1)) if figure.is_datetime else end
    upper = "lt" if figure.is_datetime else "lte"
    if figure.period == Period.DATED:
        records = records.filter(**{f"{figure.date_field}__gte": low, f"{figure.date_field}__{upper}": high})
    elif figure.period == Period.ACTIVE:
        records = records.filter(**{f"{figure.date_field}__{upper}": high}).filter(
            Q(**{f"{figure.end_field}__isnull": True}) | Q(**{f"{figure.end_field}__gte": start})
        )
    else:  # LAST_DAY: as `community.models.active_on_q`, an end on the last day itself no longer counts
        records = records.filter(**{f"{figure.date_field}__{upper}": high}).filter(
            Q(**{f"{figure.end_field}__isnull": True}) | Q(**{f"{figure.end_field}__gt": end})
        )
    return records


def figure_count(records: QuerySet[Any], figure: Figure, scope: Scope | None = None) -> int:
    """Count the records the figure's way (one query); a SHARE counts its numerator (see `figure_share`)."""
    if figure.counting == Counting.RECORDS:
        return records.count()
    if figure.counting == Counting.SUM:
        return int(records.aggregate(total=Sum(figure.path))["total"] or 0)
    if figure.counting == Counting.SHARE:
        return records.filter(figure.share_filter).count()
    condition = figure.path_filter
    if figure.cluster_level and scope is not None and scope.cluster is None and figure.unit_path_filter is not None:
        condition = condition & figure.unit_path_filter(scope.unit_commune_ids())
    return int(records.aggregate(n=Count(figure.path, distinct=True, filter=condition or None))["n"] or 0)


def figure_share(records: QuerySet[Any], figure: Figure) -> tuple[int, int]:
    """A SHARE's numerator and denominator in one query."""
    counts = records.aggregate(part=Count("pk", filter=figure.share_filter), whole=Count("pk"))
    return int(counts["part"] or 0), int(counts["whole"] or 0)


def percent(part: int, whole: int) -> int | None:
    """A whole percentage (half up); None when there is nothing to divide."""
    return (200 * part + whole) // (2 * whole) if whole else None


@dataclass
class FigureValue:
    key: str
    label: str
    section: str
    unit: str
    value: int | None  # None: a share of nothing (no requests)
    about_persons: bool
    seed: int | None = None
    # A SHARE (percent): what it is the share of.
    numerator: int | None = None
    denominator: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key, "label": self.label, "section": self.section, "unit": self.unit,
            "value": self.value, "about_persons": self.about_persons,
        }
        if self.denominator is not None:
            data.update(counting="share", numerator=self.numerator, denominator=self.denominator)
        return data


@dataclass
class ReportData:
    scope: Scope
    start: dt.date
    end: dt.date
    figures: list[FigureValue]
    placed_by_default: int = 0
    notes: list[str] = field(default_factory=list)

    def value(self, key: str) -> int:
        """A figure's value (0 for an unknown figure and for a share of nothing: read the figure for those)."""
        return next((f.value or 0 for f in self.figures if f.key == key), 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope.as_dict(),
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "figures": {f.key: f.as_dict() for f in self.figures},
            "sections": {key: str(s.title) for key, s in sections().items()},
            "placed_by_default": self.placed_by_default,
            "notes": self.notes,
        }


def scope_resolve(
    *, user: Any, cluster: str | None = None, unit: str | None = None, edition: str = "current",
    start: dt.date, end: dt.date,
) -> Scope:
    """The scope named by a cluster slug (listed for the user) or a unit code and edition; 404 otherwise."""
    if cluster:
        if isinstance(user, SystemReader):
            found = Cluster.objects.filter(slug=cluster).first()
            if found is None:
                raise Http404
        else:
            found = cluster_get_for(user=user, slug=cluster)
        return scope_for_cluster(cluster=found, start=start, end=end)
    if unit:
        return scope_for_unit(code=unit, edition=edition)
    raise Http404


def _multiplies(figure: Figure) -> bool:
    """Counting persons through a to-many path (an incident's involvements) repeats the record's row."""
    return figure.counting == Counting.PERSONS and "__" in figure.path


def _batch_key(figure: Figure) -> tuple[Any, ...] | None:
    """Figures with the same records (model, dates, placement, reading) are counted in one query; None: alone."""
    if figure.cluster_level:
        return None
    return (figure.model, figure.period, figure.date_field, figure.end_field, figure.commune_field,
            figure.counted_q is not None, _multiplies(figure))


def _aggregates(figure: Figure) -> dict[str, Any]:
    """The figure's count as aggregates over records not yet narrowed by its own filter."""
    own = figure.filter
    if figure.counting == Counting.RECORDS:
        return {figure.key: Count("pk", filter=own or None)}
    if figure.counting == Counting.SUM:
        return {figure.key: Sum(figure.path, filter=own or None)}
    if figure.counting == Counting.SHARE:
        return {figure.key: Count("pk", filter=(own & figure.share_filter) or None), f"{figure.key}/": Count("pk", filter=own or None)}
    return {figure.key: Count(figure.path, distinct=True, filter=(own & figure.path_filter) or None)}


def _counted_together(
    *, reader: Any, scope: Scope, members: list[Figure], start: dt.date, end: dt.date, bases: dict[tuple[str, bool], QuerySet[Any]],
) -> dict[str, tuple[int | None, int | None, int | None]]:
    """value, numerator, denominator of each member, in one query."""
    records = figure_queryset(
        reader=reader, scope=scope, figure=members[0], start=start, end=end, counting=True, bases=bases, own_filter=False,
    )
    if len(members) == 1 and members[0].counting != Counting.SHARE:
        counted = figure_count(records.filter(members[0].filter), members[0], scope)
        return {members[0].key: (counted, None, None)}
    aggregates: dict[str, Any] = {}
    for figure in members:
        aggregates.update(_aggregates(figure))
    row = records.aggregate(**aggregates)
    result: dict[str, tuple[int | None, int | None, int | None]] = {}
    for figure in members:
        if figure.counting == Counting.SHARE:
            part, whole = int(row[figure.key] or 0), int(row[f"{figure.key}/"] or 0)
            result[figure.key] = (percent(part, whole), part, whole)
        else:
            result[figure.key] = (int(row[figure.key] or 0), None, None)
    return result


def report_compute(*, reader: Any, scope: Scope, start: dt.date, end: dt.date) -> ReportData:
    """Every declared figure for the scope and period, as `reader` may see it.

    Figures over the same records (the incidents', the outreach kinds, the roster's) are counted
    in one query each; a figure counted alone is the same count (`figure_count`).
    """
    values = []
    default_ids: dict[str, set[int]] = {}
    bases: dict[tuple[str, bool], QuerySet[Any]] = {}
    declared = figures()
    batches: dict[Any, list[Figure]] = {}
    for figure in declared:
        batches.setdefault(_batch_key(figure) or figure.key, []).append(figure)
    counts: dict[str, tuple[int | None, int | None, int | None]] = {}
    for members in batches.values():
        counts.update(_counted_together(reader=reader, scope=scope, members=members, start=start, end=end, bases=bases))
    for figure in declared:
        value = FigureValue(
            key=figure.key, label=str(figure.label), section=figure.section, unit=str(figure.unit),
            value=counts[figure.key][0], about_persons=figure.about_persons, seed=figure.seed,
        )
        if figure.counting == Counting.SHARE:
            value.numerator, value.denominator = counts[figure.key][1], counts[figure.key][2]
        values.append(value)
        if scope.splits and not figure.cluster_level:
            records = figure_queryset(reader=reader, scope=scope, figure=figure, start=start, end=end, counting=True, bases=bases)
            by_default = scope.placed_by_default(records, date_field=figure.date_field, commune_field=figure.commune_field)
            if by_default:
                in_figure = set(records.filter(pk__in=by_default).values_list("pk", flat=True))
                default_ids.setdefault(figure.model, set()).update(in_figure)
    data = ReportData(scope=scope, start=start, end=end, figures=values)
    data.placed_by_default = sum(len(ids) for ids in default_ids.values())
    if scope.ceased_on:
        data.notes.append(
            _("%(unit)s ceased to exist on %(date)s (administrative reform); its records before that day are counted.")
            % {"unit": scope.name, "date": scope.ceased_on.strftime("%d/%m/%Y")}
        )
    if data.placed_by_default:
        data.notes.append(
            _("%(count)s records of split communes had no coordinates and were placed with the official default successor.")
            % {"count": data.placed_by_default}
        )
    return data


def figure_rows(*, reader: Any, scope: Scope, key: str, start: dt.date, end: dt.date) -> tuple[Figure, QuerySet[Any]]:
    """The records behind one figure (drill-down); steering viewers and unknown figures get 404."""
    figure = figure_get(key)
    if figure is None or not may_drill_down(reader):
        raise Http404
    records = figure_queryset(reader=reader, scope=scope, figure=figure, start=start, end=end)
    return figure, figure_rows_prepared(records, figure)


def figure_rows_prepared(records: QuerySet[Any], figure: Figure) -> QuerySet[Any]:
    """Drill-down rows in date order, with their commune and the figure's own columns read."""
    if not figure.cluster_level:
        records = records.select_related(figure.commune_field)
    if figure.rows_prepare is not None:
        records = figure.rows_prepare(records)
    return records.order_by(figure.date_field, "pk")


def row_commune(record: Any, figure: Figure) -> str:
    """The name of the commune a drill-down row lies in (empty for a cluster's record)."""
    if figure.cluster_level:
        return ""
    target = record
    for part in figure.commune_field.split("__"):
        target = getattr(target, part, None)
    return str(getattr(target, "name", "") or "")


def shown_value(value: int | None, *, about_persons: bool, user: Any) -> str:
    """What a user is shown: steering viewers read "< 3" for fewer than 3 persons; a share of nothing "—"."""
    if value is None:
        return "—"
    if about_persons and is_steering(user) and value < SMALL_COUNT:
        return "< 3"
    return str(value)


def figure_shown(figure: dict[str, Any], user: Any) -> str:
    """A saved figure (JSON) as `user` reads it: "< 3" for small counts of persons, "75%" for a share."""
    shown = shown_value(figure.get("value"), about_persons=bool(figure.get("about_persons")), user=user)
    if figure.get("counting") == "share" and figure.get("value") is not None:
        return f"{shown}% ({figure.get('numerator')}/{figure.get('denominator')})"
    return shown


def reports_visible_q(user: Any) -> Q:
    """Reports of the user's agency or an agency below it, and reports of clusters listed for the user."""
    agency = getattr(user, "agency", None)
    if not getattr(user, "is_authenticated", False) or agency is None:
        return Q(pk__in=[])
    from giapranh.territory.selectors import clusters_visible_q

    return Q(owner_agency__path__startswith=agency.path) | Q(
        cluster__in=Cluster.objects.filter(clusters_visible_q(user))
    )


def report_list_for(*, user: Any) -> QuerySet[Any]:
    from giapranh.reports.models import ReviewReport

    return ReviewReport.objects.filter(reports_visible_q(user)).select_related("cluster", "unit", "owner_agency")


def report_get_for(*, user: Any, public_id: Any) -> Any:
    """One report the user may read; missing and not visible both raise 404."""
    try:
        report = report_list_for(user=user).filter(public_id=public_id).first()
    except (ValueError, TypeError) as exc:
        raise Http404 from exc
    if report is None:
        raise Http404
    return report


def report_scope(report: Any) -> Scope:
    """The scope a saved report was computed for (for drill-down and new versions)."""
    if report.cluster_id:
        return scope_for_cluster(cluster=report.cluster, start=report.period_start, end=report.period_end)
    edition = "legacy" if report.unit.edition == "legacy63" else "current"
    return scope_for_unit(code=report.unit.code, edition=edition)


@dataclass
class Breakdowns:
    """Live breakdowns for the report page's charts (counted as the reader may see today)."""

    incidents_by_year: list[tuple[str, int]]
    incidents_by_commune: list[tuple[str, int]]
    incidents_by_category: list[tuple[str, int]]
    against_previous: list[tuple[str, int]]
    points: list[tuple[float, float, str]]  # latitude, longitude, "incident" / "accident"
    communes: list[tuple[float, float, str]]


def report_breakdowns(*, reader: Any, scope: Scope, start: dt.date, end: dt.date) -> Breakdowns:
    """Incidents per year, commune and category, this period against the previous one, and map points."""
    from django.db.models.functions import ExtractYear

    from giapranh.territory.models import AdminUnit

    incidents, accidents = figure_get("incidents.total"), figure_get("accidents.total")
    if incidents is None or accidents is None:
        return Breakdowns([], [], [], [], [], [])
    current = figure_queryset(reader=reader, scope=scope, figure=incidents, start=start, end=end)
    # The previous period has as many days and ends the day before this one starts.
    length = end - start
    previous_end = start - dt.timedelta(days=1)
    previous_start = previous_end - length
    previous = figure_queryset(reader=reader, scope=scope, figure=incidents, start=previous_start, end=previous_end)
    by_year = current.annotate(year=ExtractYear("occurred_at")).values_list("year").annotate(n=Count("pk")).order_by("year")
    by_commune = current.values_list("commune__name").annotate(n=Count("pk")).order_by("-n", "commune__name")
    by_category = current.values_list("category__name").annotate(n=Count("pk")).order_by("-n", "category__name")
    points: list[tuple[float, float, str]] = []
    if may_drill_down(reader):
        current_accidents = figure_queryset(reader=reader, scope=scope, figure=accidents, start=start, end=end)
        for kind, records in (("incident", current), ("accident", current_accidents)):
            points += [
                (lat, lon, kind)
                for lat, lon in records.filter(latitude__isnull=False).values_list("latitude", "longitude")[:2000]
            ]
    communes = [
        (lat, lon, name)
        for lat, lon, name in AdminUnit.objects.filter(pk__in=scope.commune_ids, latitude__isnull=False)
        .values_list("latitude", "longitude", "name")
        if lat is not None and lon is not None
    ]
    return Breakdowns(
        incidents_by_year=[(str(year), n) for year, n in by_year],
        incidents_by_commune=list(by_commune),
        incidents_by_category=list(by_category),
        against_previous=[
            (f"{previous_start:%d/%m/%Y} – {previous_end:%d/%m/%Y}", previous.count()),
            (f"{start:%d/%m/%Y} – {end:%d/%m/%Y}", current.count()),
        ],
        points=points,
        communes=communes,
    )


DASHBOARD_FIGURES = (
    "incidents.total", "accidents.total", "accidents.deaths", "accidents.injuries",
    "illegal_exits.women", "foreign_visits.family_visit", "supervision.persons",
)


@dataclass
class DashboardRow:
    label: str
    this_month: str
    last_month: str
    trend: str  # "up", "down", "same"


@dataclass
class ClusterDashboard:
    cluster: Cluster
    rows: list[DashboardRow]
    month_start: dt.date
    breakdowns: Breakdowns


def cluster_dashboards_for(*, user: Any, today: dt.date) -> list[ClusterDashboard]:
    """This month against last for each cluster listed for the user (members, superiors, steering viewers)."""
    from giapranh.territory.selectors import cluster_list_for

    month_start = today.replace(day=1)
    last_end = month_start - dt.timedelta(days=1)
    last_start = last_end.replace(day=1)
    boards = []
    for cluster in cluster_list_for(user=user):
        scope = scope_for_cluster(cluster=cluster, start=last_start, end=today)
        now = report_compute(reader=user, scope=scope, start=month_start, end=today)
        before = report_compute(reader=user, scope=scope, start=last_start, end=last_end)
        rows = []
        for key in DASHBOARD_FIGURES:
            figure = next((f for f in now.figures if f.key == key), None)
            if figure is None:
                continue
            a, b = figure.value or 0, before.value(key)
            rows.append(DashboardRow(
                label=figure.label,
                this_month=shown_value(a, about_persons=figure.about_persons, user=user),
                last_month=shown_value(b, about_persons=figure.about_persons, user=user),
                trend="same" if a == b or (is_steering(user) and figure.about_persons) else ("up" if a > b else "down"),
            ))
        year_ago = today - dt.timedelta(days=364)
        boards.append(ClusterDashboard(
            cluster=cluster, rows=rows, month_start=month_start,
            breakdowns=report_breakdowns(reader=user, scope=scope_for_cluster(cluster=cluster, start=year_ago, end=today), start=year_ago, end=today),
        ))
    return boards
