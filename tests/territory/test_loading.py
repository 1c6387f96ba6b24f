from __future__ import annotations

import datetime as dt
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from giapranh.territory.choices import Edition, UnitLevel, UnitType
from giapranh.territory.loading import DatasetError, LoadResult, units_load
from giapranh.territory.models import AdminUnit, UnitSuccession
from tests.territory.conftest import legacy, legacy_commune, reform_commune

LEGACY = Edition.LEGACY_63.value
REFORM = Edition.REFORM_2025.value
PROVINCE, DISTRICT, COMMUNE = (level.value for level in UnitLevel)


def successors(unit: AdminUnit) -> dict[str, bool]:
    return {
        s.successor.full_name: s.is_default
        for s in UnitSuccession.objects.filter(predecessor=unit).select_related("successor__parent")
    }


def test_demo_provinces_have_the_official_codes(loaded: LoadResult) -> None:
    # then
    assert legacy(PROVINCE, "26").name == "Tỉnh Vĩnh Phúc"
    assert legacy(PROVINCE, "08").name == "Tỉnh Tuyên Quang"
    assert legacy(DISTRICT, "253").full_name == "Huyện Sông Lô, Tỉnh Vĩnh Phúc"
    assert legacy(DISTRICT, "076").full_name == "Huyện Sơn Dương, Tỉnh Tuyên Quang"


def test_subset_loads_legacy_provinces_and_their_successor_provinces(loaded: LoadResult) -> None:
    # then: Vĩnh Phúc and Tuyên Quang (legacy), Phú Thọ and Tuyên Quang (2025)
    provinces = set(AdminUnit.objects.filter(level=PROVINCE).values_list("edition", "name"))
    assert provinces == {
        (LEGACY, "Tỉnh Vĩnh Phúc"), (LEGACY, "Tỉnh Tuyên Quang"),
        (REFORM, "Tỉnh Phú Thọ"), (REFORM, "Tỉnh Tuyên Quang"),
    }
    assert not AdminUnit.objects.filter(edition=REFORM, level=DISTRICT).exists()
    assert loaded.created[(LEGACY, COMMUNE)] == loaded.counts[(LEGACY, COMMUNE)] > 200
    assert loaded.without_successor == []


def test_units_have_types_names_dates_and_search_keys(loaded: LoadResult) -> None:
    # when
    hai_luu = legacy_commune("Huyện Sông Lô", "Hải Lựu")
    new_hai_luu = reform_commune("Tỉnh Phú Thọ", "Hải Lựu")
    # then
    assert (hai_luu.code, hai_luu.name, hai_luu.unit_type) == ("08782", "Xã Hải Lựu", UnitType.COMMUNE)
    assert hai_luu.full_name == "Xã Hải Lựu, Huyện Sông Lô, Tỉnh Vĩnh Phúc"
    assert hai_luu.search_key == "xa hai luu huyen song lo tinh vinh phuc"
    assert (hai_luu.valid_from, hai_luu.valid_to) == (None, dt.date(2025, 6, 30))
    assert hai_luu.latitude == pytest.approx(21.4777, abs=1e-3)
    assert new_hai_luu.parent.name == "Tỉnh Phú Thọ"
    assert (new_hai_luu.valid_from, new_hai_luu.valid_to) == (dt.date(2025, 7, 1), None)
    assert legacy(PROVINCE, "26").unit_type == UnitType.PROVINCE
    assert legacy(DISTRICT, "253").unit_type == UnitType.DISTRICT
    assert legacy(DISTRICT, "243").unit_type == UnitType.PROVINCIAL_CITY  # Thành phố Vĩnh Yên
    assert legacy(DISTRICT, "244").unit_type == UnitType.PROVINCIAL_CITY  # Thành phố Phúc Yên
    assert AdminUnit.objects.filter(edition=LEGACY, unit_type=UnitType.WARD).exists()
    assert AdminUnit.objects.filter(edition=LEGACY, unit_type=UnitType.TOWNSHIP).exists()


def test_hai_luu_is_succeeded_by_hai_luu_of_phu_tho(loaded: LoadResult) -> None:
    # then
    assert successors(legacy_commune("Huyện Sông Lô", "Hải Lựu")) == {"Xã Hải Lựu, Tỉnh Phú Thọ": True}


def test_merged_communes_share_one_successor(loaded: LoadResult) -> None:
    # then: Quang Yên + Lãng Công → Yên Lãng (Phú Thọ); Tam Đa + Đại Phú → Phú Lương (Tuyên Quang)
    for old in ("Quang Yên", "Lãng Công"):
        assert successors(legacy_commune("Huyện Sông Lô", old)) == {"Xã Yên Lãng, Tỉnh Phú Thọ": True}
    for old in ("Tam Đa", "Đại Phú"):
        assert successors(legacy_commune("Huyện Sơn Dương", old)) == {
            "Xã Phú Lương, Tỉnh Tuyên Quang": True
        }
    yen_lang = reform_commune("Tỉnh Phú Thọ", "Yên Lãng")
    assert {s.predecessor.short_name for s in yen_lang.successions_in.select_related("predecessor")} >= {
        "Quang Yên", "Lãng Công",
    }


def test_provinces_are_succeeded(loaded: LoadResult) -> None:
    # then
    assert successors(legacy(PROVINCE, "26")) == {"Tỉnh Phú Thọ": True}
    assert successors(legacy(PROVINCE, "08")) == {"Tỉnh Tuyên Quang": True}


def test_split_communes_have_exactly_one_default_successor(loaded: LoadResult) -> None:
    # given
    split = [
        unit for unit in AdminUnit.objects.filter(edition=LEGACY, level=COMMUNE)
        if unit.successions_out.count() > 1
    ]
    # then
    assert split, "the demo provinces contain split communes"
    for unit in split:
        assert unit.successions_out.filter(is_default=True).count() == 1


def test_second_run_changes_nothing(loaded: LoadResult) -> None:
    # given
    units_before = list(AdminUnit.objects.order_by("pk").values())
    successions_before = list(UnitSuccession.objects.order_by("pk").values())
    # when
    again = units_load(provinces=["26", "08"], progress=False)
    # then
    assert loaded.changed
    assert not again.changed
    assert list(AdminUnit.objects.order_by("pk").values()) == units_before
    assert list(UnitSuccession.objects.order_by("pk").values()) == successions_before


def test_a_changed_unit_is_repaired_by_the_next_run(loaded: LoadResult) -> None:
    # given
    hai_luu = legacy_commune("Huyện Sông Lô", "Hải Lựu")
    AdminUnit.objects.filter(pk=hai_luu.pk).update(name="Xã Hải Lưu", search_key="x", latitude=0)
    UnitSuccession.objects.filter(predecessor=hai_luu).update(is_default=False)
    # when
    result = units_load(provinces=["26", "08"], progress=False)
    # then
    hai_luu.refresh_from_db()
    assert (hai_luu.name, hai_luu.search_key[:10]) == ("Xã Hải Lựu", "xa hai luu")
    assert result.updated[(LEGACY, COMMUNE)] == 1
    assert result.successions_updated == 1
    assert sum(result.created.values()) == 0


def test_command_prints_counts_and_then_nothing_changed(db: None) -> None:
    # when
    first, second = StringIO(), StringIO()
    call_command("loadunits", "--provinces", "26,08", "--no-progress", stdout=first)
    call_command("loadunits", "--provinces", "26,08", "--no-progress", stdout=second)
    # then
    assert "created: legacy63: 2 provinces, 16 districts" in first.getvalue()
    assert "Nothing changed" not in first.getvalue()
    assert "Nothing changed" in second.getvalue()
    assert "in database: legacy63: 2 provinces, 16 districts" in second.getvalue()
    assert "reform2025: 2 provinces" in second.getvalue()
    assert "Every legacy commune loaded has a successor." in second.getvalue()


def test_unknown_province_code_is_refused(db: None) -> None:
    # when / then
    with pytest.raises(DatasetError):
        units_load(provinces=["99"], progress=False)
    with pytest.raises(CommandError, match="99"):
        call_command("loadunits", "--provinces", "26,99", "--no-progress", stdout=StringIO())
    assert not AdminUnit.objects.exists()


@pytest.mark.slow
def test_full_load_matches_the_official_counts(db: None) -> None:
    # when
    started = time.monotonic()
    result = units_load(progress=False)
    elapsed = time.monotonic() - started
    # then
    assert dict(result.counts) == {
        (LEGACY, PROVINCE): 63, (LEGACY, DISTRICT): 696, (LEGACY, COMMUNE): 10035,
        (REFORM, PROVINCE): 34, (REFORM, COMMUNE): 3321,
    }
    assert result.without_successor == []
    assert not AdminUnit.objects.filter(
        edition=LEGACY, level__in=[PROVINCE, COMMUNE], successions_out__isnull=True
    ).exists()
    # Island districts without communes pass to the new special zones (đặc khu).
    bach_long_vi = AdminUnit.objects.get(edition=LEGACY, level=DISTRICT, name="Huyện Bạch Long Vĩ")
    assert not bach_long_vi.children.exists()
    assert successors(bach_long_vi) == {"Đặc khu Bạch Long Vĩ, Thành phố Hải Phòng": True}
    assert AdminUnit.objects.filter(edition=REFORM, unit_type=UnitType.SPECIAL_ZONE).count() == 13
    assert AdminUnit.objects.get(edition=REFORM, level=PROVINCE, code="01").unit_type == (
        UnitType.CENTRAL_CITY
    )
    assert elapsed < 30
    # when: the second run
    again = units_load(progress=False)
    # then
    assert not again.changed
    assert again.counts == result.counts
