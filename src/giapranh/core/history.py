"""Readable change history (who changed what, when) from django-simple-history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

_HIDDEN = {"updated_at", "created_at", "search_key", "public_id"}
_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    what: str
    changes: list[FieldChange]


def _display(record: Any, field_name: str, value: Any) -> str:
    field = record._meta.get_field(field_name)
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else str(value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def history_for(record: Any, *, limit: int = 50) -> list[HistoryEntry]:
    """The newest `limit` changes of a record, each with the fields that changed."""
    versions = list(record.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, version in enumerate(versions[:limit]):
        changes: list[FieldChange] = []
        previous = versions[index + 1] if index + 1 < len(versions) else None
        if previous is not None and version.history_type == "~":
            delta = version.diff_against(previous)
            for change in delta.changes:
                if change.field in _HIDDEN:
                    continue
                label = str(record._meta.get_field(change.field).verbose_name)
                changes.append(FieldChange(label, _display(record, change.field, change.old), _display(record, change.field, change.new)))
        user = version.history_user
        entries.append(
            HistoryEntry(
                when=version.history_date,
                who=(user.get_full_name() or user.username) if user else "—",
                what=str(_TYPES.get(version.history_type, version.history_type)),
                changes=changes,
            )
        )
    return entries
