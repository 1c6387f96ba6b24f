"""Reads of administrative units, their history across the 2025 reform, and clusters."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Length, StrIndex
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.http import Http404
from django.utils import timezone

from giapranh.territory.choices import UnitLevel
from giapranh.territory.equivalence import clusters_of_user, equivalent_unit_ids
from giapranh.territory.models import (
    AdminUnit,
    AdminUnitQuerySet,
    ChairTerm,
    Cluster,
    ClusterMembership,
    UnitSuccession,
)
from giapranh.text import fold, word_start_q

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180
SEARCH_LIMIT_MAX = 200


@dataclass(frozen=True)
class UnitLink:
    """One side of a succession: the other unit and whether it is the default successor."""

    unit: AdminUnit
    is_default: bool
    effective_on: dt.date


@dataclass(frozen=True)
class UnitHistory:
    predecessors: list[UnitLink]
    successors: list[UnitLink]


@dataclass(frozen=True)
class BorderPair:
    commune_a: AdminUnit
    commune_b: AdminUnit
    distance_km: float


def units_with_history() -> AdminUnitQuerySet:
    """Units with their parents and both directions of succession fetched in three queries."""
    return AdminUnit.objects.select_related("parent__parent").prefetch_related(
        Prefetch(
            "successions_in",
            queryset=UnitSuccession.objects.select_related("predecessor__parent__parent"),
        ),
        Prefetch(
            "successions_out",
            queryset=UnitSuccession.objects.select_related("successor__parent__parent"),
        ),
    )


def unit_search(
    *, q: str = "", level: str | None = None, valid_on: dt.date | None = None, limit: int = 50, first: set[int] | None = None
) -> list[AdminUnit]:
    """Units whose name or parents' names contain every word of `q` (case and diacritics ignored); `first` ranked first."""
    units = units_with_history()
    if level:
        units = units.filter(level=level)
    if valid_on:
        units = units.valid_on(valid_on)
    query = q.strip()
    words = fold(query).split()
    if query.isdigit():
        units = units.filter(code=query)
    else:
        # Words match at word starts, so that `yen` finds Yên Lãng but not every "huyện".
        for word in words:
            units = units.filter(word_start_q("search_key", word))
    # search_key starts with the folded name, which has as many characters as the
    # (precomposed) name, so a word found within the first len(name) characters is
    # in the unit's own name rather than in a parent's.
    padded_key = Concat(Value(" "), "search_key", output_field=CharField())
    name_hits = sum(
        (
            Case(
                When(
                    GreaterThan(StrIndex(padded_key, Value(" " + word)), 0)
                    & LessThanOrEqual(
                        StrIndex(padded_key, Value(" " + word)), Length("name") - len(word) + 1
                    ),
                    then=Value(1),
                ),
                default=Value(0),
                output_field=IntegerField(),
            )
            for word in words
        ),
        Value(0, output_field=IntegerField()),
    )
    level_rank = Case(
        When(level=UnitLevel.COMMUNE, then=Value(0)),
        When(level=UnitLevel.DISTRICT, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    # Units still in force come before their namesakes that ended with the reform.
    ended = Case(When(valid_to__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    # The officer's own cluster before namesakes elsewhere (Quang Yên before Quảng Yên, Thanh Hóa).
    preferred = Case(When(id__in=first or set(), then=Value(0)), default=Value(1), output_field=IntegerField())
    units = units.annotate(
        name_hits=name_hits, level_rank=level_rank, name_length=Length("name"), ended=ended, preferred=preferred
    ).order_by("preferred", "-name_hits", "level_rank", "name_length", "ended", "search_key", "code")
    return list(units[: max(1, min(limit, SEARCH_LIMIT_MAX))])


def unit_get(*, edition: str, code: str, levels: tuple[str, ...] | None = None) -> AdminUnit:
    """The unit of `edition` with official `code` (optionally among `levels`); 404 if none."""
    units = AdminUnit.objects.select_related("parent__parent").filter(edition=edition, code=code)
    if levels:
        units = units.filter(level__in=levels)
    unit = units.order_by("level").first()
    if unit is None:
        raise Http404
    return unit


def _links(successions: Any, attribute: str) -> list[UnitLink]:
    links = [
        UnitLink(unit=getattr(s, attribute), is_default=s.is_default, effective_on=s.effective_on)
        for s in successions
    ]
    return sorted(links, key=lambda link: (not link.is_default, link.unit.code))


def unit_history(unit: AdminUnit) -> UnitHistory:
    """The unit's predecessors and successors (default successor first); uses prefetches when present."""
    cache = getattr(unit, "_prefetched_objects_cache", {})
    incoming = cache.get("successions_in")
    if incoming is None:
        incoming = unit.successions_in.select_related("predecessor__parent__parent")
    outgoing = cache.get("successions_out")
    if outgoing is None:
        outgoing = unit.successions_out.select_related("successor__parent__parent")
    return UnitHistory(
        predecessors=_links(incoming, "predecessor"), successors=_links(outgoing, "successor")
    )


def communes_within(unit: AdminUnit, *, valid_on: dt.date | None = None) -> QuerySet[AdminUnit]:
    """The communes of a province or district (or the commune itself)."""
    communes = AdminUnit.objects.communes().select_related("parent__parent")
    if unit.level == UnitLevel.COMMUNE:
        communes = communes.filter(pk=unit.pk)
    else:
        communes = communes.filter(Q(parent=unit) | Q(parent__parent=unit))
    if valid_on:
        communes = communes.valid_on(valid_on)
    return communes.order_by("code")


def distance_km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle (haversine) distance in km."""
    # Six lines of trigonometry do not justify a dependency (e.g. `haversine`).
    phi_a, phi_b = math.radians(lat_a), math.radians(lat_b)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(lon_b - lon_a)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def border_commune_pairs(
    *, side_a: AdminUnit, side_b: AdminUnit, max_km: float = 10.0, valid_on: dt.date | None = None
) -> list[BorderPair]:
    """Pairs of communes (one in each side) within `max_km` of each other, nearest first."""
    communes_a, communes_b = (
        [u for u in communes_within(side, valid_on=valid_on) if None not in (u.latitude, u.longitude)]
        for side in (side_a, side_b)
    )
    max_dlat = max_km / KM_PER_DEGREE_LAT
    pairs = []
    for a in communes_a:
        for b in communes_b:
            # A cheap latitude window skips most far pairs of two provinces.
            if a.pk == b.pk or abs(a.latitude - b.latitude) > max_dlat:  # type: ignore[operator]
                continue
            km = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
            if km <= max_km:
                pairs.append(BorderPair(commune_a=a, commune_b=b, distance_km=km))
    pairs.sort(key=lambda pair: (pair.distance_km, pair.commune_a.code, pair.commune_b.code))
    return pairs


def clusters_visible_q(user: Any) -> Q:
    """Clusters the user's agency belongs to, or whose communes lie in its district or province."""
    agency = getattr(user, "agency", None)
    if not getattr(user, "is_authenticated", False) or agency is None:
        return Q(pk__in=[])
    q = Q(pk__in=clusters_of_user(user).values("pk"))
    jurisdiction = agency.jurisdiction
    if jurisdiction.level in (UnitLevel.DISTRICT, UnitLevel.PROVINCE):
        # With the unit's predecessors and successors, a Phú Thọ (2025) agency still
        # finds clusters of Vĩnh Phúc (legacy) communes, and the other way round.
        units = equivalent_unit_ids({jurisdiction.pk})
        q |= Q(pk__in=Cluster.objects.filter(
            Q(communes__parent_id__in=units)
            | Q(communes__parent__parent_id__in=units)
            | Q(communes__successions_in__predecessor__parent_id__in=units)
            | Q(communes__successions_in__predecessor__parent__parent_id__in=units)
        ).values("pk"))
    return q


def cluster_list_for(*, user: Any) -> QuerySet[Cluster]:
    """Clusters listed for `user`, with member communes and chair terms prefetched."""
    return Cluster.objects.filter(clusters_visible_q(user)).prefetch_related(
        Prefetch(
            "communes",
            queryset=AdminUnit.objects.select_related("parent__parent").order_by("code"),
        ),
        Prefetch(
            "memberships",
            queryset=ClusterMembership.objects.select_related("commune__parent__parent").order_by(
                F("valid_from").asc(nulls_first=True), "commune__code"
            ),
        ),
        Prefetch("chair_terms", queryset=ChairTerm.objects.select_related("agency")),
    ).order_by("name")


def cluster_get_for(*, user: Any, slug: str) -> Cluster:
    """One cluster listed for `user`; missing and not listed both raise 404."""
    cluster = cluster_list_for(user=user).filter(slug=slug).first()
    if cluster is None:
        raise Http404
    return cluster


def cluster_current_chair(cluster: Cluster, *, day: dt.date | None = None) -> ChairTerm | None:
    """The chair term in force on `day` (today by default), using prefetched terms."""
    day = day or timezone.localdate()
    current = [term for term in cluster.chair_terms.all() if term.is_current_on(day)]
    return max(current, key=lambda term: term.starts_on, default=None)


def commune_for_code(*, code: str, day: dt.date | None = None) -> AdminUnit | None:
    """The commune with an official code as listed on `day` (the newest listing without a day)."""
    units = AdminUnit.objects.communes().filter(code=code).select_related("parent__parent")
    if day is not None:
        return units.valid_on(day).first()
    # Legacy units have no start date: NULLs must sort last on every database.
    return units.order_by(F("valid_from").desc(nulls_last=True), "edition").first()


@dataclass(frozen=True)
class MemberPeriod:
    """The confirmed members of a cluster over one stretch of days with the same members."""

    valid_from: dt.date | None
    valid_to: dt.date | None
    edition: str
    members: list[ClusterMembership]


def cluster_member_periods(cluster: Cluster) -> list[MemberPeriod]:
    """Confirmed memberships grouped by their validity (uses prefetched memberships)."""
    groups: dict[tuple[dt.date | None, dt.date | None, str], list[ClusterMembership]] = {}
    for membership in cluster.memberships.all():
        if membership.confirmed:
            key = (membership.valid_from, membership.valid_to, membership.commune.edition)
            groups.setdefault(key, []).append(membership)
    ordered = sorted(groups.items(), key=lambda item: (item[0][0] or dt.date.min, item[0][1] or dt.date.max))
    return [MemberPeriod(start, end, edition, members) for (start, end, edition), members in ordered]


def cluster_current_communes(cluster: Cluster, *, day: dt.date | None = None) -> list[AdminUnit]:
    """Confirmed member communes on `day` (today by default); all members if none is valid then."""
    day = day or timezone.localdate()
    current = [m.commune for m in cluster.memberships.all() if m.confirmed and m.is_valid_on(day)]
    if not current:
        current = [m.commune for m in cluster.memberships.all() if m.confirmed]
    return sorted(current, key=lambda unit: unit.code)


def cluster_memberships_valid(cluster: Cluster, *, start: dt.date, end: dt.date) -> list[ClusterMembership]:
    """Confirmed memberships valid on at least one day of [start, end]."""
    return list(
        cluster.memberships.confirmed().overlapping(start, end).select_related("commune")
    )
