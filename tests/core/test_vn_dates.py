"""Dates and times as officers type them; what could be read two ways is refused with the format and an example."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import timezone, translation

from giapranh.core.fields import (
    AmbiguousNumber,
    VietnameseDateField,
    VietnameseDateTimeField,
    parse_vn_date,
    parse_vn_time,
)

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(("text", "expected"), [
    ("12/3/1985", dt.date(1985, 3, 12)),
    ("12/3/85", dt.date(1985, 3, 12)),
    ("12031985", dt.date(1985, 3, 12)),
    ("120385", dt.date(1985, 3, 12)),
    ("12-03-1985", dt.date(1985, 3, 12)),
    ("1985-03-12", dt.date(1985, 3, 12)),
])
def test_dates_typed_in_many_ways(text: str, expected: dt.date) -> None:
    assert parse_vn_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "12/3/24", "1231985", "3/12", "hôm qua"])
def test_dates_that_could_be_read_two_ways_or_none_are_refused(text: str) -> None:
    with pytest.raises(AmbiguousNumber):
        parse_vn_date(text, today=TODAY)


@pytest.mark.parametrize(("text", "expected"), [("23h30", dt.time(23, 30)), ("2330", dt.time(23, 30)), ("23:30", dt.time(23, 30)), ("7h", dt.time(7, 0))])
def test_times_typed_in_many_ways(text: str, expected: dt.time) -> None:
    assert parse_vn_time(text) == expected


@pytest.mark.parametrize("text", ["930", "25h", "23h75"])
def test_times_that_could_be_read_two_ways_or_none_are_refused(text: str) -> None:
    with pytest.raises(AmbiguousNumber):
        parse_vn_time(text)


def test_a_date_time_field_reads_23h30() -> None:
    value = VietnameseDateTimeField().clean("15/03/2026 23h30")
    local = timezone.localtime(value)
    assert (local.date(), local.hour, local.minute) == (dt.date(2026, 3, 15), 23, 30)


def test_an_error_shows_the_format_with_an_example() -> None:
    with translation.override("vi"), pytest.raises(forms.ValidationError) as excinfo:
        VietnameseDateField().clean("31/02/2026")
    assert "dd/mm/yyyy" in str(excinfo.value) and "15/03/2026" in str(excinfo.value)


@pytest.mark.django_db
def test_a_new_incident_form_starts_at_now_and_its_date_boxes_have_a_slash(officer_a) -> None:
    from giapranh.incidents.forms import IncidentForm

    form = IncidentForm(user=officer_a)
    started = form["occurred_at"].value()
    assert abs(started.replace(tzinfo=None) - timezone.localtime().replace(tzinfo=None)) < dt.timedelta(minutes=2)
    assert form["reported_at"].value() is not None
    assert 'inputmode="text"' in str(form["occurred_at"])
    # a record being edited keeps its own time
    assert IncidentForm(user=officer_a, data={"occurred_at": "15/03/2026 2330"}).is_bound


@pytest.mark.django_db
def test_the_involvement_role_starts_blank(officer_a) -> None:
    from giapranh.incidents.forms import InvolvementForm

    form = InvolvementForm(user=officer_a)
    assert form.fields["role"].choices[0][0] == ""
    assert "role" in InvolvementForm({"person": "", "role": ""}, user=officer_a).errors
