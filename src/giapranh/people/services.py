"""Writes of the people app: persons and the records about them.

Every service checks who acts, validates with `full_clean()` and attributes the
history row to the actor (`_history_user`), so UI and API writes look the same.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from giapranh.accounts.choices import Role
from giapranh.core.access import can_edit, can_record
from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction
from giapranh.core.selectors import commune_valid_on, communes_for_records
from giapranh.core.services import record_delete, record_number_next
from giapranh.people.choices import ExitStatus, Gender, MatchStatus, SupervisionStatus, VisitPurpose
from giapranh.people.models import (
    DatedRecord,
    ForeignVisit,
    IllegalExit,
    Measure,
    Person,
    PersonMatch,
    Supervision,
    SupervisionBasis,
    normalize_country,
    normalize_id_number,
    normalize_passport,
)
from giapranh.people.search import person_index
from giapranh.territory.models import AdminUnit

R = TypeVar("R", bound=DatedRecord)

PERSON_FIELDS = (
    "full_name", "other_names", "gender", "birth_date", "birth_year", "id_number", "passport_number",
    "nationality", "ethnicity", "home_commune", "address", "phone",
)


def _require_recorder(actor: Any) -> None:
    if not can_record(actor):
        raise PermissionDenied(_("Only commune police officers record persons and their records."))


def _require_editor(actor: Any, record: Any) -> None:
    if not can_edit(actor, record):
        raise PermissionDenied(_("Only the owner agency may change this record."))


def _unknown_fields(changes: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")


# --- persons ---------------------------------------------------------------------------------


def _person_normalize(person: Person) -> None:
    """Tidy what officers type: spaces in numbers, case of codes, the year from the date."""
    person.full_name = " ".join((person.full_name or "").split())
    person.other_names = " ".join((person.other_names or "").split())
    person.id_number = normalize_id_number(person.id_number)
    person.passport_number = normalize_passport(person.passport_number)
    person.phone = normalize_id_number(person.phone)  # `0912 345 678` and `0912.345.678` are one number
    person.nationality = normalize_country(person.nationality)
    if person.birth_date and not person.birth_year:
        person.birth_year = person.birth_date.year


class DuplicatePerson(ValidationError):
    """The citizen ID or passport number belongs to a person the actor's agency already sees."""

    def __init__(self, *, person: Person, field: str) -> None:
        self.person = person
        year = person.birth_date.year if person.birth_date else person.birth_year
        label = _("This citizen ID") if field == "id_number" else _("This passport number")
        message = _(
            "%(label)s is already recorded for %(name)s (born %(year)s): open that person (%(url)s) instead of "
            "recording a second one."
        ) % {"label": label, "name": person.full_name, "year": year or "?", "url": person.get_absolute_url()}
        super().__init__({field: ValidationError(message, code="duplicate")})


def _person_duplicate_check(person: Person, actor: Any) -> None:
    """Refuse a second record of a person whose CCCD / CMND or passport the actor already sees.

    Only persons the actor may see are named; one recorded elsewhere is the
    matcher's business (hit / no-hit alerts), which reveals nothing.
    """
    numbers = [("id_number", person.id_number), ("passport_number", person.passport_number)]
    for field, number in numbers:
        if not number:
            continue
        same = Person.objects.visible_to(actor).filter(**{field: number})
        if person.pk:
            same = same.exclude(pk=person.pk)
        existing = same.order_by("id").first()
        if existing is not None:
            raise DuplicatePerson(person=existing, field=field)


def _person_save(person: Person, actor: Any) -> Person:
    _person_normalize(person)
    person.full_clean()
    _person_duplicate_check(person, actor)
    person.search_key = person.build_search_key()
    person._history_user = actor  # type: ignore[attr-defined]
    person.save()
    person_index(person)
    return person


@transaction.atomic
def person_create(
    *,
    actor: Any,
    full_name: str,
    other_names: str = "",
    gender: str = Gender.UNKNOWN,
    birth_date: dt.date | None = None,
    birth_year: int | None = None,
    id_number: str = "",
    passport_number: str = "",
    nationality: str = "VN",
    ethnicity: str = "",
    home_commune: AdminUnit | None = None,
    address: str = "",
    phone: str = "",
) -> Person:
    """Record a person for the actor's agency."""
    _require_recorder(actor)
    person = Person(
        owner_agency=actor.agency, full_name=full_name, other_names=other_names or "", gender=gender or Gender.UNKNOWN,
        birth_date=birth_date, birth_year=birth_year, id_number=id_number or "",
        passport_number=passport_number or "", nationality=nationality or "VN", ethnicity=ethnicity or "",
        home_commune=home_commune, address=address or "", phone=phone or "",
    )
    return _person_save(person, actor)


@transaction.atomic
def person_update(*, person: Person, actor: Any, **changes: Any) -> Person:
    """Change a person's particulars (any of PERSON_FIELDS); the owner agency only."""
    _require_editor(actor, person)
    _unknown_fields(changes, PERSON_FIELDS)
    if "birth_date" in changes and "birth_year" not in changes and changes["birth_date"] is not None:
        # A new date of birth carries its year with it.
        changes["birth_year"] = None
    for name, value in changes.items():
        setattr(person, name, "" if value is None and name not in ("birth_date", "birth_year", "home_commune") else value)
    return _person_save(person, actor)


@transaction.atomic
def person_delete(*, person: Person, actor: Any) -> None:
    """Delete a person recorded by the actor's agency and referenced by no record."""
    try:
        record_delete(record=person, actor=actor)  # type: ignore[arg-type]
    except ProtectedError:
        raise ValidationError(
            _("This person appears in records and cannot be deleted; remove them from those records first.")
        ) from None


def person_search_log(*, actor: Any) -> None:
    """One access-log row per person search; the query itself is personal data and stays out."""
    access_log_append(actor=actor, action=AccessAction.SEARCH, target_type="people.person")


# --- records ---------------------------------------------------------------------------------


def _commune_for(actor: Any, commune: AdminUnit | None, day: dt.date | None) -> AdminUnit | None:
    """The commune given (one of the actor's), or the actor's commune listed on `day`."""
    if commune is None:
        if day is None:
            return None
        commune = commune_valid_on(user=actor, day=day)
        if commune is None:
            raise ValidationError({"commune": _("Your agency had no commune listed on %(date)s; choose the commune.") % {"date": day.strftime("%d/%m/%Y")}})
        return commune
    if not communes_for_records(user=actor).filter(pk=commune.pk).exists():
        raise ValidationError({"commune": _("Choose one of your agency's communes.")})
    return commune


def _check_person(actor: Any, person: Person | None, field: str) -> None:
    if person is not None and not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise ValidationError({field: _("Choose a person from the list.")})


def _record_save(record: R, actor: Any, *, number_kind: str = "", infix: str = "") -> R:
    errors: dict[str, Any] = {}
    if record.commune_id is None:
        errors["commune"] = [ValidationError(_("Choose the commune."))]
    try:
        record.full_clean(exclude=["commune"] if record.commune_id is None else None)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if number_kind and not getattr(record, "number", ""):
        record.number = record_number_next(  # type: ignore[attr-defined]
            agency=record.owner_agency, kind=number_kind, year=record.record_date.year, infix=infix,  # type: ignore[union-attr]
        )
    record._history_user = actor  # type: ignore[attr-defined]
    record.save()
    return record


def _record_create(model: type[R], actor: Any, person_field: str, data: dict[str, Any], **numbering: str) -> R:
    _require_recorder(actor)
    _check_person(actor, data.get(person_field), person_field)
    commune = data.pop("commune", None)
    record = model(owner_agency=actor.agency, **data)
    # None (no date to pick a commune by) is reported by _record_save's validation.
    record.commune = _commune_for(actor, commune, record.record_date)  # type: ignore[assignment]
    return _record_save(record, actor, **numbering)


def _record_update(record: R, actor: Any, person_field: str, allowed: tuple[str, ...], changes: dict[str, Any]) -> R:
    _require_editor(actor, record)
    _unknown_fields(changes, (*allowed, "commune"))
    if person_field in changes:
        _check_person(actor, changes[person_field], person_field)
    for name, value in changes.items():
        if name != "commune":
            setattr(record, name, value)
    if "commune" in changes:
        record.commune = _commune_for(actor, changes["commune"], record.record_date)  # type: ignore[assignment]  # as above
    return _record_save(record, actor)


SUPERVISION_FIELDS = ("person", "basis", "starts_on", "ends_on", "status", "notes")


@transaction.atomic
def supervision_create(
    *,
    actor: Any,
    person: Person,
    basis: SupervisionBasis,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    status: str = SupervisionStatus.ACTIVE,
    notes: str = "",
    commune: AdminUnit | None = None,
) -> Supervision:
    """Put a person under the actor's agency's supervision; numbered QY-QL-2020-001."""
    data = {"person": person, "basis": basis, "starts_on": starts_on, "ends_on": ends_on,
            "status": status or SupervisionStatus.ACTIVE, "notes": notes or "", "commune": commune}
    if basis is not None and not basis.active:
        raise ValidationError({"basis": _("This basis is no longer in use; choose another.")})
    return _record_create(Supervision, actor, "person", data, number_kind="supervision", infix="QL")


@transaction.atomic
def supervision_update(*, record: Supervision, actor: Any, **changes: Any) -> Supervision:
    """Change a supervision (any of SUPERVISION_FIELDS or the commune)."""
    basis = changes.get("basis")
    if basis is not None and basis.pk != record.basis_id and not basis.active:
        raise ValidationError({"basis": _("This basis is no longer in use; choose another.")})
    return _record_update(record, actor, "person", SUPERVISION_FIELDS, changes)


MEASURE_FIELDS = ("person", "supervision", "kind", "decision_number", "decision_date", "starts_on", "ends_on", "facility", "notes")


@transaction.atomic
def measure_create(
    *,
    actor: Any,
    person: Person,
    kind: str,
    decision_number: str,
    decision_date: dt.date,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    facility: str = "",
    notes: str = "",
    supervision: Supervision | None = None,
    commune: AdminUnit | None = None,
) -> Measure:
    """Record an administrative measure decided for a person."""
    if supervision is not None and not Supervision.objects.visible_to(actor).filter(pk=supervision.pk).exists():
        raise ValidationError({"supervision": _("Choose a supervision from the list.")})
    data = {"person": person, "supervision": supervision, "kind": kind, "decision_number": (decision_number or "").strip(),
            "decision_date": decision_date, "starts_on": starts_on, "ends_on": ends_on,
            "facility": (facility or "").strip(), "notes": notes or "", "commune": commune}
    return _record_create(Measure, actor, "person", data)


@transaction.atomic
def measure_update(*, record: Measure, actor: Any, **changes: Any) -> Measure:
    """Change a measure (any of MEASURE_FIELDS or the commune)."""
    supervision = changes.get("supervision")
    if supervision is not None and not Supervision.objects.visible_to(actor).filter(pk=supervision.pk).exists():
        raise ValidationError({"supervision": _("Choose a supervision from the list.")})
    return _record_update(record, actor, "person", MEASURE_FIELDS, changes)


VISIT_FIELDS = ("visitor", "purpose", "host_household", "arrival_on", "departure_on", "notes")


@transaction.atomic
def visit_create(
    *,
    actor: Any,
    visitor: Person,
    purpose: str,
    host_household: str,
    arrival_on: dt.date,
    departure_on: dt.date | None = None,
    notes: str = "",
    commune: AdminUnit | None = None,
) -> ForeignVisit:
    """Record one visit of a foreign national (a "lượt")."""
    data = {"visitor": visitor, "purpose": purpose or VisitPurpose.OTHER, "host_household": (host_household or "").strip(),
            "arrival_on": arrival_on, "departure_on": departure_on, "notes": notes or "", "commune": commune}
    return _record_create(ForeignVisit, actor, "visitor", data)


@transaction.atomic
def visit_update(*, record: ForeignVisit, actor: Any, **changes: Any) -> ForeignVisit:
    """Change a foreign visit (any of VISIT_FIELDS or the commune)."""
    return _record_update(record, actor, "visitor", VISIT_FIELDS, changes)


EXIT_FIELDS = ("person", "left_on", "destination_country", "route", "suspected_trafficking", "returned_on", "status", "notes")


@transaction.atomic
def exit_create(
    *,
    actor: Any,
    person: Person,
    left_on: dt.date,
    destination_country: str = "CN",
    route: str = "",
    suspected_trafficking: bool = False,
    returned_on: dt.date | None = None,
    status: str = ExitStatus.ABROAD,
    notes: str = "",
    commune: AdminUnit | None = None,
) -> IllegalExit:
    """Record that a person left the country illegally."""
    data = {"person": person, "left_on": left_on, "destination_country": normalize_country(destination_country) or "CN",
            "route": route or "", "suspected_trafficking": bool(suspected_trafficking), "returned_on": returned_on,
            "status": status or ExitStatus.ABROAD, "notes": notes or "", "commune": commune}
    return _record_create(IllegalExit, actor, "person", data)


@transaction.atomic
def exit_update(*, record: IllegalExit, actor: Any, **changes: Any) -> IllegalExit:
    """Change an illegal exit (any of EXIT_FIELDS or the commune)."""
    if "destination_country" in changes:
        changes["destination_country"] = normalize_country(changes["destination_country"])
    return _record_update(record, actor, "person", EXIT_FIELDS, changes)


# --- remembered matches ----------------------------------------------------------------------


def person_match_remember(*, pairs: list[tuple[int, int, float, dict[str, str]]]) -> tuple[int, int]:
    """Store matcher pairs (first id, second id, score, agreements); a decided pair keeps its decision.

    Idempotent: a pair found again only gets its new score. Returns (pairs stored, of which new).
    """
    if not pairs:
        return 0, 0
    ordered = {(min(a, b), max(a, b)): (score, agreements) for a, b, score, agreements in pairs}
    firsts = {first for first, _ in ordered}
    known = set(PersonMatch.objects.filter(first_id__in=firsts).values_list("first_id", "second_id"))
    rows = [
        PersonMatch(first_id=first, second_id=second, score=score, agreements=agreements)
        for (first, second), (score, agreements) in ordered.items()
    ]
    PersonMatch.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["first", "second"], update_fields=["score", "agreements", "scored_at"],
    )
    return len(rows), len(set(ordered) - known)


@transaction.atomic
def person_match_decide(*, match: PersonMatch, actor: Any, status: str) -> PersonMatch:
    """A commune chief of either person's agency confirms or rejects a pair (remembered for later runs)."""
    if status not in (MatchStatus.CONFIRMED, MatchStatus.REJECTED):
        raise ValidationError({"status": _("Confirm or reject the match.")})
    owners = set(Person.objects.filter(pk__in=[match.first_id, match.second_id]).values_list("owner_agency_id", flat=True))
    if not (getattr(actor, "role", "") == Role.COMMUNE_CHIEF and actor.agency_id in owners):
        raise PermissionDenied(_("Only the chief of one of the two agencies decides on a match."))
    match.status = status
    match.decided_by = actor
    match.decided_at = timezone.now()
    match.save(update_fields=["status", "decided_by", "decided_at", "scored_at"])
    return match

