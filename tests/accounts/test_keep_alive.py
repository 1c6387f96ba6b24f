"""The keep-alive behind the session warning's "Stay signed in" button."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_keep_alive_restarts_the_idle_limit(client, officer_a) -> None:
    client.force_login(officer_a)
    client.get("/")
    session = client.session
    session["last_seen"] = session["last_seen"] - 600
    session.save()
    response = client.post(reverse("accounts:keep_alive"))
    assert response.status_code == 200 and response.json()["idle_seconds"] == 30 * 60
    assert client.session["last_seen"] > session["last_seen"] + 500


def test_keep_alive_needs_a_session(client) -> None:
    assert client.post(reverse("accounts:keep_alive")).status_code == 302


def test_pages_carry_the_idle_limit_for_the_warning(client, officer_a) -> None:
    client.force_login(officer_a)
    html = client.get("/").content.decode()
    assert 'data-session-idle="1800"' in html and 'id="session-warning"' in html and "session.js" in html
