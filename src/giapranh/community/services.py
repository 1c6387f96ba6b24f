"""Writes of the community app: the types' own rules, and closing tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giapranh.community.choices import RecipientKind, TaskStatus
from giapranh.community.models import Commendation, Meeting, Task
from giapranh.core.access import agency_subtree_ids, clusters_of_user
from giapranh.core.services import Errors, add_error
from giapranh.territory.models import ChairTerm


def chair_on(*, cluster: Any, day: dt.date) -> Any:
    """The agency holding the cluster's rotating chair on `day` (None when no term covers it)."""
    term = (
        ChairTerm.objects.filter(cluster=cluster, starts_on__lte=day)
        .exclude(ends_on__lt=day).select_related("agency").order_by("-starts_on").first()
    )
    return term.agency if term is not None else None


def cluster_rules(*, record: Any, actor: Any, data: dict[str, Any], previous: Any, errors: Errors) -> None:
    """A cluster record belongs to the coordinator's cluster."""
    if record.cluster_id is None:
        cluster = clusters_of_user(actor).order_by("id").first()
        if cluster is None:
            add_error(errors, "__all__", _("Your agency belongs to no cluster."))
        else:
            record.cluster = cluster


def meeting_rules(*, record: Meeting, actor: Any, data: dict[str, Any], previous: Any, errors: Errors) -> None:
    """The host defaults to the agency holding the chair on the meeting's date."""
    cluster_rules(record=record, actor=actor, data=data, previous=previous, errors=errors)
    if record.host_agency_id is None and record.cluster_id is not None and record.held_on:
        record.host_agency = chair_on(cluster=record.cluster, day=record.held_on)


def task_rules(*, record: Task, actor: Any, data: dict[str, Any], previous: Any, errors: Errors) -> None:
    """A task is the cluster's, and a task from a meeting is its meeting's cluster's; a done task has a closing date."""
    if record.meeting_id is not None and record.cluster_id is None:
        record.cluster_id = record.meeting.cluster_id
    cluster_rules(record=record, actor=actor, data=data, previous=previous, errors=errors)
    if record.status == TaskStatus.DONE and record.closed_on is None:
        record.closed_on = timezone.localdate()
    elif record.status != TaskStatus.DONE:
        record.closed_on = None


# The one field naming a commendation's recipient, for each kind of recipient.
RECIPIENT_FIELDS = {
    RecipientKind.AGENCY: "recipient_agency",
    RecipientKind.GROUP: "recipient_group",
    RecipientKind.TEAM: "recipient_team",
    RecipientKind.OFFICER: "recipient_officer",
    RecipientKind.CITIZEN: "recipient_name",
}


def _recipient_value(record: Commendation, name: str) -> Any:
    return getattr(record, f"{name}_id" if name != "recipient_name" else name)


def commendation_rules(*, record: Commendation, actor: Any, data: dict[str, Any], previous: Any, errors: Errors) -> None:
    """A cluster record whose recipient is exactly one, of its kind.

    That the author may see a linked group, team or officer is the kit's check of
    every link (`core.services`): the roster is the officer's agency's and its
    superiors', so a coordinator links the officers of their own agency.
    """
    cluster_rules(record=record, actor=actor, data=data, previous=previous, errors=errors)
    wanted = RECIPIENT_FIELDS.get(record.recipient_kind)  # type: ignore[call-overload]
    kind = str(record.get_recipient_kind_display()).lower() if wanted else ""
    for name in RECIPIENT_FIELDS.values():
        value = _recipient_value(record, name)
        if name == wanted and value in (None, ""):
            add_error(errors, name, _("Name the %(field)s.") % {"field": record._meta.get_field(name).verbose_name})  # type: ignore[union-attr]
        elif name != wanted and value not in (None, "") and wanted:
            add_error(errors, name, _("Leave this empty: the recipient is %(kind)s.") % {"kind": kind})


def recipient_label(record: Commendation, *, user: Any) -> str:
    """The recipient as the reader may see it: a linked record by name only if the reader may see it, else what it is."""
    from giapranh.core.history import display_value

    name = RECIPIENT_FIELDS.get(record.recipient_kind)  # type: ignore[call-overload]
    if name is None:
        return "—"
    value = _recipient_value(record, name)
    if value in (None, "") and record.recipient_name:
        return record.recipient_name  # recorded by name before recipients were linked
    return display_value(record, name, value, user=user)


def recipient_record(record: Commendation, *, user: Any) -> Any:
    """The linked group, team or officer if the reader may see it (for a link to its page), else None."""
    name = RECIPIENT_FIELDS.get(record.recipient_kind)  # type: ignore[call-overload]
    if name in (None, "recipient_agency", "recipient_name"):
        return None
    field = record._meta.get_field(name)
    value = _recipient_value(record, name)
    if value is None:
        return None
    return field.related_model.objects.visible_to(user).filter(pk=value).first()  # type: ignore[union-attr]


def can_close_task(user: Any, task: Task) -> bool:
    """The owner agency's chief closes a task (and the coordinator, who writes the cluster's records)."""
    if not getattr(user, "sees_records", False) or user.agency_id is None:
        return False
    if user.role == "commune_chief" and task.responsible_agency_id == user.agency_id:
        return True
    return user.role == "coordinator" and clusters_of_user(user).filter(pk=task.cluster_id).exists()


def can_note_task(user: Any, task: Task) -> bool:
    """The owner agency (and the agencies above it) report progress."""
    if not getattr(user, "sees_records", False) or user.agency_id is None:
        return False
    return task.responsible_agency_id in agency_subtree_ids(user) or can_close_task(user, task)


@transaction.atomic
def task_progress(*, task: Task, actor: Any, note: str, done: bool = False) -> Task:
    """Add a dated progress note to a task; `done` closes it (the owner agency's chief)."""
    note = note.strip()
    if done and not can_close_task(actor, task):
        raise PermissionDenied(_("Only the chief of the owner agency closes a task."))
    if not done and not can_note_task(actor, task):
        raise PermissionDenied(_("Only the owner agency reports progress on a task."))
    if not note and not done:
        raise ValidationError({"note": _("Write the progress to report.")})
    today = timezone.localdate()
    if note:
        line = f"{today:%d/%m/%Y} {actor.agency.code}: {note}"
        task.progress_notes = f"{task.progress_notes}\n{line}".strip()
    if done:
        task.status = TaskStatus.DONE
        task.closed_on = today
    elif task.status == TaskStatus.OPEN:
        task.status = TaskStatus.IN_PROGRESS
    task._history_user = actor  # type: ignore[attr-defined]
    task._change_reason = "close" if done else "progress"  # type: ignore[attr-defined]
    task.save()
    return task
