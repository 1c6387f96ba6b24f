"""Builders for incident tests: records go through the services, as in production."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from giapranh.accounts.models import Agency
from giapranh.incidents.models import Incident, IncidentCategory, TrafficAccident
from giapranh.incidents.services import accident_create, incident_create
from giapranh.people.models import Person

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int = 8, minute: int = 0) -> dt.datetime:
    """A time in Vietnam, as officers record it."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


def category(code: str) -> IncidentCategory:
    return IncidentCategory.objects.get(code=code)


def make_person(*, agency: Agency, full_name: str, **fields: Any) -> Person:
    person = Person(owner_agency=agency, full_name=full_name, **fields)
    person.search_key = person.build_search_key()
    person.save()
    return person


def make_incident(*, actor: Any, **overrides: Any) -> Incident:
    occurred_at = overrides.pop("occurred_at", at(2020, 3, 15, 8, 30))
    data: dict[str, Any] = {
        "occurred_at": occurred_at,
        "reported_at": overrides.pop("reported_at", occurred_at + dt.timedelta(hours=2)),
        "category": category("ttxh-trom-cap-tai-san"),
        "summary": "Mất trộm một con trâu trong đêm.",
        "place": "Thôn Đồng Ếch",
    }
    data.update(overrides)
    return incident_create(actor=actor, **data)


def make_accident(*, actor: Any, **overrides: Any) -> TrafficAccident:
    data: dict[str, Any] = {
        "occurred_at": at(2020, 4, 2, 17, 45),
        "place": "ĐT307 km 12",
        "vehicles": "xe máy – ô tô tải",
        "injuries": 1,
    }
    data.update(overrides)
    return accident_create(actor=actor, **data)
