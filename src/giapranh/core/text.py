"""Vietnamese text utilities shared by every name search."""

from __future__ import annotations

import re
import unicodedata

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
