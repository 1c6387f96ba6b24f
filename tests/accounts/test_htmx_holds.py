"""A fragment polled by htmx never receives a whole page (the set-up page, the sign-in page) inside a badge."""

from __future__ import annotations

import time

from django.test import override_settings

from giapranh.accounts.choices import Role
from tests.factories import UserFactory


@override_settings(MFA_REQUIRED=True)
def test_a_fragment_polled_while_two_step_set_up_is_pending_gets_nothing(client, world) -> None:
    chief = UserFactory(username="chief_pending", agency=world.police_a, role=Role.COMMUNE_CHIEF)
    client.force_login(chief)
    # a page is held on the set-up page …
    assert client.get("/incidents/")["Location"].endswith("/account/two-step/")
    # … but the menu's counts, polled by htmx from that page, get an empty answer, not the page again
    response = client.get("/exchange/counts/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and not response.content


def test_a_fragment_polled_after_the_session_expired_navigates_to_sign_in(client, world, officer_a) -> None:
    client.force_login(officer_a)
    session = client.session
    session["auth_started"] = session["last_seen"] = time.time() - 24 * 3600
    session.save()
    response = client.get("/exchange/counts/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and "/login/" in response["HX-Redirect"]
