"""The registry of review-report figures: one small declaration per figure.

A figure names the records behind it (a model and a filter, always read through
`Model.objects.visible_to(user)`), how it counts them (records, distinct persons,
or the sum of a column) and which date places a record in the period:

- `DATED`: the record's date lies within [from, to] (incidents by time of
  occurrence, accidents, visits, exits, measures by decision date);
- `ACTIVE`: the record's span [date_field, end_field] meets the period
  (supervisions: active on at least one day);
- `LAST_DAY`: the record is active on the period's last day (rosters, groups).

It counts records, distinct persons, the sum of a column, or a `SHARE`: the
percentage of the records that meet `share_filter` (requests answered by their
deadline), kept with its numerator and denominator; with no records it has no
value (None, shown "—").

A record is placed by its `commune` unless the figure names another path
(`commune_field`, e.g. a message's sender agency's jurisdiction). Cluster
records (`cluster_level`) count in a cluster's report by their cluster, and in
a unit's report by `unit_filter` (the communes the record touches).

Another app adds its figures by declaring them in `<app>/report_figures.py`::

    from giapranh.reports.figures import Figure, register_figure
    register_figure(Figure(key="outreach.news_items", ...))

The definitions in words are in docs/reports.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q


class Period(StrEnum):
    DATED = "dated"
    ACTIVE = "active"
    LAST_DAY = "last_day"


class Counting(StrEnum):
    RECORDS = "records"
    PERSONS = "persons"
    SUM = "sum"
    SHARE = "share"


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    order: int


@dataclass(frozen=True)
class Figure:
    """One figure of the review report."""

    key: str
    label: Any  # lazy translation
    section: str
    model: str  # "app_label.Model"
    date_field: str
    period: Period = Period.DATED
    end_field: str | None = None
    filter: Q = field(default_factory=Q)
    counting: Counting = Counting.RECORDS
    # PERSONS: the path to the person (e.g. "involvements__person"), with `path_filter`
    # narrowing the related rows (e.g. suspects only); SUM: the column summed.
    path: str = ""
    path_filter: Q = field(default_factory=Q)
    # Counts people (suspects, supervised, casualties): shown to steering viewers as "< 3" below 3.
    about_persons: bool = False
    unit: Any = ""  # "vụ", "đối tượng", … (lazy)
    order: int = 0
    # The seed's number for the demo period, when the seed gives one (documentation and tests).
    seed: int | None = None
    # Personal rows the cluster may count but not read (the roster): the rows a reader's count
    # is taken over; the drill-down still reads `visible_to`.
    counted_q: Callable[[Any], Q] | None = None
    # A cluster's record (models, pacts, commendations): in a cluster's report by its `cluster`; in a
    # unit's report when `unit_filter(commune_ids)` holds (none without it), with `unit_path_filter`
    # narrowing a PERSONS count to the scope's own (a pact's signatories of the unit's communes).
    cluster_level: bool = False
    unit_filter: Callable[[set[int]], Q] | None = None
    unit_path_filter: Callable[[set[int]], Q] | None = None
    # Where a record lies: its commune, or a path to the commune it belongs to (a message: its
    # sender agency's jurisdiction, "owner_agency__jurisdiction"; carried to the default successor
    # after the unit ceased).
    commune_field: str = "commune"
    # SHARE: the records counted in the numerator (the denominator is every record of the figure).
    share_filter: Q = field(default_factory=Q)
    # The drill-down: how its rows are read (annotations) and the columns shown besides number and
    # date, as (label, function of the row → text).
    rows_prepare: Callable[[Any], Any] | None = None
    columns: tuple[tuple[Any, Callable[[Any], str]], ...] = ()

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def is_datetime(self) -> bool:
        return self.model_class._meta.get_field(self.date_field).get_internal_type() == "DateTimeField"


_FIGURES: dict[str, Figure] = {}
_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _SECTIONS[section.key] = section


def register_figure(figure: Figure) -> None:
    """Declare a figure (idempotent by key; a later declaration replaces an earlier one)."""
    _FIGURES[figure.key] = figure


def figures() -> list[Figure]:
    """Declared figures whose model exists, in report order."""
    found = []
    for figure in _FIGURES.values():
        try:
            apps.get_model(figure.model)
        except LookupError:
            continue
        found.append(figure)
    return sorted(found, key=lambda f: (sections()[f.section].order if f.section in sections() else 99, f.order, f.key))


def figure_get(key: str) -> Figure | None:
    return next((f for f in figures() if f.key == key), None)


def sections() -> dict[str, Section]:
    return dict(_SECTIONS)
