from __future__ import annotations

from typing import TYPE_CHECKING, cast
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

if TYPE_CHECKING:
    from giapranh.accounts.models import User

router = Router(tags=["accounts"])


class AgencyOut(Schema):
    public_id: UUID
    name: str
    code: str
    kind: str
    jurisdiction_code: str
    jurisdiction_name: str


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    role_label: str
    agency: AgencyOut | None


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: HttpRequest) -> MeOut:
    user = cast("User", request.user)  # the API authenticates every call
    agency = user.agency
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        role=user.role,
        role_label=str(user.get_role_display()),
        agency=AgencyOut(
            public_id=agency.public_id, name=agency.name, code=agency.code, kind=agency.kind,
            jurisdiction_code=agency.jurisdiction.code, jurisdiction_name=agency.jurisdiction.full_name,
        ) if agency else None,
    )
