"""The menu: every record type the kit knows is in it, and one entry is current."""

from __future__ import annotations

import re

from django.urls import reverse

from giapranh.core.kit import record_types


def _menu(client, user, url: str) -> tuple[list[str], list[str]]:
    client.force_login(user)
    html = client.get(url).content.decode()
    nav = html[html.index('class="mainnav"'):html.index("</nav>")]
    return re.findall(r'href="([^"]+)"', nav), re.findall(r'href="([^"]+)" aria-current="page"', nav)


def test_every_record_type_has_a_menu_entry(client, officer_a) -> None:
    links, _current = _menu(client, officer_a, reverse("accounts:dashboard"))
    for record_type in record_types():
        assert reverse(record_type.url("list")) in links, record_type.label
    assert reverse("people:measure_list") in links


def test_one_entry_is_current_even_below_another(client, officer_a) -> None:
    # /people/measures/ lies below /people/ (persons): only the measures entry is current
    _links, current = _menu(client, officer_a, reverse("people:measure_list"))
    assert current == [reverse("people:measure_list")]


def test_steering_sees_no_record_entries(client, steering) -> None:
    links, _current = _menu(client, steering, reverse("accounts:dashboard"))
    assert all(reverse(t.url("list")) not in links for t in record_types())
