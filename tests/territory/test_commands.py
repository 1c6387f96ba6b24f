from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from giapranh.territory.loading import LoadResult


def test_borderpairs_prints_the_nearest_pairs(loaded: LoadResult) -> None:
    # when
    out = StringIO()
    call_command("borderpairs", "253", "076", "--max-km", "8", stdout=out)
    # then
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Huyện Sông Lô, Tỉnh Vĩnh Phúc")
    assert "08776 Xã Quang Yên" in lines[2] and "02626 Xã Tam Đa" in lines[2]
    assert lines[2].endswith("4.65")
    assert any("Xã Lãng Công" in line and "Xã Đại Phú" in line and line.endswith("7.17") for line in lines)
    assert lines[-1] == "8 pair(s)."


def test_borderpairs_with_nothing_near(loaded: LoadResult) -> None:
    # when
    out = StringIO()
    call_command("borderpairs", "253", "076", "--max-km", "1", stdout=out)
    # then
    assert "No pair of communes within that distance." in out.getvalue()


def test_borderpairs_refuses_an_unknown_code(loaded: LoadResult) -> None:
    # when / then
    with pytest.raises(CommandError, match="999"):
        call_command("borderpairs", "253", "999", stdout=StringIO())
