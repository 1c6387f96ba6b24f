"""API output pieces of the people app that other schemas nest."""

from __future__ import annotations

from ninja import Field, Schema

from giapranh.core.schemas import PersonRefOut


class BasisOut(Schema):
    code: str = Field(description="Code of the basis, e.g. nghien-ma-tuy.")
    name: str = Field(description="Name of the basis (Vietnamese).")


class VisitorOut(PersonRefOut):
    nationality: str = Field(description="ISO 3166 two-letter country code.")
