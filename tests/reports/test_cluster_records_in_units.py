"""A commune's or district's report counts the cluster records that touch its communes (issue 11)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from giapranh.community.models import (
    Commendation,
    EmulationPact,
    SelfManagementGroup,
    SelfManagementModel,
)
from giapranh.reports.scope import scope_for_cluster, scope_for_unit
from giapranh.reports.selectors import figure_rows, report_compute
from giapranh.territory.choices import Edition
from giapranh.territory.models import UnitSuccession
from tests.factories import AdminUnitFactory

pytestmark = pytest.mark.usefixtures("reference_data")

START, END = dt.date(2019, 1, 1), dt.date(2019, 12, 31)
KEYS = ("models.self_management", "pacts.signatory_communes", "commendations.collective", "commendations.individual")


@pytest.fixture
def cluster_records(world: Any) -> None:
    """A model in A, one across A and B, one in B; a pact of A and B; an agency commendation to A, one to B,
    and an individual commended by name (who belongs to no commune today)."""
    for name, communes in (("Camera an ninh", [world.commune_a]), ("Bến đò tự quản", [world.commune_a, world.commune_b]),
                           ("Tiếng kẻng an ninh", [world.commune_b])):
        model = SelfManagementModel.objects.create(
            cluster=world.cluster, owner_agency=world.police_a, name=name, founded_on=dt.date(2018, 1, 1),
        )
        model.communes.set(communes)
    pact = EmulationPact.objects.create(
        cluster=world.cluster, owner_agency=world.police_a, title="Giao ước thi đua 2019", signed_on=START,
        period_from=START, period_to=END,
    )
    pact.signatories.set([world.police_a, world.police_b])
    for agency in (world.police_a, world.police_b):
        Commendation.objects.create(
            cluster=world.cluster, owner_agency=world.police_a, awarded_on=dt.date(2019, 5, 1), issuing_body="UBND huyện",
            form="certificate_of_merit", recipient_kind="agency", recipient_agency=agency,
        )
    Commendation.objects.create(
        cluster=world.cluster, owner_agency=world.police_a, awarded_on=dt.date(2019, 5, 1), issuing_body="UBND huyện",
        form="certificate_of_merit", recipient_kind="citizen", recipient_name="Nguyễn Văn Tốt",
    )


def _values(reader: Any, scope: Any, start: dt.date = START, end: dt.date = END) -> tuple[int, ...]:
    data = report_compute(reader=reader, scope=scope, start=start, end=end)
    return tuple(data.value(key) for key in KEYS)  # type: ignore[misc]


@pytest.mark.usefixtures("cluster_records")
def test_a_commune_and_a_district_count_the_cluster_records_that_touch_them(world, officer_a) -> None:
    # then: commune A: 2 models, its own signatory, its agency's commendation; the individual belongs to none
    assert _values(officer_a, scope_for_unit(code=world.commune_a.code, edition="legacy")) == (2, 1, 1, 0)
    assert _values(officer_a, scope_for_unit(code=world.commune_b.code, edition="legacy")) == (2, 1, 1, 0)
    # A's district holds A (and C, outside the cluster): the same as A
    assert _values(officer_a, scope_for_unit(code=world.district_1.code, edition="legacy")) == (2, 1, 1, 0)
    # the cluster counts each once
    cluster = scope_for_cluster(cluster=world.cluster, start=START, end=END)
    assert _values(officer_a, cluster) == (3, 2, 2, 1)


@pytest.mark.usefixtures("cluster_records")
def test_a_unit_drill_down_lists_each_cluster_record_once(world, officer_a) -> None:
    scope = scope_for_unit(code=world.commune_a.code, edition="legacy")
    # when
    _figure, models = figure_rows(reader=officer_a, scope=scope, key="models.self_management", start=START, end=END)
    _figure, pacts = figure_rows(reader=officer_a, scope=scope, key="pacts.signatory_communes", start=START, end=END)
    # then
    assert sorted(m.name for m in models) == ["Bến đò tự quản", "Camera an ninh"]
    assert [p.title for p in pacts] == ["Giao ước thi đua 2019"]


@pytest.mark.usefixtures("cluster_records")
def test_a_current_unit_counts_its_predecessors_cluster_records(world, officer_a) -> None:
    # given: A's successor R
    r = AdminUnitFactory(edition=Edition.REFORM_2025, code="77010", valid_from=dt.date(2025, 7, 1), valid_to=None)
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=r, is_default=True)
    # then
    assert _values(officer_a, scope_for_unit(code="77010", edition="current")) == (2, 1, 1, 0)


@pytest.mark.usefixtures("cluster_records")
def test_an_agency_outside_the_cluster_counts_none_of_its_records(world, outsider) -> None:
    # then: commune C's officer reads no cluster record, even for commune A's report
    assert _values(outsider, scope_for_unit(code=world.commune_a.code, edition="legacy")) == (0, 0, 0, 0)
    scope = scope_for_unit(code=world.commune_a.code, edition="legacy")
    assert figure_rows(reader=outsider, scope=scope, key="commendations.collective", start=START, end=END)[1].count() == 0


@pytest.mark.usefixtures("cluster_records")
def test_a_commendation_of_a_linked_group_counts_for_the_groups_commune(world, officer_a) -> None:
    # given: B's self-management group commended
    group = SelfManagementGroup.objects.create(
        owner_agency=world.police_b, commune=world.commune_b, shared_with_cluster=True, village="Thôn 3",
        name="Tổ liên gia số 3", founded_on=dt.date(2015, 1, 1),
    )
    Commendation.objects.create(
        cluster=world.cluster, owner_agency=world.police_a, awarded_on=dt.date(2019, 6, 1), issuing_body="UBND huyện",
        form="certificate_of_merit", recipient_kind="group", recipient_group=group,
    )
    # then: it counts for B, not for A, and once for the cluster
    assert _values(officer_a, scope_for_unit(code=world.commune_b.code, edition="legacy"))[2] == 2
    assert _values(officer_a, scope_for_unit(code=world.commune_a.code, edition="legacy"))[2] == 1
    assert _values(officer_a, scope_for_cluster(cluster=world.cluster, start=START, end=END))[2] == 3
