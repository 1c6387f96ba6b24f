"""Persona fixtures (STYLE.md): who may see what is the point of most tests.

World: province P1 (district D1: communes A, C) and province P2 (district D2:
commune B). Communes A and B form a cluster across the provincial line; C is
outside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from giapranh.accounts.choices import AgencyKind, Role
from giapranh.accounts.models import Agency, User
from giapranh.territory.choices import UnitLevel, UnitType
from giapranh.territory.models import AdminUnit, Cluster
from tests.factories import AdminUnitFactory, AgencyFactory, ClusterFactory, UserFactory

pytest_plugins = ["tests.browser"]


@dataclass
class World:
    province_1: AdminUnit
    province_2: AdminUnit
    district_1: AdminUnit
    district_2: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    commune_c: AdminUnit
    province_police_1: Agency
    district_police_1: Agency
    district_police_2: Agency
    police_a: Agency
    police_b: Agency
    police_c: Agency
    cluster: Cluster


@pytest.fixture
def world(db: None) -> World:
    p1 = AdminUnitFactory(level=UnitLevel.PROVINCE, unit_type=UnitType.PROVINCE, name="Tỉnh Vĩnh Phúc", short_name="Vĩnh Phúc", code="26")
    p2 = AdminUnitFactory(level=UnitLevel.PROVINCE, unit_type=UnitType.PROVINCE, name="Tỉnh Tuyên Quang", short_name="Tuyên Quang", code="08")
    d1 = AdminUnitFactory(level=UnitLevel.DISTRICT, unit_type=UnitType.DISTRICT, name="Huyện Sông Lô", short_name="Sông Lô", code="253", parent=p1)
    d2 = AdminUnitFactory(level=UnitLevel.DISTRICT, unit_type=UnitType.DISTRICT, name="Huyện Sơn Dương", short_name="Sơn Dương", code="076", parent=p2)
    a = AdminUnitFactory(name="Xã Quang Yên", short_name="Quang Yên", code="08776", parent=d1)
    b = AdminUnitFactory(name="Xã Tam Đa", short_name="Tam Đa", code="02626", parent=d2)
    c = AdminUnitFactory(name="Xã Đồng Thịnh", short_name="Đồng Thịnh", code="08770", parent=d1)
    pp1 = AgencyFactory(name="Công an tỉnh Vĩnh Phúc", code="VP", kind=AgencyKind.PROVINCE_POLICE, jurisdiction=p1)
    dp1 = AgencyFactory(name="Công an huyện Sông Lô", code="SL", kind=AgencyKind.DISTRICT_POLICE, jurisdiction=d1, parent=pp1)
    dp2 = AgencyFactory(name="Công an huyện Sơn Dương", code="SD", kind=AgencyKind.DISTRICT_POLICE, jurisdiction=d2)
    police_a = AgencyFactory(name="Công an xã Quang Yên", code="QY", jurisdiction=a, parent=dp1)
    police_b = AgencyFactory(name="Công an xã Tam Đa", code="TD", jurisdiction=b, parent=dp2)
    police_c = AgencyFactory(name="Công an xã Đồng Thịnh", code="DT", jurisdiction=c, parent=dp1)
    cluster = ClusterFactory(name="Cụm giáp ranh Sông Lô – Sơn Dương", slug="song-lo-son-duong")
    cluster.communes.set([a, b])
    return World(p1, p2, d1, d2, a, b, c, pp1, dp1, dp2, police_a, police_b, police_c, cluster)


@pytest.fixture
def officer_a(world: World) -> User:
    """Commune officer of A (owner side)."""
    return UserFactory(username="officer_a", agency=world.police_a, role=Role.COMMUNE_OFFICER)


@pytest.fixture
def chief_a(world: World) -> User:
    return UserFactory(username="chief_a", agency=world.police_a, role=Role.COMMUNE_CHIEF)


@pytest.fixture
def officer_b(world: World) -> User:
    """Commune officer of B: same cluster, other province."""
    return UserFactory(username="officer_b", agency=world.police_b, role=Role.COMMUNE_OFFICER)


@pytest.fixture
def outsider(world: World) -> User:
    """Commune officer of C: same district as A, but outside the cluster."""
    return UserFactory(username="outsider", agency=world.police_c, role=Role.COMMUNE_OFFICER)


@pytest.fixture
def superior_1(world: World) -> User:
    """District police of A's district."""
    return UserFactory(username="superior_1", agency=world.district_police_1, role=Role.SUPERIOR)


@pytest.fixture
def steering(world: World) -> User:
    """Steering committee viewer: aggregates only, never records."""
    return UserFactory(username="steering", agency=world.district_police_1, role=Role.STEERING)


@pytest.fixture
def administrator(world: World) -> User:
    return UserFactory(username="admin_it", agency=None, role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def reference_data(db: None) -> None:
    """Reference lists seeded by data migrations, put back after a transactional test flushed them."""
    import importlib

    from django.apps import apps

    for module in ("giapranh.incidents.migrations.0002_seed_categories", "giapranh.people.migrations.0003_seed_supervision_bases"):
        importlib.import_module(module).seed(apps, None)
