"""Writes: numbering, the rules every incident and accident obeys, involvements, statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from giapranh.incidents.choices import IncidentOutcome, InvolvementRole
from giapranh.incidents.models import (
    Incident,
    IncidentCategory,
    Involvement,
    TrafficAccident,
)
from giapranh.incidents.selectors import accident_stats, incident_stats
from giapranh.incidents.services import (
    accident_create,
    accident_update,
    incident_update,
    involvement_add,
    involvement_remove,
)
from tests.incidents.factories import at, category, make_accident, make_incident, make_person

pytestmark = pytest.mark.django_db


def _fields(error: ValidationError) -> set[str]:
    return set(error.value.error_dict)  # type: ignore[attr-defined]


# --- taxonomy ------------------------------------------------------------------------------------


def test_the_taxonomy_is_seeded_as_two_groups_of_subtypes() -> None:
    # when
    groups = {c.code: c for c in IncidentCategory.objects.filter(parent__isnull=True)}
    # then
    assert set(groups) == {"anct", "ttxh"}
    assert groups["anct"].children.count() == 4
    assert groups["ttxh"].children.count() == 11
    theft = category("ttxh-trom-cap-tai-san")
    assert (theft.name, theft.group, theft.parent.code) == ("Trộm cắp tài sản", "social_order", "ttxh")
    assert set(IncidentCategory.objects.filter(parent__code="anct").values_list("group", flat=True)) == {"political_security"}


def test_a_subtype_takes_its_groups_family_and_cannot_nest() -> None:
    # given
    new = IncidentCategory(code="ttxh-buon-lau", name="Buôn lậu", parent=IncidentCategory.objects.get(code="ttxh"))
    # when
    new.full_clean()
    # then
    assert new.group == "social_order"
    nested = IncidentCategory(code="x", name="x", parent=category("ttxh-ma-tuy"))
    with pytest.raises(ValidationError) as error:
        nested.full_clean()
    assert _fields(error) == {"parent"}


def test_only_the_taxonomy_is_in_the_admin_never_operational_records() -> None:
    assert admin.site.is_registered(IncidentCategory)
    assert not admin.site.is_registered(Incident)
    assert not admin.site.is_registered(TrafficAccident)
    assert not admin.site.is_registered(Involvement)


# --- numbering -----------------------------------------------------------------------------------


def test_numbers_count_per_agency_and_year(officer_a, chief_a, officer_b) -> None:
    # when
    first = make_incident(actor=officer_a)
    second = make_incident(actor=chief_a, occurred_at=at(2020, 12, 31, 23, 50))
    next_year = make_incident(actor=officer_a, occurred_at=at(2021, 1, 1, 0, 10))
    other_commune = make_incident(actor=officer_b)
    # then
    assert [first.number, second.number, next_year.number] == ["QY-2020-001", "QY-2020-002", "QY-2021-001"]
    assert other_commune.number == "TD-2020-001"


def test_accidents_have_their_own_series(officer_a) -> None:
    # given
    make_incident(actor=officer_a)
    # when
    accidents = [make_accident(actor=officer_a), make_accident(actor=officer_a)]
    # then
    assert [a.number for a in accidents] == ["QY-TN-2020-001", "QY-TN-2020-002"]


def test_a_rejected_incident_does_not_use_up_a_number(officer_a) -> None:
    # given
    with pytest.raises(ValidationError):
        make_incident(actor=officer_a, reported_at=at(2020, 3, 14))
    # when
    incident = make_incident(actor=officer_a)
    # then
    assert incident.number == "QY-2020-001"


def test_the_number_never_changes(officer_a) -> None:
    # given
    incident = make_incident(actor=officer_a)
    # when
    incident_update(
        incident=incident, actor=officer_a, occurred_at=at(2021, 2, 1), reported_at=at(2021, 2, 1, 9),
        category=category("ttxh-danh-bac"), summary="Đánh bạc",
    )
    # then
    incident.refresh_from_db()
    assert incident.number == "QY-2020-001"
    assert incident.category.code == "ttxh-danh-bac"


# --- rules ---------------------------------------------------------------------------------------


def test_reported_before_it_occurred_is_refused(officer_a) -> None:
    with pytest.raises(ValidationError) as error:
        make_incident(actor=officer_a, occurred_at=at(2020, 3, 15, 8), reported_at=at(2020, 3, 15, 7, 59))
    assert _fields(error) == {"reported_at"}
    assert not Incident.objects.exists()


def test_an_incident_cannot_have_occurred_in_the_future(officer_a) -> None:
    later = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        make_incident(actor=officer_a, occurred_at=later, reported_at=later)
    assert "occurred_at" in _fields(error)


def test_the_commune_is_chosen_automatically(world, officer_a) -> None:
    # when
    incident = make_incident(actor=officer_a, commune=None)
    # then
    assert incident.commune == world.commune_a
    assert incident.owner_agency == world.police_a


def test_after_the_reform_the_successor_commune_is_chosen(world, officer_a, successor_a) -> None:
    # when
    incident = make_incident(actor=officer_a, occurred_at=at(2025, 8, 1), commune=None)
    before = make_incident(actor=officer_a, occurred_at=at(2025, 6, 30, 23), commune=None)
    # then
    assert incident.commune == successor_a
    assert before.commune == world.commune_a


def test_a_commune_not_listed_on_the_date_is_refused(world, officer_a, successor_a) -> None:
    # when: the old commune for a date after 1 July 2025
    with pytest.raises(ValidationError) as error:
        make_incident(actor=officer_a, occurred_at=at(2025, 8, 1), commune=world.commune_a)
    # then
    assert _fields(error) == {"commune"}
    assert world.commune_a.name in error.value.error_dict["commune"][0].messages[0]
    # and: the new commune before it existed
    with pytest.raises(ValidationError) as error:
        make_incident(actor=officer_a, occurred_at=at(2020, 3, 1), commune=successor_a)
    assert _fields(error) == {"commune"}


def test_no_commune_on_the_date_means_the_officer_must_choose(officer_a) -> None:
    # given: commune A ended on 30/06/2025 and no successor is loaded
    with pytest.raises(ValidationError) as error:
        make_incident(actor=officer_a, occurred_at=at(2025, 8, 1), commune=None)
    assert _fields(error) == {"commune"}


def test_another_agencys_commune_is_refused(world, officer_a) -> None:
    with pytest.raises(ValidationError) as error:
        make_incident(actor=officer_a, commune=world.commune_b)
    assert _fields(error) == {"commune"}


def test_cleared_jointly_needs_a_partner_agency(world, officer_a) -> None:
    # when / then
    with pytest.raises(ValidationError) as error:
        make_incident(actor=officer_a, cleared_jointly=True)
    assert _fields(error) == {"partner_agencies"}
    with pytest.raises(ValidationError) as error:
        make_incident(actor=officer_a, cleared_jointly=True, partner_agencies=[world.police_a])
    assert _fields(error) == {"partner_agencies"}
    # and: with the neighbour across the river it is fine
    incident = make_incident(actor=officer_a, cleared_jointly=True, partner_agencies=[world.police_b])
    assert list(incident.partner_agencies.all()) == [world.police_b]


def test_latitude_without_longitude_is_refused(officer_a) -> None:
    with pytest.raises(ValidationError) as error:
        make_incident(actor=officer_a, latitude=21.5)
    assert _fields(error) == {"longitude"}


def test_coordinates_outside_vietnam_are_refused(officer_a) -> None:
    with pytest.raises(ValidationError) as error:
        make_incident(actor=officer_a, latitude=105.4, longitude=21.5)  # swapped
    assert _fields(error) == {"latitude", "longitude"}
    incident = make_incident(actor=officer_a, latitude=21.52, longitude=105.41)
    assert (incident.latitude, incident.longitude) == (21.52, 105.41)


def test_only_active_subtypes_can_be_chosen(officer_a) -> None:
    # group node
    with pytest.raises(ValidationError) as error:
        make_incident(actor=officer_a, category=IncidentCategory.objects.get(code="ttxh"))
    assert _fields(error) == {"category"}
    # retired sub-type
    gambling = category("ttxh-danh-bac")
    incident = make_incident(actor=officer_a, category=gambling)
    IncidentCategory.objects.filter(pk=gambling.pk).update(active=False)
    gambling.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        make_incident(actor=officer_a, category=gambling)
    assert _fields(error) == {"category"}
    # ... but an old incident keeps it when edited
    incident_update(
        incident=incident, actor=officer_a, occurred_at=incident.occurred_at, reported_at=incident.reported_at,
        category=gambling, summary="Sửa tóm tắt", outcome=IncidentOutcome.NOT_PROSECUTED,
    )
    incident.refresh_from_db()
    assert incident.outcome == IncidentOutcome.NOT_PROSECUTED


def test_death_count_below_zero_is_refused(officer_a) -> None:
    with pytest.raises(ValidationError) as error:
        make_accident(actor=officer_a, deaths=-1, injuries=-2, damage_vnd=-5)
    assert _fields(error) == {"deaths", "injuries", "damage_vnd"}
    assert not TrafficAccident.objects.exists()


def test_accident_rules_match_the_incidents(world, officer_a, successor_a) -> None:
    with pytest.raises(ValidationError) as error:
        make_accident(actor=officer_a, occurred_at=at(2025, 8, 1), commune=world.commune_a, longitude=105.4)
    assert _fields(error) == {"commune", "latitude"}
    accident = make_accident(actor=officer_a, occurred_at=at(2025, 8, 1))
    assert accident.commune == successor_a


# --- who may write -------------------------------------------------------------------------------


def test_only_commune_police_record(superior_1, steering, administrator) -> None:
    for user in (superior_1, steering, administrator):
        with pytest.raises(PermissionDenied):
            make_incident(actor=user)
        with pytest.raises(PermissionDenied):
            accident_create(actor=user, occurred_at=at(2020, 1, 1), place="QL2C")


def test_only_the_owner_agency_changes_a_record(incident_a, accident_a, officer_b, chief_a, superior_1) -> None:
    # given: shared with the cluster, so B can read it
    incident_a.shared_with_cluster = True
    incident_a.save()
    for user in (officer_b, superior_1):
        with pytest.raises(PermissionDenied):
            incident_update(
                incident=incident_a, actor=user, occurred_at=incident_a.occurred_at,
                reported_at=incident_a.reported_at, category=incident_a.category, summary="x",
            )
        with pytest.raises(PermissionDenied):
            accident_update(accident=accident_a, actor=user, occurred_at=accident_a.occurred_at, place="x")
    # the chief of the owner commune may
    accident_update(accident=accident_a, actor=chief_a, occurred_at=accident_a.occurred_at, place="QL2C km 3", deaths=1)
    accident_a.refresh_from_db()
    assert (accident_a.place, accident_a.deaths) == ("QL2C km 3", 1)


def test_changes_are_attributed_to_the_actor(officer_a, chief_a) -> None:
    # given
    incident = make_incident(actor=officer_a)
    # when
    incident_update(
        incident=incident, actor=chief_a, occurred_at=incident.occurred_at, reported_at=incident.reported_at,
        category=incident.category, summary="Đã xác minh", status="verifying",
    )
    # then
    versions = list(incident.history.order_by("history_date"))
    assert [(v.history_type, v.history_user) for v in versions] == [("+", officer_a), ("~", chief_a)]


# --- involvements --------------------------------------------------------------------------------


def test_involvements_are_added_and_removed_by_the_owner(world, officer_a, incident_a, person_an) -> None:
    # given
    victim = make_person(agency=world.police_a, full_name="Hoàng Thị Lan")
    # when
    involvement = involvement_add(incident=incident_a, actor=officer_a, person=victim, role=InvolvementRole.VICTIM, note="Chủ trâu")
    # then
    assert sorted(incident_a.involvements.values_list("person__full_name", "role")) == [
        ("Hoàng Thị Lan", "victim"), ("Nguyễn Văn An", "suspect"),
    ]
    # same person, same role again: refused, naming the person field
    with pytest.raises(ValidationError) as error:
        involvement_add(incident=incident_a, actor=officer_a, person=person_an, role=InvolvementRole.SUSPECT)
    assert _fields(error) == {"person"}
    # when
    involvement_remove(involvement=involvement, actor=officer_a)
    # then
    assert list(incident_a.involvements.values_list("role", flat=True)) == ["suspect"]


def test_involvements_need_the_owner_and_a_known_person(world, incident_a, officer_b) -> None:
    # given
    stranger = make_person(agency=world.police_b, full_name="Lý Văn Tư")
    # when / then: B may not touch A's incident
    with pytest.raises(PermissionDenied):
        involvement_add(incident=incident_a, actor=officer_b, person=stranger, role=InvolvementRole.WITNESS)
    with pytest.raises(PermissionDenied):
        involvement_remove(involvement=incident_a.involvements.get(), actor=officer_b)
    # and: A cannot attach a person only B knows
    owner = incident_a.owner_agency.users.get(username="officer_a")
    with pytest.raises(ValidationError) as error:
        involvement_add(incident=incident_a, actor=owner, person=stranger, role=InvolvementRole.WITNESS)
    assert _fields(error) == {"person"}


# --- statistics for the review report ------------------------------------------------------------


def test_cases_and_subjects_per_outcome(world, officer_a) -> None:
    # given: 2 prosecuted cases with 3 suspects (and a victim), 1 not prosecuted with 1, 1 pending
    people = [make_person(agency=world.police_a, full_name=f"Đối tượng {i}") for i in range(5)]
    prosecuted_1 = make_incident(actor=officer_a, outcome="prosecuted", cleared_jointly=True, partner_agencies=[world.police_b])
    prosecuted_2 = make_incident(actor=officer_a, outcome="prosecuted")
    not_prosecuted = make_incident(actor=officer_a, outcome="not_prosecuted")
    make_incident(actor=officer_a)
    for incident, person, role in [
        (prosecuted_1, people[0], "suspect"), (prosecuted_1, people[1], "suspect"), (prosecuted_1, people[4], "victim"),
        (prosecuted_2, people[0], "suspect"), (not_prosecuted, people[2], "suspect"),
    ]:
        involvement_add(incident=incident, actor=officer_a, person=person, role=role)
    # when
    stats = incident_stats(incidents=Incident.objects.visible_to(officer_a))
    # then
    assert (stats.total.cases, stats.total.subjects) == (4, 4)
    assert (stats.prosecuted.cases, stats.prosecuted.subjects) == (2, 3)
    assert (stats.not_prosecuted.cases, stats.not_prosecuted.subjects) == (1, 1)
    assert (stats.pending.cases, stats.pending.subjects) == (1, 0)
    assert (stats.cleared_jointly.cases, stats.cleared_jointly.subjects) == (1, 2)
    assert prosecuted_1.subject_count() == 2


def test_accident_figures(officer_a, officer_b) -> None:
    # given
    make_accident(actor=officer_a, deaths=1, injuries=2)
    make_accident(actor=officer_a, kind="collision", injuries=0)
    make_accident(actor=officer_b, deaths=5)  # not visible to A
    # when
    stats = accident_stats(accidents=TrafficAccident.objects.visible_to(officer_a))
    # then
    assert (stats.total, stats.accidents, stats.collisions, stats.deaths, stats.injuries) == (2, 1, 1, 1, 2)


def test_every_mistake_is_reported_at_once(world, officer_a) -> None:
    # when
    with pytest.raises(ValidationError) as error:
        make_incident(
            actor=officer_a, commune=world.commune_b, reported_at=at(2020, 1, 1), latitude=21.0,
            cleared_jointly=True,
        )
    # then
    assert _fields(error) == {"commune", "reported_at", "longitude", "partner_agencies"}
