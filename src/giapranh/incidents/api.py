"""Incidents and traffic accidents over the REST API.

The handlers call the same selectors and services as the pages: every read goes
through `visible_to` (404 for missing and invisible records alike), every write
through a service (422 naming the field, 403 for a visible record one may not change).
"""

import datetime as dt
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from giapranh.accounts.models import Agency
from giapranh.core.schemas import (
    AgencyRefOut,
    CommuneOut,
    PersonRefOut,
    ShareIn,
    ShareOut,
    commune_from_code,
    require_records,
    share_from_api,
)
from giapranh.core.services import record_delete, record_view_logged
from giapranh.incidents.choices import (
    AccidentKind,
    AccidentRole,
    CategoryGroup,
    IncidentOutcome,
    IncidentStatus,
    InvolvementRole,
)
from giapranh.incidents.models import (
    AccidentInvolvement,
    Incident,
    IncidentCategory,
    Involvement,
    TrafficAccident,
)
from giapranh.incidents.selectors import (
    accident_get_for,
    accident_involvement_get_for,
    accident_list_for,
    category_by_code,
    incident_get_for,
    incident_list_for,
    involvement_get_for,
    person_pickable_for,
)
from giapranh.incidents.services import (
    accident_create,
    accident_involvement_add,
    accident_involvement_remove,
    accident_update,
    incident_create,
    incident_update,
    involvement_add,
    involvement_remove,
)
from giapranh.people.models import Person
from giapranh.territory.models import AdminUnit

router = Router(tags=["incidents"])

PAGE_SIZE = 25

# --- shared output schemas ----------------------------------------------------------------------


class CategoryOut(Schema):
    code: str = Field(description="Code of the sub-type, e.g. ttxh-trom-cap-tai-san.")
    name: str = Field(description="Name of the sub-type (Vietnamese).")
    group: CategoryGroup = Field(description="political_security (an ninh chính trị) or social_order (trật tự xã hội).")
    group_code: str | None = Field(description="Code of the group node the sub-type belongs to.")

    @staticmethod
    def resolve_group_code(obj: IncidentCategory) -> str | None:
        return cast(IncidentCategory, obj.parent).code if obj.parent_id else None  # parent_id set: parent is too


class InvolvementOut(Schema):
    public_id: UUID = Field(description="Public identifier of this involvement (used to remove it).")
    person: PersonRefOut = Field(description="The person involved.")
    role: str = Field(description="suspect, victim or witness (driver, victim or witness for accidents).")
    note: str = Field(description="Free note on the person's part.")


class InvolvementIn(Schema):
    person: UUID = Field(description="Public identifier of a person known to your agency.")
    role: InvolvementRole = Field(description="suspect (đối tượng), victim (bị hại) or witness (nhân chứng).")
    note: str = Field("", max_length=300, description="Free note on the person's part.")


class AccidentInvolvementIn(Schema):
    person: UUID = Field(description="Public identifier of a person known to your agency.")
    role: AccidentRole = Field(description="driver (người điều khiển), victim (nạn nhân) or witness.")
    note: str = Field("", max_length=300, description="Free note on the person's part.")


# --- incident schemas ---------------------------------------------------------------------------


class IncidentListOut(Schema):
    public_id: UUID = Field(description="Public identifier, used in every URL.")
    number: str = Field(description="Agency-scoped number, e.g. QY-2020-015.")
    occurred_at: dt.datetime = Field(description="When the incident happened.")
    commune: CommuneOut = Field(description="The commune as listed on the date of the incident.")
    place: str = Field(description="Village, road or landmark.")
    category: CategoryOut = Field(description="Sub-type of the incident.")
    status: IncidentStatus = Field(description="received, verifying or resolved.")
    outcome: IncidentOutcome = Field(description="prosecuted, not_prosecuted (administrative handling) or pending.")
    cleared_jointly: bool = Field(description="Cleared together with partner agencies.")
    shared_with_cluster: bool = Field(description="Shared with the cluster's agencies.")
    owner_agency: AgencyRefOut = Field(description="The agency that recorded the incident.")
    suspects: int = Field(description="Number of suspects (subjects) recorded.")


class IncidentOut(IncidentListOut):
    reported_at: dt.datetime = Field(description="When the incident was reported to the police.")
    latitude: float | None = Field(description="Latitude (WGS 84), within Vietnam.")
    longitude: float | None = Field(description="Longitude (WGS 84), within Vietnam.")
    summary: str = Field(description="What happened.")
    partner_agencies: list[AgencyRefOut] = Field(description="Agencies the case was worked on with.")
    involvements: list[InvolvementOut] = Field(description="Persons involved and their roles.")
    created_at: dt.datetime = Field(description="When the record was created.")
    updated_at: dt.datetime = Field(description="When the record was last changed.")

    @staticmethod
    def resolve_suspects(obj: Incident) -> int:
        return obj.subject_count()

    @staticmethod
    def resolve_partner_agencies(obj: Incident) -> list[Agency]:
        return list(obj.partner_agencies.all())

    @staticmethod
    def resolve_involvements(obj: Incident) -> list[Involvement]:
        return list(obj.involvements.all())


class IncidentIn(Schema):
    occurred_at: dt.datetime = Field(description="When it happened; without a UTC offset, Vietnam time (UTC+7).")
    reported_at: dt.datetime = Field(description="When it was reported; not before occurred_at.")
    commune: str | None = Field(
        None, description="Official code of the commune, resolved to the unit listed on the date of the incident; "
        "omitted: your own commune as listed on that date.",
    )
    place: str = Field("", max_length=200, description="Village (thôn), road or landmark.")
    latitude: float | None = Field(None, description="Latitude, 8 to 24 (north); give both coordinates or neither.")
    longitude: float | None = Field(None, description="Longitude, 102 to 110 (east); give both coordinates or neither.")
    category: str = Field(description="Code of an active sub-type, e.g. ttxh-trom-cap-tai-san.")
    summary: str = Field(min_length=1, description="What happened.")
    status: IncidentStatus = Field(IncidentStatus.RECEIVED, description="received, verifying or resolved.")
    outcome: IncidentOutcome = Field(IncidentOutcome.PENDING, description="prosecuted, not_prosecuted or pending.")
    partner_agencies: list[str] = Field([], description="Codes of the partner agencies (not your own).")
    cleared_jointly: bool = Field(False, description="Cleared together with the partner agencies; needs at least one.")


class IncidentPatch(Schema):
    occurred_at: dt.datetime | None = Field(None, description="When it happened.")
    reported_at: dt.datetime | None = Field(None, description="When it was reported.")
    commune: str | None = Field(None, description="Official code of the commune; null: your commune on the date.")
    place: str | None = Field(None, max_length=200, description="Village, road or landmark.")
    latitude: float | None = Field(None, description="Latitude, 8 to 24.")
    longitude: float | None = Field(None, description="Longitude, 102 to 110.")
    category: str | None = Field(None, description="Code of an active sub-type.")
    summary: str | None = Field(None, min_length=1, description="What happened.")
    status: IncidentStatus | None = Field(None, description="received, verifying or resolved.")
    outcome: IncidentOutcome | None = Field(None, description="prosecuted, not_prosecuted or pending.")
    partner_agencies: list[str] | None = Field(None, description="Codes of the partner agencies.")
    cleared_jointly: bool | None = Field(None, description="Cleared together with the partner agencies.")


class IncidentFilters(Schema):
    q: str | None = Field(None, description="Words in the number, place or summary, or in an involved person's name; diacritics optional.")
    date_from: dt.date | None = Field(None, description="Occurred on or after this day.")
    date_to: dt.date | None = Field(None, description="Occurred on or before this day.")
    commune: str | None = Field(None, description="Official code of a commune (its predecessors and successors are included).")
    category: str | None = Field(None, description="Code of a group or a sub-type.")
    group: CategoryGroup | None = Field(None, description="political_security or social_order.")
    outcome: IncidentOutcome | None = Field(None, description="prosecuted, not_prosecuted or pending.")
    status: IncidentStatus | None = Field(None, description="received, verifying or resolved.")


# --- accident schemas ---------------------------------------------------------------------------


class AccidentListOut(Schema):
    public_id: UUID = Field(description="Public identifier, used in every URL.")
    number: str = Field(description="Agency-scoped number, e.g. QY-TN-2020-003.")
    occurred_at: dt.datetime = Field(description="When the accident happened.")
    commune: CommuneOut = Field(description="The commune as listed on the date of the accident.")
    place: str = Field(description="Road and place.")
    kind: AccidentKind = Field(description="accident (tai nạn) or collision (va chạm).")
    deaths: int = Field(description="People killed.")
    injuries: int = Field(description="People injured.")
    vehicles: str = Field(description="Vehicles involved, e.g. xe máy – ô tô tải.")
    shared_with_cluster: bool = Field(description="Shared with the cluster's agencies.")
    owner_agency: AgencyRefOut = Field(description="The agency that recorded the accident.")


class AccidentOut(AccidentListOut):
    latitude: float | None = Field(description="Latitude (WGS 84), within Vietnam.")
    longitude: float | None = Field(description="Longitude (WGS 84), within Vietnam.")
    damage_vnd: int | None = Field(description="Material damage in VND, if assessed.")
    damage_description: str = Field(description="Material damage in words.")
    summary: str = Field(description="What happened.")
    involvements: list[InvolvementOut] = Field(description="Persons involved and their roles.")
    created_at: dt.datetime = Field(description="When the record was created.")
    updated_at: dt.datetime = Field(description="When the record was last changed.")

    @staticmethod
    def resolve_involvements(obj: TrafficAccident) -> list[AccidentInvolvement]:
        return list(obj.involvements.all())


class AccidentIn(Schema):
    occurred_at: dt.datetime = Field(description="When it happened; without a UTC offset, Vietnam time (UTC+7).")
    commune: str | None = Field(None, description="Official code of the commune, resolved to the unit listed on the date; omitted: your own commune.")
    place: str = Field(min_length=1, max_length=200, description="Road and place, e.g. ĐT307 km 12.")
    latitude: float | None = Field(None, description="Latitude, 8 to 24; give both coordinates or neither.")
    longitude: float | None = Field(None, description="Longitude, 102 to 110; give both coordinates or neither.")
    kind: AccidentKind = Field(AccidentKind.ACCIDENT, description="accident or collision.")
    deaths: int = Field(0, description="People killed; not below zero.")
    injuries: int = Field(0, description="People injured; not below zero.")
    vehicles: str = Field("", max_length=200, description="Vehicles involved.")
    damage_vnd: int | None = Field(None, description="Material damage in VND; not below zero.")
    damage_description: str = Field("", max_length=300, description="Material damage in words.")
    summary: str = Field("", description="What happened.")


class AccidentPatch(Schema):
    occurred_at: dt.datetime | None = Field(None, description="When it happened.")
    commune: str | None = Field(None, description="Official code of the commune; null: your commune on the date.")
    place: str | None = Field(None, min_length=1, max_length=200, description="Road and place.")
    latitude: float | None = Field(None, description="Latitude, 8 to 24.")
    longitude: float | None = Field(None, description="Longitude, 102 to 110.")
    kind: AccidentKind | None = Field(None, description="accident or collision.")
    deaths: int | None = Field(None, description="People killed.")
    injuries: int | None = Field(None, description="People injured.")
    vehicles: str | None = Field(None, max_length=200, description="Vehicles involved.")
    damage_vnd: int | None = Field(None, description="Material damage in VND.")
    damage_description: str | None = Field(None, max_length=300, description="Material damage in words.")
    summary: str | None = Field(None, description="What happened.")


class AccidentFilters(Schema):
    q: str | None = Field(None, description="Words in the number, road, vehicles or summary, or in an involved person's name.")
    date_from: dt.date | None = Field(None, description="Occurred on or after this day.")
    date_to: dt.date | None = Field(None, description="Occurred on or before this day.")
    commune: str | None = Field(None, description="Official code of a commune (its predecessors and successors are included).")
    kind: AccidentKind | None = Field(None, description="accident or collision.")


# --- helpers ------------------------------------------------------------------------------------


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """Times without an offset are Vietnam time, like everything officers type."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _commune(code: str | None, occurred_at: dt.datetime | None) -> AdminUnit | None:
    if not code or occurred_at is None:
        return None
    return commune_from_code(code, timezone.localdate(occurred_at))


def _category(code: str) -> IncidentCategory:
    category = category_by_code(code=code)
    if category is None:
        raise ValidationError({"category": _("No incident category has the code %(code)s.") % {"code": code}})
    return category


def _agencies(codes: list[str]) -> list[Agency]:
    agencies = list(Agency.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {agency.code for agency in agencies})
    if unknown:
        raise ValidationError({"partner_agencies": _("Unknown agency codes: %(codes)s.") % {"codes": ", ".join(unknown)}})
    return agencies


def _person(request: HttpRequest, public_id: UUID) -> Person:
    person = person_pickable_for(user=request.user).filter(public_id=public_id).first()
    if person is None:
        raise ValidationError({"person": _("No person with this identifier is known to your agency.")})
    return person


# --- incidents ----------------------------------------------------------------------------------


def _incident_data(payload: dict[str, Any]) -> dict[str, Any]:
    """API input (codes) → service arguments (objects)."""
    data = dict(payload)
    data["occurred_at"] = _aware(data["occurred_at"])
    data["reported_at"] = _aware(data["reported_at"])
    data["commune"] = _commune(data.get("commune"), data["occurred_at"])
    data["category"] = _category(data["category"])
    data["partner_agencies"] = _agencies(data.get("partner_agencies") or [])
    return data


def _incident_current(incident: Incident) -> dict[str, Any]:
    """The fields of an incident as API input, the base a PATCH is applied to."""
    return {
        "occurred_at": incident.occurred_at, "reported_at": incident.reported_at,
        "commune": incident.commune.code, "place": incident.place,
        "latitude": incident.latitude, "longitude": incident.longitude,
        "category": incident.category.code, "summary": incident.summary,
        "status": incident.status, "outcome": incident.outcome,
        "partner_agencies": [agency.code for agency in incident.partner_agencies.all()],
        "cleared_jointly": incident.cleared_jointly,
    }


@router.get("/incidents", response=list[IncidentListOut], summary="Incidents you may see, filtered")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def incidents_list(request: HttpRequest, filters: Query[IncidentFilters]) -> QuerySet[Incident]:
    require_records(request)
    category = _category(filters.category) if filters.category else None
    return incident_list_for(
        user=request.user, q=filters.q, date_from=filters.date_from, date_to=filters.date_to,
        commune=commune_from_code(filters.commune, None), category=category, group=filters.group,
        outcome=filters.outcome, status=filters.status,
    )


@router.post("/incidents", response={201: IncidentOut}, summary="Record an incident")
def incidents_create(request: HttpRequest, payload: IncidentIn) -> Status[Incident]:
    require_records(request)
    incident = incident_create(actor=request.user, **_incident_data(payload.dict()))
    return Status(201, incident_get_for(user=request.user, public_id=incident.public_id))


@router.get("/incidents/{public_id}", response=IncidentOut, summary="One incident, with its persons")
def incidents_get(request: HttpRequest, public_id: str) -> Incident:
    require_records(request)
    incident = incident_get_for(user=request.user, public_id=public_id)
    record_view_logged(record=incident, actor=request.user, reason="api")
    return incident


@router.put("/incidents/{public_id}", response=IncidentOut, summary="Replace an incident's data")
def incidents_replace(request: HttpRequest, public_id: str, payload: IncidentIn) -> Incident:
    require_records(request)
    incident = incident_get_for(user=request.user, public_id=public_id)
    incident_update(incident=incident, actor=request.user, **_incident_data(payload.dict()))
    return incident_get_for(user=request.user, public_id=public_id)


@router.patch("/incidents/{public_id}", response=IncidentOut, summary="Change some of an incident's data")
def incidents_patch(request: HttpRequest, public_id: str, payload: IncidentPatch) -> Incident:
    require_records(request)
    incident = incident_get_for(user=request.user, public_id=public_id)
    data = _incident_current(incident) | payload.dict(exclude_unset=True)
    incident_update(incident=incident, actor=request.user, **_incident_data(data))
    return incident_get_for(user=request.user, public_id=public_id)


@router.delete("/incidents/{public_id}", response={204: None}, summary="Delete an incident (owner agency only)")
def incidents_delete(request: HttpRequest, public_id: str) -> Status[None]:
    require_records(request)
    incident = incident_get_for(user=request.user, public_id=public_id)
    record_delete(record=incident, actor=request.user)
    return Status(204, None)


@router.post("/incidents/{public_id}/share", response=ShareOut, summary="Share with the cluster or withdraw (commune chief)")
def incidents_share(request: HttpRequest, public_id: str, payload: ShareIn) -> ShareOut:
    require_records(request)
    incident = incident_get_for(user=request.user, public_id=public_id)
    return share_from_api(request, incident, payload)


@router.get("/incidents/{public_id}/involvements", response=list[InvolvementOut], summary="Persons involved in an incident")
def incidents_involvements(request: HttpRequest, public_id: str) -> list[Involvement]:
    require_records(request)
    incident = incident_get_for(user=request.user, public_id=public_id)
    record_view_logged(record=incident, actor=request.user, reason="api")
    return list(incident.involvements.all())


@router.post("/incidents/{public_id}/involvements", response={201: InvolvementOut}, summary="Add a person to an incident")
def incidents_involvement_add(request: HttpRequest, public_id: str, payload: InvolvementIn) -> Status[Involvement]:
    require_records(request)
    incident = incident_get_for(user=request.user, public_id=public_id)
    involvement = involvement_add(
        incident=incident, actor=request.user, person=_person(request, payload.person),
        role=payload.role, note=payload.note,
    )
    return Status(201, involvement)


@router.delete(
    "/incidents/{public_id}/involvements/{involvement_id}", response={204: None},
    summary="Remove a person from an incident",
)
def incidents_involvement_remove(request: HttpRequest, public_id: str, involvement_id: str) -> Status[None]:
    require_records(request)
    incident = incident_get_for(user=request.user, public_id=public_id)
    involvement = involvement_get_for(user=request.user, incident=incident, public_id=involvement_id)
    involvement_remove(involvement=involvement, actor=request.user)
    return Status(204, None)


# --- traffic accidents --------------------------------------------------------------------------


def _accident_data(payload: dict[str, Any]) -> dict[str, Any]:
    data = dict(payload)
    data["occurred_at"] = _aware(data["occurred_at"])
    data["commune"] = _commune(data.get("commune"), data["occurred_at"])
    return data


def _accident_current(accident: TrafficAccident) -> dict[str, Any]:
    return {
        "occurred_at": accident.occurred_at, "commune": accident.commune.code, "place": accident.place,
        "latitude": accident.latitude, "longitude": accident.longitude, "kind": accident.kind,
        "deaths": accident.deaths, "injuries": accident.injuries, "vehicles": accident.vehicles,
        "damage_vnd": accident.damage_vnd, "damage_description": accident.damage_description,
        "summary": accident.summary,
    }


@router.get("/traffic-accidents", response=list[AccidentListOut], summary="Traffic accidents you may see, filtered")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def accidents_list(request: HttpRequest, filters: Query[AccidentFilters]) -> QuerySet[TrafficAccident]:
    require_records(request)
    return accident_list_for(
        user=request.user, q=filters.q, date_from=filters.date_from, date_to=filters.date_to,
        commune=commune_from_code(filters.commune, None), kind=filters.kind,
    )


@router.post("/traffic-accidents", response={201: AccidentOut}, summary="Record a traffic accident")
def accidents_create(request: HttpRequest, payload: AccidentIn) -> Status[TrafficAccident]:
    require_records(request)
    accident = accident_create(actor=request.user, **_accident_data(payload.dict()))
    return Status(201, accident_get_for(user=request.user, public_id=accident.public_id))


@router.get("/traffic-accidents/{public_id}", response=AccidentOut, summary="One traffic accident, with its persons")
def accidents_get(request: HttpRequest, public_id: str) -> TrafficAccident:
    require_records(request)
    accident = accident_get_for(user=request.user, public_id=public_id)
    record_view_logged(record=accident, actor=request.user, reason="api")
    return accident


@router.put("/traffic-accidents/{public_id}", response=AccidentOut, summary="Replace a traffic accident's data")
def accidents_replace(request: HttpRequest, public_id: str, payload: AccidentIn) -> TrafficAccident:
    require_records(request)
    accident = accident_get_for(user=request.user, public_id=public_id)
    accident_update(accident=accident, actor=request.user, **_accident_data(payload.dict()))
    return accident_get_for(user=request.user, public_id=public_id)


@router.patch("/traffic-accidents/{public_id}", response=AccidentOut, summary="Change some of a traffic accident's data")
def accidents_patch(request: HttpRequest, public_id: str, payload: AccidentPatch) -> TrafficAccident:
    require_records(request)
    accident = accident_get_for(user=request.user, public_id=public_id)
    data = _accident_current(accident) | payload.dict(exclude_unset=True)
    accident_update(accident=accident, actor=request.user, **_accident_data(data))
    return accident_get_for(user=request.user, public_id=public_id)


@router.delete("/traffic-accidents/{public_id}", response={204: None}, summary="Delete a traffic accident (owner agency only)")
def accidents_delete(request: HttpRequest, public_id: str) -> Status[None]:
    require_records(request)
    accident = accident_get_for(user=request.user, public_id=public_id)
    record_delete(record=accident, actor=request.user)
    return Status(204, None)


@router.post("/traffic-accidents/{public_id}/share", response=ShareOut, summary="Share with the cluster or withdraw (commune chief)")
def accidents_share(request: HttpRequest, public_id: str, payload: ShareIn) -> ShareOut:
    require_records(request)
    accident = accident_get_for(user=request.user, public_id=public_id)
    return share_from_api(request, accident, payload)


@router.get("/traffic-accidents/{public_id}/involvements", response=list[InvolvementOut], summary="Persons involved in an accident")
def accidents_involvements(request: HttpRequest, public_id: str) -> list[AccidentInvolvement]:
    require_records(request)
    accident = accident_get_for(user=request.user, public_id=public_id)
    record_view_logged(record=accident, actor=request.user, reason="api")
    return list(accident.involvements.all())


@router.post("/traffic-accidents/{public_id}/involvements", response={201: InvolvementOut}, summary="Add a person to an accident")
def accidents_involvement_add(request: HttpRequest, public_id: str, payload: AccidentInvolvementIn) -> Status[AccidentInvolvement]:
    require_records(request)
    accident = accident_get_for(user=request.user, public_id=public_id)
    involvement = accident_involvement_add(
        accident=accident, actor=request.user, person=_person(request, payload.person),
        role=payload.role, note=payload.note,
    )
    return Status(201, involvement)


@router.delete(
    "/traffic-accidents/{public_id}/involvements/{involvement_id}", response={204: None},
    summary="Remove a person from an accident",
)
def accidents_involvement_remove(request: HttpRequest, public_id: str, involvement_id: str) -> Status[None]:
    require_records(request)
    accident = accident_get_for(user=request.user, public_id=public_id)
    involvement = accident_involvement_get_for(user=request.user, accident=accident, public_id=involvement_id)
    accident_involvement_remove(involvement=involvement, actor=request.user)
    return Status(204, None)
