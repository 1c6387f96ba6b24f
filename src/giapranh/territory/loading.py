"""Load the official administrative units and the 2025 succession from `vietnamadminunits`.

The PyPI package ships the 63-province list (until 30/06/2025), the 34-province
list (from 01/07/2025) and the official old → new mapping; we read its files in
place so that a package upgrade is the only way the reference data changes.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sqlite3
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Count
from tqdm import tqdm

from giapranh.territory.choices import Edition, UnitLevel, UnitType
from giapranh.territory.models import REFORM_DATE, AdminUnit, UnitSuccession

T = TypeVar("T")

PACKAGE = "vietnamadminunits"
BATCH_SIZE = 1000
LEGACY_VALID_TO = REFORM_DATE - dt.timedelta(days=1)

UnitKey = tuple[str, str, str]  # (edition, level, code)

PROVINCE_TYPES = {"Tỉnh": UnitType.PROVINCE, "Thành phố": UnitType.CENTRAL_CITY}
DISTRICT_TYPES = {
    "Huyện": UnitType.DISTRICT,
    "Quận": UnitType.URBAN_DISTRICT,
    "Thị xã": UnitType.TOWN,
    "Thành phố": UnitType.PROVINCIAL_CITY,
}
COMMUNE_TYPES = {
    "Xã": UnitType.COMMUNE,
    "Phường": UnitType.WARD,
    "Thị trấn": UnitType.TOWNSHIP,
    "Đặc khu": UnitType.SPECIAL_ZONE,
}
# Parents are written before their children so that each child can point at a saved row.
STAGES: tuple[tuple[str, str], ...] = (
    (Edition.LEGACY_63, UnitLevel.PROVINCE),
    (Edition.LEGACY_63, UnitLevel.DISTRICT),
    (Edition.LEGACY_63, UnitLevel.COMMUNE),
    (Edition.REFORM_2025, UnitLevel.PROVINCE),
    (Edition.REFORM_2025, UnitLevel.COMMUNE),
)
UNIT_FIELDS = (
    "name", "short_name", "unit_type", "parent", "latitude", "longitude",
    "valid_from", "valid_to", "search_key",
)


class DatasetError(Exception):
    """The package's data is missing or does not have the expected shape."""


@dataclass(frozen=True)
class UnitRow:
    """One unit as read from the dataset, before it is matched to a database row."""

    edition: str
    level: str
    code: str
    name: str
    short_name: str
    unit_type: str
    parent: UnitKey | None
    latitude: float | None
    longitude: float | None

    @property
    def key(self) -> UnitKey:
        return (self.edition, self.level, self.code)


@dataclass(frozen=True)
class SuccessionRow:
    predecessor: UnitKey
    successor: UnitKey
    is_default: bool


@dataclass
class Dataset:
    """Units (parents first) and successions read from the package, possibly a subset."""

    units: list[UnitRow] = field(default_factory=list)
    successions: list[SuccessionRow] = field(default_factory=list)


@dataclass
class LoadResult:
    """What a load changed and what the database holds afterwards."""

    created: Counter[tuple[str, str]] = field(default_factory=Counter)
    updated: Counter[tuple[str, str]] = field(default_factory=Counter)
    successions_created: int = 0
    successions_updated: int = 0
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    successions: int = 0
    without_successor: list[AdminUnit] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values()) or sum(self.updated.values())
            or self.successions_created or self.successions_updated
        )


def dataset_dir() -> Path:
    """The package's data directory, found without importing (and so running) the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise DatasetError(f"The {PACKAGE} package is not installed.")
    return Path(spec.origin).parent / "data"


def _nfc(text: str) -> str:
    # Length-based ranking in unit_search relies on names being precomposed.
    return unicodedata.normalize("NFC", text).strip()


def _unit_type(types: dict[str, UnitType], word: str | None, context: str) -> str:
    try:
        return types[_nfc(word or "")].value
    except KeyError:
        raise DatasetError(f"Unknown unit type {word!r} for {context}.") from None


def _province_type(name: str) -> str:
    for word, unit_type in PROVINCE_TYPES.items():
        if name.startswith(word + " "):
            return unit_type.value
    raise DatasetError(f"Unknown province type in {name!r}.")


def dataset_read(*, provinces: Iterable[str] | None = None, data_dir: Path | None = None) -> Dataset:
    """Read units and successions, optionally only some legacy provinces and their successors."""
    data_dir = data_dir or dataset_dir()
    db_path = data_dir / "dataset.db"
    converter_path = data_dir / "converter_2025.json"
    if not db_path.exists() or not converter_path.exists():
        raise DatasetError(f"{db_path} or {converter_path} is missing.")
    # Read-only URI: the package directory may not be writable, and we never write to it.
    connection = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        legacy = connection.execute(
            "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
        reform = connection.execute(
            "SELECT * FROM admin_units ORDER BY provinceCode, wardCode"
        ).fetchall()
    finally:
        connection.close()
    converter = json.loads(converter_path.read_text(encoding="utf-8"))

    wanted = _wanted_provinces(legacy, converter, provinces)
    if wanted is not None:
        legacy_codes, reform_keys = wanted
        legacy = [row for row in legacy if row["provinceCode"] in legacy_codes]
        reform = [row for row in reform if row["provinceKey"] in reform_keys]

    data = Dataset()
    old_keys = _legacy_units(legacy, data)
    new_keys = _reform_units(reform, data)
    _successions(converter, old_keys, new_keys, data)
    return data


def _wanted_provinces(
    legacy: list[sqlite3.Row], converter: dict[str, Any], provinces: Iterable[str] | None
) -> tuple[set[str], set[str]] | None:
    if provinces is None:
        return None
    codes = {code.strip() for code in provinces if code.strip()}
    key_of_code = {row["provinceCode"]: row["provinceKey"] for row in legacy}
    unknown = sorted(codes - key_of_code.keys())
    if unknown:
        raise DatasetError(f"Unknown legacy province code(s): {', '.join(unknown)}.")
    old_keys = {key_of_code[code] for code in codes}
    new_keys = {
        new for new, olds in converter["DICT_PROVINCE"].items() if old_keys.intersection(olds)
    }
    return codes, new_keys


def _legacy_units(rows: list[sqlite3.Row], data: Dataset) -> dict[str, UnitKey]:
    """Add legacy units; return the converter's keys ("prov", "prov_dist_ward") → unit keys."""
    edition = Edition.LEGACY_63.value
    keys: dict[str, UnitKey] = {}
    seen: set[UnitKey] = set()
    districts: list[UnitRow] = []
    communes: list[UnitRow] = []
    provinces: list[UnitRow] = []
    for row in rows:
        province_key = (edition, UnitLevel.PROVINCE.value, row["provinceCode"])
        district_key = (edition, UnitLevel.DISTRICT.value, row["districtCode"])
        if province_key not in seen:
            seen.add(province_key)
            keys[row["provinceKey"]] = province_key
            name = _nfc(row["province"])
            provinces.append(UnitRow(
                edition, UnitLevel.PROVINCE, row["provinceCode"], name, _nfc(row["provinceShort"]),
                _province_type(name), None, row["provinceLat"], row["provinceLon"],
            ))
        if district_key not in seen:
            seen.add(district_key)
            name = _nfc(row["district"])
            districts.append(UnitRow(
                edition, UnitLevel.DISTRICT, row["districtCode"], name, _nfc(row["districtShort"]),
                _unit_type(DISTRICT_TYPES, row["districtType"], name), province_key,
                row["districtLat"], row["districtLon"],
            ))
        # Island districts (Bạch Long Vĩ, Cồn Cỏ, …) had no commune; the converter
        # names them "province_district_" and maps them to a new đặc khu.
        keys[f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"] = (
            district_key if row["wardCode"] is None
            else (edition, UnitLevel.COMMUNE.value, row["wardCode"])
        )
        if row["wardCode"] is None:
            continue
        name = _nfc(row["ward"])
        communes.append(UnitRow(
            edition, UnitLevel.COMMUNE, row["wardCode"], name, _nfc(row["wardShort"]),
            _unit_type(COMMUNE_TYPES, row["wardType"], name), district_key,
            row["wardLat"], row["wardLon"],
        ))
    data.units.extend(provinces + districts + communes)
    return keys


def _reform_units(rows: list[sqlite3.Row], data: Dataset) -> dict[str, UnitKey]:
    """Add reform units; return the converter's keys ("prov", "prov_ward") → unit keys."""
    edition = Edition.REFORM_2025.value
    keys: dict[str, UnitKey] = {}
    provinces: list[UnitRow] = []
    communes: list[UnitRow] = []
    for row in rows:
        province_key = (edition, UnitLevel.PROVINCE.value, row["provinceCode"])
        if row["provinceKey"] not in keys:
            keys[row["provinceKey"]] = province_key
            name = _nfc(row["province"])
            provinces.append(UnitRow(
                edition, UnitLevel.PROVINCE, row["provinceCode"], name, _nfc(row["provinceShort"]),
                _province_type(name), None, row["provinceLat"], row["provinceLon"],
            ))
        keys[f"{row['provinceKey']}_{row['wardKey']}"] = (
            edition, UnitLevel.COMMUNE.value, row["wardCode"],
        )
        name = _nfc(row["ward"])
        communes.append(UnitRow(
            edition, UnitLevel.COMMUNE, row["wardCode"], name, _nfc(row["wardShort"]),
            _unit_type(COMMUNE_TYPES, row["wardType"], name), province_key,
            row["wardLat"], row["wardLon"],
        ))
    data.units.extend(provinces + communes)
    return keys


def _successions(
    converter: dict[str, Any], old: dict[str, UnitKey], new: dict[str, UnitKey], data: Dataset
) -> None:
    """Add the official mapping, keeping only pairs whose two ends are being loaded."""
    pairs: dict[tuple[UnitKey, UnitKey], bool] = {}

    def add(old_key: str, new_key: str, is_default: bool) -> None:
        if old_key in old and new_key in new:
            pair = (old[old_key], new[new_key])
            pairs[pair] = pairs.get(pair, False) or is_default

    for new_province, old_provinces in converter["DICT_PROVINCE"].items():
        for old_province in old_provinces:
            add(old_province, new_province, True)
    for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_wards in wards.items():
            for old_ward in old_wards:
                add(old_ward, f"{new_province}_{new_ward}", True)
    for new_province, old_wards in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_ward, parts in old_wards.items():
            for part in parts:
                add(old_ward, f"{new_province}_{part['newWardKey']}", bool(part["isDefaultNewWard"]))
    data.successions.extend(
        SuccessionRow(predecessor, successor, is_default)
        for (predecessor, successor), is_default in pairs.items()
    )


def _progress(items: list[T], *, desc: str, enabled: bool) -> Iterator[T]:
    return iter(tqdm(items, desc=desc, unit="row", file=sys.stderr, disable=not enabled))


@transaction.atomic
def units_load(*, provinces: Iterable[str] | None = None, progress: bool = True) -> LoadResult:
    """Create or update units and successions from the package data; unchanged rows are left alone."""
    data = dataset_read(provinces=provinces)
    result = LoadResult()
    units: dict[UnitKey, AdminUnit] = {
        (unit.edition, unit.level, unit.code): unit
        for unit in AdminUnit.objects.filter(edition__in=[e for e, _ in STAGES])
    }
    for edition, level in STAGES:
        rows = [row for row in data.units if row.edition == edition and row.level == level]
        _units_sync(rows, units, result, edition=edition, level=level, progress=progress)

    _successions_sync(data.successions, units, result, progress=progress)

    loaded_ids = {units[row.key].pk for row in data.units}
    result.without_successor = [
        unit for unit in AdminUnit.objects.filter(
            edition=Edition.LEGACY_63, level=UnitLevel.COMMUNE, successions_out__isnull=True,
        ).select_related("parent__parent")
        if unit.pk in loaded_ids
    ]
    for row in AdminUnit.objects.values("edition", "level").order_by().annotate(n=Count("id")):
        result.counts[(row["edition"], row["level"])] = row["n"]
    result.successions = UnitSuccession.objects.count()
    return result


def _units_sync(
    rows: list[UnitRow], units: dict[UnitKey, AdminUnit], result: LoadResult,
    *, edition: str, level: str, progress: bool,
) -> None:
    valid_from, valid_to = (None, LEGACY_VALID_TO) if edition == Edition.LEGACY_63 else (REFORM_DATE, None)
    to_create: list[AdminUnit] = []
    to_update: list[AdminUnit] = []
    for row in _progress(rows, desc=f"{edition} {level}", enabled=progress):
        parent = units[row.parent] if row.parent else None
        unit = units.get(row.key)
        is_new = unit is None
        if unit is None:
            unit = AdminUnit(edition=row.edition, level=row.level, code=row.code)
            units[row.key] = unit
        wanted = {
            "name": row.name, "short_name": row.short_name, "unit_type": row.unit_type,
            "parent_id": parent.pk if parent else None,
            "latitude": row.latitude, "longitude": row.longitude,
            "valid_from": valid_from, "valid_to": valid_to,
        }
        dirty = any(getattr(unit, name) != value for name, value in wanted.items())
        for name, value in wanted.items():
            setattr(unit, name, value)
        # The in-memory parent lets build_search_key walk the chain without queries.
        unit.parent = parent
        search_key = unit.build_search_key()
        dirty = dirty or unit.search_key != search_key
        unit.search_key = search_key
        if is_new:
            to_create.append(unit)
        elif dirty:
            to_update.append(unit)
    AdminUnit.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    AdminUnit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=BATCH_SIZE)
    result.created[(edition, level)] += len(to_create)
    result.updated[(edition, level)] += len(to_update)


def _successions_sync(
    rows: list[SuccessionRow], units: dict[UnitKey, AdminUnit], result: LoadResult,
    *, progress: bool,
) -> None:
    # Reading every succession (about 11,000) is cheaper than a huge IN list,
    # which SQLite caps at its variable limit.
    existing = {(s.predecessor_id, s.successor_id): s for s in UnitSuccession.objects.all()}
    to_create: list[UnitSuccession] = []
    to_update: list[UnitSuccession] = []
    for row in _progress(rows, desc="successions", enabled=progress):
        pair = (units[row.predecessor].pk, units[row.successor].pk)
        succession = existing.get(pair)
        if succession is None:
            to_create.append(UnitSuccession(
                predecessor_id=pair[0], successor_id=pair[1],
                effective_on=REFORM_DATE, is_default=row.is_default,
            ))
        elif succession.is_default != row.is_default or succession.effective_on != REFORM_DATE:
            succession.is_default = row.is_default
            succession.effective_on = REFORM_DATE
            to_update.append(succession)
    UnitSuccession.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    UnitSuccession.objects.bulk_update(to_update, ["is_default", "effective_on"], batch_size=BATCH_SIZE)
    result.successions_created = len(to_create)
    result.successions_updated = len(to_update)
