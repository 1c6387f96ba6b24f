"""Persons, supervision, measures, foreign visits and illegal exits over the REST API.

The handlers call the same selectors and services as the pages: reads go
through `visible_to` (404 for missing and invisible records alike, guessed ids
included), writes through a service (422 naming the field, 403 for a visible
record one may not change). Persons, supervisions and communes are referenced
by public id or official code, never by database id. Reading one person or
record writes an access-log row; a name search writes one row without the query.
"""

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

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
from giapranh.people import selectors, services
from giapranh.people.choices import ExitStatus, Gender, MeasureKind, SupervisionStatus, VisitPurpose
from giapranh.people.models import (
    DatedRecord,
    ForeignVisit,
    IllegalExit,
    Measure,
    Person,
    Supervision,
)

router = Router(tags=["people"])

PAGE_SIZE = 25

# --- shared schemas ------------------------------------------------------------------------------


class RecordOut(Schema):
    public_id: UUID = Field(description="Public identifier, used in every URL.")
    commune: CommuneOut = Field(description="The commune as listed on the record's date.")
    owner_agency: AgencyRefOut = Field(description="The agency that recorded (and manages) the record.")
    shared_with_cluster: bool = Field(description="Shared with the cluster's agencies.")
    created_at: dt.datetime = Field(description="When the record was created.")
    updated_at: dt.datetime = Field(description="When the record was last changed.")


class RecordFilters(Schema):
    q: str | None = Field(None, description="Words in the person's name (diacritics optional) or in the record's text.")
    date_from: dt.date | None = Field(None, description="On or after this day (the record's date).")
    date_to: dt.date | None = Field(None, description="On or before this day.")
    commune: str | None = Field(None, description="Official code of a commune (its predecessors and successors are included).")


COMMUNE_IN = (
    "Official code of the commune, resolved to the unit listed on the record's date; "
    "omitted or null: your own commune as listed on that date."
)

# --- persons -------------------------------------------------------------------------------------


class PersonListOut(Schema):
    public_id: UUID = Field(description="Public identifier, used in every URL.")
    full_name: str = Field(description="Full name.")
    other_names: str = Field(description="Aliases and nicknames, comma-separated.")
    gender: Gender = Field(description="male, female or unknown.")
    birth_year: int | None = Field(description="Year of birth, if known.")
    nationality: str = Field(description="ISO 3166 two-letter country code, e.g. VN, CN, LA.")
    home_commune: CommuneOut | None = Field(description="The commune the person lives in.")


class PersonOut(PersonListOut):
    birth_date: dt.date | None = Field(description="Date of birth, if known.")
    id_number: str = Field(description="Citizen ID: 12 digits (CCCD) or 9 digits (old CMND); Vietnamese citizens only.")
    passport_number: str = Field(description="Passport number; foreign nationals only.")
    ethnicity: str = Field(description="Ethnic group (dân tộc).")
    address: str = Field(description="Village (thôn), hamlet, house number.")
    phone: str = Field(description="Phone number.")
    owner_agency: AgencyRefOut = Field(description="The agency that recorded the person.")
    created_at: dt.datetime = Field(description="When the person was recorded.")
    updated_at: dt.datetime = Field(description="When the particulars last changed.")


class PersonIn(Schema):
    full_name: str = Field(min_length=1, max_length=120, description="Full name, family name first (Nguyễn Văn Đức).")
    other_names: str = Field("", max_length=200, description="Aliases and nicknames, comma-separated.")
    gender: Gender = Field(Gender.UNKNOWN, description="male, female or unknown.")
    birth_date: dt.date | None = Field(None, description="Date of birth; not in the future.")
    birth_year: int | None = Field(None, description="Year of birth when the date is unknown; must agree with birth_date.")
    id_number: str = Field("", max_length=20, description="Citizen ID: 12 digits (CCCD) or 9 digits (old CMND); spaces are ignored.")
    passport_number: str = Field("", max_length=20, description="Passport number, for foreign nationals only.")
    nationality: str = Field("VN", max_length=2, description="ISO 3166 two-letter country code.")
    ethnicity: str = Field("", max_length=40, description="Ethnic group (dân tộc).")
    home_commune: str | None = Field(None, description="Official code of the commune the person lives in (as listed today).")
    address: str = Field("", max_length=200, description="Village (thôn), hamlet, house number.")
    phone: str = Field("", max_length=20, description="Phone number.")


class PersonPatch(Schema):
    full_name: str | None = Field(None, min_length=1, max_length=120, description="Full name.")
    other_names: str | None = Field(None, max_length=200, description="Aliases and nicknames, comma-separated.")
    gender: Gender | None = Field(None, description="male, female or unknown.")
    birth_date: dt.date | None = Field(None, description="Date of birth.")
    birth_year: int | None = Field(None, description="Year of birth.")
    id_number: str | None = Field(None, max_length=20, description="Citizen ID (12 or 9 digits).")
    passport_number: str | None = Field(None, max_length=20, description="Passport number (foreign nationals).")
    nationality: str | None = Field(None, max_length=2, description="ISO 3166 two-letter country code.")
    ethnicity: str | None = Field(None, max_length=40, description="Ethnic group.")
    home_commune: str | None = Field(None, description="Official code of the home commune; null clears it.")
    address: str | None = Field(None, max_length=200, description="Address.")
    phone: str | None = Field(None, max_length=20, description="Phone number.")


class PersonFilters(Schema):
    q: str | None = Field(
        None, description="Name search: diacritics optional, one typo per syllable forgiven, partial names and "
        "the start of the last syllable match; results are ranked by similarity.",
    )
    birth_year: int | None = Field(None, description="Year of birth (exact).")
    commune: str | None = Field(None, description="Official code of the home commune (predecessors and successors included).")
    date_from: dt.date | None = Field(None, description="Recorded on or after this day.")
    date_to: dt.date | None = Field(None, description="Recorded on or before this day.")


# --- helpers -------------------------------------------------------------------------------------


def _person(request: HttpRequest, public_id: UUID | None, field: str) -> Person | None:
    if public_id is None:
        return None
    person = selectors.person_by_public_id(user=request.user, public_id=public_id)
    if person is None:
        raise ValidationError({field: _("No person with this identifier is known to you.")})
    return person


def _person_data(data: dict[str, Any]) -> dict[str, Any]:
    if "home_commune" in data:
        data["home_commune"] = commune_from_code(data["home_commune"], None, "home_commune")
    return {k: ("" if v is None and k not in ("birth_date", "birth_year", "home_commune") else v) for k, v in data.items()}


def _record_data(request: HttpRequest, data: dict[str, Any], *, person_field: str, date_field: str, record: DatedRecord | None = None) -> dict[str, Any]:
    """API input (public ids, codes) → service arguments (objects)."""
    if person_field in data:
        data[person_field] = _person(request, data[person_field], person_field)
    if "commune" in data:
        day = data.get(date_field) or (record.record_date if record is not None else None)
        data["commune"] = commune_from_code(data["commune"], day)
    if "basis" in data:
        basis = selectors.basis_by_code(code=data["basis"]) if data["basis"] else None
        if basis is None:
            raise ValidationError({"basis": _("No supervision basis has the code %(code)s.") % {"code": data["basis"]}})
        data["basis"] = basis
    if "supervision" in data and data["supervision"] is not None:
        supervision = selectors.supervision_by_public_id(user=request.user, public_id=data["supervision"])
        if supervision is None:
            raise ValidationError({"supervision": _("No supervision with this identifier is known to you.")})
        data["supervision"] = supervision
    return data


# --- /persons ------------------------------------------------------------------------------------


def _persons(request: HttpRequest, filters: PersonFilters) -> Any:
    require_records(request)
    commune = commune_from_code(filters.commune, None) if filters.commune else None
    persons = selectors.person_list(
        user=request.user, q=filters.q or "", birth_year=filters.birth_year, commune=commune,
        date_from=filters.date_from, date_to=filters.date_to,
    )
    if filters.q and filters.q.strip():
        services.person_search_log(actor=request.user)
    return persons


@router.get(
    "/persons", response=list[PersonListOut],
    summary="Persons you may see; with q, a ranked name search",
    description="Prefer POST /persons/search for name searches: query strings end up in server and proxy logs.",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def persons_list(request: HttpRequest, filters: Query[PersonFilters]) -> Any:
    return _persons(request, filters)


@router.post(
    "/persons/search", response=list[PersonListOut],
    summary="Name search with the criteria in the body (keeps names out of URLs and logs)",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def persons_search(request: HttpRequest, filters: PersonFilters) -> Any:
    return _persons(request, filters)


@router.post("/persons", response={201: PersonOut}, summary="Record a person for your agency")
def persons_create(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    require_records(request)
    person = services.person_create(actor=request.user, **_person_data(payload.dict()))
    return Status(201, selectors.person_get_for(user=request.user, public_id=person.public_id))


@router.get("/persons/{public_id}", response=PersonOut, summary="One person (the read is logged)")
def persons_get(request: HttpRequest, public_id: str) -> Person:
    require_records(request)
    person = selectors.person_get_for(user=request.user, public_id=public_id)
    record_view_logged(record=person, actor=request.user, reason="api")
    return person


@router.put("/persons/{public_id}", response=PersonOut, summary="Replace a person's particulars")
def persons_replace(request: HttpRequest, public_id: str, payload: PersonIn) -> Person:
    require_records(request)
    person = selectors.person_get_for(user=request.user, public_id=public_id)
    services.person_update(person=person, actor=request.user, **_person_data(payload.dict()))
    return selectors.person_get_for(user=request.user, public_id=public_id)


@router.patch("/persons/{public_id}", response=PersonOut, summary="Change some of a person's particulars")
def persons_patch(request: HttpRequest, public_id: str, payload: PersonPatch) -> Person:
    require_records(request)
    person = selectors.person_get_for(user=request.user, public_id=public_id)
    services.person_update(person=person, actor=request.user, **_person_data(payload.dict(exclude_unset=True)))
    return selectors.person_get_for(user=request.user, public_id=public_id)


@router.delete("/persons/{public_id}", response={204: None}, summary="Delete a person in no record (owner agency only)")
def persons_delete(request: HttpRequest, public_id: str) -> Status[None]:
    require_records(request)
    person = selectors.person_get_for(user=request.user, public_id=public_id)
    services.person_delete(person=person, actor=request.user)
    return Status(204, None)


# --- /supervisions -------------------------------------------------------------------------------


class BasisOut(Schema):
    code: str = Field(description="Code of the basis, e.g. nghien-ma-tuy.")
    name: str = Field(description="Name of the basis (Vietnamese).")


class SupervisionOut(RecordOut):
    number: str = Field(description="Agency-scoped number, e.g. QY-QL-2020-001.")
    person: PersonRefOut = Field(description="The person under supervision.")
    basis: BasisOut = Field(description="Why the person is supervised.")
    starts_on: dt.date = Field(description="First day of the supervision.")
    ends_on: dt.date | None = Field(description="Last day; null while it goes on.")
    status: SupervisionStatus = Field(description="active, ended or transferred.")
    notes: str = Field(description="Notes.")


class SupervisionIn(Schema):
    person: UUID = Field(description="Public identifier of a person you may see.")
    basis: str = Field(description="Code of an active supervision basis (GET /supervision-bases).")
    starts_on: dt.date = Field(description="First day of the supervision.")
    ends_on: dt.date | None = Field(None, description="Last day; not before starts_on; required once ended.")
    status: SupervisionStatus = Field(SupervisionStatus.ACTIVE, description="active, ended or transferred.")
    notes: str = Field("", description="Notes.")
    commune: str | None = Field(None, description=COMMUNE_IN)


class SupervisionPatch(Schema):
    person: UUID | None = Field(None, description="Public identifier of a person you may see.")
    basis: str | None = Field(None, description="Code of an active supervision basis.")
    starts_on: dt.date | None = Field(None, description="First day.")
    ends_on: dt.date | None = Field(None, description="Last day; null: ongoing.")
    status: SupervisionStatus | None = Field(None, description="active, ended or transferred.")
    notes: str | None = Field(None, description="Notes.")
    commune: str | None = Field(None, description=COMMUNE_IN)


class SupervisionFilters(RecordFilters):
    status: SupervisionStatus | None = Field(None, description="active, ended or transferred.")
    basis: str | None = Field(None, description="Code of a supervision basis.")


@router.get("/supervision-bases", response=list[BasisOut], summary="The active supervision bases")
def bases_list(request: HttpRequest) -> QuerySet[Any]:
    require_records(request)
    return selectors.supervision_bases()


def _supervision_data(request: HttpRequest, data: dict[str, Any], record: Supervision | None = None) -> dict[str, Any]:
    return _record_data(request, data, person_field="person", date_field="starts_on", record=record)


def _filter_args(filters: RecordFilters) -> dict[str, Any]:
    return {
        "q": filters.q or "", "date_from": filters.date_from, "date_to": filters.date_to,
        "commune": commune_from_code(filters.commune, None) if filters.commune else None,
    }


@router.get("/supervisions", response=list[SupervisionOut], summary="Supervisions you may see, filtered")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def supervisions_list(request: HttpRequest, filters: Query[SupervisionFilters]) -> QuerySet[Supervision]:
    require_records(request)
    basis = selectors.basis_by_code(code=filters.basis) if filters.basis else None
    if filters.basis and basis is None:
        raise ValidationError({"basis": _("No supervision basis has the code %(code)s.") % {"code": filters.basis}})
    return selectors.supervision_list(user=request.user, status=filters.status or "", basis=basis, **_filter_args(filters))


@router.post("/supervisions", response={201: SupervisionOut}, summary="Put a person under supervision")
def supervisions_create(request: HttpRequest, payload: SupervisionIn) -> Status[Supervision]:
    require_records(request)
    record = services.supervision_create(actor=request.user, **_supervision_data(request, payload.dict()))
    return Status(201, selectors.supervision_get_for(user=request.user, public_id=record.public_id))


@router.get("/supervisions/{public_id}", response=SupervisionOut, summary="One supervision (the read is logged)")
def supervisions_get(request: HttpRequest, public_id: str) -> Supervision:
    require_records(request)
    record = selectors.supervision_get_for(user=request.user, public_id=public_id)
    record_view_logged(record=record, actor=request.user, reason="api")
    return record


@router.put("/supervisions/{public_id}", response=SupervisionOut, summary="Replace a supervision's data")
def supervisions_replace(request: HttpRequest, public_id: str, payload: SupervisionIn) -> Supervision:
    require_records(request)
    record = selectors.supervision_get_for(user=request.user, public_id=public_id)
    services.supervision_update(record=record, actor=request.user, **_supervision_data(request, payload.dict(), record))
    return selectors.supervision_get_for(user=request.user, public_id=public_id)


@router.patch("/supervisions/{public_id}", response=SupervisionOut, summary="Change some of a supervision's data")
def supervisions_patch(request: HttpRequest, public_id: str, payload: SupervisionPatch) -> Supervision:
    require_records(request)
    record = selectors.supervision_get_for(user=request.user, public_id=public_id)
    data = _supervision_data(request, payload.dict(exclude_unset=True), record)
    services.supervision_update(record=record, actor=request.user, **data)
    return selectors.supervision_get_for(user=request.user, public_id=public_id)


@router.delete("/supervisions/{public_id}", response={204: None}, summary="Delete a supervision (owner agency only)")
def supervisions_delete(request: HttpRequest, public_id: str) -> Status[None]:
    require_records(request)
    record_delete(record=selectors.supervision_get_for(user=request.user, public_id=public_id), actor=request.user)
    return Status(204, None)


@router.post("/supervisions/{public_id}/share", response=ShareOut, summary="Share with the cluster or withdraw (commune chief)")
def supervisions_share(request: HttpRequest, public_id: str, payload: ShareIn) -> ShareOut:
    require_records(request)
    return share_from_api(request, selectors.supervision_get_for(user=request.user, public_id=public_id), payload)


# --- /measures -----------------------------------------------------------------------------------


class SupervisionRefOut(Schema):
    public_id: UUID = Field(description="Public identifier of the supervision.")
    number: str = Field(description="Its number, e.g. QY-QL-2020-001.")


class MeasureOut(RecordOut):
    person: PersonRefOut = Field(description="The person the measure applies to.")
    supervision: SupervisionRefOut | None = Field(description="The supervision the measure belongs to, if any.")
    kind: MeasureKind = Field(description="community_education, compulsory_rehab or compulsory_education.")
    decision_number: str = Field(description="Number of the decision, e.g. 15/QĐ-UBND.")
    decision_date: dt.date = Field(description="Date of the decision (the record's date).")
    starts_on: dt.date = Field(description="First day of the measure.")
    ends_on: dt.date | None = Field(description="Last day, if known.")
    facility: str = Field(description="Rehabilitation centre or education institution.")
    notes: str = Field(description="Notes.")


class MeasureIn(Schema):
    person: UUID = Field(description="Public identifier of a person you may see.")
    kind: MeasureKind = Field(description="community_education (giáo dục tại xã), compulsory_rehab (cai nghiện bắt buộc) or compulsory_education (cơ sở giáo dục bắt buộc).")
    decision_number: str = Field(min_length=1, max_length=50, description="Number of the decision.")
    decision_date: dt.date = Field(description="Date of the decision.")
    starts_on: dt.date = Field(description="First day; not before the decision.")
    ends_on: dt.date | None = Field(None, description="Last day; not before starts_on.")
    facility: str = Field("", max_length=200, description="Required for compulsory_rehab and compulsory_education.")
    supervision: UUID | None = Field(None, description="Public identifier of the person's supervision, if any.")
    notes: str = Field("", description="Notes.")
    commune: str | None = Field(None, description=COMMUNE_IN)


class MeasurePatch(Schema):
    person: UUID | None = Field(None, description="Public identifier of a person you may see.")
    kind: MeasureKind | None = Field(None, description="community_education, compulsory_rehab or compulsory_education.")
    decision_number: str | None = Field(None, min_length=1, max_length=50, description="Number of the decision.")
    decision_date: dt.date | None = Field(None, description="Date of the decision.")
    starts_on: dt.date | None = Field(None, description="First day.")
    ends_on: dt.date | None = Field(None, description="Last day.")
    facility: str | None = Field(None, max_length=200, description="Facility.")
    supervision: UUID | None = Field(None, description="Public identifier of the supervision; null detaches it.")
    notes: str | None = Field(None, description="Notes.")
    commune: str | None = Field(None, description=COMMUNE_IN)


class MeasureFilters(RecordFilters):
    kind: MeasureKind | None = Field(None, description="community_education, compulsory_rehab or compulsory_education.")


def _measure_data(request: HttpRequest, data: dict[str, Any], record: Measure | None = None) -> dict[str, Any]:
    return _record_data(request, data, person_field="person", date_field="decision_date", record=record)


@router.get("/measures", response=list[MeasureOut], summary="Measures you may see, filtered")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def measures_list(request: HttpRequest, filters: Query[MeasureFilters]) -> QuerySet[Measure]:
    require_records(request)
    return selectors.measure_list(user=request.user, kind=filters.kind or "", **_filter_args(filters)).select_related("supervision")


@router.post("/measures", response={201: MeasureOut}, summary="Record a measure")
def measures_create(request: HttpRequest, payload: MeasureIn) -> Status[Measure]:
    require_records(request)
    record = services.measure_create(actor=request.user, **_measure_data(request, payload.dict()))
    return Status(201, selectors.measure_get_for(user=request.user, public_id=record.public_id))


@router.get("/measures/{public_id}", response=MeasureOut, summary="One measure (the read is logged)")
def measures_get(request: HttpRequest, public_id: str) -> Measure:
    require_records(request)
    record = selectors.measure_get_for(user=request.user, public_id=public_id)
    record_view_logged(record=record, actor=request.user, reason="api")
    return record


@router.put("/measures/{public_id}", response=MeasureOut, summary="Replace a measure's data")
def measures_replace(request: HttpRequest, public_id: str, payload: MeasureIn) -> Measure:
    require_records(request)
    record = selectors.measure_get_for(user=request.user, public_id=public_id)
    services.measure_update(record=record, actor=request.user, **_measure_data(request, payload.dict(), record))
    return selectors.measure_get_for(user=request.user, public_id=public_id)


@router.patch("/measures/{public_id}", response=MeasureOut, summary="Change some of a measure's data")
def measures_patch(request: HttpRequest, public_id: str, payload: MeasurePatch) -> Measure:
    require_records(request)
    record = selectors.measure_get_for(user=request.user, public_id=public_id)
    services.measure_update(record=record, actor=request.user, **_measure_data(request, payload.dict(exclude_unset=True), record))
    return selectors.measure_get_for(user=request.user, public_id=public_id)


@router.delete("/measures/{public_id}", response={204: None}, summary="Delete a measure (owner agency only)")
def measures_delete(request: HttpRequest, public_id: str) -> Status[None]:
    require_records(request)
    record_delete(record=selectors.measure_get_for(user=request.user, public_id=public_id), actor=request.user)
    return Status(204, None)


@router.post("/measures/{public_id}/share", response=ShareOut, summary="Share with the cluster or withdraw (commune chief)")
def measures_share(request: HttpRequest, public_id: str, payload: ShareIn) -> ShareOut:
    require_records(request)
    return share_from_api(request, selectors.measure_get_for(user=request.user, public_id=public_id), payload)


# --- /foreign-visits -----------------------------------------------------------------------------


class VisitorOut(PersonRefOut):
    nationality: str = Field(description="ISO 3166 two-letter country code.")


class VisitOut(RecordOut):
    visitor: VisitorOut = Field(description="The foreign visitor.")
    purpose: VisitPurpose = Field(description="family_visit, work, tourism or other.")
    host_household: str = Field(description="Householder's name and village.")
    arrival_on: dt.date = Field(description="Day of arrival (the record's date).")
    departure_on: dt.date | None = Field(description="Day of departure, if known.")
    notes: str = Field(description="Notes.")


class VisitIn(Schema):
    visitor: UUID = Field(description="Public identifier of a foreign national with a passport number, whom you may see.")
    purpose: VisitPurpose = Field(description="family_visit (thăm thân), work (làm việc), tourism (du lịch) or other (khác).")
    host_household: str = Field(min_length=1, max_length=200, description="Householder's name and village (thôn).")
    arrival_on: dt.date = Field(description="Day of arrival.")
    departure_on: dt.date | None = Field(None, description="Day of departure; not before arrival.")
    notes: str = Field("", description="Notes.")
    commune: str | None = Field(None, description=COMMUNE_IN)


class VisitPatch(Schema):
    visitor: UUID | None = Field(None, description="Public identifier of the visitor.")
    purpose: VisitPurpose | None = Field(None, description="family_visit, work, tourism or other.")
    host_household: str | None = Field(None, min_length=1, max_length=200, description="Householder's name and village.")
    arrival_on: dt.date | None = Field(None, description="Day of arrival.")
    departure_on: dt.date | None = Field(None, description="Day of departure.")
    notes: str | None = Field(None, description="Notes.")
    commune: str | None = Field(None, description=COMMUNE_IN)


class VisitFilters(RecordFilters):
    purpose: VisitPurpose | None = Field(None, description="family_visit, work, tourism or other.")


def _visit_data(request: HttpRequest, data: dict[str, Any], record: ForeignVisit | None = None) -> dict[str, Any]:
    return _record_data(request, data, person_field="visitor", date_field="arrival_on", record=record)


@router.get("/foreign-visits", response=list[VisitOut], summary="Foreign visits you may see, filtered (each row is one visit)")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def visits_list(request: HttpRequest, filters: Query[VisitFilters]) -> QuerySet[ForeignVisit]:
    require_records(request)
    return selectors.visit_list(user=request.user, purpose=filters.purpose or "", **_filter_args(filters))


@router.post("/foreign-visits", response={201: VisitOut}, summary="Record a foreign national's visit")
def visits_create(request: HttpRequest, payload: VisitIn) -> Status[ForeignVisit]:
    require_records(request)
    record = services.visit_create(actor=request.user, **_visit_data(request, payload.dict()))
    return Status(201, selectors.visit_get_for(user=request.user, public_id=record.public_id))


@router.get("/foreign-visits/{public_id}", response=VisitOut, summary="One foreign visit (the read is logged)")
def visits_get(request: HttpRequest, public_id: str) -> ForeignVisit:
    require_records(request)
    record = selectors.visit_get_for(user=request.user, public_id=public_id)
    record_view_logged(record=record, actor=request.user, reason="api")
    return record


@router.put("/foreign-visits/{public_id}", response=VisitOut, summary="Replace a foreign visit's data")
def visits_replace(request: HttpRequest, public_id: str, payload: VisitIn) -> ForeignVisit:
    require_records(request)
    record = selectors.visit_get_for(user=request.user, public_id=public_id)
    services.visit_update(record=record, actor=request.user, **_visit_data(request, payload.dict(), record))
    return selectors.visit_get_for(user=request.user, public_id=public_id)


@router.patch("/foreign-visits/{public_id}", response=VisitOut, summary="Change some of a foreign visit's data")
def visits_patch(request: HttpRequest, public_id: str, payload: VisitPatch) -> ForeignVisit:
    require_records(request)
    record = selectors.visit_get_for(user=request.user, public_id=public_id)
    services.visit_update(record=record, actor=request.user, **_visit_data(request, payload.dict(exclude_unset=True), record))
    return selectors.visit_get_for(user=request.user, public_id=public_id)


@router.delete("/foreign-visits/{public_id}", response={204: None}, summary="Delete a foreign visit (owner agency only)")
def visits_delete(request: HttpRequest, public_id: str) -> Status[None]:
    require_records(request)
    record_delete(record=selectors.visit_get_for(user=request.user, public_id=public_id), actor=request.user)
    return Status(204, None)


@router.post("/foreign-visits/{public_id}/share", response=ShareOut, summary="Share with the cluster or withdraw (commune chief)")
def visits_share(request: HttpRequest, public_id: str, payload: ShareIn) -> ShareOut:
    require_records(request)
    return share_from_api(request, selectors.visit_get_for(user=request.user, public_id=public_id), payload)


# --- /illegal-exits ------------------------------------------------------------------------------


class ExitOut(RecordOut):
    person: PersonRefOut = Field(description="The person who left.")
    left_on: dt.date = Field(description="Day the person left (the record's date).")
    destination_country: str = Field(description="ISO 3166 two-letter code of the destination, e.g. CN.")
    route: str = Field(description="Border crossing, trail or route used.")
    suspected_trafficking: bool = Field(description="Suspected human trafficking.")
    returned_on: dt.date | None = Field(description="Day the person came back, if they did.")
    status: ExitStatus = Field(description="abroad, returned or unknown.")
    notes: str = Field(description="Notes.")


class ExitIn(Schema):
    person: UUID = Field(description="Public identifier of a person you may see.")
    left_on: dt.date = Field(description="Day the person left.")
    destination_country: str = Field("CN", max_length=2, description="ISO 3166 two-letter code of the destination.")
    route: str = Field("", max_length=200, description="Border crossing, trail or route used.")
    suspected_trafficking: bool = Field(False, description="Suspected human trafficking.")
    returned_on: dt.date | None = Field(None, description="Day the person came back; not before left_on; needs status returned.")
    status: ExitStatus = Field(ExitStatus.ABROAD, description="abroad, returned or unknown.")
    notes: str = Field("", description="Notes.")
    commune: str | None = Field(None, description=COMMUNE_IN)


class ExitPatch(Schema):
    person: UUID | None = Field(None, description="Public identifier of a person you may see.")
    left_on: dt.date | None = Field(None, description="Day the person left.")
    destination_country: str | None = Field(None, max_length=2, description="ISO 3166 two-letter code.")
    route: str | None = Field(None, max_length=200, description="Route used.")
    suspected_trafficking: bool | None = Field(None, description="Suspected human trafficking.")
    returned_on: dt.date | None = Field(None, description="Day the person came back.")
    status: ExitStatus | None = Field(None, description="abroad, returned or unknown.")
    notes: str | None = Field(None, description="Notes.")
    commune: str | None = Field(None, description=COMMUNE_IN)


class ExitFilters(RecordFilters):
    status: ExitStatus | None = Field(None, description="abroad, returned or unknown.")
    suspected_trafficking: bool | None = Field(None, description="Only exits with (true) or without (false) a trafficking suspicion.")


def _exit_data(request: HttpRequest, data: dict[str, Any], record: IllegalExit | None = None) -> dict[str, Any]:
    return _record_data(request, data, person_field="person", date_field="left_on", record=record)


@router.get("/illegal-exits", response=list[ExitOut], summary="Illegal exits you may see, filtered")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def exits_list(request: HttpRequest, filters: Query[ExitFilters]) -> QuerySet[IllegalExit]:
    require_records(request)
    return selectors.exit_list(
        user=request.user, status=filters.status or "", suspected_trafficking=filters.suspected_trafficking, **_filter_args(filters),
    )


@router.post("/illegal-exits", response={201: ExitOut}, summary="Record an illegal exit")
def exits_create(request: HttpRequest, payload: ExitIn) -> Status[IllegalExit]:
    require_records(request)
    record = services.exit_create(actor=request.user, **_exit_data(request, payload.dict()))
    return Status(201, selectors.exit_get_for(user=request.user, public_id=record.public_id))


@router.get("/illegal-exits/{public_id}", response=ExitOut, summary="One illegal exit (the read is logged)")
def exits_get(request: HttpRequest, public_id: str) -> IllegalExit:
    require_records(request)
    record = selectors.exit_get_for(user=request.user, public_id=public_id)
    record_view_logged(record=record, actor=request.user, reason="api")
    return record


@router.put("/illegal-exits/{public_id}", response=ExitOut, summary="Replace an illegal exit's data")
def exits_replace(request: HttpRequest, public_id: str, payload: ExitIn) -> IllegalExit:
    require_records(request)
    record = selectors.exit_get_for(user=request.user, public_id=public_id)
    services.exit_update(record=record, actor=request.user, **_exit_data(request, payload.dict(), record))
    return selectors.exit_get_for(user=request.user, public_id=public_id)


@router.patch("/illegal-exits/{public_id}", response=ExitOut, summary="Change some of an illegal exit's data")
def exits_patch(request: HttpRequest, public_id: str, payload: ExitPatch) -> IllegalExit:
    require_records(request)
    record = selectors.exit_get_for(user=request.user, public_id=public_id)
    services.exit_update(record=record, actor=request.user, **_exit_data(request, payload.dict(exclude_unset=True), record))
    return selectors.exit_get_for(user=request.user, public_id=public_id)


@router.delete("/illegal-exits/{public_id}", response={204: None}, summary="Delete an illegal exit (owner agency only)")
def exits_delete(request: HttpRequest, public_id: str) -> Status[None]:
    require_records(request)
    record_delete(record=selectors.exit_get_for(user=request.user, public_id=public_id), actor=request.user)
    return Status(204, None)


@router.post("/illegal-exits/{public_id}/share", response=ShareOut, summary="Share with the cluster or withdraw (commune chief)")
def exits_share(request: HttpRequest, public_id: str, payload: ShareIn) -> ShareOut:
    require_records(request)
    return share_from_api(request, selectors.exit_get_for(user=request.user, public_id=public_id), payload)
