"""Persons, supervision, measures, foreign visits and illegal exits over the REST API.

The records about persons come from the record kit's declarations (`people.records`);
persons themselves, which are not kit records, are served here.

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

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from giapranh.core.actor import actor_of
from giapranh.core.audit import access_log_list_names
from giapranh.core.kit_api import record_router
from giapranh.core.schemas import (
    AgencyRefOut,
    Code,
    CommuneOut,
    Line,
    Pages,
    commune_from_code,
    require_records,
)
from giapranh.core.services import record_view_logged
from giapranh.people import selectors, services
from giapranh.people.choices import Gender
from giapranh.people.models import Person
from giapranh.people.records import EXITS, MEASURES, SUPERVISIONS, VISITS
from giapranh.people.schemas import BasisOut

router = Router(tags=["people"])

PAGE_SIZE = 25

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
    full_name: Line = Field(min_length=1, max_length=120, description="Full name, family name first (Nguyễn Văn Đức).")
    other_names: Line = Field("", max_length=200, description="Aliases and nicknames, comma-separated.")
    gender: Gender = Field(Gender.UNKNOWN, description="male, female or unknown.")
    birth_date: dt.date | None = Field(None, description="Date of birth; not in the future.")
    birth_year: int | None = Field(None, description="Year of birth when the date is unknown; must agree with birth_date.")
    id_number: Line = Field("", max_length=20, description="Citizen ID: 12 digits (CCCD) or 9 digits (old CMND); spaces are ignored.")
    passport_number: Line = Field("", max_length=20, description="Passport number, for foreign nationals only.")
    nationality: Line = Field("VN", max_length=2, description="ISO 3166 two-letter country code.")
    ethnicity: Line = Field("", max_length=40, description="Ethnic group (dân tộc).")
    home_commune: Line | None = Field(None, description="Official code of the commune the person lives in (as listed today).")
    address: Line = Field("", max_length=200, description="Village (thôn), hamlet, house number.")
    phone: Line = Field("", max_length=20, description="Phone number.")


class PersonPatch(Schema):
    full_name: Line | None = Field(None, min_length=1, max_length=120, description="Full name.")
    other_names: Line | None = Field(None, max_length=200, description="Aliases and nicknames, comma-separated.")
    gender: Gender | None = Field(None, description="male, female or unknown.")
    birth_date: dt.date | None = Field(None, description="Date of birth.")
    birth_year: int | None = Field(None, description="Year of birth.")
    id_number: Line | None = Field(None, max_length=20, description="Citizen ID (12 or 9 digits).")
    passport_number: Line | None = Field(None, max_length=20, description="Passport number (foreign nationals).")
    nationality: Line | None = Field(None, max_length=2, description="ISO 3166 two-letter country code.")
    ethnicity: Line | None = Field(None, max_length=40, description="Ethnic group.")
    home_commune: Line | None = Field(None, description="Official code of the home commune; null clears it.")
    address: Line | None = Field(None, max_length=200, description="Address.")
    phone: Line | None = Field(None, max_length=20, description="Phone number.")


class PersonListFilters(Schema):
    """Filters of GET /persons: no name, so that no name reaches a URL or a server log."""

    birth_year: int | None = Field(None, description="Year of birth (exact).")
    commune: Code | None = Field(None, description="Official code of the home commune (predecessors and successors included).")
    date_from: dt.date | None = Field(None, description="Recorded on or after this day.")
    date_to: dt.date | None = Field(None, description="Recorded on or before this day.")


class PersonFilters(PersonListFilters):
    q: Line | None = Field(
        None, description="Name search: diacritics optional, typos forgiven, partial names and "
        "the start of the last syllable match; also a CCCD, CMND, passport or phone number; results are ranked by similarity.",
    )


# --- helpers -------------------------------------------------------------------------------------


def _person_data(data: dict[str, Any]) -> dict[str, Any]:
    if "home_commune" in data:
        data["home_commune"] = commune_from_code(data["home_commune"], None, "home_commune")
    return {k: ("" if v is None and k not in ("birth_date", "birth_year", "home_commune") else v) for k, v in data.items()}


# --- /persons ------------------------------------------------------------------------------------


def _persons(request: HttpRequest, filters: PersonListFilters) -> Any:
    require_records(request)
    commune = commune_from_code(filters.commune, None) if filters.commune else None
    q = getattr(filters, "q", None) or ""
    persons = selectors.person_list(
        user=request.user, q=q, birth_year=filters.birth_year, commune=commune,
        date_from=filters.date_from, date_to=filters.date_to,
    )
    if q.strip():
        services.person_search_log(actor=request.user)
    else:
        access_log_list_names(actor=request.user, target_type="people.person")
    return persons


@router.get(
    "/persons", response=list[PersonListOut],
    summary="Persons you may see (no name search here: use POST /persons/search)",
    description="Names never travel in a query string, which ends up in server and proxy logs; search with POST /persons/search.",
)
@paginate(Pages, page_size=PAGE_SIZE)
def persons_list(request: HttpRequest, filters: Query[PersonListFilters]) -> Any:
    return _persons(request, filters)


@router.post(
    "/persons/search", response=list[PersonListOut],
    summary="Name search with the criteria in the body (keeps names out of URLs and logs)",
)
@paginate(Pages, page_size=PAGE_SIZE)
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
    record_view_logged(record=person, actor=actor_of(request), reason="api")
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



# --- records about persons: declared in `people.records`, made by the record kit ----------------


@router.get("/supervision-bases", response=list[BasisOut], summary="The active supervision bases")
def bases_list(request: HttpRequest) -> QuerySet[Any]:
    require_records(request)
    return selectors.supervision_bases()


for _record_type in (SUPERVISIONS, MEASURES, VISITS, EXITS):
    router.add_router("", record_router(_record_type))
