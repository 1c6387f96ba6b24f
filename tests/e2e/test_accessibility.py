"""axe-core (shipped inside the axe-playwright-python package, never fetched) on every record type's pages.

No serious or critical violation on the list, the detail and the form of each type the kit
knows, plus persons; in Vietnamese, the default language.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from giapranh.core.kit import record_types
from giapranh.core.services import record_create
from tests.browser import login
from tests.core.test_conformance import SAMPLES
from tests.factories import PASSWORD

SERIOUS = {"serious", "critical"}
TYPES = record_types()


def _problems(page: Any) -> list[str]:
    results = Axe().run(page)
    assert results.response["passes"], "axe-core did not run"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"] if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("record_type", TYPES, ids=[t.label for t in TYPES])
def test_record_pages_have_no_serious_accessibility_violation(page, world, officer_a, record_type) -> None:
    # given: one record of the type, written (and read) by whoever writes it (cluster records: the coordinator)
    make, _field, _bad = SAMPLES[record_type.label]
    author, username = officer_a, "officer_a"
    if not record_type.policy.can_create(officer_a):
        from giapranh.accounts.choices import Role
        from tests.factories import UserFactory

        author = UserFactory(username="coordinator", agency=world.police_a, role=Role.COORDINATOR)
        author.set_password(PASSWORD)
        author.save()
        username = "coordinator"
    record = record_create(record_type=record_type, actor=author, data=make(world))
    login(page, username, PASSWORD)
    page.wait_for_url("**/")
    problems: dict[str, list[str]] = {}
    # when / then: list, detail and form
    for name, url in (
        ("list", reverse(record_type.url("list"))),
        ("detail", record.get_absolute_url()),
        ("form", reverse(record_type.url("create"))),
    ):
        page.goto(url)
        page.wait_for_load_state("load")
        found = _problems(page)
        if found:
            problems[name] = found
    assert not problems, problems


def test_person_pages_have_no_serious_accessibility_violation(page, world, officer_a) -> None:
    from tests.people.factories import PersonFactory

    person = PersonFactory(owner_agency=world.police_a, full_name="Vương Tiểu Long", nationality="CN", passport_number="E12345678")
    login(page, "officer_a", PASSWORD)
    page.wait_for_url("**/")
    problems = {}
    for url in (reverse("people:person_list"), person.get_absolute_url(), reverse("people:person_create"), "/"):
        page.goto(url)
        page.wait_for_load_state("load")
        found = _problems(page)
        if found:
            problems[url] = found
    assert not problems, problems


def test_pages_with_a_map_have_no_serious_accessibility_violation(page, world, officer_a) -> None:
    from django.utils import timezone

    from tests.reports.conftest import at, incident

    # given: communes with coordinates (today's units), and an incident of this month on the map
    for unit, (lat, lon) in ((world.commune_a, (21.49, 105.38)), (world.commune_b, (21.55, 105.41))):
        unit.latitude, unit.longitude, unit.valid_to = lat, lon, None
        unit.save(update_fields=["latitude", "longitude", "valid_to"])
    incident(world.police_a, world.commune_a, at(timezone.localdate().replace(day=1), 8), lat=21.5, lon=105.4)
    login(page, "officer_a", PASSWORD)
    page.wait_for_url("**/")
    problems = {}
    # when / then: the dashboard's map and the record forms' coordinate map, once Leaflet has drawn them
    for url, selector in (
        ("/", "[data-testid=report-map].leaflet-container"),
        (reverse("incidents:incident_create"), "[data-testid=coordinate-map].leaflet-container"),
        (reverse("incidents:accident_create"), "[data-testid=coordinate-map].leaflet-container"),
    ):
        page.goto(url)
        page.wait_for_selector(selector)
        found = _problems(page)
        if found:
            problems[url] = found
    assert not problems, problems


def test_the_menus_unread_and_overdue_badges_are_readable(page, world, officer_a, officer_b) -> None:
    import datetime as dt

    from django.utils import timezone

    from giapranh.exchange.models import CoordinationRequest
    from tests.exchange.conftest import send_notice, send_request

    # given: a notice officer_b has not read and a request to their agency past its deadline
    send_notice(actor=officer_a, to_cluster=world.cluster)
    request = send_request(actor=officer_a, to_agency=world.police_b)
    CoordinationRequest.objects.filter(pk=request.pk).update(deadline=timezone.now() - dt.timedelta(hours=1))
    login(page, "officer_b", PASSWORD)
    page.wait_for_url("**/")
    # when: the menu has polled its counts
    page.locator("nav [data-testid=overdue-count]").wait_for()
    # then: the badges on the dark menu bar pass axe's contrast check
    results = Axe().run(page, context="nav")
    contrast = [v for v in results.response["violations"] if v["id"] == "color-contrast"]
    assert not contrast, contrast
