from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giapranh.accounts.choices import Role
from giapranh.accounts.services import api_token_create
from giapranh.territory.loading import LoadResult
from giapranh.territory.models import ChairTerm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(loaded: LoadResult):
    """Any signed-in user may search the reference units."""
    return UserFactory(username="reader", agency=None, role=Role.ADMINISTRATOR)


# --- /units ---------------------------------------------------------------------------------


def test_units_require_authentication(client, loaded: LoadResult) -> None:
    # then
    assert client.get("/api/v1/units", {"q": "hai luu"}).status_code == 401
    assert client.get("/api/v1/clusters").status_code == 401


def test_hai_luu_comes_with_its_2025_successor(client, reader) -> None:
    # given
    client.force_login(reader)
    # when
    response = client.get("/api/v1/units", {"q": "hai luu"})
    # then
    assert response.status_code == 200
    units = {(u["edition"], u["full_name"]): u for u in response.json()}
    old = units[("legacy63", "Xã Hải Lựu, Huyện Sông Lô, Tỉnh Vĩnh Phúc")]
    assert old | {"predecessors": None, "successors": None} == {
        "code": "08782", "edition": "legacy63", "level": "commune", "name": "Xã Hải Lựu",
        "short_name": "Hải Lựu", "unit_type": "xa",
        "full_name": "Xã Hải Lựu, Huyện Sông Lô, Tỉnh Vĩnh Phúc", "parent_code": "253",
        "latitude": old["latitude"], "longitude": old["longitude"],
        "valid_from": None, "valid_to": "2025-06-30", "predecessors": None, "successors": None,
    }
    assert old["predecessors"] == []
    assert old["successors"] == [{
        "code": "08782", "edition": "reform2025", "name": "Xã Hải Lựu",
        "full_name": "Xã Hải Lựu, Tỉnh Phú Thọ", "is_default": True,
    }]
    new = units[("reform2025", "Xã Hải Lựu, Tỉnh Phú Thọ")]
    assert new["valid_from"] == "2025-07-01"
    assert new["parent_code"] == "25"
    assert "Xã Hải Lựu, Huyện Sông Lô, Tỉnh Vĩnh Phúc" in {p["full_name"] for p in new["predecessors"]}


def test_units_accept_token_auth(client, reader) -> None:
    # given
    raw = api_token_create(user=reader)
    # when
    response = client.get("/api/v1/units", {"q": "yen lang"}, headers={"Authorization": f"Bearer {raw}"})
    # then
    assert response.status_code == 200
    assert response.json()[0]["name"] == "Xã Yên Lãng"


@pytest.mark.parametrize("day", ["2020-01-15", "15/01/2020"])
def test_units_valid_on_accepts_iso_and_vietnamese_dates(client, reader, day: str) -> None:
    # given
    client.force_login(reader)
    # when
    response = client.get("/api/v1/units", {"q": "hai luu", "valid_on": day, "level": "commune"})
    # then
    assert response.status_code == 200
    assert {(u["edition"], u["level"]) for u in response.json()} == {("legacy63", "commune")}


@pytest.mark.parametrize(("params", "field"), [
    ({"level": "village"}, "level"),
    ({"valid_on": "31/02/2020"}, "valid_on"),
    ({"valid_on": "yesterday"}, "valid_on"),
])
def test_bad_filters_are_refused_naming_the_field(client, reader, params: dict, field: str) -> None:
    # given
    client.force_login(reader)
    # when
    response = client.get("/api/v1/units", params)
    # then
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", field]
    assert field in error["msg"]


def test_units_query_count_does_not_grow_with_results(client, reader) -> None:
    # given
    client.force_login(reader)
    client.get("/api/v1/units", {"q": "xa", "limit": 1})  # the first request after login rewrites the session
    counts = []
    # when
    for limit in (2, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/units", {"q": "xa", "limit": limit})
        assert len(response.json()) == limit
        counts.append(len(queries))
    # then
    assert counts[0] == counts[1]


# --- /clusters ------------------------------------------------------------------------------


def test_member_lists_and_reads_its_cluster(client, world, officer_a) -> None:
    # given
    ChairTerm.objects.create(cluster=world.cluster, agency=world.police_b, starts_on=dt.date(2024, 7, 1))
    client.force_login(officer_a)
    # when
    listed = client.get("/api/v1/clusters")
    detail = client.get(f"/api/v1/clusters/{world.cluster.slug}")
    # then
    assert listed.status_code == 200
    assert [c["slug"] for c in listed.json()] == [world.cluster.slug]
    assert detail.status_code == 200
    data = detail.json()
    assert data["name"] == world.cluster.name
    assert data["chair_agency_name"] == "Công an xã Tam Đa"
    assert {(c["code"], c["name"], c["province_name"]) for c in data["communes"]} == {
        ("08776", "Xã Quang Yên", "Tỉnh Vĩnh Phúc"), ("02626", "Xã Tam Đa", "Tỉnh Tuyên Quang"),
    }
    quang_yen = next(c for c in data["communes"] if c["code"] == "08776")
    assert quang_yen["full_name"] == "Xã Quang Yên, Huyện Sông Lô, Tỉnh Vĩnh Phúc"
    assert quang_yen["latitude"] is not None


def test_outsider_gets_404_for_the_cluster(client, world, outsider) -> None:
    # given
    client.force_login(outsider)
    # when / then
    assert client.get("/api/v1/clusters").json() == []
    assert client.get(f"/api/v1/clusters/{world.cluster.slug}").status_code == 404
    assert client.get("/api/v1/clusters/no-such-cluster").status_code == 404


def test_superior_lists_clusters_of_its_district(client, world, superior_1) -> None:
    # given
    client.force_login(superior_1)
    # when
    response = client.get(f"/api/v1/clusters/{world.cluster.slug}")
    # then
    assert response.status_code == 200
    assert response.json()["chair_agency_name"] is None


def test_cluster_detail_requires_authentication(client, world) -> None:
    # then
    assert client.get(f"/api/v1/clusters/{world.cluster.slug}").status_code == 401


def test_cluster_list_query_count_is_constant(client, world, officer_a) -> None:
    # given
    client.force_login(officer_a)
    client.get("/api/v1/clusters")  # the first request after login rewrites the session
    with CaptureQueriesContext(connection) as before:
        client.get("/api/v1/clusters")
    for index in range(3):
        cluster = type(world.cluster).objects.create(name=f"Cụm {index}", slug=f"cum-{index}")
        cluster.communes.set([world.commune_a, world.commune_c])
        ChairTerm.objects.create(cluster=cluster, agency=world.police_a, starts_on=dt.date(2024, 1, 1))
    # when
    with CaptureQueriesContext(connection) as after:
        response = client.get("/api/v1/clusters")
    # then
    assert len(response.json()) == 4
    assert len(after) == len(before)


def test_openapi_lists_territory_endpoints(client) -> None:
    # then
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/units", "/api/v1/clusters", "/api/v1/clusters/{slug}"} <= paths.keys()
