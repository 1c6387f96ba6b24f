from __future__ import annotations

import pytest
from django.core.management import call_command

from giapranh.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_me_requires_authentication(client) -> None:
    assert client.get("/api/v1/me").status_code == 401


def test_token_created_by_the_command_authenticates(client, officer_a, capsys) -> None:
    call_command("token", "create", "officer_a")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("gr_")
    # only the digest is stored
    assert not ApiToken.objects.filter(digest=raw).exists()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    data = response.json()
    assert data["username"] == "officer_a"
    assert data["agency"]["code"] == "QY"
    assert data["agency"]["jurisdiction_name"].startswith("Xã Quang Yên")


def test_a_wrong_or_revoked_token_is_refused(client, officer_a) -> None:
    from django.utils import timezone

    from giapranh.accounts.services import api_token_create

    raw = api_token_create(user=officer_a)
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer gr_wrong"}).status_code == 401
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_session_auth_works_for_the_browser(client, officer_a) -> None:
    client.force_login(officer_a)
    assert client.get("/api/v1/me").json()["role"] == "commune_officer"


def test_openapi_is_published(client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/me" in response.json()["paths"]
