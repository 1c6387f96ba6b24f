"""Factories of the people app. Persons are indexed for the name search like the services do."""

from __future__ import annotations

import datetime as dt

import factory

from giapranh.people.choices import ExitStatus, MeasureKind, SupervisionStatus, VisitPurpose
from giapranh.people.models import (
    ForeignVisit,
    IllegalExit,
    Measure,
    Person,
    Supervision,
    SupervisionBasis,
)
from giapranh.people.search import person_index


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    birth_year = 1990
    nationality = "VN"

    @classmethod
    def _create(cls, model_class: type[Person], *args: object, **kwargs: object) -> Person:
        person = model_class(*args, **kwargs)
        person.search_key = person.build_search_key()
        person.save()
        person_index(person)
        return person


class SupervisionBasisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionBasis
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"basis-{n}")
    name = factory.Sequence(lambda n: f"Diện quản lý {n}")


class SupervisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supervision

    person = factory.SubFactory(PersonFactory, owner_agency=factory.SelfAttribute("..owner_agency"))
    basis = factory.LazyFunction(lambda: SupervisionBasis.objects.get(code="nghien-ma-tuy"))
    number = factory.Sequence(lambda n: f"QY-QL-2020-{n + 1:03d}")
    starts_on = dt.date(2020, 3, 1)
    status = SupervisionStatus.ACTIVE


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    person = factory.SubFactory(PersonFactory, owner_agency=factory.SelfAttribute("..owner_agency"))
    kind = MeasureKind.COMMUNITY_EDUCATION
    decision_number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    decision_date = dt.date(2019, 5, 2)
    starts_on = dt.date(2019, 5, 10)


class ForeignVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForeignVisit

    visitor = factory.SubFactory(
        PersonFactory, owner_agency=factory.SelfAttribute("..owner_agency"),
        full_name="Vương Tiểu Long", nationality="CN", passport_number="E12345678",
    )
    purpose = VisitPurpose.FAMILY_VISIT
    host_household = "Hộ ông Trần Văn Bình, thôn Đồng Bào"
    arrival_on = dt.date(2018, 2, 10)
    departure_on = dt.date(2018, 2, 20)


class IllegalExitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IllegalExit

    person = factory.SubFactory(
        PersonFactory, owner_agency=factory.SelfAttribute("..owner_agency"), full_name="Hoàng Thị Mai", gender="female",
    )
    left_on = dt.date(2017, 8, 1)
    destination_country = "CN"
    status = ExitStatus.ABROAD
