"""Administrative units and clusters over the REST API (authentication comes from the NinjaAPI)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import ValidationError

from giapranh.territory.choices import UnitLevel
from giapranh.territory.models import AdminUnit, Cluster, ClusterMembership
from giapranh.territory.selectors import (
    SEARCH_LIMIT_MAX,
    UnitLink,
    cluster_current_chair,
    cluster_current_communes,
    cluster_get_for,
    cluster_list_for,
    cluster_member_periods,
    unit_history,
    unit_search,
)

router = Router(tags=["territory"])


class UnitLinkOut(Schema):
    code: str
    edition: str
    name: str
    full_name: str
    is_default: bool


class UnitOut(Schema):
    code: str
    edition: str
    level: str
    name: str
    short_name: str
    unit_type: str
    full_name: str
    parent_code: str | None
    latitude: float | None
    longitude: float | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    predecessors: list[UnitLinkOut]
    successors: list[UnitLinkOut]


class MemberCommuneOut(Schema):
    code: str
    name: str
    full_name: str
    province_name: str
    latitude: float | None
    longitude: float | None


class MembershipOut(Schema):
    code: str
    edition: str
    name: str
    full_name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    confirmed: bool


class MemberPeriodOut(Schema):
    """The confirmed members in force over one period (the reform starts a new one)."""

    valid_from: dt.date | None
    valid_to: dt.date | None
    edition: str
    members: list[MembershipOut]


class ClusterOut(Schema):
    name: str
    slug: str
    founded_on: dt.date | None
    communes: list[MemberCommuneOut]
    periods: list[MemberPeriodOut]
    pending: list[MembershipOut]
    chair_agency_name: str | None


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ["query", field], "msg": message, "type": "value_error"}])


def _parse_level(value: str | None) -> str | None:
    if not value:
        return None
    if value not in UnitLevel.values:
        message = _("level must be one of: %(levels)s.") % {"levels": ", ".join(UnitLevel.values)}
        raise _invalid("level", message)
    return value


def _parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    # The form field accepts the project's DATE_INPUT_FORMATS (dd/mm/yyyy and ISO).
    try:
        return forms.DateField().clean(value)
    except DjangoValidationError:
        raise _invalid("valid_on", _("valid_on must be a date as YYYY-MM-DD or dd/mm/yyyy.")) from None


def _link_out(link: UnitLink) -> UnitLinkOut:
    unit = link.unit
    return UnitLinkOut(
        code=unit.code, edition=unit.edition, name=unit.name, full_name=unit.full_name,
        is_default=link.is_default,
    )


def _unit_out(unit: AdminUnit) -> UnitOut:
    history = unit_history(unit)
    return UnitOut(
        code=unit.code, edition=unit.edition, level=unit.level, name=unit.name,
        short_name=unit.short_name, unit_type=unit.unit_type, full_name=unit.full_name,
        parent_code=unit.parent.code if unit.parent else None,
        latitude=unit.latitude, longitude=unit.longitude,
        valid_from=unit.valid_from, valid_to=unit.valid_to,
        predecessors=[_link_out(link) for link in history.predecessors],
        successors=[_link_out(link) for link in history.successors],
    )


def _membership_out(membership: ClusterMembership) -> MembershipOut:
    unit = membership.commune
    return MembershipOut(
        code=unit.code, edition=unit.edition, name=unit.name, full_name=unit.full_name,
        valid_from=membership.valid_from, valid_to=membership.valid_to, confirmed=membership.confirmed,
    )


def _cluster_out(cluster: Cluster) -> ClusterOut:
    chair = cluster_current_chair(cluster)
    periods = [
        MemberPeriodOut(
            valid_from=period.valid_from, valid_to=period.valid_to, edition=period.edition,
            members=[_membership_out(m) for m in period.members],
        )
        for period in cluster_member_periods(cluster)
    ]
    return ClusterOut(
        name=cluster.name, slug=cluster.slug, founded_on=cluster.founded_on,
        periods=periods,
        pending=[_membership_out(m) for m in cluster.memberships.all() if not m.confirmed],
        communes=[
            MemberCommuneOut(
                code=unit.code, name=unit.name, full_name=unit.full_name,
                province_name=unit.province.name, latitude=unit.latitude, longitude=unit.longitude,
            )
            for unit in cluster_current_communes(cluster)
        ],
        chair_agency_name=chair.agency.name if chair else None,
    )


@router.get("/units", response=list[UnitOut], summary="Search administrative units")
def units(
    request: HttpRequest, q: str = "", level: str | None = None, valid_on: str | None = None,
    limit: int = 50,
) -> list[UnitOut]:
    """Units matching every word of `q` (diacritics ignored), with their 2025 predecessors and successors."""
    found = unit_search(
        q=q, level=_parse_level(level), valid_on=_parse_day(valid_on),
        limit=max(1, min(limit, SEARCH_LIMIT_MAX)),
    )
    return [_unit_out(unit) for unit in found]


@router.get("/clusters", response=list[ClusterOut], summary="Clusters of the signed-in user")
def clusters(request: HttpRequest) -> list[ClusterOut]:
    """Clusters the user's agency belongs to or oversees."""
    return [_cluster_out(cluster) for cluster in cluster_list_for(user=request.user)]


@router.get("/clusters/{slug}", response=ClusterOut, summary="One cluster")
def cluster_detail(request: HttpRequest, slug: str) -> ClusterOut:
    """One cluster listed for the user; 404 otherwise."""
    return _cluster_out(cluster_get_for(user=request.user, slug=slug))
