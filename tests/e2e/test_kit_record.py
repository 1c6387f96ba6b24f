"""A record type made by the record kit, end to end in a real browser (traffic accidents on the demo units).

Quang Yên's officer records an accident, finds it with the list filter, opens it,
corrects it and attaches the scene photo; Tam Đa's officer cannot see it until
Quang Yên's chief shares it; then reads it, and cannot change it.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from giapranh.accounts.demo import DEMO_PASSWORD
from giapranh.core.models import Attachment
from giapranh.incidents.models import TrafficAccident
from tests.e2e.conftest import login


def _png(path: Path) -> Path:
    """A real 1×1 PNG (the kit checks the content, not the name)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"\x00\xff\x00\x00"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def test_an_accident_is_recorded_filtered_edited_shared_and_read_across_the_line(page, demo_world, tmp_path) -> None:
    # given: Quang Yên's officer records an accident through the kit's form
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/incidents/accidents/new/")
    page.fill("#id_occurred_at", "02/03/2024 17:45")
    page.fill("#id_place", "ĐT307 km 12, thôn Đồng Phai")
    page.fill("#id_injuries", "1")
    page.fill("#id_vehicles", "xe máy – ô tô tải")
    page.click("#save")
    page.wait_for_url("**/incidents/accidents/*/")
    accident = TrafficAccident.objects.get()
    assert accident.number == "QY-TN-2024-001"
    # when: the list filter finds it by its road, typed without diacritics
    page.goto("/incidents/accidents/")
    page.fill("#id_q", "dt307 dong phai")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"text={accident.number}")
    assert "dong" not in page.url
    # and the officer corrects it and attaches the scene photo
    page.click(f"text={accident.number}")
    page.click("#edit")
    page.fill("#id_injuries", "2")
    page.click("#save")
    page.wait_for_url("**/incidents/accidents/*/")
    page.set_input_files("#attach-form input[type=file]", str(_png(tmp_path / "hien-truong.png")))
    page.click("#attach-form button[type=submit]")
    page.wait_for_selector("#attachments >> text=hien-truong.png")
    accident.refresh_from_db()
    assert accident.injuries == 2 and Attachment.objects.get().media_type == "image/png"
    assert "1 → 2" in page.text_content("#history")  # the correction is in the change history
    page.context.clear_cookies()

    # then: Tam Đa's officer does not see it …
    login(page, "td.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    response = page.goto(accident.get_absolute_url())
    assert response is not None and response.status == 404
    page.context.clear_cookies()
    # … until Quang Yên's chief shares it
    login(page, "qy.truong", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto(accident.get_absolute_url())
    page.click("#share")
    page.click("#confirm-share")
    page.wait_for_selector(".badge.shared")
    page.context.clear_cookies()
    # … then reads it, with its photo, and is offered no way to change it
    login(page, "td.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/incidents/accidents/")
    page.click(f"text={accident.number}")
    page.wait_for_url("**/incidents/accidents/*/")
    assert "ĐT307 km 12" in page.text_content("main")
    assert page.locator("#attachments >> text=hien-truong.png").count() == 1
    assert page.locator("#edit").count() == 0 and page.locator("#attach-form").count() == 0
    response = page.goto(accident.get_absolute_url() + "edit/")
    assert response is not None and response.status == 404
