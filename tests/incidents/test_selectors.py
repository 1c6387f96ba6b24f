"""Scoped reads: who sees which incident, and every filter of the lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from giapranh.incidents.choices import AccidentRole, InvolvementRole
from giapranh.incidents.models import IncidentCategory
from giapranh.incidents.selectors import (
    accident_get_for,
    accident_list_for,
    incident_get_for,
    incident_list_for,
    partner_agency_choices,
)
from giapranh.incidents.services import accident_involvement_add, involvement_add
from tests.incidents.factories import at, category, make_accident, make_incident, make_person

pytestmark = pytest.mark.django_db


def _numbers(queryset) -> list[str]:
    return [record.number for record in queryset]


# --- visibility ----------------------------------------------------------------------------------


def test_an_unshared_incident_is_seen_by_its_agency_and_superiors_only(
    incident_a, officer_a, chief_a, superior_1, officer_b, outsider, steering, administrator
) -> None:
    for user in (officer_a, chief_a, superior_1):
        assert _numbers(incident_list_for(user=user)) == [incident_a.number]
        assert incident_get_for(user=user, public_id=incident_a.public_id) == incident_a
    for user in (officer_b, outsider, steering, administrator):
        assert _numbers(incident_list_for(user=user)) == []
        with pytest.raises(Http404):
            incident_get_for(user=user, public_id=incident_a.public_id)


def test_a_shared_incident_reaches_the_cluster_but_not_outsiders(incident_a, officer_b, outsider) -> None:
    # given
    incident_a.shared_with_cluster = True
    incident_a.save()
    # then
    assert _numbers(incident_list_for(user=officer_b)) == [incident_a.number]
    assert _numbers(incident_list_for(user=outsider)) == []
    with pytest.raises(Http404):
        incident_get_for(user=outsider, public_id=incident_a.public_id)


def test_guessed_and_malformed_ids_are_404(officer_a, incident_a) -> None:
    for public_id in ("00000000-0000-0000-0000-000000000000", "QY-2020-001", str(incident_a.pk)):
        with pytest.raises(Http404):
            incident_get_for(user=officer_a, public_id=public_id)
        with pytest.raises(Http404):
            accident_get_for(user=officer_a, public_id=public_id)


def test_accidents_follow_the_same_rule(accident_a, officer_a, officer_b, outsider) -> None:
    assert _numbers(accident_list_for(user=officer_a)) == [accident_a.number]
    assert _numbers(accident_list_for(user=officer_b)) == []
    accident_a.shared_with_cluster = True
    accident_a.save()
    assert _numbers(accident_list_for(user=officer_b)) == [accident_a.number]
    with pytest.raises(Http404):
        accident_get_for(user=outsider, public_id=accident_a.public_id)


# --- filters -------------------------------------------------------------------------------------


@pytest.fixture
def several(world, officer_a):
    """Four incidents of commune A in 2020 with different categories, outcomes and statuses."""
    return {
        "theft": make_incident(actor=officer_a, occurred_at=at(2020, 3, 15, 23, 30), place="Thôn Đồng Ếch"),
        "gambling": make_incident(
            actor=officer_a, occurred_at=at(2020, 3, 16, 0, 30), category=category("ttxh-danh-bac"),
            outcome="not_prosecuted", status="resolved", place="Bến đò Quang Yên", summary="Sới bạc ven sông",
        ),
        "propaganda": make_incident(
            actor=officer_a, occurred_at=at(2020, 6, 1), category=category("anct-tuyen-truyen-chong-pha"),
            status="verifying", summary="Phát tán tài liệu", place="Chợ Tam Sơn",
        ),
        "drugs": make_incident(
            actor=officer_a, occurred_at=at(2020, 9, 9), category=category("ttxh-ma-tuy"), outcome="prosecuted",
            summary="Tàng trữ trái phép chất ma túy", place="Thôn Cao Ngạn",
        ),
    }


def test_the_period_is_in_local_days(officer_a, several) -> None:
    # 23:30 on 15/03 and 00:30 on 16/03 (Vietnam time) fall on two different days
    assert _numbers(incident_list_for(user=officer_a, date_to=dt.date(2020, 3, 15))) == [several["theft"].number]
    assert _numbers(incident_list_for(user=officer_a, date_from=dt.date(2020, 3, 16), date_to=dt.date(2020, 6, 1))) == [
        several["propaganda"].number, several["gambling"].number,
    ]


def test_filters_by_group_category_outcome_and_status(officer_a, several) -> None:
    social = incident_list_for(user=officer_a, group="social_order")
    assert set(_numbers(social)) == {several[k].number for k in ("theft", "gambling", "drugs")}
    group_node = IncidentCategory.objects.get(code="anct")
    assert _numbers(incident_list_for(user=officer_a, category=group_node)) == [several["propaganda"].number]
    assert _numbers(incident_list_for(user=officer_a, category=category("ttxh-ma-tuy"))) == [several["drugs"].number]
    assert _numbers(incident_list_for(user=officer_a, outcome="not_prosecuted")) == [several["gambling"].number]
    assert _numbers(incident_list_for(user=officer_a, status="verifying")) == [several["propaganda"].number]
    assert _numbers(incident_list_for(user=officer_a, outcome="prosecuted", group="political_security")) == []


def test_free_text_ignores_case_and_diacritics(officer_a, several) -> None:
    assert _numbers(incident_list_for(user=officer_a, q="dong ech")) == [several["theft"].number]
    assert _numbers(incident_list_for(user=officer_a, q="SÔNG sới")) == [several["gambling"].number]
    assert _numbers(incident_list_for(user=officer_a, q="ma tuy tang tru")) == [several["drugs"].number]
    assert _numbers(incident_list_for(user=officer_a, q=several["drugs"].number.lower())) == [several["drugs"].number]
    assert _numbers(incident_list_for(user=officer_a, q="2020-004")) == [several["drugs"].number]
    # words match from their start: "an" is not found inside "Ngạn"
    assert _numbers(incident_list_for(user=officer_a, q="ngan")) == [several["drugs"].number]
    assert _numbers(incident_list_for(user=officer_a, q="gan")) == []
    assert _numbers(incident_list_for(user=officer_a, q="   ")) == _numbers(incident_list_for(user=officer_a))


# --- involved person's name ----------------------------------------------------------------------


@pytest.fixture
def with_persons(world, officer_a, several):
    an = make_person(agency=world.police_a, full_name="Nguyễn Văn An", other_names="An Sẹo")
    binh = make_person(agency=world.police_a, full_name="Nguyễn Văn Bình")
    lan = make_person(agency=world.police_a, full_name="Trần Thị Lan")
    involvement_add(incident=several["theft"], actor=officer_a, person=an, role=InvolvementRole.SUSPECT)
    involvement_add(incident=several["theft"], actor=officer_a, person=binh, role=InvolvementRole.SUSPECT)
    involvement_add(incident=several["gambling"], actor=officer_a, person=binh, role=InvolvementRole.WITNESS)
    involvement_add(incident=several["drugs"], actor=officer_a, person=lan, role=InvolvementRole.VICTIM)
    return {"an": an, "binh": binh, "lan": lan}


def test_typing_a_name_without_diacritics_finds_the_incidents_of_that_person(officer_a, several, with_persons) -> None:
    assert _numbers(incident_list_for(user=officer_a, q="nguyen van an")) == [several["theft"].number]
    assert _numbers(incident_list_for(user=officer_a, q="NGUYỄN   VĂN AN")) == [several["theft"].number]
    assert _numbers(incident_list_for(user=officer_a, q="an seo")) == [several["theft"].number]
    assert _numbers(incident_list_for(user=officer_a, q="tran lan")) == [several["drugs"].number]
    assert _numbers(incident_list_for(user=officer_a, q="nguy v a")) == [several["theft"].number]


def test_a_name_matching_two_persons_lists_the_incident_once(officer_a, several, with_persons) -> None:
    assert _numbers(incident_list_for(user=officer_a, q="nguyen van")) == [several["gambling"].number, several["theft"].number]


def test_the_words_must_belong_to_one_person(officer_a, several, with_persons) -> None:
    # "Bình" and "Lan" are both involved somewhere, never as one person
    assert _numbers(incident_list_for(user=officer_a, q="binh lan")) == []
    assert _numbers(incident_list_for(user=officer_a, q="nguyen van chien")) == []


def test_names_in_incidents_one_may_not_see_find_nothing(world, officer_b, several, with_persons) -> None:
    # given: B has its own incident with a person of the same name
    own = make_incident(actor=officer_b)
    namesake = make_person(agency=world.police_b, full_name="Nguyễn Văn An")
    involvement_add(incident=own, actor=officer_b, person=namesake, role=InvolvementRole.SUSPECT)
    # then: only B's incident, none of A's unshared ones
    assert _numbers(incident_list_for(user=officer_b, q="nguyen van an")) == [own.number]


def test_accident_persons_and_kind(world, officer_a) -> None:
    # given
    collision = make_accident(actor=officer_a, kind="collision", place="QL2C km 45")
    accident = make_accident(actor=officer_a, deaths=1)
    driver = make_person(agency=world.police_a, full_name="Đặng Quốc Huy")
    accident_involvement_add(accident=collision, actor=officer_a, person=driver, role=AccidentRole.DRIVER)
    # then
    assert _numbers(accident_list_for(user=officer_a, q="dang quoc huy")) == [collision.number]
    assert _numbers(accident_list_for(user=officer_a, q="ql2c")) == [collision.number]
    assert _numbers(accident_list_for(user=officer_a, kind="accident")) == [accident.number]


def test_partner_agencies_offered_are_the_clusters_and_the_chain_above(world, officer_a) -> None:
    # when
    offered = set(partner_agency_choices(user=officer_a))
    # then
    assert offered == {world.police_b, world.district_police_2, world.district_police_1, world.province_police_1}


def test_a_commune_filter_follows_the_report_rule_across_the_reform(world, officer_a, successor_a) -> None:
    # given a second old commune merged into the same new one (Lãng Công into Yên Lãng, with Quang Yên)
    from giapranh.incidents.selectors import incident_list_for
    from giapranh.territory.models import UnitSuccession
    from tests.factories import AdminUnitFactory
    from tests.incidents.factories import make_incident

    neighbour = AdminUnitFactory(name="Xã Lãng Công", short_name="Lãng Công", code="08773", parent=world.district_1)
    UnitSuccession.objects.create(predecessor=neighbour, successor=successor_a)
    before = make_incident(actor=officer_a, occurred_at=at(2024, 5, 1))
    after = make_incident(actor=officer_a, occurred_at=at(2025, 8, 1))
    assert after.commune == successor_a
    # when filtering by the old commune, by the new one
    legacy = set(incident_list_for(user=officer_a, commune=world.commune_a))
    current = set(incident_list_for(user=officer_a, commune=successor_a))
    # then the old commune shows its own records (it ceased on 1 July 2025), the new one its predecessors' too
    assert legacy == {before}
    assert current == {before, after}
