"""Writes for incidents, traffic accidents and the persons involved in them.

Sharing and deleting are the shared `giapranh.core.services.record_share` and
`record_delete`, called directly by the views and the API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giapranh.accounts.models import Agency
from giapranh.core.access import can_edit, can_record
from giapranh.core.models import ScopedRecord
from giapranh.core.selectors import commune_valid_on, communes_for_records
from giapranh.core.services import record_number_next
from giapranh.incidents.choices import AccidentKind, IncidentOutcome, IncidentStatus
from giapranh.incidents.models import (
    AccidentInvolvement,
    Incident,
    IncidentCategory,
    Involvement,
    TrafficAccident,
)
from giapranh.incidents.selectors import person_pickable_for
from giapranh.people.models import Person
from giapranh.territory.models import AdminUnit


def _require_recorder(actor: Any) -> None:
    """Records are kept by commune police; superiors read, they do not file."""
    if not can_record(actor):
        raise PermissionDenied(_("Only commune police officers record incidents and accidents."))


def _require_owner(actor: Any, record: ScopedRecord) -> None:
    if not can_edit(actor, record):
        raise PermissionDenied(_("Only the owner agency may change this record."))


# Each check returns the problem it found instead of raising, so that a form
# shows every mistake at once rather than one per attempt.
Problem = ValidationError | None


def _resolve_commune(*, actor: Any, commune: AdminUnit | None, occurred_at: dt.datetime | None) -> tuple[AdminUnit | None, Problem]:
    """The commune a record is filed under: the one given, or the actor's commune listed on the date.

    Validity on the date itself is checked by the model's `clean()`.
    """
    if occurred_at is None:
        return commune, None
    if commune is None:
        commune = commune_valid_on(user=actor, day=timezone.localdate(occurred_at))
        if commune is None:
            return None, ValidationError({"commune": _("None of your communes was officially listed on that date; choose the commune.")})
        return commune, None
    if not communes_for_records(user=actor).filter(pk=commune.pk).exists():
        return commune, ValidationError({"commune": _("You can only file records under your own commune.")})
    return commune, None


def _check_category(*, category: IncidentCategory | None, previous_id: int | None) -> Problem:
    """A new or changed category must be an active sub-type (old incidents keep retired ones)."""
    if category is not None and category.pk != previous_id and not category.active:
        return ValidationError({"category": _("This category is no longer in use; choose another.")})
    return None


def _check_partners(*, owner: Agency, partners: list[Agency], cleared_jointly: bool) -> Problem:
    if any(agency.pk == owner.pk for agency in partners):
        return ValidationError({"partner_agencies": _("Your own agency is not a partner agency.")})
    if cleared_jointly and not partners:
        return ValidationError({"partner_agencies": _("An incident cleared jointly needs at least one partner agency.")})
    return None


def _validate(record: ScopedRecord, *problems: Problem) -> None:
    """The service's own problems plus the model's validation, raised together."""
    errors: dict[str, list[Any]] = {}
    for problem in problems:
        if problem is not None:
            problem.update_error_dict(errors)
    # Number and search key are filled by the service itself, after validation.
    exclude = ["number", "search_key"]
    if record.commune_id is None and "commune" in errors:
        exclude.append("commune")
    try:
        record.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


# --- incidents ----------------------------------------------------------------------------------


@transaction.atomic
def incident_create(
    *,
    actor: Any,
    occurred_at: dt.datetime,
    reported_at: dt.datetime,
    category: IncidentCategory,
    summary: str,
    place: str = "",
    commune: AdminUnit | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    status: str = IncidentStatus.RECEIVED,
    outcome: str = IncidentOutcome.PENDING,
    partner_agencies: Iterable[Agency] = (),
    cleared_jointly: bool = False,
) -> Incident:
    """Record an incident for the actor's agency and give it the agency's next number."""
    _require_recorder(actor)
    partners = list(partner_agencies)
    commune, commune_problem = _resolve_commune(actor=actor, commune=commune, occurred_at=occurred_at)
    incident = Incident(
        owner_agency=actor.agency, commune=commune, occurred_at=occurred_at, reported_at=reported_at, place=place,
        latitude=latitude, longitude=longitude, category=category, summary=summary,
        status=status, outcome=outcome, cleared_jointly=cleared_jointly,
    )
    _validate(
        incident, commune_problem,
        _check_category(category=category, previous_id=None),
        _check_partners(owner=actor.agency, partners=partners, cleared_jointly=cleared_jointly),
    )
    incident.number = record_number_next(
        agency=actor.agency, kind="incident", year=timezone.localdate(occurred_at).year
    )
    incident.search_key = incident.build_search_key()
    incident._history_user = actor  # type: ignore[attr-defined]
    incident.save()
    incident.partner_agencies.set(partners)
    return incident


_INCIDENT_FIELDS = (
    "occurred_at", "reported_at", "commune", "place", "latitude", "longitude", "category",
    "summary", "status", "outcome", "cleared_jointly",
)


@transaction.atomic
def incident_update(
    *,
    incident: Incident,
    actor: Any,
    occurred_at: dt.datetime,
    reported_at: dt.datetime,
    category: IncidentCategory,
    summary: str,
    place: str = "",
    commune: AdminUnit | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    status: str = IncidentStatus.RECEIVED,
    outcome: str = IncidentOutcome.PENDING,
    partner_agencies: Iterable[Agency] = (),
    cleared_jointly: bool = False,
) -> Incident:
    """Change an incident of the actor's own agency; its number never changes."""
    _require_owner(actor, incident)
    partners = list(partner_agencies)
    previous_category_id = incident.category_id
    commune, commune_problem = _resolve_commune(actor=actor, commune=commune, occurred_at=occurred_at)
    values = {
        "occurred_at": occurred_at, "reported_at": reported_at, "place": place,
        "latitude": latitude, "longitude": longitude, "category": category, "summary": summary,
        "status": status, "outcome": outcome, "cleared_jointly": cleared_jointly, "commune": commune,
    }
    for name, value in values.items():
        setattr(incident, name, value)
    _validate(
        incident, commune_problem,
        _check_category(category=category, previous_id=previous_category_id),
        _check_partners(owner=incident.owner_agency, partners=partners, cleared_jointly=cleared_jointly),
    )
    incident.search_key = incident.build_search_key()
    incident._history_user = actor  # type: ignore[attr-defined]
    incident.save(update_fields=[*_INCIDENT_FIELDS, "search_key", "updated_at"])
    incident.partner_agencies.set(partners)
    return incident


def _resolve_person(*, actor: Any, person: Person) -> Person:
    if not person_pickable_for(user=actor).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("Choose a person known to your agency.")})
    return person


def _involvement_add(*, model: Any, record_field: str, record: Any, actor: Any, person: Person, role: str, note: str) -> Any:
    """One person's part in an incident or an accident: owner only, a visible person, once per role."""
    _require_owner(actor, record)
    _resolve_person(actor=actor, person=person)
    involvement = model(**{record_field: record}, person=person, role=role, note=note)
    involvement.full_clean(exclude=[record_field, "person"], validate_constraints=False)
    if model.objects.filter(**{record_field: record}, person=person, role=role).exists():
        raise ValidationError({"person": _("This person is already recorded in this role.")})
    involvement._history_user = actor
    involvement.save()
    return involvement


@transaction.atomic
def involvement_add(*, incident: Incident, actor: Any, person: Person, role: str, note: str = "") -> Involvement:
    """Record a person's part (suspect, victim, witness) in an incident of the actor's agency."""
    return _involvement_add(model=Involvement, record_field="incident", record=incident, actor=actor, person=person, role=role, note=note)


@transaction.atomic
def involvement_remove(*, involvement: Involvement, actor: Any) -> None:
    """Remove a person from an incident of the actor's agency."""
    _require_owner(actor, involvement.incident)
    involvement._history_user = actor  # type: ignore[attr-defined]
    involvement.delete()


# --- traffic accidents --------------------------------------------------------------------------


@transaction.atomic
def accident_create(
    *,
    actor: Any,
    occurred_at: dt.datetime,
    place: str,
    kind: str = AccidentKind.ACCIDENT,
    commune: AdminUnit | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    deaths: int = 0,
    injuries: int = 0,
    vehicles: str = "",
    damage_vnd: int | None = None,
    damage_description: str = "",
    summary: str = "",
) -> TrafficAccident:
    """Record a road traffic accident or collision, numbered like `QY-TN-2020-003`."""
    _require_recorder(actor)
    commune, commune_problem = _resolve_commune(actor=actor, commune=commune, occurred_at=occurred_at)
    accident = TrafficAccident(
        owner_agency=actor.agency, commune=commune, occurred_at=occurred_at, place=place, kind=kind, latitude=latitude, longitude=longitude,
        deaths=deaths, injuries=injuries, vehicles=vehicles, damage_vnd=damage_vnd,
        damage_description=damage_description, summary=summary,
    )
    _validate(accident, commune_problem)
    accident.number = record_number_next(
        agency=actor.agency, kind="accident", year=timezone.localdate(occurred_at).year, infix="TN"
    )
    accident.search_key = accident.build_search_key()
    accident._history_user = actor  # type: ignore[attr-defined]
    accident.save()
    return accident


_ACCIDENT_FIELDS = (
    "occurred_at", "commune", "place", "latitude", "longitude", "kind", "deaths", "injuries",
    "vehicles", "damage_vnd", "damage_description", "summary",
)


@transaction.atomic
def accident_update(
    *,
    accident: TrafficAccident,
    actor: Any,
    occurred_at: dt.datetime,
    place: str,
    kind: str = AccidentKind.ACCIDENT,
    commune: AdminUnit | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    deaths: int = 0,
    injuries: int = 0,
    vehicles: str = "",
    damage_vnd: int | None = None,
    damage_description: str = "",
    summary: str = "",
) -> TrafficAccident:
    """Change a traffic accident of the actor's own agency."""
    _require_owner(actor, accident)
    commune, commune_problem = _resolve_commune(actor=actor, commune=commune, occurred_at=occurred_at)
    values = {
        "occurred_at": occurred_at, "place": place, "kind": kind, "latitude": latitude,
        "longitude": longitude, "deaths": deaths, "injuries": injuries, "vehicles": vehicles,
        "damage_vnd": damage_vnd, "damage_description": damage_description, "summary": summary,
        "commune": commune,
    }
    for name, value in values.items():
        setattr(accident, name, value)
    _validate(accident, commune_problem)
    accident.search_key = accident.build_search_key()
    accident._history_user = actor  # type: ignore[attr-defined]
    accident.save(update_fields=[*_ACCIDENT_FIELDS, "search_key", "updated_at"])
    return accident


@transaction.atomic
def accident_involvement_add(
    *, accident: TrafficAccident, actor: Any, person: Person, role: str, note: str = ""
) -> AccidentInvolvement:
    """Record a person's part (driver, victim, witness) in an accident of the actor's agency."""
    return _involvement_add(
        model=AccidentInvolvement, record_field="accident", record=accident, actor=actor, person=person, role=role, note=note
    )


@transaction.atomic
def accident_involvement_remove(*, involvement: AccidentInvolvement, actor: Any) -> None:
    """Remove a person from an accident of the actor's agency."""
    _require_owner(actor, involvement.accident)
    involvement._history_user = actor  # type: ignore[attr-defined]
    involvement.delete()

