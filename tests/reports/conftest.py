"""Hand-built records for the report definitions."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from giapranh.incidents.models import Incident, IncidentCategory, Involvement
from giapranh.people.models import Person, Supervision, SupervisionBasis

_numbers = itertools.count(1)


def at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def person(agency: Any, name: str = "Nguyễn Văn Thử") -> Person:
    return Person.objects.create(owner_agency=agency, full_name=name, search_key=name.lower())


def incident(agency: Any, commune: Any, when: dt.datetime, *, outcome: str = "prosecuted", suspects: tuple[Person, ...] = (),
             shared: bool = True, jointly: bool = False, lat: float | None = None, lon: float | None = None) -> Incident:
    record = Incident.objects.create(
        owner_agency=agency, commune=commune, occurred_at=when, reported_at=when, summary="Trộm cắp tài sản",
        category=IncidentCategory.objects.filter(parent__isnull=False).first(), outcome=outcome,
        shared_with_cluster=shared, cleared_jointly=jointly, number=f"T-{next(_numbers)}", latitude=lat, longitude=lon,
    )
    for suspect in suspects:
        Involvement.objects.create(incident=record, person=suspect, role="suspect")
    return record


def supervision(agency: Any, commune: Any, who: Person, starts: dt.date, ends: dt.date | None = None) -> Supervision:
    return Supervision.objects.create(
        owner_agency=agency, commune=commune, person=who, basis=SupervisionBasis.objects.first(),
        starts_on=starts, ends_on=ends, status="ended" if ends else "active", shared_with_cluster=True,
    )
