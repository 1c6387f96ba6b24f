"""Factories shared by the whole suite."""

from __future__ import annotations

import datetime as dt

import factory

from giapranh.accounts.choices import AgencyKind, Role
from giapranh.accounts.models import Agency, User
from giapranh.territory.choices import Edition, UnitLevel, UnitType
from giapranh.territory.models import AdminUnit, Cluster

PASSWORD = "Mat-khau-thu-nghiem-2026"


class AdminUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit
        skip_postgeneration_save = True

    edition = Edition.LEGACY_63
    level = UnitLevel.COMMUNE
    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.LazyAttribute(lambda o: f"Xã {o.short_name}")
    short_name = factory.Sequence(lambda n: f"Thử {n}")
    unit_type = UnitType.COMMUNE
    valid_to = dt.date(2025, 6, 30)
    latitude = 21.5
    longitude = 105.4

    @factory.post_generation
    def _search_key(obj: AdminUnit, create: bool, extracted: object, **kwargs: object) -> None:
        obj.search_key = obj.build_search_key()
        if create:
            obj.save(update_fields=["search_key"])


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.LazyAttribute(lambda o: f"Công an {o.jurisdiction.name}")
    code = factory.Sequence(lambda n: f"AG{n}")
    kind = AgencyKind.COMMUNE_POLICE
    jurisdiction = factory.SubFactory(AdminUnitFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.COMMUNE_OFFICER
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cụm thử {n}")
    slug = factory.Sequence(lambda n: f"cum-thu-{n}")
