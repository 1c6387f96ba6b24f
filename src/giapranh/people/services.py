"""Writes of the people app: persons and the records about them.

Every service checks who acts, validates with `full_clean()` and attributes the
history row to the actor (`_history_user`), so UI and API writes look the same.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from giapranh.accounts.choices import Role
from giapranh.core.access import can_edit, can_record
from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction
from giapranh.core.services import Errors, add_error, record_create, record_delete, record_update
from giapranh.people.choices import Gender, MatchStatus
from giapranh.people.links import person_for_own_record
from giapranh.people.models import (
    ForeignVisit,
    IllegalExit,
    Measure,
    Person,
    PersonMatch,
    Supervision,
    normalize_country,
    normalize_id_number,
    normalize_passport,
)
from giapranh.people.records import EXITS, MEASURES, SUPERVISIONS, VISITS
from giapranh.people.search import person_index
from giapranh.territory.models import AdminUnit

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
# Create, update, share and delete are the record kit's one lifecycle (`core.services`);
# these functions name it for each type and add the type's own rules.


def _own_person(record: Any, field: str, actor: Any, data: dict[str, Any]) -> None:
    """A person of another agency linked into our own record becomes our own copy of the particulars as received.

    What a partner keeps after a share ends is what it received, not the owner's live record
    (`people.links.person_for_own_record`; the exchange registers the copy).
    """
    person = data.get(field)
    if person is not None:
        setattr(record, field, person_for_own_record(actor=actor, person=person))


def supervision_rules(*, record: Supervision, actor: Any, data: dict[str, Any], previous: dict[str, Any] | None, errors: Errors) -> None:
    """Our own copy of a received person; a new or changed basis must still be in use (old supervisions keep retired ones)."""
    _own_person(record, "person", actor, data)
    if record.basis_id and (previous is None or previous["basis_id"] != record.basis_id) and not record.basis.active:
        add_error(errors, "basis", _("This basis is no longer in use; choose another."))


def measure_rules(*, record: Measure, actor: Any, data: dict[str, Any], previous: dict[str, Any] | None, errors: Errors) -> None:
    """Our own copy of a received person."""
    _own_person(record, "person", actor, data)


def visit_rules(*, record: ForeignVisit, actor: Any, data: dict[str, Any], previous: dict[str, Any] | None, errors: Errors) -> None:
    """Our own copy of a received visitor."""
    _own_person(record, "visitor", actor, data)


def exit_rules(*, record: IllegalExit, actor: Any, data: dict[str, Any], previous: dict[str, Any] | None, errors: Errors) -> None:
    """Our own copy of a received person; country codes kept upper-case, China when not given."""
    _own_person(record, "person", actor, data)
    record.destination_country = normalize_country(record.destination_country) or "CN"


@transaction.atomic
def supervision_create(*, actor: Any, **data: Any) -> Supervision:
    """Put a person under the actor's agency's supervision; numbered QY-QL-2020-001."""
    return record_create(record_type=SUPERVISIONS, actor=actor, data=data)


@transaction.atomic
def supervision_update(*, record: Supervision, actor: Any, **changes: Any) -> Supervision:
    """Change the given fields of a supervision."""
    return record_update(record_type=SUPERVISIONS, record=record, actor=actor, changes=changes)


@transaction.atomic
def measure_create(*, actor: Any, **data: Any) -> Measure:
    """Record an administrative measure decided for a person; numbered QY-BP-2020-001."""
    return record_create(record_type=MEASURES, actor=actor, data=data)


@transaction.atomic
def measure_update(*, record: Measure, actor: Any, **changes: Any) -> Measure:
    """Change the given fields of a measure."""
    return record_update(record_type=MEASURES, record=record, actor=actor, changes=changes)


@transaction.atomic
def visit_create(*, actor: Any, **data: Any) -> ForeignVisit:
    """Record one visit of a foreign national (a "lượt"); numbered QY-NN-2020-001."""
    return record_create(record_type=VISITS, actor=actor, data=data)


@transaction.atomic
def visit_update(*, record: ForeignVisit, actor: Any, **changes: Any) -> ForeignVisit:
    """Change the given fields of a foreign visit."""
    return record_update(record_type=VISITS, record=record, actor=actor, changes=changes)


@transaction.atomic
def exit_create(*, actor: Any, **data: Any) -> IllegalExit:
    """Record that a person left the country illegally; numbered QY-XC-2020-001."""
    return record_create(record_type=EXITS, actor=actor, data=data)


@transaction.atomic
def exit_update(*, record: IllegalExit, actor: Any, **changes: Any) -> IllegalExit:
    """Change the given fields of an illegal exit."""
    return record_update(record_type=EXITS, record=record, actor=actor, changes=changes)


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

