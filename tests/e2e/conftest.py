"""Browser tests on the demo cluster (fixtures `browser` and `page` come from tests/browser.py)."""

from __future__ import annotations

import pytest

from tests.browser import login

__all__ = ["login"]


@pytest.fixture
def demo_world(transactional_db: None) -> None:
    """The real units of Vĩnh Phúc and Tuyên Quang (and their 2025 successors) plus the demo cluster."""
    from giapranh.accounts.demo import demo_load
    from giapranh.territory.loading import units_load

    units_load(provinces=["26", "08"], progress=False)
    demo_load(records=False)
