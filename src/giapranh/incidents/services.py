"""Writes for incidents, traffic accidents and the persons involved in them.

Create, update, share and delete are the record kit's one lifecycle
(`giapranh.core.services`); this module adds the incident's own rules and the
involvements of persons.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from giapranh.accounts.models import Agency
from giapranh.core.access import can_edit
from giapranh.core.services import Errors, add_error, record_create, record_update
from giapranh.incidents.models import AccidentInvolvement, Incident, Involvement, TrafficAccident
from giapranh.incidents.records import ACCIDENTS, INCIDENTS
from giapranh.incidents.selectors import partner_agency_choices, person_pickable_for
from giapranh.people.links import person_for_own_record
from giapranh.people.models import Person


def _require_owner(actor: Any, record: Any) -> None:
    if not can_edit(actor, record):
        raise PermissionDenied(_("Only the owner agency may change this record."))


def incident_rules(*, record: Incident, actor: Any, data: dict[str, Any], previous: dict[str, Any] | None, errors: Errors) -> None:
    """An incident's own rules: an active category, and partners that are real partners."""
    category = record.category if record.category_id else None
    previous_category = previous["category_id"] if previous else None
    if category is not None and category.pk != previous_category and not category.active:
        add_error(errors, "category", _("This category is no longer in use; choose another."))
    current = list(record.partner_agencies.all()) if record.pk else []
    partners: list[Agency] = list(data["partner_agencies"]) if "partner_agencies" in data else current
    if any(agency.pk == record.owner_agency_id for agency in partners):
        add_error(errors, "partner_agencies", _("Your own agency is not a partner agency."))
    elif "partner_agencies" in data:
        # The service, not only the form, limits partners: the cluster's police and the agencies above them.
        kept = Agency.objects.filter(pk__in=[agency.pk for agency in current])
        allowed = set(partner_agency_choices(user=actor, include=kept).values_list("pk", flat=True))
        if any(agency.pk not in allowed for agency in partners):
            add_error(errors, "partner_agencies", _("Choose partner agencies among the cluster's police and the agencies above them."))
    if record.cleared_jointly and not partners:
        add_error(errors, "partner_agencies", _("An incident cleared jointly needs at least one partner agency."))


@transaction.atomic
def incident_create(*, actor: Any, **data: Any) -> Incident:
    """Record an incident for the actor's agency and give it the agency's next number (QY-2020-015)."""
    return record_create(record_type=INCIDENTS, actor=actor, data=data)


@transaction.atomic
def incident_update(*, incident: Incident, actor: Any, **changes: Any) -> Incident:
    """Change the given fields of an incident of the actor's own agency; its number never changes."""
    return record_update(record_type=INCIDENTS, record=incident, actor=actor, changes=changes)


@transaction.atomic
def accident_create(*, actor: Any, **data: Any) -> TrafficAccident:
    """Record a road traffic accident or collision, numbered like `QY-TN-2020-003`."""
    return record_create(record_type=ACCIDENTS, actor=actor, data=data)


@transaction.atomic
def accident_update(*, accident: TrafficAccident, actor: Any, **changes: Any) -> TrafficAccident:
    """Change the given fields of a traffic accident of the actor's own agency."""
    return record_update(record_type=ACCIDENTS, record=accident, actor=actor, changes=changes)


# --- persons in incidents and accidents -----------------------------------------------------


def _resolve_person(*, actor: Any, person: Person) -> Person:
    if not person_pickable_for(user=actor).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("Choose a person known to your agency.")})
    return person


def _involvement_add(*, model: Any, record_field: str, record: Any, actor: Any, person: Person, role: str, note: str) -> Any:
    """One person's part in an incident or an accident: owner only, a visible person, once per role."""
    _require_owner(actor, record)
    _resolve_person(actor=actor, person=person)
    # Another agency's person becomes the actor's own record of the particulars as received (issue 9).
    person = person_for_own_record(actor=actor, person=person)
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

