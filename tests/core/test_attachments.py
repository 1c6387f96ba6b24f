"""Files on records: the content decides the type, the record's rule decides who downloads, every download is logged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from giapranh.accounts.services import api_token_create
from giapranh.core.models import AccessLogEntry, Attachment
from giapranh.core.services import record_share
from tests.incidents.factories import make_accident

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(user: Any, accident: Any, name: str, content: bytes) -> Any:
    client = Client()
    headers = {"Authorization": f"Bearer {api_token_create(user=user)}"}
    return client.post(
        f"/api/v1/traffic-accidents/{accident.public_id}/attachments",
        {"file": SimpleUploadedFile(name, content), "description": "Quyết định xử phạt"}, headers=headers,
    )


def _get(user: Any, path: str) -> Any:
    return Client().get(f"/api/v1/{path}", headers={"Authorization": f"Bearer {api_token_create(user=user)}"})


@pytest.fixture(autouse=True)
def _files(tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_a_scanned_decision_is_attached_listed_and_downloaded_with_a_log_row(world, officer_a) -> None:
    accident = make_accident(actor=officer_a)
    response = _upload(officer_a, accident, "quyet-dinh.pdf", PDF)
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    assert attachment.media_type == "application/pdf" and attachment.original_name == "quyet-dinh.pdf"
    # stored under a random name, never the original one
    assert "quyet-dinh" not in attachment.file.name
    listed = _get(officer_a, f"traffic-accidents/{accident.public_id}").json()["attachments"]
    assert [a["original_name"] for a in listed] == ["quyet-dinh.pdf"]
    download = _get(officer_a, f"traffic-accidents/{accident.public_id}/attachments/{attachment.public_id}")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert AccessLogEntry.objects.filter(action="download", target_ref=str(attachment.public_id)).count() == 1


def test_the_type_is_read_from_the_content_not_the_name(world, officer_a) -> None:
    accident = make_accident(actor=officer_a)
    response = _upload(officer_a, accident, "anh-hien-truong.jpg", b"MZ\x90\x00 not a photo at all")
    assert response.status_code == 422 and "file" in json.dumps(response.json())
    assert _upload(officer_a, accident, "empty.pdf", b"").status_code in (400, 422)
    assert not Attachment.objects.exists()


@override_settings(GIAPRANH_ATTACHMENT_MAX_BYTES=100)
def test_a_file_over_the_limit_is_refused(world, officer_a) -> None:
    accident = make_accident(actor=officer_a)
    response = _upload(officer_a, accident, "big.pdf", PDF + b"0" * 200)
    assert response.status_code == 422 and "file" in json.dumps(response.json())


def test_files_follow_the_record_rule(world, officer_a, chief_a, officer_b, outsider) -> None:
    accident = make_accident(actor=officer_a)
    _upload(officer_a, accident, "quyet-dinh.pdf", PDF)
    attachment = Attachment.objects.get()
    path = f"traffic-accidents/{accident.public_id}/attachments/{attachment.public_id}"
    # the partner and the outsider cannot download it, nor attach to the record
    for user in (officer_b, outsider):
        assert _get(user, path).status_code == 404
        assert _upload(user, accident, "x.pdf", PDF).status_code == 404
    # once shared, the partner downloads it but cannot attach
    record_share(record=accident, actor=chief_a, shared=True)
    assert _get(officer_b, path).status_code == 200
    assert _upload(officer_b, accident, "x.pdf", PDF).status_code == 403
    assert _get(outsider, path).status_code == 404
