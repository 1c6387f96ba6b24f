"""Numbers typed the Vietnamese way are stored as typed, shown back the same way, and never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from giapranh.core.fields import (
    AmbiguousNumber,
    VietnameseFloatField,
    VietnameseIntegerField,
    format_vn_number,
    parse_vn_number,
    split_pair,
)
from giapranh.incidents.forms import IncidentForm, TrafficAccidentForm
from giapranh.incidents.models import TrafficAccident


@pytest.mark.parametrize(("text", "whole", "expected"), [
    ("15.000.000", True, Decimal(15000000)),
    ("15000000", True, Decimal(15000000)),
    ("15.000", True, Decimal(15000)),
    ("15 000 000 đ", True, Decimal(15000000)),
    ("21,7312", False, Decimal("21.7312")),
    ("21.7312", False, Decimal("21.7312")),
    ("1.234,5", False, Decimal("1234.5")),
    ("-3,5", False, Decimal("-3.5")),
    ("105", False, Decimal(105)),
])
def test_what_officers_type_is_read_as_they_mean_it(text: str, whole: bool, expected: Decimal) -> None:
    assert parse_vn_number(text, whole=whole) == expected


@pytest.mark.parametrize(("text", "whole"), [
    ("15,000,000", True),  # English grouping: refused, not read as 15
    ("1,5", True),  # a decimal where a whole number is asked
    ("15.5", True),
    ("15.00.000", True),
    ("21.731", False),  # twenty-one thousand or a decimal?
    ("1,234.5", False),
    ("21,73,12", False),
    ("abc", False),
])
def test_what_could_be_read_two_ways_is_refused(text: str, whole: bool) -> None:
    with pytest.raises(AmbiguousNumber):
        parse_vn_number(text, whole=whole)


def test_numbers_are_shown_back_the_vietnamese_way() -> None:
    assert format_vn_number(15000000) == "15.000.000"
    assert format_vn_number(21.7312) == "21,7312"
    assert format_vn_number(Decimal("1234.50")) == "1.234,5"
    assert format_vn_number(-3) == "-3"


def test_a_pasted_pair_splits() -> None:
    assert split_pair("21.7312, 105.3821") == ("21.7312", "105.3821")
    assert split_pair("21,7312; 105,3821") == ("21,7312", "105,3821")
    assert split_pair("21,7312") is None


@pytest.mark.django_db
def test_record_forms_use_the_vietnamese_number_fields(officer_a) -> None:
    form = TrafficAccidentForm(user=officer_a)
    assert isinstance(form.fields["damage_vnd"], VietnameseIntegerField)
    assert isinstance(form.fields["latitude"], VietnameseFloatField)
    assert form.fields["damage_vnd"].widget.input_type == "text"  # a number box would refuse the dots
    assert form.fields["latitude"].widget.attrs["inputmode"] == "decimal"


@pytest.mark.django_db
def test_an_ambiguous_amount_is_refused_with_an_example(officer_a) -> None:
    form = TrafficAccidentForm({"damage_vnd": "15,000,000", "latitude": "21.731"}, user=officer_a)
    assert not form.is_valid()
    assert "15.000.000" in form.errors["damage_vnd"][0]
    assert "21,7312" in form.errors["latitude"][0]


@pytest.mark.django_db
def test_a_stored_amount_is_shown_back_in_the_edit_form(officer_a, accident_a) -> None:
    accident_a.damage_vnd = 15_000_000
    accident_a.latitude, accident_a.longitude = 21.7312, 105.3821
    form = TrafficAccidentForm(user=officer_a, instance=accident_a)
    assert 'value="15.000.000"' in str(form["damage_vnd"])
    assert 'value="21,7312"' in str(form["latitude"])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_damage_and_coordinates_are_stored_and_shown_as_typed(client, world, officer_a, language: str) -> None:
    # given
    client.force_login(officer_a)
    client.cookies["django_language"] = language
    # when
    response = client.post(reverse("incidents:accident_create"), {
        "occurred_at": "02/04/2020 17:45", "commune": "", "place": "ĐT307 km 12", "latitude": "21,7312", "longitude": "105,3821",
        "kind": "collision", "deaths": "0", "injuries": "2", "vehicles": "", "damage_vnd": "15.000.000",
        "damage_description": "", "summary": "",
    }, headers={"Accept-Language": language})
    # then
    assert response.status_code == 302, response.context["form"].errors
    accident = TrafficAccident.objects.get()
    assert (accident.damage_vnd, accident.latitude, accident.longitude) == (15_000_000, 21.7312, 105.3821)
    page = client.get(accident.get_absolute_url(), headers={"Accept-Language": language}).content.decode()
    amount = "15.000.000 đồng" if language == "vi" else "15.000.000 VND"
    assert amount in page and ">21,7312<" in page and ">105,3821<" in page


@pytest.mark.django_db
def test_a_pasted_pair_fills_both_coordinates(client, world, officer_a) -> None:
    form = IncidentForm({"latitude": "21.7312, 105.3821", "longitude": ""}, user=officer_a)
    form.is_valid()
    assert (form.cleaned_data["latitude"], form.cleaned_data["longitude"]) == (21.7312, 105.3821)


def test_the_display_filter_is_language_independent() -> None:
    from giapranh.core.templatetags.kit import vn_number, vnd

    with translation.override("en"):
        assert (vn_number(21.7312), vnd(15000000)) == ("21,7312", "15.000.000 VND")
    with translation.override("vi"):
        assert vnd(15000000) == "15.000.000 đồng"
