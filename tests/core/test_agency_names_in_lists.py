"""Every record list names agencies by their name, never by their code (issue 7, point 7)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from giapranh.accounts.models import Agency
from tests.core.test_conformance import cast, record, record_type  # noqa: F401  # the conformance fixtures, reused

pytestmark = pytest.mark.usefixtures("reference_data")

_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _cells(page: str) -> list[str]:
    table = page[page.index('<table class="records"'):]  # the kit's table or the type's own
    table = table[: table.index("</table>")]
    return [html.unescape(_TAG.sub("", cell)).strip() for cell in _CELL.findall(table)]


def test_lists_name_agencies_not_codes(record_type, cast, record, world) -> None:  # noqa: F811  # fixtures
    # given: a record of the type whose agency columns name an agency (the owner when the sample names none)
    agency_columns = [
        name for name in record_type.list_columns
        if name not in record_type.computed_columns
        and getattr(record._meta.get_field(name), "related_model", None) is Agency
    ]
    for name in agency_columns:
        if getattr(record, f"{name}_id") is None:
            setattr(record, name, world.police_b)
            record.save(update_fields=[name])
    codes = set(Agency.objects.values_list("code", flat=True))
    for user in (cast.author, *cast.readers):
        client = Client()
        client.force_login(user)
        # when: the list is read
        cells = _cells(client.get(reverse(record_type.url("list"))).content.decode())
        # then: each agency column shows the agency's name, and no cell is an agency's code
        for name in agency_columns:
            agency = getattr(record, name)
            assert agency.name in cells, (record_type.label, name, user.username, cells)
        assert not codes & set(cells), (record_type.label, user.username, cells)
