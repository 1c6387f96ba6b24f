"""Writes shared by every operational record: the one lifecycle (create, update, delete), numbering, sharing.

A record type adds only its own rules (`RecordType.rules`); resolving the commune
for the record's date, validation, numbering, the search key, history and
many-to-many fields are done here, once, for all types.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from giapranh.core.access import can_edit, can_share
from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction
from giapranh.core.models import RecordNumber, ScopedRecord

if TYPE_CHECKING:
    from giapranh.core.kit import RecordType
    from giapranh.territory.models import AdminUnit

Errors = dict[str, list[Any]]


def add_error(errors: Errors, field: str, message: Any) -> None:
    """Collect a problem under the field it concerns; a form shows them all in one round."""
    errors.setdefault(field, []).append(message)


def commune_for_record(*, actor: Any, commune: AdminUnit | None, day: dt.date | None, errors: Errors) -> AdminUnit | None:
    """The commune a record is filed under: the one given (one of the actor's), or the actor's commune listed on `day`.

    Whether the commune was listed on the record's date is the model's `clean()`.
    """
    from giapranh.core.selectors import commune_valid_on, communes_for_records

    if commune is None:
        if day is None:
            return None
        found = commune_valid_on(user=actor, day=day)
        if found is None:
            add_error(errors, "commune", _("Your agency had no commune listed on %(date)s; choose the commune.") % {"date": day.strftime("%d/%m/%Y")})
        return found
    if not communes_for_records(user=actor).filter(pk=commune.pk).exists():
        add_error(errors, "commune", _("Choose one of your agency's communes."))
    return commune


def _check_fields(record_type: RecordType, data: dict[str, Any]) -> None:
    unknown = set(data) - set(record_type.fields)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")


def _check_linked_records(record: Any, *, actor: Any, data: dict[str, Any], errors: Errors) -> None:
    """A record may only link records and persons its author may see (the access rule, not the form, decides)."""
    for name, value in data.items():
        if value is None or name == "commune":
            continue
        field = record._meta.get_field(name)
        queryset = getattr(field.related_model, "objects", None) if field.is_relation else None
        if queryset is None or not hasattr(queryset, "visible_to"):
            continue
        values = list(value) if field.many_to_many else [value]
        if queryset.visible_to(actor).filter(pk__in=[v.pk for v in values]).count() != len({v.pk for v in values}):
            add_error(errors, name, _("Choose a %(kind)s from the list.") % {"kind": field.related_model._meta.verbose_name})


def _record_save(record_type: RecordType, record: Any, *, actor: Any, data: dict[str, Any], previous: dict[str, Any] | None, resolve_commune: bool) -> Any:
    """Validate everything at once (the commune, the type's rules, the model), then number and save."""
    errors: Errors = {}
    has_commune = any(f.name == "commune" for f in record._meta.concrete_fields)
    if has_commune and resolve_commune:
        commune = commune_for_record(actor=actor, commune=data.get("commune"), day=record_type.record_day(record), errors=errors)
        if commune is not None:
            record.commune = commune
    _check_linked_records(record, actor=actor, data=data, errors=errors)
    if record_type.rules_function is not None:
        record_type.rules_function(record=record, actor=actor, data=data, previous=previous, errors=errors)
    exclude = [name for name in ("number", "search_key") if any(f.name == name for f in record._meta.concrete_fields)]
    if has_commune and record.commune_id is None:
        exclude.append("commune")
        if "commune" not in errors:
            add_error(errors, "commune", _("Choose the commune."))
    try:
        record.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.update_error_dict({}).items():
            for message in messages:
                if message not in errors.get(name, []):
                    add_error(errors, name, message)
    if errors:
        raise ValidationError(errors)
    numbering = record_type.number
    if numbering is not None and not record.number:
        day = record_type.record_day(record)
        record.number = record_number_next(agency=record.owner_agency, kind=numbering.kind, year=day.year if day else 0, infix=numbering.infix)
    if hasattr(record, "build_search_key"):
        record.search_key = record.build_search_key()
    record._history_user = actor
    record.save()
    for name in record_type.m2m_fields:
        if name in data:
            getattr(record, name).set(data[name])
    return record


@transaction.atomic
def record_create(*, record_type: RecordType, actor: Any, data: dict[str, Any]) -> Any:
    """File a new record of `record_type` for the actor's agency (the policy says who may)."""
    if not record_type.policy.can_create(actor):
        raise PermissionDenied(_("Your role does not file this kind of record."))
    _check_fields(record_type, data)
    data = dict(data)
    values = {name: value for name, value in data.items() if name not in record_type.m2m_fields and name != "commune"}
    record = record_type.model(owner_agency=actor.agency, **values)
    return _record_save(record_type, record, actor=actor, data=data, previous=None, resolve_commune=True)


@transaction.atomic
def record_update(*, record_type: RecordType, record: Any, actor: Any, changes: dict[str, Any]) -> Any:
    """Change the given fields of a record (a partial update); owner agency only."""
    if not can_edit(actor, record):
        raise PermissionDenied(_("Only the owner agency may change this record."))
    _check_fields(record_type, changes)
    previous = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
    for name, value in changes.items():
        if name not in record_type.m2m_fields and name != "commune":
            setattr(record, name, value)
    resolve = "commune" in changes
    if not resolve and hasattr(record, "commune_id") and record_type.date_field in changes:
        # A new date may fall on the other side of the 2025 reform: keep a commune still listed, else take the actor's.
        day = record_type.record_day(record)
        resolve = day is not None and not record.commune.is_valid_on(day)
    return _record_save(record_type, record, actor=actor, data=changes, previous=previous, resolve_commune=resolve)


@transaction.atomic
def record_number_next(*, agency: Any, kind: str, year: int, infix: str = "") -> str:
    """The next agency-scoped number, e.g. `QY-2020-015` (or `QY-TN-2020-003` with infix `TN`)."""
    counter, _created = RecordNumber.objects.select_for_update().get_or_create(
        agency=agency, kind=kind, year=year
    )
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    middle = f"{infix}-" if infix else ""
    return f"{agency.code}-{middle}{year}-{counter.last_value:03d}"


@transaction.atomic
def record_share(*, record: ScopedRecord, actor: Any, shared: bool) -> ScopedRecord:
    """Share a record with (or withdraw it from) the cluster; a commune chief's act, logged."""
    if not can_share(actor, record):
        raise PermissionDenied(_("Only the chief of the owner commune police may share a record with the cluster."))
    if record.shared_with_cluster != shared:
        record.shared_with_cluster = shared
        record._change_reason = "share" if shared else "unshare"  # type: ignore[attr-defined]
        record.save(update_fields=["shared_with_cluster", "updated_at"])
        access_log_append(actor=actor, action=AccessAction.SHARE if shared else AccessAction.UNSHARE, target=record)
    return record


@transaction.atomic
def record_delete(*, record: Any, actor: Any) -> None:
    """Delete a record of the actor's own agency (history keeps the deletion)."""
    if not can_edit(actor, record):
        raise PermissionDenied(_("Only the owner agency may delete this record."))
    record._history_user = actor  # type: ignore[attr-defined]
    record.delete()


def record_view_logged(*, record: Any, actor: Any, reason: str = "") -> None:
    """Write the access-log row for reading a record that holds personal data."""
    access_log_append(actor=actor, action=AccessAction.VIEW, target=record, reason=reason)
