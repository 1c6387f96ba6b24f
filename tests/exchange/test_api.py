"""The exchange over the API: same rules as the pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from giapranh.accounts.services import api_token_create
from giapranh.exchange.models import CoordinationRequest
from tests.incidents.factories import make_incident

pytestmark = pytest.mark.usefixtures("reference_data")


def _send(user: Any, method: str, path: str, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {api_token_create(user=user)}"}
    client = Client()
    if method == "get":
        return client.get(f"/api/v1/{path}", headers=headers)
    return getattr(client, method)(f"/api/v1/{path}", json.dumps(body) if body is not None else "", content_type="application/json", headers=headers)


def test_a_notice_to_the_cluster_with_a_linked_incident(world, officer_a, officer_b, outsider, incident_a) -> None:
    # given a flash notice sent to the cluster over the API
    created = _send(officer_a, "post", "notices", {"subject": "Mất trộm xe máy", "urgency": "flash", "handling_code": "H1", "to_cluster": world.cluster.slug})
    assert created.status_code == 201, created.content
    notice = created.json()
    assert notice["to_cluster"]["slug"] == world.cluster.slug and notice["handling_code"] == "H1"
    assert [r["agency"]["code"] for r in notice["receipts"]] == ["TD"]
    link = _send(officer_a, "post", f"notices/{notice['public_id']}/links", {"type": "incidents.incident", "public_id": str(incident_a.public_id)})
    assert link.status_code == 201, link.content
    # then B reads the notice, the incident, and records its receipt
    assert _send(officer_b, "get", f"notices/{notice['public_id']}").status_code == 200
    assert _send(officer_b, "get", f"incidents/{incident_a.public_id}").status_code == 200
    receipts = _send(officer_b, "post", f"notices/{notice['public_id']}/read").json()
    assert receipts[0]["read_at"] is not None
    assert _send(officer_b, "get", "exchange/counts").json()["unread"] == 0
    # and the outsider gets 404 everywhere
    for path in (f"notices/{notice['public_id']}", f"notices/{notice['public_id']}/links", f"notices/{notice['public_id']}/receipts", f"incidents/{incident_a.public_id}"):
        assert _send(outsider, "get", path).status_code == 404, path
    assert notice["public_id"] not in json.dumps(_send(outsider, "get", "notices").json())
    # when the link is taken off, B's access ends
    assert _send(officer_a, "delete", f"notices/{notice['public_id']}/links/{link.json()['id']}").status_code == 204
    assert _send(officer_b, "get", f"incidents/{incident_a.public_id}").status_code == 404


def test_a_request_answered_over_the_api(world, officer_a, officer_b, chief_b) -> None:
    created = _send(officer_a, "post", "coordination-requests", {"to_agency": "TD", "subject": "Xác minh nơi cư trú", "request_type": "identity", "urgency": "flash"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "sent" and body["overdue"] is False
    assert dt.datetime.fromisoformat(body["deadline"]) - dt.datetime.fromisoformat(body["created_at"]) < dt.timedelta(hours=8, minutes=1)
    path = f"coordination-requests/{body['public_id']}"
    assert _send(officer_b, "post", f"{path}/accept", {}).status_code == 403
    assert _send(chief_b, "post", f"{path}/decline", {"reason": ""}).status_code == 422
    assert _send(chief_b, "post", f"{path}/accept", {"note": "Nhận."}).json()["status"] == "accepted"
    own = make_incident(actor=officer_b, summary="Biên bản xác minh")
    done = _send(officer_b, "post", f"{path}/complete", {"result": "Đang cư trú tại thôn Đồng.", "links": [{"type": "incidents.incident", "public_id": str(own.public_id)}]})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done"
    steps = _send(officer_a, "get", f"{path}/transitions").json()
    assert [(s["to_status"], s["actor"]) for s in steps] == [("sent", "officer_a"), ("accepted", "chief_b"), ("done", "officer_b")]
    assert all(s["at"] for s in steps)
    assert _send(officer_a, "get", f"incidents/{own.public_id}").status_code == 200


def test_overdue_over_the_api(world, officer_a, chief_b) -> None:
    body = _send(officer_a, "post", "coordination-requests", {"to_agency": "TD", "subject": "Truy tìm", "request_type": "trace"}).json()
    CoordinationRequest.objects.filter(public_id=body["public_id"]).update(deadline=timezone.now() - dt.timedelta(hours=1))
    assert _send(chief_b, "get", f"coordination-requests/{body['public_id']}").json()["overdue"] is True
    assert _send(chief_b, "get", "exchange/counts").json()["overdue"] == 1
    listed = _send(chief_b, "get", "coordination-requests?status=sent").json()["items"]
    assert listed[0]["public_id"] == body["public_id"]
