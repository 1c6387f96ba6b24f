"""The foreign-visit form's picker offers foreigners only; its quick-create asks for the passport."""

from __future__ import annotations

import pytest
from django.urls import reverse

from giapranh.people.forms import VisitForm
from giapranh.people.models import Person
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_cn(world) -> Person:
    return PersonFactory(owner_agency=world.police_a, full_name="Vương Long", nationality="CN", passport_number="E1234567")


@pytest.fixture
def long_vn(world) -> Person:
    return PersonFactory(owner_agency=world.police_a, full_name="Nguyễn Long", nationality="VN")


def _search(client, **extra) -> str:
    data = {"name": "visitor", "id": "id_visitor", "visitor-search": "long", **extra}
    return client.post(reverse("people:person_picker"), data).content.decode()


def test_the_visitor_picker_offers_foreigners_only(client, officer_a, long_cn, long_vn) -> None:
    client.force_login(officer_a)
    html = _search(client, foreign="1")
    assert str(long_cn.public_id) in html and str(long_vn.public_id) not in html
    # other pickers still offer everyone
    assert str(long_vn.public_id) in _search(client)


def test_the_visit_form_refuses_a_citizen_before_saving(officer_a, long_vn) -> None:
    form = VisitForm({"visitor": str(long_vn.public_id)}, user=officer_a)
    assert "visitor" in form.errors


def test_the_quick_create_of_a_visitor_requires_the_passport(client, officer_a) -> None:
    client.force_login(officer_a)
    data = {"name": "visitor", "id": "id_visitor", "foreign": "1", "visitor-new-full_name": "Lý Minh", "visitor-new-gender": "male", "visitor-new-nationality": "Trung Quốc"}
    response = client.post(reverse("people:person_quick_create"), data)
    assert "passport_number" in response.context["form"].errors and not Person.objects.exists()
    response = client.post(reverse("people:person_quick_create"), {**data, "visitor-new-passport_number": "E7654321"})
    assert Person.objects.get().passport_number == "E7654321"


def test_the_picker_search_box_has_a_label(officer_a) -> None:
    html = str(VisitForm(user=officer_a)["visitor"])
    assert '<label for="id_visitor_search"' in html


def test_an_outsider_finds_no_visitor(client, outsider, long_cn) -> None:
    client.force_login(outsider)
    assert str(long_cn.public_id) not in _search(client, foreign="1")
