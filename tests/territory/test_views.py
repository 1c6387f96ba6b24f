from __future__ import annotations

import pytest
from django.urls import reverse

from giapranh.people.forms import PersonQuickCreateForm

pytestmark = pytest.mark.django_db

URL = "/territory/units/picker/"


def test_unit_picker_finds_communes_anywhere_without_diacritics(client, officer_a, world) -> None:
    # given: a commune outside the officer's cluster and district
    client.force_login(officer_a)
    # when
    response = client.get(URL, {"target": "id_home_commune", "unit-q": "tam da"})
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-unit="{world.commune_b.pk}"' in body and "Huyện Sơn Dương" in body
    assert 'data-target="id_home_commune"' in body


def test_unit_picker_needs_sign_in_and_a_plain_target(client, officer_a) -> None:
    assert client.get(URL, {"target": "x", "unit-q": "tam"}).status_code == 302
    client.force_login(officer_a)
    assert client.get(URL, {"target": '"><script>', "unit-q": "tam"}).status_code == 404


def test_the_person_form_accepts_any_commune_but_not_a_province(officer_a, world) -> None:
    ok = PersonQuickCreateForm({"full_name": "Lò Văn Páo", "gender": "male", "nationality": "VN", "home_commune": world.commune_b.pk}, user=officer_a)
    assert ok.is_valid(), ok.errors
    bad = PersonQuickCreateForm({"full_name": "Lò Văn Páo", "gender": "male", "nationality": "VN", "home_commune": world.province_2.pk}, user=officer_a)
    assert not bad.is_valid() and "home_commune" in bad.errors


def test_the_widget_shows_the_chosen_commune(officer_a, world) -> None:
    form = PersonQuickCreateForm(initial={"home_commune": world.commune_b.pk}, user=officer_a)
    html = str(form["home_commune"])
    assert "Xã Tam Đa, Huyện Sơn Dương, Tỉnh Tuyên Quang" in html and reverse("territory:unit_picker") in html


def test_the_clusters_communes_come_first_in_the_unit_picker(client, officer_a, world) -> None:
    from tests.factories import AdminUnitFactory

    # given: a namesake in Thanh Hóa, shorter and elsewhere
    province = AdminUnitFactory(level="province", unit_type="province", name="Tỉnh Thanh Hóa", short_name="Thanh Hóa", code="38")
    district = AdminUnitFactory(level="district", unit_type="district", name="Huyện Quảng Xương", short_name="Quảng Xương", code="390", parent=province)
    namesake = AdminUnitFactory(name="Xã Quảng Yên", short_name="Quảng Yên", code="16000", parent=district)
    client.force_login(officer_a)
    # when
    body = client.get(URL, {"target": "id_home_commune", "unit-q": "yen"}).content.decode()
    # then: Quang Yên (the officer's own) comes before Quảng Yên
    assert body.index(f'data-unit="{world.commune_a.pk}"') < body.index(f'data-unit="{namesake.pk}"')
