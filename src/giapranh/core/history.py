"""Readable change history (who changed what, when) from django-simple-history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
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


HIDDEN_RECORD = _("a record you may not see")


def display_value(record: Any, field_name: str, value: Any, *, user: Any) -> str:
    """A field's value as the reader may see it.

    A relation to another record or person (a model with `visible_to`) is named
    only if the reader may see that record; otherwise the page says only that a
    record is there (in the words of the model's `hidden_label`, e.g. "a mediation
    team", if it has one). Reference data (units, agencies, categories) is shown as is.
    """
    field = record._meta.get_field(field_name)
    if value in (None, "", []):
        return "—"
    from giapranh.core.countries import CountryField, country_name

    if isinstance(field, CountryField):
        return country_name(value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        model = field.related_model
        values = value if isinstance(value, list) else [value]
        ids = [getattr(v, "pk", v) for v in values]
        manager = model._default_manager
        queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
        found = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
        hidden = getattr(model, "hidden_label", HIDDEN_RECORD)
        return "; ".join(str(found[i]) if i in found else str(hidden) for i in ids)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y %H:%M") if hasattr(value, "hour") else value.strftime("%d/%m/%Y")
    if isinstance(value, int | float | Decimal):
        return number_display(value, money=field_name.endswith("_vnd"))
    return str(value)


def number_display(value: Any, *, money: bool = False) -> str:
    """A number as officers write it (`15.000.000`, `21,7312`), in both languages; an amount in đồng says so."""
    from giapranh.core.fields import format_vn_number

    text = format_vn_number(value)
    return str(_("%(amount)s VND") % {"amount": text}) if money and text else text


def _m2m_changes(record: Any, version: Any, user: Any) -> list[FieldChange]:
    """Many-to-many changes the record services noted on the history row (`{"m2m": {field: [old, new]}}`)."""
    reason = getattr(version, "history_change_reason", None) or ""
    if not reason.startswith("{"):
        return []
    try:
        many = json.loads(reason).get("m2m", {})
    except (ValueError, AttributeError):
        return []
    return [
        FieldChange(
            str(record._meta.get_field(name).verbose_name),
            display_value(record, name, list(old), user=user),
            display_value(record, name, list(new), user=user),
        )
        for name, (old, new) in many.items()
    ]


def history_for(record: Any, *, user: Any, limit: int = 50) -> list[HistoryEntry]:
    """The newest `limit` changes of a record, each with the fields that changed, as `user` may see them."""
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
                changes.append(FieldChange(
                    label,
                    display_value(record, change.field, change.old, user=user),
                    display_value(record, change.field, change.new, user=user),
                ))
        changes += _m2m_changes(record, version, user)
        author = version.history_user  # who made the change; `user` stays the reader
        entries.append(
            HistoryEntry(
                when=version.history_date,
                who=(author.get_full_name() or author.username) if author else "—",
                what=str(_TYPES.get(version.history_type, version.history_type)),
                changes=changes,
            )
        )
    return entries
