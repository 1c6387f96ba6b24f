"""Vietnamese text utilities shared by every app: folding for search, cleaning at the door.

A plain module below every app (territory and accounts use it too), so that
no lower layer imports the records layer."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Q

_SPACES = re.compile(r"\s+")
# Unicode decomposition leaves đ/Đ intact (it is a letter, not d + a mark).
# Ð/ð (eth) look the same and turn up in data typed on foreign keyboards.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "ð": "d"})


def fold(text: str | None) -> str:
    """Lowercase, strip every diacritic (đ → d included) and collapse spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text.lower().translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def compact(text: str | None) -> str:
    """The folded text without spaces or punctuation (`Hải Lựu` → `hailuu`)."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


# Zero-width and bidirectional-control characters arrive from input methods and
# copied web text; they are invisible, so they are removed rather than refused.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
# Control characters other than tab and line breaks have no place in a record.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class UncleanText(ValueError):
    """Text that cannot be stored as typed (control characters)."""


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Text as it is stored, whatever input method typed it: NFC, no invisible characters.

    Telex/VNI and copied spreadsheets give NFD or mixed forms; one form makes the
    same name compare equal everywhere. Control characters (NUL and the like) are
    refused: they are never typed, only injected or corrupted. Single-line fields
    collapse runs of spaces.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", value))
    if _CONTROL.search(text):
        raise UncleanText("control characters")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        return text.strip()
    return _SPACES.sub(" ", text).strip()


def word_start_q(field: str, word: str) -> Q:
    """`word` begins a word of a folded text column (`yen` finds "yen lang", not "huyen")."""
    return Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
