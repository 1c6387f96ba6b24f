"""Incidents and traffic accidents over the REST API.

The record endpoints come from the record kit's declarations (`incidents.records`);
this module adds what only these types have: the persons involved in them.
Every read goes through `visible_to` (404 for missing and invisible records
alike), every write through a service (422 naming the field, 403 for a visible
record one may not change).
"""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from giapranh.core.actor import actor_of
from giapranh.core.kit_api import record_router
from giapranh.core.schemas import Line, require_records
from giapranh.core.services import record_view_logged
from giapranh.incidents.choices import AccidentRole, InvolvementRole
from giapranh.incidents.models import AccidentInvolvement, Involvement
from giapranh.incidents.records import ACCIDENTS, INCIDENTS
from giapranh.incidents.schemas import InvolvementOut
from giapranh.incidents.selectors import (
    accident_get_for,
    accident_involvement_get_for,
    incident_get_for,
    involvement_get_for,
    person_pickable_for,
)
from giapranh.incidents.services import (
    accident_involvement_add,
    accident_involvement_remove,
    involvement_add,
    involvement_remove,
)
from giapranh.people.models import Person

router = Router(tags=["incidents"])
router.add_router("", record_router(INCIDENTS))
router.add_router("", record_router(ACCIDENTS))


class InvolvementIn(Schema):
    person: UUID = Field(description="Public identifier of a person known to your agency.")
    role: InvolvementRole = Field(description="suspect (đối tượng), victim (bị hại) or witness (nhân chứng).")
    note: Line = Field("", max_length=300, description="Free note on the person's part.")


class AccidentInvolvementIn(Schema):
    person: UUID = Field(description="Public identifier of a person known to your agency.")
    role: AccidentRole = Field(description="driver (người điều khiển), victim (nạn nhân) or witness.")
    note: Line = Field("", max_length=300, description="Free note on the person's part.")


def _person(request: HttpRequest, public_id: UUID) -> Person:
    person = person_pickable_for(user=request.user).filter(public_id=public_id).first()
    if person is None:
        raise ValidationError({"person": _("No person with this identifier is known to your agency.")})
    return person


@router.get("/incidents/{public_id}/involvements", response=list[InvolvementOut], summary="Persons involved in an incident")
def incidents_involvements(request: HttpRequest, public_id: str) -> list[Involvement]:
    require_records(request)
    incident = incident_get_for(user=request.user, public_id=public_id)
    record_view_logged(record=incident, actor=actor_of(request), reason="api")
    return list(incident.involvements.all())


@router.post("/incidents/{public_id}/involvements", response={201: InvolvementOut}, summary="Add a person to an incident")
def incidents_involvement_add(request: HttpRequest, public_id: str, payload: InvolvementIn) -> Status[Involvement]:
    require_records(request)
    incident = incident_get_for(user=request.user, public_id=public_id)
    involvement = involvement_add(
        incident=incident, actor=request.user, person=_person(request, payload.person), role=payload.role, note=payload.note,
    )
    return Status(201, involvement)


@router.delete(
    "/incidents/{public_id}/involvements/{involvement_id}", response={204: None}, summary="Remove a person from an incident",
)
def incidents_involvement_remove(request: HttpRequest, public_id: str, involvement_id: str) -> Status[None]:
    require_records(request)
    incident = incident_get_for(user=request.user, public_id=public_id)
    involvement = involvement_get_for(user=request.user, incident=incident, public_id=involvement_id)
    involvement_remove(involvement=involvement, actor=request.user)
    return Status(204, None)


@router.get("/traffic-accidents/{public_id}/involvements", response=list[InvolvementOut], summary="Persons involved in an accident")
def accidents_involvements(request: HttpRequest, public_id: str) -> list[AccidentInvolvement]:
    require_records(request)
    accident = accident_get_for(user=request.user, public_id=public_id)
    record_view_logged(record=accident, actor=actor_of(request), reason="api")
    return list(accident.involvements.all())


@router.post("/traffic-accidents/{public_id}/involvements", response={201: InvolvementOut}, summary="Add a person to an accident")
def accidents_involvement_add(request: HttpRequest, public_id: str, payload: AccidentInvolvementIn) -> Status[AccidentInvolvement]:
    require_records(request)
    accident = accident_get_for(user=request.user, public_id=public_id)
    involvement = accident_involvement_add(
        accident=accident, actor=request.user, person=_person(request, payload.person), role=payload.role, note=payload.note,
    )
    return Status(201, involvement)


@router.delete(
    "/traffic-accidents/{public_id}/involvements/{involvement_id}", response={204: None}, summary="Remove a person from an accident",
)
def accidents_involvement_remove(request: HttpRequest, public_id: str, involvement_id: str) -> Status[None]:
    require_records(request)
    accident = accident_get_for(user=request.user, public_id=public_id)
    involvement = accident_involvement_get_for(user=request.user, accident=accident, public_id=involvement_id)
    accident_involvement_remove(involvement=involvement, actor=request.user)
    return Status(204, None)
