"""Countries are picked by name, stored as ISO codes and shown as names."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from giapranh.core.countries import CountryFormField, country_choices, country_code, country_name
from giapranh.people.forms import ExitForm, PersonForm
from giapranh.people.models import Person
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_neighbours_come_first_by_their_vietnamese_names() -> None:
    with translation.override("vi"):
        assert [name for _code, name in country_choices()[:3]] == ["Trung Quốc", "Lào", "Campuchia"]
        assert len(country_choices()) > 240


@pytest.mark.parametrize(("typed", "code"), [
    ("Trung Quốc", "CN"), ("trung quoc", "CN"), ("Lào", "LA"), ("Việt Nam", "VN"), ("China", "CN"), ("CN", "CN"),
    ("Thổ Nhĩ Kỳ", "TR"),
])
def test_a_country_typed_by_name_is_its_code(typed: str, code: str) -> None:
    assert CountryFormField().clean(typed) == code


@pytest.mark.parametrize("typed", ["Trung", "Vi", "tr", "Tàu Khựa"])
def test_an_unknown_name_is_refused_with_an_example(typed: str) -> None:
    assert country_code(typed) is None
    field = CountryFormField()
    with translation.override("vi"), pytest.raises(Exception, match="Trung Quốc"):
        field.clean(typed)


def test_person_and_exit_forms_offer_the_countries_by_name(officer_a) -> None:
    with translation.override("vi"):
        html = str(PersonForm(user=officer_a)["nationality"])
        assert 'value="Việt Nam"' in html and "<datalist" in html and 'maxlength' not in html
        form = ExitForm({"destination_country": "Trung Quốc"}, user=officer_a)
        form.is_valid()
        assert form.cleaned_data["destination_country"] == "CN"
        assert "destination_country" not in form.errors


def test_a_person_typed_as_trung_quoc_is_chinese_and_shown_by_name(client, world, officer_a) -> None:
    # given
    client.force_login(officer_a)
    # when
    response = client.post(reverse("people:person_create"), {
        "full_name": "Vương Tiểu Long", "gender": "male", "nationality": "Trung Quốc", "passport_number": "E12345678",
    })
    # then
    person = Person.objects.get()
    assert response.status_code == 302 and person.nationality == "CN"
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Trung Quốc" in page
    assert "Trung Quốc" in client.get(reverse("people:person_list")).content.decode()


def test_names_follow_the_page_language(world) -> None:
    PersonFactory(owner_agency=world.police_a, nationality="LA")
    with translation.override("en"):
        assert country_name("LA") == "Laos"
    with translation.override("vi"):
        assert country_name("KH") == "Campuchia"
