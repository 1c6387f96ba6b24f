"""API reference schemas of community records."""

from __future__ import annotations

from uuid import UUID

from ninja import Field, Schema


class LinkedRecordOut(Schema):
    """A linked community record: named only if the reader may see it."""

    public_id: UUID | None = Field(description="Public identifier of the linked record; null when you may not see it.")
    number: str | None = Field(None, description="Not used by community records (always null).")
    name: str | None = Field(None, description="Its name or title; null when you may not see it.")

    @staticmethod
    def resolve_name(obj: object) -> str | None:
        if isinstance(obj, dict):
            return obj.get("name")
        return str(obj)
