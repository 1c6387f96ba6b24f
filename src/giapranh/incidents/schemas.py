"""API output pieces of the incidents app that other schemas nest."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from ninja import Field, Schema

from giapranh.core.schemas import PersonRefOut
from giapranh.incidents.choices import CategoryGroup
from giapranh.incidents.models import IncidentCategory


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
