"""Reads of the community app: counts on a given date (for the review reports) and the task board.

Counts on a date (`*_active_on`) are what the cluster may see of records it may
not read (the roster, reputable persons, mediation parties): numbers per
commune, never rows. Each takes `communes` (AdminUnit ids or objects; None: every
commune the user may count) and counts only communes the user may count: their
own agency's (and those below it) and their clusters' communes. A row counts on
`day` when it had started on or before `day` and had not ended on or before it
(an officer who left, a group dissolved, on or before the day is not counted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet, Sum

from giapranh.community.choices import MediationResult, OutreachKind, ServiceType, TaskStatus
from giapranh.community.models import (
    MediationCase,
    MediationTeam,
    Officer,
    OutreachActivity,
    ReputablePerson,
    SelfManagementGroup,
    SelfManagementModel,
    Task,
    active_on_q,
)
from giapranh.core.access import agency_subtree_ids, clusters_of_user, equivalent_unit_ids
from giapranh.core.selectors import communes_for_filters


def countable_commune_ids(*, user: Any, communes: Iterable[Any] | None = None) -> set[int]:
    """Communes whose counts `user` may see (own and cluster's, across the reform), within `communes` if given."""
    if not getattr(user, "sees_records", False) and getattr(user, "role", "") != "steering":
        return set()
    allowed = set(communes_for_filters(user=user).values_list("id", flat=True))
    if communes is None:
        return allowed
    wanted = equivalent_unit_ids({getattr(c, "pk", c) for c in communes})
    return allowed & wanted


def _counted(model: Any, *, user: Any, communes: Iterable[Any] | None) -> QuerySet[Any]:
    return model.objects.filter(commune_id__in=countable_commune_ids(user=user, communes=communes))


def officers_active_on(*, user: Any, day: dt.date, communes: Iterable[Any] | None = None) -> dict[str, int]:
    """Officers serving on `day`, by service type: {"regular": 18, "semi_professional": 89, "total": 107}."""
    serving = _counted(Officer, user=user, communes=communes).filter(active_on_q(day, "serving_from", "serving_to"))
    return _by_choice(serving, "service_type", ServiceType.values)


def groups_active_on(*, user: Any, day: dt.date, communes: Iterable[Any] | None = None) -> dict[str, int]:
    """Self-management groups existing on `day` and their households: {"groups": 622, "households": 9100}."""
    totals = _counted(SelfManagementGroup, user=user, communes=communes).filter(
        active_on_q(day, "founded_on", "dissolved_on")
    ).aggregate(groups=Count("id"), households=Sum("households"))
    return {"groups": totals["groups"] or 0, "households": totals["households"] or 0}


def teams_active_on(*, user: Any, day: dt.date, communes: Iterable[Any] | None = None) -> dict[str, int]:
    """Mediation teams existing on `day` and their members: {"teams": 12, "members": 70}."""
    totals = _counted(MediationTeam, user=user, communes=communes).filter(
        active_on_q(day, "founded_on", "dissolved_on")
    ).aggregate(teams=Count("id"), members=Sum("members"))
    return {"teams": totals["teams"] or 0, "members": totals["members"] or 0}


def reputable_persons_on(*, user: Any, day: dt.date, communes: Iterable[Any] | None = None) -> int:
    """Reputable persons counted on `day` (recognised on or before it, not ended)."""
    return _counted(ReputablePerson, user=user, communes=communes).filter(active_on_q(day, "recognized_on", "ended_on")).count()


def models_active_on(*, user: Any, day: dt.date, communes: Iterable[Any] | None = None) -> int:
    """Self-management models running on `day` in any of the communes (the user's clusters' models)."""
    allowed = countable_commune_ids(user=user, communes=communes)
    return (
        SelfManagementModel.objects.filter(communes__in=allowed).filter(active_on_q(day, "founded_on", "ended_on"))
        .distinct().count()
    )


def outreach_between(*, user: Any, date_from: dt.date, date_to: dt.date, communes: Iterable[Any] | None = None) -> dict[str, int]:
    """Quantities of outreach in a period by kind, plus the audience of sessions: {"news_item": 620, …, "audience": 12000}."""
    queryset = _counted(OutreachActivity, user=user, communes=communes).filter(held_on__gte=date_from, held_on__lte=date_to)
    counts = {value: 0 for value in OutreachKind.values}
    for row in queryset.values("kind").annotate(n=Sum("quantity")):
        counts[row["kind"]] = row["n"] or 0
    counts["audience"] = queryset.aggregate(n=Sum("audience"))["n"] or 0
    return counts


def mediation_between(*, user: Any, date_from: dt.date, date_to: dt.date, communes: Iterable[Any] | None = None) -> dict[str, int]:
    """Mediation cases in a period by result, plus the total: {"reconciled": 30, "not_reconciled": 2, "transferred": 1, "total": 33}."""
    held = _counted(MediationCase, user=user, communes=communes).filter(held_on__gte=date_from, held_on__lte=date_to)
    return _by_choice(held, "result", MediationResult.values)


def _by_choice(queryset: Any, field: str, values: Iterable[str]) -> dict[str, int]:
    """Rows per value of a choice field (every value present, 0 when none), plus "total"."""
    counts = dict.fromkeys(values, 0)
    for row in queryset.values(field).annotate(n=Count("id")):
        counts[row[field]] = row["n"]
    counts["total"] = sum(counts.values())
    return counts


def task_board(*, user: Any, day: dt.date) -> dict[str, Any]:
    """Open tasks (not done) for the user's agency and for the user's clusters, overdue ones first."""
    visible = Task.objects.visible_to(user).exclude(status=TaskStatus.DONE).select_related("meeting", "responsible_agency")
    order = ("due_on", "id")
    own = visible.filter(responsible_agency_id__in=agency_subtree_ids(user)).order_by(*order) if user.agency_id else visible.none()
    cluster = visible.filter(cluster__in=clusters_of_user(user)).order_by(*order)
    return {
        "own": list(own),
        "cluster": list(cluster),
        "overdue_own": sum(1 for task in own if task.due_on < day),
        "overdue_cluster": sum(1 for task in cluster if task.due_on < day),
        "today": day,
    }

