from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dashboard_requires_sign_in(client) -> None:
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_dashboard_shows_agency_jurisdiction_and_both_sides_of_the_cluster(client, officer_a, world) -> None:
    client.force_login(officer_a)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Công an xã Quang Yên" in body
    assert "Xã Quang Yên, Huyện Sông Lô, Tỉnh Vĩnh Phúc" in body
    assert world.cluster.name in body
    # both sides of the provincial line are listed
    assert "Huyện Sông Lô, Tỉnh Vĩnh Phúc" in body and "Huyện Sơn Dương, Tỉnh Tuyên Quang" in body
    assert "Xã Tam Đa" in body


def test_dashboard_of_an_outsider_lists_no_cluster(client, outsider, world) -> None:
    client.force_login(outsider)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert world.cluster.name not in body
    assert "không thuộc cụm nào" in body


def test_navigation_offers_administration_only_to_administrators(client, officer_a, administrator) -> None:
    client.force_login(officer_a)
    assert reverse("admin:index") not in client.get(reverse("accounts:dashboard")).content.decode()
    client.force_login(administrator)
    assert reverse("admin:index") in client.get(reverse("accounts:dashboard")).content.decode()


def test_static_assets_are_served_locally(client, officer_a) -> None:
    client.force_login(officer_a)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "https://" not in body.split("<body")[0]  # no CDN in the head
    assert "htmx" in body


def test_error_pages_are_vietnamese_and_say_nothing_of_the_record(client, steering, officer_a) -> None:
    client.force_login(steering)
    forbidden = client.get("/incidents/")
    assert forbidden.status_code == 403 and "Không được phép" in forbidden.content.decode()
    client.force_login(officer_a)
    missing = client.get("/incidents/00000000-0000-0000-0000-000000000000/")
    body = missing.content.decode()
    assert missing.status_code == 404 and "Không tìm thấy" in body and "00000000" not in body.split("<main")[1]
