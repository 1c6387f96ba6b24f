from __future__ import annotations

from collections.abc import Iterator

import pytest

from giapranh.people.search import vocabulary_forget


@pytest.fixture(autouse=True)
def _fresh_vocabulary() -> Iterator[None]:
    """Each test's rolled-back syllables must not survive in the per-process vocabulary cache."""
    vocabulary_forget()
    yield
    vocabulary_forget()
