"""A person recorded twice under one CCCD or passport; the results that tell namesakes apart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from giapranh.people.models import Person
from giapranh.people.services import DuplicatePerson, person_create, person_update

pytestmark = pytest.mark.django_db


def test_a_second_person_with_a_known_cccd_is_refused_and_points_to_the_first(officer_a) -> None:
    # given
    quy = person_create(actor=officer_a, full_name="Đặng Văn Quý", id_number="001085012345", birth_year=1985)
    # when
    with pytest.raises(DuplicatePerson) as raised:
        person_create(actor=officer_a, full_name="Đặng Văn Quý", id_number="0010 8501 2345")
    # then
    assert raised.value.person == quy
    assert quy.get_absolute_url() in str(raised.value.message_dict["id_number"])
    assert Person.objects.count() == 1


def test_a_known_passport_is_refused_too(officer_a) -> None:
    person_create(actor=officer_a, full_name="Vương Tiểu Long", nationality="CN", passport_number="E12345678")
    with pytest.raises(DuplicatePerson):
        person_create(actor=officer_a, full_name="Vuong Tieu Long", nationality="CN", passport_number="e1234 5678")


def test_changing_a_cccd_to_one_already_known_is_refused(officer_a) -> None:
    person_create(actor=officer_a, full_name="Đặng Văn Quý", id_number="001085012345")
    other = person_create(actor=officer_a, full_name="Đặng Văn Quế")
    with pytest.raises(DuplicatePerson):
        person_update(person=other, actor=officer_a, id_number="001085012345")
    # Saving a person with their own number is no duplicate.
    assert person_update(person=other, actor=officer_a, id_number="001085099999").id_number == "001085099999"


def test_a_person_the_agency_cannot_see_is_neither_named_nor_blocking(officer_a, officer_b) -> None:
    # given: A recorded Quý; B cannot see him
    person_create(actor=officer_a, full_name="Đặng Văn Quý", id_number="001085012345")
    # when: B records the same CCCD
    theirs = person_create(actor=officer_b, full_name="Đặng Văn Quý", id_number="001085012345")
    # then: saved (the cross-border match is the matcher's, which reveals nothing)
    assert theirs.owner_agency == officer_b.agency


def test_the_api_answers_422_naming_the_field(client, officer_a) -> None:
    person_create(actor=officer_a, full_name="Đặng Văn Quý", id_number="001085012345")
    client.force_login(officer_a)
    response = client.post(
        "/api/v1/persons", {"full_name": "Đặng Văn Quý", "id_number": "001085012345"}, content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "id_number"]


def test_picker_results_show_birth_date_and_the_last_four_id_digits(client, officer_a) -> None:
    # given: two namesakes
    person_create(actor=officer_a, full_name="Đặng Văn Quý", id_number="001085012345", birth_date=dt.date(1985, 4, 2))
    person_create(actor=officer_a, full_name="Đặng Văn Quý", birth_year=1990)
    client.force_login(officer_a)
    # when
    response = client.post(reverse("people:person_picker"), {"name": "person", "id": "id_person", "person-search": "dang van quy"})
    # then
    html = response.content.decode()
    assert "02/04/1985" in html and "…2345" in html and "1990" in html
    assert "001085012345" not in html


def test_person_list_shows_birth_date_and_id_tail(client, officer_a) -> None:
    person_create(actor=officer_a, full_name="Đặng Văn Quý", id_number="001085012345", birth_date=dt.date(1985, 4, 2))
    client.force_login(officer_a)
    response = client.get(reverse("people:person_list"))
    html = response.content.decode()
    assert "02/04/1985" in html and "…2345" in html and "001085012345" not in html


def test_the_person_form_shows_the_warning_with_the_path_to_the_known_person(client, officer_a) -> None:
    quy = person_create(actor=officer_a, full_name="Đặng Văn Quý", id_number="001085012345")
    client.force_login(officer_a)
    response = client.post(
        reverse("people:person_create"),
        {"full_name": "Đặng Văn Quý", "id_number": "001085012345", "gender": "male", "nationality": "VN"},
    )
    assert response.status_code == 200
    assert quy.get_absolute_url() in response.content.decode()
    assert Person.objects.count() == 1
