from hypothesis import given
from hypothesis import strategies as st

from giapranh.core.text import compact, fold


def test_fold_strips_every_vietnamese_diacritic_including_d_bar() -> None:
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("  XÃ   HẢI LỰU ") == "xa hai luu"
    assert fold("đường Đê") == "duong de"
    assert fold("Ỷ Lan, Ứng Hòa, Quỳnh Phụ") == "y lan, ung hoa, quynh phu"


def test_fold_handles_precomposed_and_decomposed_input_alike() -> None:
    import unicodedata

    text = "Trường Sinh, Đại Phú"
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text)) == "truong sinh, dai phu"


def test_fold_of_empty_is_empty() -> None:
    assert fold(None) == "" and fold("") == ""


def test_compact_removes_spaces_and_punctuation() -> None:
    assert compact("Xã Hải Lựu") == "xahailuu"


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese_letters(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert "đ" not in once and "Đ" not in once
