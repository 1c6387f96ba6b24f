"""The person picker in a real browser finds a person typed with another middle name and the birth year."""

from __future__ import annotations

import datetime as dt

import pytest

from giapranh.people.services import person_create
from tests.browser import login
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def test_picker_finds_tran_quang_loi_typed_as_tran_huu_loi_with_his_year(page, world, officer_a) -> None:
    # given: Lợi, and namesakes the old search ranked first or only
    loi = person_create(
        actor=officer_a, full_name="Trần Quang Lợi", birth_date=dt.date(1983, 3, 12), id_number="026083012345",
        home_commune=world.commune_a,
    )
    person_create(actor=officer_a, full_name="Trần Hữu Lộc", birth_year=1983)
    person_create(actor=officer_a, full_name="Trần Văn Lợi", birth_year=1961)
    login(page, "officer_a", PASSWORD)
    page.wait_for_url("**/")
    # when
    page.goto("/people/supervisions/new/")
    page.fill("#id_person_search", "tran huu loi 1983")
    # then: Lợi first, with his date of birth and the last four digits of his CCCD
    item = page.locator("li[data-person]").first
    item.wait_for()
    assert item.get_attribute("data-person") == str(loi.public_id)
    text = item.text_content() or ""
    assert "12/03/1983" in text and "…2345" in text and "026083012345" not in text
