"""The demo cluster of DESIGN.md, built from the real (legacy) administrative units."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from giapranh.accounts.choices import AgencyKind, Role
from giapranh.accounts.models import MFA_REQUIRED_ROLES, Agency, User
from giapranh.territory.choices import Edition, UnitLevel
from giapranh.territory.models import AdminUnit, ChairTerm, Cluster, ClusterMembership
from giapranh.territory.services import cluster_membership_carry, cluster_membership_confirm

DEMO_PASSWORD = "GiapRanh@2026"  # noqa: S105 — printed for the demo; never used in deployment
CLUSTER_SLUG = "song-lo-son-duong"

# (legacy province code, agency code, agency name, districts[(code, agency code, communes[(code, agency code)])])
PROVINCES = [
    ("26", "VP", "Công an tỉnh Vĩnh Phúc", [
        ("253", "SL", [("08776", "QY"), ("08782", "HL"), ("08773", "LC")]),
    ]),
    ("08", "TQ", "Công an tỉnh Tuyên Quang", [
        ("076", "SD", [("02626", "TD"), ("02632", "TS"), ("02617", "DP")]),
    ]),
]

# username, agency code, role, first name, last name
USERS = [
    ("qy.canbo", "QY", Role.COMMUNE_OFFICER, "Minh", "Nguyễn Văn"),
    ("qy.truong", "QY", Role.COMMUNE_CHIEF, "Hùng", "Trần Quốc"),
    ("td.canbo", "TD", Role.COMMUNE_OFFICER, "Lan", "Hoàng Thị"),
    ("td.truong", "TD", Role.COMMUNE_CHIEF, "Sơn", "Ma Văn"),
    # The chiefs of the other four communes answer the coordination requests of the demo's exchange.
    ("hl.truong", "HL", Role.COMMUNE_CHIEF, "Quân", "Nông Văn"),
    ("lc.truong", "LC", Role.COMMUNE_CHIEF, "Tuấn", "Đỗ Minh"),
    ("ts.truong", "TS", Role.COMMUNE_CHIEF, "Kiên", "Lương Văn"),
    ("dp.truong", "DP", Role.COMMUNE_CHIEF, "Hải", "Bàn Văn"),
    ("songlo.captren", "SL", Role.SUPERIOR, "Dũng", "Lê Anh"),
    ("cum.thuongtruc", "QY", Role.COORDINATOR, "Thắng", "Phạm Đức"),
    ("bcd.xem", "SL", Role.STEERING, "Chúc", "Triệu Văn"),
    ("quantri", None, Role.ADMINISTRATOR, "Quản", "Trị"),
]


@dataclass
class DemoResult:
    created: list[str] = field(default_factory=list)
    users: list[tuple[str, str, str]] = field(default_factory=list)
    records: int = 0


def _lower_first(name: str) -> str:
    """`Xã Quang Yên` → `xã Quang Yên` (for `Công an xã Quang Yên`)."""
    return name[:1].lower() + name[1:]


def _legacy(level: str, code: str) -> AdminUnit:
    try:
        return AdminUnit.objects.get(edition=Edition.LEGACY_63, level=level, code=code)
    except AdminUnit.DoesNotExist as exc:
        raise ImproperlyConfigured(
            "Administrative units are not loaded. Run `giapranh loadunits` first."
        ) from exc


def _agency(code: str, *, name: str, kind: str, parent: Agency | None, unit: AdminUnit, result: DemoResult) -> Agency:
    agency, created = Agency.objects.update_or_create(
        code=code, defaults={"name": name, "kind": kind, "parent": parent, "jurisdiction": unit}
    )
    if created:
        result.created.append(f"agency {code}")
    return agency


# The record apps above this layer register what they add to the demo (the five years of
# records that reproduce the seed) instead of being imported from here.
_RECORD_LOADERS: list[Any] = []


def register_demo_records(loader: Any) -> None:
    """Add `loader(*, agencies) -> int` (records created) to `giapranh demo` (idempotent)."""
    if loader not in _RECORD_LOADERS:
        _RECORD_LOADERS.append(loader)


@transaction.atomic
def demo_load(*, records: bool = True) -> DemoResult:
    """Create (or bring back to its initial shape) the demo cluster, its agencies and one user per role."""
    result = DemoResult()
    agencies: dict[str, Agency] = {}
    members: list[AdminUnit] = []
    for province_code, p_code, p_name, districts in PROVINCES:
        province = _legacy(UnitLevel.PROVINCE, province_code)
        p_agency = _agency(p_code, name=p_name, kind=AgencyKind.PROVINCE_POLICE, parent=None, unit=province, result=result)
        agencies[p_code] = p_agency
        for district_code, d_code, communes in districts:
            district = _legacy(UnitLevel.DISTRICT, district_code)
            d_agency = _agency(
                d_code, name=f"Công an {_lower_first(district.name)}",
                kind=AgencyKind.DISTRICT_POLICE, parent=p_agency, unit=district, result=result,
            )
            agencies[d_code] = d_agency
            for commune_code, c_code in communes:
                commune = _legacy(UnitLevel.COMMUNE, commune_code)
                members.append(commune)
                agencies[c_code] = _agency(
                    c_code, name=f"Công an {_lower_first(commune.name)}", kind=AgencyKind.COMMUNE_POLICE,
                    parent=d_agency, unit=commune, result=result,
                )
    cluster, created = Cluster.objects.update_or_create(
        slug=CLUSTER_SLUG,
        defaults={
            "name": "Cụm ANTT khu vực giáp ranh Sông Lô – Sơn Dương",
            "founded_on": dt.date(2015, 7, 1),
            "regulation": (
                "Quy chế phối hợp bảo đảm an ninh trật tự khu vực giáp ranh giữa các xã "
                "huyện Sông Lô (Vĩnh Phúc) và huyện Sơn Dương (Tuyên Quang)."
            ),
        },
    )
    if created:
        result.created.append("cluster")
    # The six legacy communes from the founding to the reform; then their successors,
    # proposed by the carry-over and confirmed by the coordinator (below).
    for commune in members:
        ClusterMembership.objects.update_or_create(
            cluster=cluster, commune=commune,
            defaults={"valid_from": cluster.founded_on, "valid_to": commune.valid_to, "confirmed": True},
        )
    # The chair rotates yearly (July to June) among the six communes, from Quang Yên in 2015 to today.
    if not cluster.chair_terms.exists():
        order = ["QY", "TD", "HL", "TS", "LC", "DP"]
        today = timezone.localdate()
        last_start = today.year if today.month >= 7 else today.year - 1
        for year in range(2015, last_start + 1):
            ChairTerm.objects.create(
                cluster=cluster, agency=agencies[order[(year - 2015) % len(order)]],
                starts_on=dt.date(year, 7, 1), ends_on=dt.date(year + 1, 6, 30),
            )
    for username, agency_code, role, first, last in USERS:
        user, created = User.objects.get_or_create(username=username)
        user.agency = agencies[agency_code] if agency_code else None
        user.role = role
        user.first_name, user.last_name = first, last
        user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
        user.is_active = True
        if created:
            user.set_password(DEMO_PASSWORD)
            result.created.append(f"user {username}")
        user.save()
        result.users.append((username, str(Role(role).label), user.agency.name if user.agency else "—"))
    coordinator = User.objects.get(username="cum.thuongtruc")
    cluster_membership_carry(cluster=cluster)
    for membership in cluster.memberships.filter(confirmed=False):
        cluster_membership_confirm(membership=membership, actor=coordinator)
    if records:
        for loader in _RECORD_LOADERS:
            result.records += loader(agencies=agencies)
    return result


# DEMO ONLY: one published authenticator secret for every demo user who must use two-step
# sign-in, so the demo can be tried without enrolling a phone. Never used outside `giapranh demo`.
DEMO_TOTP_KEY_HEX = "4769617052616e682d64656d6f2d6f6e6c792121"  # "GiapRanh-demo-only!!"


def demo_totp_secret() -> str:
    """The demo authenticator secret in the base32 form authenticator apps take."""
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()


def demo_totp_code() -> str:
    """The code an authenticator app holding the demo secret shows now."""
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY_HEX)):06d}"


@transaction.atomic
def demo_totp_load() -> list[str]:
    """Give the demo users whose role needs two-step sign-in the demo authenticator (DEMO ONLY)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    names = []
    for username, _agency, role, _first, _last in USERS:
        if role not in MFA_REQUIRED_ROLES:
            continue
        user = User.objects.get(username=username)
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="demo authenticator", key=DEMO_TOTP_KEY_HEX, confirmed=True)
        names.append(username)
    return names
