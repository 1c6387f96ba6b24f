"""Writes shared by every operational record: the one lifecycle (create, update, delete), numbering, sharing.

A record type adds only its own rules (`RecordType.rules`); resolving the commune
for the record's date, validation, numbering, the search key, history and
many-to-many fields are done here, once, for all types.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from giapranh.core.access import can_edit, can_share
from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction
from giapranh.core.models import RecordNumber, ScopedRecord

if TYPE_CHECKING:
    from giapranh.core.actor import Actor
    from giapranh.core.kit import RecordType
    from giapranh.territory.models import AdminUnit

Errors = dict[str, list[Any]]


def add_error(errors: Errors, field: str, message: Any) -> None:
    """Collect a problem under the field it concerns; a form shows them all in one round."""
    errors.setdefault(field, []).append(message)


def commune_for_record(*, actor: Actor, commune: AdminUnit | None, day: dt.date | None, errors: Errors) -> AdminUnit | None:
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


def _check_linked_records(record: Any, *, actor: Actor, data: dict[str, Any], errors: Errors) -> None:
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


EARLIEST_YEAR = 1900


def _check_dates(record_type: RecordType, record: Any, errors: Errors) -> None:
    """No year before 1900 anywhere (a typing slip), and nothing that has happened dated after today."""
    from django.db import models
    from django.utils import timezone

    now = timezone.now()
    for field in record._meta.concrete_fields:
        if not isinstance(field, models.DateField):
            continue
        value = getattr(record, field.attname)
        if value is None or not hasattr(value, "year"):
            continue
        if value.year < EARLIEST_YEAR:
            add_error(errors, field.name, _("Give a date after %(year)s.") % {"year": EARLIEST_YEAR})
        elif field.name in record_type.past_fields:
            later = value > now if isinstance(value, dt.datetime) else value > timezone.localdate(now)
            if later:
                add_error(errors, field.name, _("This date cannot be in the future."))


def _record_errors(record_type: RecordType, record: Any, *, actor: Actor, data: dict[str, Any], previous: dict[str, Any] | None, resolve_commune: bool) -> Errors:
    """Every problem at once: the commune for the record's date, linked records, the type's rules, the model."""
    errors: Errors = {}
    has_commune = any(f.name == "commune" for f in record._meta.concrete_fields)
    if has_commune and resolve_commune:
        commune = commune_for_record(actor=actor, commune=data.get("commune"), day=record_type.record_day(record), errors=errors)
        if commune is not None:
            record.commune = commune
    _check_linked_records(record, actor=actor, data=data, errors=errors)
    _check_dates(record_type, record, errors)
    if record_type.rules_function is not None:
        record_type.rules_function(record=record, actor=actor, data=data, previous=previous, errors=errors)
    exclude = [name for name in ("number", "search_key") if any(f.name == name for f in record._meta.concrete_fields)]
    # The commune follows from the record's date: without a date, the date's own error says what to fix.
    waits_for_date = False
    if has_commune and record.commune_id is None:
        exclude.append("commune")
        date_field = record_type.model_field(record_type.date_field)
        waits_for_date = data.get("commune") is None and record_type.record_day(record) is None and not date_field.null
        if "commune" not in errors and not waits_for_date:
            add_error(errors, "commune", _("Choose the commune."))
    try:
        record.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.update_error_dict({}).items():
            for message in messages:
                if message not in errors.get(name, []):
                    add_error(errors, name, message)
    if waits_for_date and not errors:
        add_error(errors, "commune", _("Choose the commune."))  # never saved without one
    return errors


def _record_save(record_type: RecordType, record: Any, *, actor: Actor, data: dict[str, Any], previous: dict[str, Any] | None, resolve_commune: bool) -> Any:
    """Validate everything at once, then number and save."""
    errors = _record_errors(record_type, record, actor=actor, data=data, previous=previous, resolve_commune=resolve_commune)
    if errors:
        raise ValidationError(errors)
    numbering = record_type.number
    if numbering is not None and not record.number:
        day = record_type.record_day(record)
        record.number = record_number_next(agency=record.owner_agency, kind=numbering.kind, year=day.year if day else 0, infix=numbering.infix)
    if hasattr(record, "build_search_key"):
        record.search_key = record.build_search_key()
    many = _m2m_changes(record_type, record, data)
    if many:
        # simple-history keeps concrete columns only; the many-to-many change rides on the history row's reason.
        record._change_reason = json.dumps({"m2m": many}, separators=(",", ":"))
    record._history_user = actor
    created = record.pk is None
    record.save()
    for name in record_type.m2m_fields:
        if name in data:
            getattr(record, name).set(data[name])
    if record_type.after_save_function is not None:
        record_type.after_save_function(record=record, actor=actor, created=created)
    return record


def _m2m_changes(record_type: RecordType, record: Any, data: dict[str, Any]) -> dict[str, list[list[int]]]:
    """Many-to-many fields an update changes, as [old ids, new ids] (for the change history)."""
    if record.pk is None:
        return {}
    changes = {}
    for name in record_type.m2m_fields:
        if name in data:
            old = sorted(getattr(record, name).values_list("pk", flat=True))
            new = sorted(value.pk for value in data[name])
            if old != new:
                changes[name] = [old, new]
    return changes


def _prepare(record_type: RecordType, record: Any, actor: Actor, data: dict[str, Any]) -> tuple[Any, dict[str, Any] | None, bool]:
    """The record with `data` applied (a new one for create), its previous values, and whether to resolve its commune."""
    _check_fields(record_type, data)
    plain = {name: value for name, value in data.items() if name not in record_type.m2m_fields and name != "commune"}
    if record is None:
        return record_type.model(owner_agency=actor.agency, **plain), None, True
    previous = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
    for name, value in plain.items():
        setattr(record, name, value)
    resolve = "commune" in data
    if not resolve and hasattr(record, "commune_id") and record_type.date_field in data:
        # A new date may fall on the other side of the 2025 reform: keep a commune still listed, else take the actor's.
        day = record_type.record_day(record)
        resolve = day is not None and not record.commune.is_valid_on(day)
    return record, previous, resolve


class _DryRun(Exception):
    """Raised to roll back a validation that wrote nothing it means to keep."""


def record_problems(*, record_type: RecordType, actor: Actor, data: dict[str, Any], record: Any = None) -> Errors:
    """The service's problems with `data`, without writing: a form shows them beside its own in one round."""
    target = copy.copy(record) if record is not None else None
    errors: Errors = {}
    try:
        with transaction.atomic():
            target, previous, resolve = _prepare(record_type, target, actor, data)
            errors = _record_errors(record_type, target, actor=actor, data=data, previous=previous, resolve_commune=resolve)
            raise _DryRun  # whatever a rule wrote while checking (a received copy of a person) is undone
    except _DryRun:
        pass
    return errors


@transaction.atomic
def record_create(*, record_type: RecordType, actor: Actor, data: dict[str, Any]) -> Any:
    """File a new record of `record_type` for the actor's agency (the policy says who may)."""
    if not record_type.policy.can_create(actor):
        raise PermissionDenied(_("Your role does not file this kind of record."))
    record, previous, resolve = _prepare(record_type, None, actor, data)
    return _record_save(record_type, record, actor=actor, data=data, previous=previous, resolve_commune=resolve)


@transaction.atomic
def record_update(*, record_type: RecordType, record: Any, actor: Actor, changes: dict[str, Any]) -> Any:
    """Change the given fields of a record (a partial update); owner agency only."""
    if not can_edit(actor, record):
        raise PermissionDenied(_("Only the owner agency may change this record."))
    record, previous, resolve = _prepare(record_type, record, actor, changes)
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
def record_share(*, record: ScopedRecord, actor: Actor, shared: bool) -> ScopedRecord:
    """Share a record with (or withdraw it from) the cluster; a commune chief's act, logged."""
    if not can_share(actor, record):
        raise PermissionDenied(_("Only the chief of the owner commune police may share a record with the cluster."))
    if record.shared_with_cluster != shared:
        record.shared_with_cluster = shared
        record._change_reason = "share" if shared else "unshare"  # type: ignore[attr-defined]
        record.save(update_fields=["shared_with_cluster", "updated_at"])
        access_log_append(actor=actor, action=AccessAction.SHARE if shared else AccessAction.UNSHARE, target=record)
    return record


class RecordInUse(ValidationError):
    """Deleting the record would break others that must keep pointing to it (PROTECT, RESTRICT)."""


@transaction.atomic
def record_delete(*, record: Any, actor: Actor) -> None:
    """Delete a record of the actor's own agency (history keeps the deletion).

    A record others depend on (a mediation team with its cases) is refused with the kinds
    of those records, never their number or names: the actor may not see them all.
    """
    if not can_edit(actor, record):
        raise PermissionDenied(_("Only the owner agency may delete this record."))
    record._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            record.delete()
    except (ProtectedError, RestrictedError) as error:
        blocking = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", None) or ()
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
        raise RecordInUse(
            _("This record cannot be deleted while other records refer to it (%(kinds)s). Change or delete those first.")
            % {"kinds": ", ".join(kinds)},
        ) from None


def record_view_logged(*, record: Any, actor: Actor, reason: str = "") -> None:
    """Write the access-log row for reading a record that holds personal data."""
    access_log_append(actor=actor, action=AccessAction.VIEW, target=record, reason=reason)
