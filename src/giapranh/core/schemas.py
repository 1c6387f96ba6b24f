"""API pieces every record router shares: reference schemas and input resolution."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import BeforeValidator

from giapranh.core.actor import actor_of
from giapranh.core.services import record_share
from giapranh.core.text import UncleanText, clean_text
from giapranh.territory.models import AdminUnit
from giapranh.territory.selectors import commune_for_code


class Pages(PageNumberPagination):
    """Page-number pagination with bounds: a page number past any real list is refused, not sent to the database."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
        page_size: int | None = Field(None, ge=1, le=100, description="Items per page (at most 100).")


def clean_line(value: Any) -> Any:
    """Single-line text as it is stored: NFC, no invisible characters, no control characters (shared by every schema)."""
    return _clean(value, multiline=False)


def clean_multiline(value: Any) -> Any:
    return _clean(value, multiline=True)


def _clean(value: Any, *, multiline: bool) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return clean_text(value, multiline=multiline)
    except UncleanText:
        raise ValueError(_("Remove the control characters from this text.")) from None


Line = Annotated[str, BeforeValidator(clean_line)]
# An official code, an agency code, a category code: cleaned like any text, and short.
Code = Annotated[str, BeforeValidator(clean_line), Field(max_length=100)]
Text = Annotated[str, BeforeValidator(clean_multiline)]


class CommuneOut(Schema):
    code: str = Field(description="Official code of the commune (mã đơn vị hành chính).")
    edition: str = Field(description="Which official list the unit comes from: legacy63 (until 30/06/2025) or reform2025.")
    name: str = Field(description="Name of the commune, e.g. Xã Quang Yên.")


class AgencyRefOut(Schema):
    code: str = Field(description="Short code of the agency, the prefix of its record numbers.")
    name: str = Field(description="Name of the agency.")


class PersonRefOut(Schema):
    public_id: UUID = Field(description="Public identifier of the person (see /persons).")
    full_name: str = Field(description="Full name.")
    birth_year: int | None = Field(description="Year of birth, if known.")

    @staticmethod
    def resolve_birth_year(obj: Any) -> int | None:
        return obj.birth_date.year if obj.birth_date else obj.birth_year


class SupervisionRefOut(Schema):
    public_id: UUID | None = Field(description="Public identifier of the linked record; null when it is not shared with you.")
    number: str | None = Field(description="Its number; null when the record is not shared with you (it exists, but you may not see it).")


class AttachmentOut(Schema):
    public_id: UUID = Field(description="Public identifier of the file (…/attachments/{id} downloads it).")
    original_name: str = Field(description="File name as uploaded.")
    media_type: str = Field(description="Type recognised from the content: application/pdf, image/jpeg, image/png, DOCX or XLSX.")
    size: int = Field(description="Size in bytes.")
    description: str = Field(description="What the file is.")
    uploaded_at: dt.datetime = Field(description="When it was attached.")


class ShareIn(Schema):
    shared: bool = Field(description="true shares the record with the cluster, false withdraws it. Owner commune chief only.")


class ShareOut(Schema):
    shared_with_cluster: bool = Field(description="Whether the cluster's agencies now see the record.")


def require_records(request: HttpRequest) -> None:
    """Steering viewers and administrators get 403 on record endpoints (aggregates only)."""
    if not getattr(request.user, "sees_records", False):
        raise PermissionDenied(_("Your role sees aggregate statistics only, not individual records."))


def commune_from_code(code: str | None, day: dt.date | None, field: str = "commune") -> AdminUnit | None:
    """An API commune code → the unit listed on `day`; a 422 naming `field` when there is none."""
    if not code:
        return None
    unit = commune_for_code(code=code, day=day)
    if unit is None:
        if day is None:
            raise ValidationError({field: _("No commune has the code %(code)s.") % {"code": code}})
        raise ValidationError({field: _("No commune with code %(code)s was listed on %(date)s.") % {
            "code": code, "date": day.strftime("%d/%m/%Y"),
        }})
    return unit


def share_from_api(request: HttpRequest, record: Any, payload: ShareIn) -> ShareOut:
    """POST …/share: the same service as the share button."""
    record = record_share(record=record, actor=actor_of(request), shared=payload.shared)
    return ShareOut(shared_with_cluster=record.shared_with_cluster)


def _register_refs() -> None:
    """Units and agencies, the two references every record type shares, named by their official codes."""
    from django.utils.translation import gettext_lazy

    from giapranh.accounts.models import Agency
    from giapranh.core.kit import Ref, register_ref

    register_ref(AdminUnit, Ref(
        api_type=str, find=lambda *, actor, value, day: commune_for_code(code=value, day=day), out=CommuneOut,
        description="(official code, resolved to the unit listed on the record's date; omitted or null: your own commune as listed on that date)",
        not_found=gettext_lazy("No commune has the code %(value)s."),
    ))
    register_ref(Agency, Ref(
        api_type=str, find=lambda *, actor, value, day: Agency.objects.filter(code=value).first(), out=AgencyRefOut,
        description="(agency codes)", not_found=gettext_lazy("Unknown agency codes: %(value)s."),
    ))


_register_refs()
