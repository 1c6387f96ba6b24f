from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from giapranh.accounts.choices import AgencyKind, Role
from giapranh.core.text import fold
from giapranh.territory.choices import Edition, UnitLevel, UnitType
from giapranh.territory.loading import LoadResult
from giapranh.territory.models import AdminUnit, ChairTerm, UnitSuccession
from giapranh.territory.selectors import (
    border_commune_pairs,
    cluster_current_chair,
    cluster_get_for,
    cluster_list_for,
    distance_km,
    unit_history,
    unit_search,
    units_with_history,
)
from tests.factories import AdminUnitFactory, AgencyFactory, UserFactory
from tests.territory.conftest import legacy, legacy_commune, reform_commune

LEGACY = Edition.LEGACY_63.value
REFORM = Edition.REFORM_2025.value


# --- unit_search ---------------------------------------------------------------------------


def test_search_ignores_case_and_diacritics(loaded: LoadResult) -> None:
    # when
    results = unit_search(q="hai luu")
    # then: both editions' Xã Hải Lựu come first, the one in force first
    assert [(u.edition, u.full_name) for u in results[:2]] == [
        (REFORM, "Xã Hải Lựu, Tỉnh Phú Thọ"),
        (LEGACY, "Xã Hải Lựu, Huyện Sông Lô, Tỉnh Vĩnh Phúc"),
    ]
    assert [u.pk for u in unit_search(q="HẢI LỰU")] == [u.pk for u in results]


def test_every_word_must_match_at_a_word_start(loaded: LoadResult) -> None:
    # when
    results = unit_search(q="yen", limit=200)
    # then: "yen" is not found inside "huyen"
    assert results
    for unit in results:
        assert any(word.startswith("yen") for word in unit.search_key.split())


def test_words_may_match_parents(loaded: LoadResult) -> None:
    # when
    results = unit_search(q="dai phu tuyen quang")
    # then
    assert [u.full_name for u in results] == ["Xã Đại Phú, Huyện Sơn Dương, Tỉnh Tuyên Quang"]


def test_name_matches_rank_before_parent_matches(loaded: LoadResult) -> None:
    # when
    results = unit_search(q="song lo", limit=100)
    names = [u.full_name for u in results]
    # then: units named Sông Lô come before the communes of Huyện Sông Lô
    district = names.index("Huyện Sông Lô, Tỉnh Vĩnh Phúc")
    first_child = next(i for i, u in enumerate(results) if u.parent and u.parent.name == "Huyện Sông Lô")
    assert district < first_child
    assert results[0].level == UnitLevel.COMMUNE
    assert "song lo" in fold(results[0].name)


def test_search_filters_by_level_and_date(loaded: LoadResult) -> None:
    # when
    districts = unit_search(q="song lo", level=UnitLevel.DISTRICT)
    before = unit_search(q="hai luu", valid_on=dt.date(2020, 1, 1))
    after = unit_search(q="hai luu", valid_on=dt.date(2025, 7, 1))
    # then
    assert [u.name for u in districts] == ["Huyện Sông Lô"]
    assert {u.edition for u in before} == {LEGACY}
    assert {u.edition for u in after} == {REFORM}


def test_search_by_code_and_limit(loaded: LoadResult) -> None:
    # when / then
    assert {(u.edition, u.name) for u in unit_search(q="08782")} == {
        (LEGACY, "Xã Hải Lựu"), (REFORM, "Xã Hải Lựu"),
    }
    assert len(unit_search(limit=7)) == 7
    assert unit_search(q="khong co xa nay") == []


# --- unit_history ---------------------------------------------------------------------------


def test_history_lists_successors_and_predecessors(loaded: LoadResult) -> None:
    # given
    quang_yen = legacy_commune("Huyện Sông Lô", "Quang Yên")
    yen_lang = reform_commune("Tỉnh Phú Thọ", "Yên Lãng")
    # when
    old = unit_history(quang_yen)
    new = unit_history(yen_lang)
    # then
    assert [(link.unit.full_name, link.is_default) for link in old.successors] == [
        ("Xã Yên Lãng, Tỉnh Phú Thọ", True)
    ]
    assert old.predecessors == []
    assert old.successors[0].effective_on == dt.date(2025, 7, 1)
    assert {"Quang Yên", "Lãng Công"} <= {link.unit.short_name for link in new.predecessors}
    assert new.successors == []


def test_history_puts_the_default_successor_of_a_split_commune_first(loaded: LoadResult) -> None:
    # given
    split = next(
        u for u in AdminUnit.objects.filter(edition=LEGACY, level=UnitLevel.COMMUNE)
        if u.successions_out.count() > 1
    )
    # when
    links = unit_history(split).successors
    # then
    assert [link.is_default for link in links] == [True] + [False] * (len(links) - 1)


def test_history_uses_prefetched_successions(loaded: LoadResult, django_assert_num_queries) -> None:
    # given
    units = list(units_with_history().filter(edition=LEGACY, level=UnitLevel.COMMUNE)[:50])
    # when / then
    with django_assert_num_queries(0):
        for unit in units:
            for link in unit_history(unit).successors:
                assert link.unit.full_name


# --- border_commune_pairs -------------------------------------------------------------------


def test_distance_km_is_haversine() -> None:
    # then: a degree of latitude, or of longitude on the equator, is about 111.2 km
    assert distance_km(21.0, 105.0, 22.0, 105.0) == pytest.approx(111.2, abs=0.1)
    assert distance_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.2, abs=0.1)
    assert distance_km(21.5, 105.3, 21.4, 105.4) == distance_km(21.4, 105.4, 21.5, 105.3)
    assert distance_km(21.5, 105.4, 21.5, 105.4) == 0


def test_border_pairs_of_song_lo_and_son_duong(loaded: LoadResult) -> None:
    # given
    song_lo, son_duong = legacy(UnitLevel.DISTRICT, "253"), legacy(UnitLevel.DISTRICT, "076")
    # when
    pairs = border_commune_pairs(side_a=song_lo, side_b=son_duong, max_km=10)
    # then
    by_names = {(p.commune_a.short_name, p.commune_b.short_name): p.distance_km for p in pairs}
    assert (pairs[0].commune_a.short_name, pairs[0].commune_b.short_name) == ("Quang Yên", "Tam Đa")
    assert all(p.commune_a.parent_id == song_lo.pk for p in pairs)
    assert all(p.commune_b.parent_id == son_duong.pk for p in pairs)
    assert [p.distance_km for p in pairs] == sorted(p.distance_km for p in pairs)
    assert all(p.distance_km <= 10 for p in pairs)
    # The demo cluster's facing pairs across the Lô river (DESIGN.md: 4.6–7.6 km).
    assert by_names[("Quang Yên", "Tam Đa")] == pytest.approx(4.65, abs=0.01)
    assert by_names[("Hải Lựu", "Trường Sinh")] == pytest.approx(6.34, abs=0.01)
    assert by_names[("Lãng Công", "Đại Phú")] == pytest.approx(7.17, abs=0.01)
    assert ("Hải Lựu", "Đại Phú") not in by_names  # 10.9 km


def test_border_pairs_of_two_provinces_and_max_km(loaded: LoadResult) -> None:
    # given
    vinh_phuc, tuyen_quang = legacy(UnitLevel.PROVINCE, "26"), legacy(UnitLevel.PROVINCE, "08")
    # when
    pairs = border_commune_pairs(side_a=vinh_phuc, side_b=tuyen_quang, max_km=5)
    # then
    assert {(p.commune_a.short_name, p.commune_b.short_name) for p in pairs} >= {
        ("Quang Yên", "Tam Đa"), ("Quang Sơn", "Đại Phú"),
    }
    assert all(p.distance_km <= 5 for p in pairs)
    assert all(p.commune_a.province.pk == vinh_phuc.pk for p in pairs)


def test_border_pairs_can_be_limited_to_a_date(loaded: LoadResult) -> None:
    # given: a commune that only existed before 2000 is left out on a later date
    song_lo, son_duong = legacy(UnitLevel.DISTRICT, "253"), legacy(UnitLevel.DISTRICT, "076")
    AdminUnit.objects.filter(parent=son_duong, short_name="Tam Đa").update(valid_to=dt.date(1999, 12, 31))
    # when
    pairs = border_commune_pairs(side_a=song_lo, side_b=son_duong, valid_on=dt.date(2020, 1, 1))
    # then
    assert "Tam Đa" not in {p.commune_b.short_name for p in pairs}


# --- clusters ---------------------------------------------------------------------------------


def test_cluster_members_see_their_cluster(world, officer_a, officer_b) -> None:
    # then
    assert list(cluster_list_for(user=officer_a)) == [world.cluster]
    assert list(cluster_list_for(user=officer_b)) == [world.cluster]
    assert cluster_get_for(user=officer_a, slug=world.cluster.slug) == world.cluster


def test_outsider_sees_no_cluster(world, outsider) -> None:
    # then: the same 404 for a cluster that is not listed and one that does not exist
    assert list(cluster_list_for(user=outsider)) == []
    with pytest.raises(Http404):
        cluster_get_for(user=outsider, slug=world.cluster.slug)
    with pytest.raises(Http404):
        cluster_get_for(user=outsider, slug="no-such-cluster")


def test_district_and_province_police_see_clusters_in_their_jurisdiction(world, superior_1) -> None:
    # given
    province_user = UserFactory(agency=world.province_police_1, role=Role.SUPERIOR)
    other_district = AdminUnitFactory(
        level=UnitLevel.DISTRICT, unit_type=UnitType.DISTRICT, name="Huyện Lập Thạch", parent=world.province_1,
    )
    other_user = UserFactory(
        agency=AgencyFactory(kind=AgencyKind.DISTRICT_POLICE, jurisdiction=other_district),
        role=Role.SUPERIOR,
    )
    # then
    assert list(cluster_list_for(user=superior_1)) == [world.cluster]
    assert list(cluster_list_for(user=province_user)) == [world.cluster]
    assert list(cluster_list_for(user=other_user)) == []


def test_a_2025_province_police_sees_clusters_of_its_predecessor(world) -> None:
    # given: Vĩnh Phúc is now part of Phú Thọ
    phu_tho = AdminUnitFactory(
        edition=Edition.REFORM_2025, level=UnitLevel.PROVINCE, unit_type=UnitType.PROVINCE,
        name="Tỉnh Phú Thọ", code="25", valid_from=dt.date(2025, 7, 1), valid_to=None,
    )
    UnitSuccession.objects.create(predecessor=world.province_1, successor=phu_tho)
    user = UserFactory(
        agency=AgencyFactory(kind=AgencyKind.PROVINCE_POLICE, jurisdiction=phu_tho), role=Role.SUPERIOR
    )
    # then
    assert list(cluster_list_for(user=user)) == [world.cluster]


def test_users_without_agency_see_no_cluster(world, administrator) -> None:
    # then
    assert list(cluster_list_for(user=administrator)) == []


def test_current_chair(world) -> None:
    # given
    ChairTerm.objects.create(
        cluster=world.cluster, agency=world.police_a, starts_on=dt.date(2015, 7, 1), ends_on=dt.date(2016, 6, 30)
    )
    ChairTerm.objects.create(cluster=world.cluster, agency=world.police_b, starts_on=dt.date(2016, 7, 1))
    # then
    assert cluster_current_chair(world.cluster, day=dt.date(2016, 1, 1)).agency == world.police_a
    assert cluster_current_chair(world.cluster, day=dt.date(2024, 1, 1)).agency == world.police_b
    assert cluster_current_chair(world.cluster).agency == world.police_b
    assert cluster_current_chair(world.cluster, day=dt.date(2010, 1, 1)) is None


def test_chair_term_cannot_end_before_it_starts(world) -> None:
    # given
    term = ChairTerm(
        cluster=world.cluster, agency=world.police_a, starts_on=dt.date(2020, 7, 1), ends_on=dt.date(2020, 6, 30)
    )
    # when / then
    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert "ends_on" in error.value.message_dict
