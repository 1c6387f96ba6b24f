"""Writes of the people app: validation, numbering, communes on the record's date, who may write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from giapranh.people.choices import ExitStatus, MeasureKind, SupervisionStatus, VisitPurpose
from giapranh.people.models import PersonNameToken, SupervisionBasis
from giapranh.people.services import (
    exit_create,
    exit_update,
    measure_create,
    person_create,
    person_delete,
    person_update,
    supervision_create,
    supervision_update,
    visit_create,
    visit_update,
)
from giapranh.territory.models import UnitSuccession
from tests.factories import AdminUnitFactory
from tests.people.factories import PersonFactory, SupervisionFactory

pytestmark = pytest.mark.django_db


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


@pytest.fixture
def basis() -> SupervisionBasis:
    return SupervisionBasis.objects.get(code="nghien-ma-tuy")


@pytest.fixture
def person(world, officer_a):
    return person_create(actor=officer_a, full_name="Nguyễn Văn Đức", birth_year=1985)


@pytest.fixture
def foreigner(world, officer_a):
    return person_create(actor=officer_a, full_name="Vương Tiểu Long", nationality="CN", passport_number="E12345678")


# --- persons ---------------------------------------------------------------------------------


def test_person_belongs_to_the_actors_agency_and_is_indexed(world, officer_a) -> None:
    # when
    person = person_create(actor=officer_a, full_name="  Nguyễn   Văn Đức ", other_names="Đức Béo", birth_date=dt.date(1985, 4, 30))
    # then
    assert person.owner_agency == world.police_a
    assert person.full_name == "Nguyễn Văn Đức" and person.birth_year == 1985
    assert person.search_key == "nguyen van duc duc beo"
    assert set(PersonNameToken.objects.filter(person=person).values_list("token", flat=True)) == {"nguyen", "van", "duc", "beo"}
    assert person.history.get().history_user == officer_a


@pytest.mark.parametrize("id_number", ["12345", "12345678901", "00108501234X", "0010850123456", "ABCDEFGHI"])
def test_bad_citizen_id_numbers_are_refused_naming_the_field(officer_a, id_number) -> None:
    with pytest.raises(ValidationError) as excinfo:
        person_create(actor=officer_a, full_name="Lê Văn A", id_number=id_number)
    assert list(errors_of(excinfo)) == ["id_number"]


def test_citizen_id_messages_say_what_is_wrong(officer_a) -> None:
    with pytest.raises(ValidationError) as short:
        person_create(actor=officer_a, full_name="Lê Văn A", id_number="12345")
    with pytest.raises(ValidationError) as letters:
        person_create(actor=officer_a, full_name="Lê Văn A", id_number="12345678X")
    assert errors_of(short)["id_number"] != errors_of(letters)["id_number"]


@pytest.mark.parametrize("id_number", ["001085012345", "012345678", "0010 8501 2345", "001.085.012.345"])
def test_cccd_and_old_cmnd_numbers_are_accepted(officer_a, id_number) -> None:
    person = person_create(actor=officer_a, full_name="Lê Văn A", id_number=id_number)
    assert person.id_number.isdigit() and len(person.id_number) in (9, 12)


def test_birth_date_and_year_must_agree_and_the_date_cannot_be_in_the_future(officer_a) -> None:
    with pytest.raises(ValidationError) as mismatch:
        person_create(actor=officer_a, full_name="Lê Văn A", birth_date=dt.date(1985, 1, 1), birth_year=1986)
    assert list(errors_of(mismatch)) == ["birth_year"]
    with pytest.raises(ValidationError) as future:
        person_create(actor=officer_a, full_name="Lê Văn A", birth_date=timezone.localdate() + dt.timedelta(days=1))
    assert "birth_date" in errors_of(future)
    with pytest.raises(ValidationError) as ancient:
        person_create(actor=officer_a, full_name="Lê Văn A", birth_year=1850)
    assert list(errors_of(ancient)) == ["birth_year"]


def test_a_new_birth_date_brings_its_year(officer_a, person) -> None:
    person_update(person=person, actor=officer_a, birth_date=dt.date(1987, 6, 1))
    person.refresh_from_db()
    assert person.birth_year == 1987


def test_nationality_is_a_two_letter_code(officer_a) -> None:
    assert person_create(actor=officer_a, full_name="Lý Minh", nationality="cn", passport_number="e1234567").nationality == "CN"
    for bad in ("VNM", "V", "1A"):
        with pytest.raises(ValidationError) as excinfo:
            person_create(actor=officer_a, full_name="Lý Minh", nationality=bad)
        assert list(errors_of(excinfo)) == ["nationality"]


def test_citizen_ids_are_for_vietnamese_whose_passport_may_be_recorded_too(officer_a) -> None:
    # A Vietnamese citizen's passport matters for illegal exits.
    citizen = person_create(actor=officer_a, full_name="Lê Văn A", nationality="VN", id_number="001085012345", passport_number="C1234567")
    assert (citizen.id_number, citizen.passport_number) == ("001085012345", "C1234567")
    with pytest.raises(ValidationError) as cn_id:
        person_create(actor=officer_a, full_name="Lý Minh", nationality="CN", id_number="001085012345")
    assert list(errors_of(cn_id)) == ["id_number"]


def test_only_commune_officers_record_and_only_the_owner_edits(world, officer_a, chief_a, officer_b, superior_1, steering, person) -> None:
    for actor in (superior_1, steering):
        with pytest.raises(PermissionDenied):
            person_create(actor=actor, full_name="Lê Văn A")
    with pytest.raises(PermissionDenied):
        person_update(person=person, actor=officer_b, full_name="Lê Văn B")
    assert person_update(person=person, actor=chief_a, phone="0912345678").phone == "0912345678"


def test_unknown_fields_are_a_programming_error(officer_a, person) -> None:
    with pytest.raises(TypeError):
        person_update(person=person, actor=officer_a, owner_agency=None)


def test_a_person_in_a_record_cannot_be_deleted(world, officer_a, person) -> None:
    SupervisionFactory(owner_agency=world.police_a, commune=world.commune_a, person=person)
    with pytest.raises(ValidationError):
        person_delete(person=person, actor=officer_a)


def test_deleting_a_person_drops_their_index_rows(officer_a, person) -> None:
    person_delete(person=person, actor=officer_a)
    assert not PersonNameToken.objects.exists()


# --- supervision ----------------------------------------------------------------------------


def test_supervision_is_numbered_per_agency_and_year(world, officer_a, person, basis) -> None:
    # when
    first = supervision_create(actor=officer_a, person=person, basis=basis, starts_on=dt.date(2020, 3, 1))
    second = supervision_create(actor=officer_a, person=person, basis=basis, starts_on=dt.date(2020, 9, 1))
    older = supervision_create(actor=officer_a, person=person, basis=basis, starts_on=dt.date(2019, 9, 1))
    # then
    assert [first.number, second.number, older.number] == ["QY-QL-2020-001", "QY-QL-2020-002", "QY-QL-2019-001"]
    assert first.commune == world.commune_a and first.owner_agency == world.police_a
    assert first.history.get().history_user == officer_a


def test_supervision_cannot_end_before_it_starts(officer_a, person, basis) -> None:
    with pytest.raises(ValidationError) as excinfo:
        supervision_create(actor=officer_a, person=person, basis=basis, starts_on=dt.date(2020, 3, 1), ends_on=dt.date(2020, 2, 1))
    assert list(errors_of(excinfo)) == ["ends_on"]
    with pytest.raises(ValidationError) as ended:
        supervision_create(actor=officer_a, person=person, basis=basis, starts_on=dt.date(2020, 3, 1), status=SupervisionStatus.ENDED)
    assert list(errors_of(ended)) == ["ends_on"]


def test_an_inactive_basis_is_not_offered_for_new_supervisions(officer_a, person, basis) -> None:
    basis.active = False
    basis.save()
    with pytest.raises(ValidationError) as excinfo:
        supervision_create(actor=officer_a, person=person, basis=basis, starts_on=dt.date(2020, 3, 1))
    assert list(errors_of(excinfo)) == ["basis"]


def test_the_commune_must_be_in_force_on_the_records_date(world, officer_a, person, basis) -> None:
    # given: commune A merged into a new commune on 1 July 2025
    new_a = AdminUnitFactory(name="Xã Yên Lãng", edition="reform2025", valid_from=dt.date(2025, 7, 1), valid_to=None)
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=new_a)
    # when: a 2020 record is filed under the new commune
    with pytest.raises(ValidationError) as excinfo:
        supervision_create(actor=officer_a, person=person, basis=basis, starts_on=dt.date(2020, 3, 1), commune=new_a)
    # then: the error is on the commune and names the unit
    assert list(errors_of(excinfo)) == ["commune"]
    assert "Xã Yên Lãng" in errors_of(excinfo)["commune"][0]


def test_left_empty_the_commune_is_the_one_listed_on_the_date(world, officer_a, person, basis) -> None:
    # given
    new_a = AdminUnitFactory(name="Xã Yên Lãng", edition="reform2025", valid_from=dt.date(2025, 7, 1), valid_to=None)
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=new_a)
    # when
    before = supervision_create(actor=officer_a, person=person, basis=basis, starts_on=dt.date(2025, 6, 30))
    after = supervision_create(actor=officer_a, person=person, basis=basis, starts_on=dt.date(2025, 7, 1))
    # then
    assert before.commune == world.commune_a
    assert after.commune == new_a and after.number == "QY-QL-2025-002"


def test_records_go_under_the_actors_communes_only(world, officer_a, person, basis) -> None:
    with pytest.raises(ValidationError) as excinfo:
        supervision_create(actor=officer_a, person=person, basis=basis, starts_on=dt.date(2020, 3, 1), commune=world.commune_b)
    assert list(errors_of(excinfo)) == ["commune"]


def test_records_refer_only_to_persons_the_actor_sees(world, officer_b, person, basis) -> None:
    with pytest.raises(ValidationError) as excinfo:
        supervision_create(actor=officer_b, person=person, basis=basis, starts_on=dt.date(2020, 3, 1))
    assert list(errors_of(excinfo)) == ["person"]


def test_only_the_owner_changes_a_supervision(world, officer_a, officer_b, person, basis) -> None:
    supervision = supervision_create(actor=officer_a, person=person, basis=basis, starts_on=dt.date(2020, 3, 1), notes="")
    supervision.shared_with_cluster = True
    supervision.save()
    with pytest.raises(PermissionDenied):
        supervision_update(record=supervision, actor=officer_b, notes="Sửa")
    updated = supervision_update(record=supervision, actor=officer_a, status=SupervisionStatus.ENDED, ends_on=dt.date(2021, 3, 1))
    assert updated.status == SupervisionStatus.ENDED and updated.number == "QY-QL-2020-001"


# --- measures -------------------------------------------------------------------------------


def test_compulsory_measures_name_their_facility(officer_a, person) -> None:
    data = {"actor": officer_a, "person": person, "decision_number": "15/QĐ-UBND", "decision_date": dt.date(2019, 5, 2), "starts_on": dt.date(2019, 5, 10)}
    with pytest.raises(ValidationError) as excinfo:
        measure_create(kind=MeasureKind.COMPULSORY_REHAB, **data)
    assert list(errors_of(excinfo)) == ["facility"]
    measure = measure_create(kind=MeasureKind.COMPULSORY_EDUCATION, facility="Trường giáo dưỡng số 2", **data)
    assert measure.commune.name == "Xã Quang Yên"
    assert measure_create(kind=MeasureKind.COMMUNITY_EDUCATION, **data).facility == ""


def test_measure_ends_after_it_starts_and_belongs_to_the_supervised_person(world, officer_a, person, basis) -> None:
    other = person_create(actor=officer_a, full_name="Trần Văn B")
    supervision = supervision_create(actor=officer_a, person=other, basis=basis, starts_on=dt.date(2019, 1, 1))
    data = {"actor": officer_a, "person": person, "kind": MeasureKind.COMMUNITY_EDUCATION, "decision_number": "1/QĐ",
            "decision_date": dt.date(2019, 5, 2), "starts_on": dt.date(2019, 5, 10)}
    with pytest.raises(ValidationError) as period:
        measure_create(ends_on=dt.date(2019, 5, 1), **data)
    assert list(errors_of(period)) == ["ends_on"]
    with pytest.raises(ValidationError) as wrong:
        measure_create(supervision=supervision, **data)
    assert list(errors_of(wrong)) == ["supervision"]


# --- foreign visits -------------------------------------------------------------------------


def test_a_visitor_must_be_a_foreign_national_with_a_passport(world, officer_a, person, foreigner) -> None:
    data = {"actor": officer_a, "purpose": VisitPurpose.FAMILY_VISIT, "host_household": "Hộ ông Trần Văn Bình, thôn Đồng Bào",
            "arrival_on": dt.date(2018, 2, 10)}
    with pytest.raises(ValidationError) as vietnamese:
        visit_create(visitor=person, **data)
    assert list(errors_of(vietnamese)) == ["visitor"]
    no_passport = person_create(actor=officer_a, full_name="Lý Văn Chương", nationality="CN")
    with pytest.raises(ValidationError) as missing:
        visit_create(visitor=no_passport, **data)
    assert list(errors_of(missing)) == ["visitor"]
    visit = visit_create(visitor=foreigner, **data)
    assert visit.commune == world.commune_a


def test_departure_is_not_before_arrival(officer_a, foreigner) -> None:
    visit = visit_create(actor=officer_a, visitor=foreigner, purpose=VisitPurpose.WORK, host_household="Hộ bà Lan, thôn Cả", arrival_on=dt.date(2018, 2, 10))
    with pytest.raises(ValidationError) as excinfo:
        visit_update(record=visit, actor=officer_a, departure_on=dt.date(2018, 2, 1))
    assert list(errors_of(excinfo)) == ["departure_on"]


# --- illegal exits --------------------------------------------------------------------------


def test_illegal_exit_return_and_status_agree(officer_a, person) -> None:
    exit_ = exit_create(actor=officer_a, person=person, left_on=dt.date(2017, 8, 1), destination_country="cn", suspected_trafficking=True)
    assert (exit_.destination_country, exit_.status) == ("CN", ExitStatus.ABROAD)
    with pytest.raises(ValidationError) as early:
        exit_update(record=exit_, actor=officer_a, returned_on=dt.date(2017, 7, 1), status=ExitStatus.RETURNED)
    assert list(errors_of(early)) == ["returned_on"]
    exit_.refresh_from_db()
    with pytest.raises(ValidationError) as inconsistent:
        exit_update(record=exit_, actor=officer_a, returned_on=dt.date(2018, 7, 1))
    assert list(errors_of(inconsistent)) == ["status"]
    exit_.refresh_from_db()
    returned = exit_update(record=exit_, actor=officer_a, returned_on=dt.date(2018, 7, 1), status=ExitStatus.RETURNED)
    assert returned.returned_on == dt.date(2018, 7, 1)


def test_destination_is_a_country_code(officer_a, person) -> None:
    with pytest.raises(ValidationError) as excinfo:
        exit_create(actor=officer_a, person=person, left_on=dt.date(2017, 8, 1), destination_country="China")
    assert "destination_country" in errors_of(excinfo)


def test_a_record_dated_before_its_commune_existed_is_refused(world, officer_a) -> None:
    # given: a person recorded by the new commune's police after the reform
    new_a = AdminUnitFactory(name="Xã Yên Lãng", edition="reform2025", valid_from=dt.date(2025, 7, 1), valid_to=None)
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=new_a)
    person = PersonFactory(owner_agency=world.police_a)
    # then: an exit of 2024 cannot be filed under the 2025 commune
    with pytest.raises(ValidationError) as excinfo:
        exit_create(actor=officer_a, person=person, left_on=dt.date(2024, 5, 1), commune=new_a)
    assert list(errors_of(excinfo)) == ["commune"]
    assert exit_create(actor=officer_a, person=person, left_on=dt.date(2025, 8, 1), commune=new_a).commune == new_a
