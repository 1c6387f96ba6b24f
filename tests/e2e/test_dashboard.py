from __future__ import annotations

from giapranh.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import login


def test_commune_officer_sees_the_six_communes_of_the_cluster(page, demo_world) -> None:
    # given: the demo cluster on real units; when: the Quang Yên officer signs in
    login(page, "qy.canbo", DEMO_PASSWORD)
    # then: the Vietnamese dashboard lists both sides of the provincial line
    page.wait_for_selector("[data-testid=cluster]")
    assert page.text_content("h1") == "Tổng quan"
    assert page.text_content("[data-testid=agency]") == "Công an xã Quang Yên"
    communes = sorted(page.locator("[data-testid=member-commune]").all_text_contents())
    # (the dashboard lists the members of every period: the six legacy communes and,
    # from 01/07/2025, their four successors, two of which keep a legacy name)
    assert communes == sorted([
        "Xã Quang Yên", "Xã Hải Lựu", "Xã Lãng Công", "Xã Tam Đa", "Xã Trường Sinh", "Xã Đại Phú",
        "Xã Yên Lãng", "Xã Hải Lựu", "Xã Phú Lương", "Xã Trường Sinh",
    ])
    body = page.text_content("body")
    assert "Huyện Sông Lô, Tỉnh Vĩnh Phúc" in body and "Huyện Sơn Dương, Tỉnh Tuyên Quang" in body


def test_wrong_password_shows_a_vietnamese_error(page, demo_world) -> None:
    login(page, "qy.canbo", "khong-dung-mat-khau")
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.text_content("[role=alert]")
