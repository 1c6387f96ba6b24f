"""The people API: same services and visibility as the pages, 422 naming the field, 404 for the unseen."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from giapranh.accounts.services import api_token_create
from giapranh.core.models import AccessLogEntry
from giapranh.people.models import ForeignVisit, IllegalExit, Measure, Person, Supervision
from giapranh.territory.models import UnitSuccession
from tests.factories import AdminUnitFactory
from tests.people.factories import (
    ForeignVisitFactory,
    IllegalExitFactory,
    MeasureFactory,
    PersonFactory,
    SupervisionFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def duc(world) -> Person:
    return PersonFactory(
        owner_agency=world.police_a, full_name="Nguyễn Văn Đức", birth_year=1985, home_commune=world.commune_a,
        id_number="001085012345",
    )


@pytest.fixture
def records_a(world, duc) -> dict[str, object]:
    common = {"owner_agency": world.police_a, "commune": world.commune_a}
    return {
        "supervisions": SupervisionFactory(person=duc, **common),
        "measures": MeasureFactory(person=duc, **common),
        "foreign-visits": ForeignVisitFactory(**common),
        "illegal-exits": IllegalExitFactory(**common),
    }


def _fields(response) -> set[str]:
    return {item["loc"][-1] for item in response.json()["detail"]}


# --- persons ----------------------------------------------------------------------------------


def test_the_api_needs_authentication(client, world) -> None:
    assert client.get(f"{API}/persons").status_code == 401


def test_steering_gets_403(client, steering) -> None:
    client.force_login(steering)
    for path in ("persons", "supervisions", "measures", "foreign-visits", "illegal-exits"):
        assert client.get(f"{API}/{path}").status_code == 403


def test_person_crud_with_a_token(client, world, officer_a) -> None:
    # given
    token = api_token_create(user=officer_a)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    # when: created
    response = client.post(f"{API}/persons", {
        "full_name": "Hà Văn Sơn", "gender": "male", "birth_date": "1980-09-02", "id_number": "0010 8001 2345",
        "home_commune": world.commune_a.code,
    }, content_type="application/json", **auth)
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    public_id = body["public_id"]
    assert (body["birth_year"], body["id_number"], body["home_commune"]["name"], body["owner_agency"]["code"]) == (
        1980, "001080012345", "Xã Quang Yên", "QY",
    )
    # when: patched
    response = client.patch(f"{API}/persons/{public_id}", {"other_names": "Sơn Râu"}, content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["other_names"] == "Sơn Râu"
    assert response.json()["id_number"] == "001080012345"
    # when: replaced
    response = client.put(f"{API}/persons/{public_id}", {"full_name": "Hà Văn Sơn", "gender": "male"}, content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["id_number"] == "" and response.json()["other_names"] == ""
    # when: deleted
    assert client.delete(f"{API}/persons/{public_id}", **auth).status_code == 204
    assert not Person.objects.exists()


def test_validation_errors_name_the_field(client, officer_a) -> None:
    client.force_login(officer_a)
    for payload, field in [
        ({"full_name": "Lê Văn A", "id_number": "12345"}, "id_number"),
        ({"full_name": "Lê Văn A", "id_number": "12345678901"}, "id_number"),
        ({"full_name": "Lê Văn A", "id_number": "00108501234X"}, "id_number"),
        ({"full_name": "Lê Văn A", "birth_date": "1985-01-01", "birth_year": 1986}, "birth_year"),
        ({"full_name": "Lê Văn A", "nationality": "V1"}, "nationality"),
        ({"full_name": "Lê Văn A", "home_commune": "99999"}, "home_commune"),
        ({"full_name": ""}, "full_name"),
    ]:
        response = client.post(f"{API}/persons", payload, content_type="application/json")
        assert response.status_code == 422, payload
        assert field in _fields(response), (payload, response.json())


def test_search_is_ranked_and_logged_without_the_query(client, world, duc, officer_a) -> None:
    # given
    PersonFactory(owner_agency=world.police_a, full_name="Nguyễn Văn Dũng", birth_year=1985)
    PersonFactory(owner_agency=world.police_a, full_name="Trần Thị Lan", birth_year=1985)
    client.force_login(officer_a)
    before = AccessLogEntry.objects.count()
    # when
    response = client.post(f"{API}/persons/search", {"q": "Nguyen Van Duk", "birth_year": 1985, "commune": world.commune_a.code}, content_type="application/json")
    # then
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["full_name"] for i in items] == ["Nguyễn Văn Đức"]
    assert "id_number" not in items[0]
    rows = list(AccessLogEntry.objects.filter(id__gt=before))
    assert [(r.action, r.target_ref, r.reason) for r in rows] == [("search", "", "")]


def test_search_by_post_keeps_the_name_out_of_the_url(client, world, duc, officer_a, outsider) -> None:
    # given
    client.force_login(officer_a)
    body = {"q": "nguyen van duc", "birth_year": 1985}
    # when
    response = client.post(f"{API}/persons/search", body, content_type="application/json")
    # then
    assert response.status_code == 200
    assert [i["full_name"] for i in response.json()["items"]] == ["Nguyễn Văn Đức"]
    # and the outsider finds nobody
    client.force_login(outsider)
    assert client.post(f"{API}/persons/search", body, content_type="application/json").json()["items"] == []


def test_reading_a_person_is_logged(client, duc, officer_a) -> None:
    client.force_login(officer_a)
    response = client.get(f"{API}/persons/{duc.public_id}")
    assert response.status_code == 200 and response.json()["id_number"] == "001085012345"
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.action, entry.target_ref) == ("view", str(duc.public_id))


def test_outsiders_get_404_even_on_guessed_ids(client, duc, records_a, outsider, officer_b) -> None:
    for user in (outsider, officer_b):
        client.force_login(user)
        assert client.get(f"{API}/persons").json()["items"] == []
        assert client.get(f"{API}/persons", {"q": "nguyen van duc"}).json()["items"] == []
        for path, public_id in [("persons", duc.public_id), *((p, r.public_id) for p, r in records_a.items()), ("persons", uuid.uuid4()), ("supervisions", uuid.uuid4()), ("measures", "not-a-uuid")]:
            assert client.get(f"{API}/{path}/{public_id}").status_code == 404, (user, path)
            assert client.patch(f"{API}/{path}/{public_id}", {}, content_type="application/json").status_code == 404
            assert client.delete(f"{API}/{path}/{public_id}").status_code == 404


def test_a_shared_record_is_read_but_not_changed_by_the_cluster(client, duc, records_a, officer_b) -> None:
    # given
    supervision = records_a["supervisions"]
    supervision.shared_with_cluster = True
    supervision.save()
    client.force_login(officer_b)
    # then
    assert client.get(f"{API}/supervisions/{supervision.public_id}").status_code == 200
    assert client.get(f"{API}/persons/{duc.public_id}").status_code == 200
    assert client.patch(f"{API}/supervisions/{supervision.public_id}", {"notes": "x"}, content_type="application/json").status_code == 403
    assert client.delete(f"{API}/persons/{duc.public_id}").status_code == 403


# --- records ----------------------------------------------------------------------------------


def test_supervision_crud_and_share(client, world, duc, officer_a, chief_a) -> None:
    client.force_login(officer_a)
    # when: created without a commune
    response = client.post(f"{API}/supervisions", {
        "person": str(duc.public_id), "basis": "tien-an-tien-su", "starts_on": "2020-03-15",
    }, content_type="application/json")
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "QY-QL-2020-001" and body["commune"]["code"] == world.commune_a.code
    assert body["person"] == {"public_id": str(duc.public_id), "full_name": "Nguyễn Văn Đức", "birth_year": 1985}
    url = f"{API}/supervisions/{body['public_id']}"
    # when: ended
    response = client.patch(url, {"status": "ended", "ends_on": "2021-03-15"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["ends_on"] == "2021-03-15"
    # when: ending before starting
    response = client.patch(url, {"ends_on": "2019-01-01"}, content_type="application/json")
    assert response.status_code == 422 and _fields(response) == {"ends_on"}
    # sharing is the chief's
    assert client.post(f"{url}/share", {"shared": True}, content_type="application/json").status_code == 403
    client.force_login(chief_a)
    assert client.post(f"{url}/share", {"shared": True}, content_type="application/json").json() == {"shared_with_cluster": True}
    # listed with filters
    assert client.get(f"{API}/supervisions", {"status": "ended", "basis": "tien-an-tien-su"}).json()["count"] == 1
    assert client.get(f"{API}/supervisions", {"status": "active"}).json()["count"] == 0
    assert client.delete(url).status_code == 204 and not Supervision.objects.exists()


def test_commune_codes_resolve_to_the_unit_listed_on_the_date(client, world, duc, officer_a) -> None:
    # given: commune A's successor after the reform keeps the code
    new_a = AdminUnitFactory(name="Xã Yên Lãng", code=world.commune_a.code, edition="reform2025", valid_from=dt.date(2025, 7, 1), valid_to=None)
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=new_a)
    client.force_login(officer_a)
    payload = {"person": str(duc.public_id), "left_on": "2019-05-01", "commune": world.commune_a.code}
    # when / then
    before = client.post(f"{API}/illegal-exits", payload, content_type="application/json")
    after = client.post(f"{API}/illegal-exits", payload | {"left_on": "2025-08-01"}, content_type="application/json")
    assert before.json()["commune"]["edition"] == "legacy63"
    assert after.json()["commune"] == {"code": world.commune_a.code, "edition": "reform2025", "name": "Xã Yên Lãng"}
    # a commune of another agency is refused, naming the field
    response = client.post(f"{API}/illegal-exits", payload | {"commune": world.commune_b.code}, content_type="application/json")
    assert response.status_code == 422 and _fields(response) == {"commune"}


def test_visits_need_a_foreign_visitor_with_a_passport(client, world, duc, officer_a) -> None:
    client.force_login(officer_a)
    payload = {"visitor": str(duc.public_id), "purpose": "family_visit", "host_household": "Hộ ông Bình, thôn Đồng Bào", "arrival_on": "2019-02-03"}
    response = client.post(f"{API}/foreign-visits", payload, content_type="application/json")
    assert response.status_code == 422 and _fields(response) == {"visitor"}
    visitor = PersonFactory(owner_agency=world.police_a, full_name="Lý Minh", nationality="CN", passport_number="E7654321")
    response = client.post(f"{API}/foreign-visits", payload | {"visitor": str(visitor.public_id)}, content_type="application/json")
    assert response.status_code == 201 and response.json()["visitor"]["nationality"] == "CN"
    assert ForeignVisit.objects.get().visitor == visitor
    assert client.get(f"{API}/foreign-visits", {"purpose": "tourism"}).json()["count"] == 0


def test_measures_with_their_supervision(client, world, duc, officer_a) -> None:
    client.force_login(officer_a)
    supervision = SupervisionFactory(owner_agency=world.police_a, commune=world.commune_a, person=duc)
    payload = {"person": str(duc.public_id), "kind": "compulsory_rehab", "decision_number": "15/QĐ-UBND",
               "decision_date": "2020-04-01", "starts_on": "2020-04-10", "supervision": str(supervision.public_id)}
    response = client.post(f"{API}/measures", payload, content_type="application/json")
    assert response.status_code == 422 and _fields(response) == {"facility"}
    response = client.post(f"{API}/measures", payload | {"facility": "Cơ sở cai nghiện ma túy tỉnh"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["supervision"] == {"public_id": str(supervision.public_id), "number": supervision.number}
    assert Measure.objects.get().supervision == supervision
    response = client.post(f"{API}/measures", payload | {"supervision": str(uuid.uuid4())}, content_type="application/json")
    assert response.status_code == 422 and _fields(response) == {"supervision"}


def test_records_refer_to_visible_persons_only(client, world, officer_b) -> None:
    hidden = PersonFactory(owner_agency=world.police_a)
    client.force_login(officer_b)
    response = client.post(f"{API}/illegal-exits", {"person": str(hidden.public_id), "left_on": "2019-05-01"}, content_type="application/json")
    assert response.status_code == 422 and _fields(response) == {"person"}
    assert not IllegalExit.objects.exists()


def test_record_lists_are_paginated_and_filtered(client, world, officer_a, django_assert_max_num_queries) -> None:
    common = {"owner_agency": world.police_a, "commune": world.commune_a}
    for _ in range(26):
        IllegalExitFactory(**common)
    trafficked = IllegalExitFactory(suspected_trafficking=True, left_on=dt.date(2019, 1, 2), **common)
    client.force_login(officer_a)
    with django_assert_max_num_queries(20):
        first = client.get(f"{API}/illegal-exits").json()
    assert first["count"] == 27 and len(first["items"]) == 25
    assert len(client.get(f"{API}/illegal-exits", {"page": 2}).json()["items"]) == 2
    only = client.get(f"{API}/illegal-exits", {"suspected_trafficking": "true", "date_from": "2019-01-01"}).json()
    assert [i["public_id"] for i in only["items"]] == [str(trafficked.public_id)]


def test_openapi_documents_every_field(client, officer_a) -> None:
    # given
    ours = {
        "PersonIn", "PersonPatch", "PersonOut", "PersonListOut", "SupervisionIn", "SupervisionPatch", "SupervisionOut",
        "MeasureIn", "MeasurePatch", "MeasureOut", "VisitIn", "VisitPatch", "VisitOut", "ExitIn", "ExitPatch", "ExitOut",
    }
    client.force_login(officer_a)
    # when
    schemas = client.get(f"{API}/openapi.json").json()["components"]["schemas"]
    # then
    assert ours <= set(schemas)
    undocumented = [
        f"{name}.{field}" for name in ours for field, spec in schemas[name]["properties"].items() if not spec.get("description")
    ]
    assert undocumented == []


def test_a_name_in_the_query_string_does_not_search(client, world, duc, officer_a) -> None:
    # given a second person, so that a search would narrow the list
    PersonFactory(owner_agency=world.police_a, full_name="Trần Thị Lan", birth_year=1985)
    client.force_login(officer_a)
    # when a name arrives in a GET query string
    items = client.get(f"{API}/persons", {"q": "Nguyen Van Duc"}).json()["items"]
    # then it is ignored: the list is not narrowed by it
    assert {i["full_name"] for i in items} == {"Nguyễn Văn Đức", "Trần Thị Lan"}
