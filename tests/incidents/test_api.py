"""/api/v1/incidents and /api/v1/traffic-accidents: the same rules as the pages."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from giapranh.accounts.services import api_token_create
from giapranh.core.choices import AccessAction
from giapranh.core.models import AccessLogEntry
from giapranh.incidents.models import Incident, TrafficAccident
from tests.incidents.factories import at, make_accident, make_incident, make_person

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


class Api:
    """A machine client authenticated with a bearer token."""

    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {api_token_create(user=user)}"}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def _send(self, method: str, path: str, body: Any = None):
        data = json.dumps(body) if body is not None else ""
        return getattr(self.client, method)(BASE + path, data, content_type="application/json", headers=self.headers)

    def post(self, path: str, body: Any = None):
        return self._send("post", path, body)

    def put(self, path: str, body: Any):
        return self._send("put", path, body)

    def patch(self, path: str, body: Any):
        return self._send("patch", path, body)

    def delete(self, path: str):
        return self._send("delete", path)


def _fields_422(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {item["loc"][-1] for item in response.json()["detail"]}


INCIDENT = {
    "occurred_at": "2020-03-15T08:30:00",
    "reported_at": "2020-03-15T10:00:00+07:00",
    "place": "Thôn Đồng Ếch",
    "category": "ttxh-trom-cap-tai-san",
    "summary": "Mất trộm một con trâu.",
}


# --- authentication and roles --------------------------------------------------------------------


def test_the_api_needs_authentication(client, incident_a) -> None:
    assert client.get(f"{BASE}/incidents").status_code == 401
    assert client.get(f"{BASE}/incidents/{incident_a.public_id}").status_code == 401
    assert client.get(f"{BASE}/traffic-accidents").status_code == 401


def test_steering_gets_403_not_records(steering, incident_a) -> None:
    api = Api(steering)
    assert api.get("/incidents").status_code == 403
    # one record answers as if it did not exist: the role learns nothing of it
    assert api.get(f"/incidents/{incident_a.public_id}").status_code == 404
    assert api.post("/incidents", INCIDENT).status_code == 403
    assert api.get("/traffic-accidents").status_code == 403


def test_the_ui_session_works_too(client, officer_a, incident_a) -> None:
    client.force_login(officer_a)
    assert client.get(f"{BASE}/incidents").json()["count"] == 1


# --- create --------------------------------------------------------------------------------------


def test_create_resolves_codes_and_numbers_the_incident(world, officer_a) -> None:
    api = Api(officer_a)
    # when
    response = api.post("/incidents", INCIDENT | {
        "commune": "08776", "latitude": 21.52, "longitude": 105.41, "outcome": "prosecuted",
        "partner_agencies": ["TD"], "cleared_jointly": True,
    })
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    incident = Incident.objects.get()
    assert body["public_id"] == str(incident.public_id)
    assert body["number"] == "QY-2020-001"
    assert body["commune"] == {"code": "08776", "edition": "legacy63", "name": "Xã Quang Yên"}
    assert body["category"] == {"code": "ttxh-trom-cap-tai-san", "name": "Trộm cắp tài sản", "group": "social_order", "group_code": "ttxh"}
    assert body["partner_agencies"] == [{"code": "TD", "name": "Công an xã Tam Đa"}]
    assert body["owner_agency"]["code"] == "QY"
    assert (body["outcome"], body["status"], body["cleared_jointly"], body["shared_with_cluster"]) == ("prosecuted", "received", True, False)
    assert body["involvements"] == [] and body["suspects"] == 0
    # a time without an offset is Vietnam time
    assert incident.occurred_at == at(2020, 3, 15, 8, 30)
    assert body["occurred_at"].startswith("2020-03-15T")
    assert incident.history.get().history_user == officer_a


def test_after_the_reform_the_code_resolves_to_the_new_commune(world, officer_a, successor_a) -> None:
    api = Api(officer_a)
    response = api.post("/incidents", INCIDENT | {
        "commune": "08776", "occurred_at": "2025-08-01T08:00:00", "reported_at": "2025-08-01T09:00:00",
    })
    assert response.status_code == 201, response.content
    assert response.json()["commune"]["edition"] == "reform2025"


def test_bad_input_is_422_naming_the_field(world, officer_a, successor_a) -> None:
    api = Api(officer_a)
    assert _fields_422(api.post("/incidents", INCIDENT | {"reported_at": "2020-03-15T07:00:00"})) == {"reported_at"}
    assert _fields_422(api.post("/incidents", INCIDENT | {"category": "khong-co"})) == {"category"}
    assert _fields_422(api.post("/incidents", INCIDENT | {"category": "ttxh"})) == {"category"}
    assert _fields_422(api.post("/incidents", INCIDENT | {"commune": "99999"})) == {"commune"}
    assert _fields_422(api.post("/incidents", INCIDENT | {"commune": "02626"})) == {"commune"}  # B's commune
    assert _fields_422(api.post("/incidents", INCIDENT | {"latitude": 21.5})) == {"longitude"}
    assert _fields_422(api.post("/incidents", INCIDENT | {"cleared_jointly": True})) == {"partner_agencies"}
    assert _fields_422(api.post("/incidents", INCIDENT | {"partner_agencies": ["NOPE"]})) == {"partner_agencies"}
    assert _fields_422(api.post("/incidents", INCIDENT | {"outcome": "acquitted"})) == {"outcome"}
    assert _fields_422(api.post("/incidents", {k: v for k, v in INCIDENT.items() if k != "summary"})) == {"summary"}
    # a code that names no commune listed on the date
    assert _fields_422(api.post("/incidents", INCIDENT | {
        "commune": "02626", "occurred_at": "2025-08-01T08:00:00", "reported_at": "2025-08-01T09:00:00",
    })) == {"commune"}
    assert not Incident.objects.exists()


def test_the_422_message_is_the_services(officer_a) -> None:
    response = Api(officer_a).post("/incidents", INCIDENT | {"reported_at": "2020-03-15T07:00:00"})
    detail = response.json()["detail"]
    assert detail == [{"loc": ["body", "reported_at"], "msg": detail[0]["msg"], "type": "value_error"}]
    assert detail[0]["msg"]


def test_superiors_do_not_record(superior_1) -> None:
    assert Api(superior_1).post("/incidents", INCIDENT).status_code == 403


# --- read ----------------------------------------------------------------------------------------


def test_detail_with_persons_is_logged(officer_a, incident_a, person_an) -> None:
    # when
    response = Api(officer_a).get(f"/incidents/{incident_a.public_id}")
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == incident_a.number and body["suspects"] == 1
    [involvement] = body["involvements"]
    assert involvement["person"] == {"public_id": str(person_an.public_id), "full_name": "Nguyễn Văn An", "birth_year": 1990}
    assert involvement["role"] == "suspect"
    log = AccessLogEntry.objects.filter(action=AccessAction.VIEW).last()
    assert (log.actor, log.target_ref) == (officer_a, str(incident_a.public_id))


def test_invisible_and_guessed_ids_are_404(officer_b, outsider, incident_a, accident_a) -> None:
    guesses = [str(uuid.uuid4()), "not-a-uuid", str(incident_a.pk)]
    for user in (officer_b, outsider):
        api = Api(user)
        for path in (f"/incidents/{incident_a.public_id}", f"/traffic-accidents/{accident_a.public_id}",
                     f"/incidents/{incident_a.public_id}/involvements"):
            assert api.get(path).status_code == 404, (user, path)
        assert api.patch(f"/incidents/{incident_a.public_id}", {"summary": "x"}).status_code == 404
        assert api.delete(f"/incidents/{incident_a.public_id}").status_code == 404
        assert api.post(f"/incidents/{incident_a.public_id}/share", {"shared": True}).status_code == 404
        for guess in guesses:
            assert api.get(f"/incidents/{guess}").status_code == 404
            assert api.get(f"/traffic-accidents/{guess}").status_code == 404
    assert Incident.objects.filter(pk=incident_a.pk, shared_with_cluster=False).exists()


def test_list_filters_and_pages(world, officer_a, incident_a) -> None:
    # given
    for day in range(1, 27):
        make_incident(actor=officer_a, occurred_at=at(2021, 1, day), outcome="not_prosecuted")
    api = Api(officer_a)
    # when
    first = api.get("/incidents", {"outcome": "not_prosecuted"}).json()
    second = api.get("/incidents", {"outcome": "not_prosecuted", "page": 2}).json()
    # then
    assert first["count"] == 26 and len(first["items"]) == 25 and len(second["items"]) == 1
    assert first["items"][0]["number"] == "QY-2021-026"
    assert [i["number"] for i in api.get("/incidents", {"q": "nguyen van an"}).json()["items"]] == [incident_a.number]
    assert api.get("/incidents", {"date_to": "2020-12-31"}).json()["count"] == 1
    assert api.get("/incidents", {"commune": "08776", "group": "social_order"}).json()["count"] == 27
    assert api.get("/incidents", {"category": "anct"}).json()["count"] == 0
    assert _fields_422(api.get("/incidents", {"category": "nope"})) == {"category"}
    assert _fields_422(api.get("/incidents", {"group": "nope"})) == {"group"}


def test_the_list_has_only_visible_records(officer_b, outsider, incident_a) -> None:
    assert Api(officer_b).get("/incidents").json() == {"items": [], "count": 0}
    assert Api(outsider).get("/incidents").json() == {"items": [], "count": 0}


# --- update and delete ---------------------------------------------------------------------------


def test_put_and_patch_by_the_owner(world, officer_a, incident_a) -> None:
    api = Api(officer_a)
    # when
    patched = api.patch(f"/incidents/{incident_a.public_id}", {"status": "resolved", "outcome": "prosecuted"})
    # then
    assert patched.status_code == 200, patched.content
    assert (patched.json()["status"], patched.json()["outcome"], patched.json()["place"]) == ("resolved", "prosecuted", "Thôn Đồng Ếch")
    # when
    replaced = api.put(f"/incidents/{incident_a.public_id}", INCIDENT | {"place": "Bến đò", "category": "ttxh-danh-bac"})
    # then
    assert replaced.status_code == 200
    body = replaced.json()
    assert (body["place"], body["category"]["code"], body["status"], body["number"]) == ("Bến đò", "ttxh-danh-bac", "received", "QY-2020-001")
    assert _fields_422(api.patch(f"/incidents/{incident_a.public_id}", {"reported_at": "2019-01-01T00:00:00"})) == {"reported_at"}


def test_a_shared_incident_is_read_only_for_the_neighbour(officer_b, incident_a) -> None:
    # given
    incident_a.shared_with_cluster = True
    incident_a.save()
    api = Api(officer_b)
    # then: readable, not changeable (403: they may see it, they may not change it)
    assert api.get(f"/incidents/{incident_a.public_id}").status_code == 200
    assert api.patch(f"/incidents/{incident_a.public_id}", {"summary": "x"}).status_code == 403
    assert api.delete(f"/incidents/{incident_a.public_id}").status_code == 403
    assert api.post(f"/incidents/{incident_a.public_id}/share", {"shared": False}).status_code == 403
    assert Incident.objects.filter(pk=incident_a.pk, shared_with_cluster=True).exists()


def test_delete_by_the_owner(officer_a, incident_a) -> None:
    api = Api(officer_a)
    assert api.delete(f"/incidents/{incident_a.public_id}").status_code == 204
    assert api.get(f"/incidents/{incident_a.public_id}").status_code == 404


# --- share ---------------------------------------------------------------------------------------


def test_share_is_the_chiefs_and_opens_the_record_to_the_cluster(officer_a, chief_a, officer_b, outsider, incident_a) -> None:
    path = f"/incidents/{incident_a.public_id}/share"
    # officer of the owner commune: 403
    assert Api(officer_a).post(path, {"shared": True}).status_code == 403
    # chief: shared and logged
    response = Api(chief_a).post(path, {"shared": True})
    assert response.status_code == 200 and response.json() == {"shared_with_cluster": True}
    assert AccessLogEntry.objects.filter(action=AccessAction.SHARE, actor=chief_a, target_ref=str(incident_a.public_id)).exists()
    # B now sees it, C still does not
    assert Api(officer_b).get(f"/incidents/{incident_a.public_id}").status_code == 200
    assert Api(outsider).get(f"/incidents/{incident_a.public_id}").status_code == 404
    # withdrawn again
    assert Api(chief_a).post(path, {"shared": False}).json() == {"shared_with_cluster": False}
    assert AccessLogEntry.objects.filter(action=AccessAction.UNSHARE, actor=chief_a).exists()
    assert Api(officer_b).get(f"/incidents/{incident_a.public_id}").status_code == 404


# --- involvements --------------------------------------------------------------------------------


def test_involvements_are_added_listed_and_removed(world, officer_a, incident_a) -> None:
    api = Api(officer_a)
    victim = make_person(agency=world.police_a, full_name="Hoàng Thị Lan")
    path = f"/incidents/{incident_a.public_id}/involvements"
    # when
    added = api.post(path, {"person": str(victim.public_id), "role": "victim", "note": "Chủ trâu"})
    # then
    assert added.status_code == 201, added.content
    assert (added.json()["role"], added.json()["person"]["full_name"]) == ("victim", "Hoàng Thị Lan")
    assert sorted(i["role"] for i in api.get(path).json()) == ["suspect", "victim"]
    # errors name the field
    assert _fields_422(api.post(path, {"person": str(victim.public_id), "role": "victim"})) == {"person"}
    assert _fields_422(api.post(path, {"person": str(uuid.uuid4()), "role": "victim"})) == {"person"}
    assert _fields_422(api.post(path, {"person": str(victim.public_id), "role": "judge"})) == {"role"}
    # when
    removed = api.delete(f"{path}/{added.json()['public_id']}")
    # then
    assert removed.status_code == 204
    assert [i["role"] for i in api.get(path).json()] == ["suspect"]
    assert api.delete(f"{path}/{uuid.uuid4()}").status_code == 404


def test_a_person_only_another_commune_knows_cannot_be_attached(world, officer_a, incident_a) -> None:
    stranger = make_person(agency=world.police_b, full_name="Lý Văn Tư")
    response = Api(officer_a).post(f"/incidents/{incident_a.public_id}/involvements", {"person": str(stranger.public_id), "role": "witness"})
    assert _fields_422(response) == {"person"}


# --- traffic accidents ---------------------------------------------------------------------------


def test_accident_crud(world, officer_a, chief_a, officer_b) -> None:
    api = Api(officer_a)
    # create
    created = api.post("/traffic-accidents", {
        "occurred_at": "2020-04-02T17:45:00", "place": "ĐT307 km 12", "kind": "collision",
        "deaths": 1, "injuries": 2, "vehicles": "xe máy – ô tô tải", "damage_vnd": 15000000,
    })
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["number"], body["kind"], body["deaths"], body["commune"]["code"]) == ("QY-TN-2020-001", "collision", 1, "08776")
    path = f"/traffic-accidents/{body['public_id']}"
    # read and list
    assert api.get(path).json()["damage_vnd"] == 15000000
    assert api.get("/traffic-accidents", {"kind": "collision"}).json()["count"] == 1
    assert api.get("/traffic-accidents", {"kind": "accident"}).json()["count"] == 0
    # update
    assert api.patch(path, {"injuries": 3}).json()["injuries"] == 3
    assert _fields_422(api.patch(path, {"deaths": -1})) == {"deaths"}
    # persons
    driver = make_person(agency=world.police_a, full_name="Đặng Quốc Huy")
    assert api.post(f"{path}/involvements", {"person": str(driver.public_id), "role": "driver"}).status_code == 201
    assert _fields_422(api.post(f"{path}/involvements", {"person": str(driver.public_id), "role": "suspect"})) == {"role"}
    # share: the chief's
    assert Api(officer_b).get(path).status_code == 404
    assert api.post(f"{path}/share", {"shared": True}).status_code == 403
    assert Api(chief_a).post(f"{path}/share", {"shared": True}).status_code == 200
    assert Api(officer_b).get("/traffic-accidents", {"q": "dang quoc huy"}).json()["count"] == 1
    # delete
    assert Api(officer_b).delete(path).status_code == 403
    assert api.delete(path).status_code == 204
    assert not TrafficAccident.objects.exists()


def test_accident_input_errors_name_the_field(officer_a) -> None:
    api = Api(officer_a)
    base = {"occurred_at": "2020-04-02T17:45:00", "place": "QL2C"}
    assert _fields_422(api.post("/traffic-accidents", base | {"deaths": -1, "injuries": -1})) == {"deaths", "injuries"}
    assert _fields_422(api.post("/traffic-accidents", base | {"damage_vnd": -10})) == {"damage_vnd"}
    assert _fields_422(api.post("/traffic-accidents", base | {"kind": "crash"})) == {"kind"}
    assert _fields_422(api.post("/traffic-accidents", {"occurred_at": "2020-04-02T17:45:00"})) == {"place"}
    assert not TrafficAccident.objects.exists()


def test_outsider_gets_404_for_accidents(outsider, accident_a) -> None:
    make_accident(actor=outsider)  # their own
    api = Api(outsider)
    assert api.get("/traffic-accidents").json()["count"] == 1
    assert api.get(f"/traffic-accidents/{accident_a.public_id}").status_code == 404
    assert api.patch(f"/traffic-accidents/{accident_a.public_id}", {"deaths": 0}).status_code == 404


def test_every_schema_field_is_documented() -> None:
    from giapranh.core.kit_api import schemas_for
    from giapranh.core.schemas import ShareIn, ShareOut
    from giapranh.incidents import api as incidents_api
    from giapranh.incidents.records import ACCIDENTS, INCIDENTS

    schemas = [incidents_api.InvolvementIn, incidents_api.AccidentInvolvementIn, incidents_api.InvolvementOut, ShareIn, ShareOut]
    for record_type in (INCIDENTS, ACCIDENTS):
        kit = schemas_for(record_type)
        schemas += [kit.In, kit.Patch, kit.Out, kit.ListOut, kit.Filters]
    for schema in schemas:
        undocumented = [name for name, field in schema.model_fields.items() if not field.description]
        assert undocumented == [], (schema.__name__, undocumented)


def test_the_openapi_document_lists_the_endpoints(client, officer_a) -> None:
    client.force_login(officer_a)
    response = client.get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/incidents", "/api/v1/incidents/{public_id}/involvements", "/api/v1/incidents/{public_id}/share",
                 "/api/v1/traffic-accidents", "/api/v1/traffic-accidents/{public_id}"):
        assert path in paths, path
    assert response.json()["components"]["schemas"]["IncidentIn"]["properties"]["commune"]["description"]
