"""Security headers: a script policy without inline script, no-store for signed-in answers, HTTPS by env."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.urls import reverse

from giapranh.accounts.services import api_token_create

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)


def test_every_page_has_a_script_policy_without_inline_script(client, officer_a) -> None:
    anonymous = client.get(reverse("accounts:login"))
    policy = anonymous["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert script_src.strip() == "script-src 'self'"
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    client.force_login(officer_a)
    for url in ["/", "/incidents/", "/incidents/accidents/", "/people/", "/account/two-step/", "/api/v1/docs"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response, url
        body = response.content.decode()
        assert not INLINE_SCRIPT.search(body), (url, INLINE_SCRIPT.search(body))
        assert "cdn." not in body, url


def test_signed_in_pages_and_api_answers_are_not_stored(client, officer_a) -> None:
    # a public static-like answer of an anonymous visitor is left alone
    assert "no-store" not in client.get("/api/v1/openapi.json").get("Cache-Control", "")
    client.force_login(officer_a)
    for url in ["/", "/incidents/", "/api/v1/me"]:
        assert client.get(url)["Cache-Control"] == "no-store", url
    client.logout()
    raw = api_token_create(user=officer_a)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"


def _deploy_check(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIAPRANH_", "DJANGO_"))}
    env.update(extra)
    return subprocess.run(  # noqa: S603 — our own command, fixed arguments
        [sys.executable, "-m", "giapranh.cli", "check", "--deploy"], env=env, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_variables(tmp_path) -> None:
    key = tmp_path / "audit.key"
    key.write_text("0123456789abcdef" * 4)
    production = {
        "GIAPRANH_SECRET_KEY": "q" + "Zx7-Lm2_Pw9+Rt4" * 4,
        "GIAPRANH_ALLOWED_HOSTS": "giapranh.example.vn",
        "GIAPRANH_SECURE_COOKIES": "1",
        "GIAPRANH_SSL_REDIRECT": "1",
        "GIAPRANH_HSTS_SECONDS": "31536000",
        "GIAPRANH_HSTS_INCLUDE_SUBDOMAINS": "1",
        "GIAPRANH_HSTS_PRELOAD": "1",
        "GIAPRANH_BEHIND_PROXY": "1",
        "GIAPRANH_AUDIT_KEY_FILE": str(key),
        "GIAPRANH_VAR_DIR": str(tmp_path),
    }
    clean = _deploy_check(production)
    assert clean.returncode == 0 and "no issues" in clean.stdout + clean.stderr, clean.stdout + clean.stderr
    # without them, the HTTPS settings are off and the check says so
    development = _deploy_check({"GIAPRANH_VAR_DIR": str(tmp_path)})
    out = development.stdout + development.stderr
    for check in ("security.W004", "security.W008", "security.W012", "giapranh.W001"):
        assert check in out
