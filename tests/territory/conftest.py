"""Fixtures for territory tests: real units of Vĩnh Phúc (26) and Tuyên Quang (08) and their successors."""

from __future__ import annotations

import pytest

from giapranh.territory.choices import Edition, UnitLevel
from giapranh.territory.loading import LoadResult, units_load
from giapranh.territory.models import AdminUnit

DEMO_PROVINCES = ["26", "08"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: loads the full national dataset (a few seconds)")


@pytest.fixture
def loaded(db: None) -> LoadResult:
    """The two demo provinces (legacy) and Phú Thọ and Tuyên Quang (2025), with their succession."""
    return units_load(provinces=DEMO_PROVINCES, progress=False)


def legacy(level: str, code: str) -> AdminUnit:
    return AdminUnit.objects.get(edition=Edition.LEGACY_63, level=level, code=code)


def legacy_commune(district_name: str, short_name: str) -> AdminUnit:
    return AdminUnit.objects.select_related("parent__parent").get(
        edition=Edition.LEGACY_63, level=UnitLevel.COMMUNE,
        parent__name=district_name, short_name=short_name,
    )


def reform_commune(province_name: str, short_name: str) -> AdminUnit:
    return AdminUnit.objects.select_related("parent").get(
        edition=Edition.REFORM_2025, level=UnitLevel.COMMUNE,
        parent__name=province_name, short_name=short_name,
    )
