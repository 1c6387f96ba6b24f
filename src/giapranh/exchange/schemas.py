"""API schemas of the exchange beyond what the record kit derives."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema

from giapranh.core.schemas import AgencyRefOut, Code, Line, Text
from giapranh.exchange.choices import AlertStatus


class ClusterRefOut(Schema):
    slug: str = Field(description="Short name of the cluster (GET /clusters).")
    name: str = Field(description="Name of the cluster.")


class ReceiptOut(Schema):
    agency: AgencyRefOut = Field(description="The recipient agency.")
    delivered_at: dt.datetime = Field(description="When the message reached it.")
    read_at: dt.datetime | None = Field(description="When it was first opened there; null while unread.")


class LinkOut(Schema):
    id: int = Field(description="Identifier of the link (DELETE …/links/{id} takes the record off).")
    type: str = Field(description="Kind of record: incidents.incident, people.person, people.supervision…")
    public_id: UUID | None = Field(description="Public identifier of the record; null if you may not see it.")
    number: str | None = Field(description="Its number, for numbered records you may see.")
    linked_at: dt.datetime = Field(description="When it was linked.")


class LinkIn(Schema):
    type: Line = Field(description="Kind of record: incidents.incident, incidents.trafficaccident, people.person, people.supervision, people.measure, people.foreignvisit or people.illegalexit.")
    public_id: UUID = Field(description="Public identifier of a record of your own agency.")


class ReplyIn(Schema):
    body: Text = Field(description="The reply.", min_length=1, max_length=5000)


class ReplyOut(Schema):
    agency: AgencyRefOut = Field(description="The replying agency.")
    author: str = Field(description="User name of the author.")
    body: str = Field(description="The reply.")
    created_at: dt.datetime = Field(description="When it was written.")

    @staticmethod
    def resolve_author(obj: object) -> str:
        return obj.author.username  # type: ignore[attr-defined]


class TransitionOut(Schema):
    from_status: str = Field(description="Status before (empty for the sending).")
    to_status: str = Field(description="Status after: sent, accepted, declined, done or withdrawn.")
    actor: str = Field(description="User name of who made the step.")
    agency: AgencyRefOut = Field(description="Their agency.")
    at: dt.datetime = Field(description="When.")
    note: str = Field(description="Reason for declining, or the result.")

    @staticmethod
    def resolve_actor(obj: object) -> str:
        return obj.actor.username  # type: ignore[attr-defined]


class ReasonIn(Schema):
    reason: Text = Field(description="Why the request is declined.", min_length=1, max_length=5000)


class NoteIn(Schema):
    note: Text = Field("", description="An optional note.", max_length=5000)


class ResultIn(Schema):
    result: Text = Field(description="What was done or found.", min_length=1, max_length=5000)
    links: list[LinkIn] = Field([], description="Records of your agency to open to the sender with the result.")


class CountsOut(Schema):
    unread: int = Field(description="Messages your agency received and nobody there has opened.")
    overdue: int = Field(description="Requests your agency sent or received that are past their deadline.")
    notifications: int = Field(description="Your unread notifications.")


class AlertFilters(Schema):
    """Filters of GET /alerts: no name, so that no name reaches a URL or a server log."""

    status: AlertStatus | None = Field(None, description="open, confirmed or rejected.")
    where: Code | None = Field(None, description="Code of the agency that knows the probable match.")
    date_from: dt.date | None = Field(None, description="Raised on or after this day.")
    date_to: dt.date | None = Field(None, description="Raised on or before this day.")


class AlertOut(Schema):
    public_id: UUID = Field(description="Public identifier of the alert.")
    own_person: UUID = Field(description="Your person the alert is about.")
    where: AgencyRefOut = Field(description="The agency that knows a probable match (its record is not shown).")
    score: float = Field(description="Probability that the two records are the same person (0–1).")
    agreements: dict[str, str] = Field(description="Per attribute (name, birth, id_number, home_commune, gender): agree, disagree or unknown.")
    status: str = Field(description="open, confirmed or rejected.")
    created_at: dt.datetime = Field(description="When the alert was raised.")
    request: UUID | None = Field(description="The request for details sent from this alert, if any.")

    @staticmethod
    def resolve_own_person(obj: object) -> UUID:
        return obj.own_person.public_id  # type: ignore[attr-defined]

    @staticmethod
    def resolve_where(obj: object) -> object:
        return obj.other_agency  # type: ignore[attr-defined]

    @staticmethod
    def resolve_request(obj: object) -> UUID | None:
        return obj.request.public_id if obj.request_id else None  # type: ignore[attr-defined]
