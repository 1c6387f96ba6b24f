from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from giapranh.reports.scope import scope_for_cluster, scope_for_unit
from giapranh.reports.selectors import figure_rows, report_compute, scope_resolve, shown_value
from giapranh.territory.choices import Edition, UnitType
from giapranh.territory.models import ClusterMembership, UnitSuccession
from tests.factories import AdminUnitFactory
from tests.reports.conftest import at, incident, person, supervision

pytestmark = pytest.mark.usefixtures("reference_data")

START, END = dt.date(2019, 1, 1), dt.date(2019, 12, 31)


def _report(user, world, start=START, end=END):
    scope = scope_resolve(user=user, cluster=world.cluster.slug, start=start, end=end)
    return report_compute(reader=user, scope=scope, start=start, end=end)


def test_edge_days_count_inside_and_not_outside(world, officer_a) -> None:
    # given: 00:00 on the first day and 23:59 on the last day, and one minute outside each end
    incident(world.police_a, world.commune_a, at(START, 0, 0))
    incident(world.police_a, world.commune_a, at(END, 23, 59))
    incident(world.police_a, world.commune_a, at(START - dt.timedelta(days=1), 23, 59))
    incident(world.police_a, world.commune_a, at(END + dt.timedelta(days=1), 0, 0))
    # when
    data = _report(officer_a, world)
    # then
    assert data.value("incidents.total") == 2


def test_subjects_are_distinct_persons(world, officer_a) -> None:
    # given: one suspect in two prosecuted cases, another in one
    first, second = person(world.police_a), person(world.police_a, "Ma Văn Hai")
    incident(world.police_a, world.commune_a, at(dt.date(2019, 3, 1)), suspects=(first,))
    incident(world.police_a, world.commune_a, at(dt.date(2019, 4, 1)), suspects=(first, second), jointly=True)
    incident(world.police_a, world.commune_a, at(dt.date(2019, 5, 1)), outcome="not_prosecuted", suspects=(first,))
    # when
    data = _report(officer_a, world)
    # then
    assert data.value("incidents.prosecuted.cases") == 2
    assert data.value("incidents.prosecuted.subjects") == 2
    assert data.value("incidents.not_prosecuted.subjects") == 1
    assert (data.value("cleared_jointly.cases"), data.value("cleared_jointly.subjects")) == (1, 2)


def test_a_person_with_two_supervisions_counts_once_and_ended_ones_not(world, officer_a) -> None:
    # given
    twice = person(world.police_a)
    supervision(world.police_a, world.commune_a, twice, dt.date(2018, 1, 1), dt.date(2019, 2, 1))
    supervision(world.police_a, world.commune_a, twice, dt.date(2019, 6, 1))
    supervision(world.police_a, world.commune_a, person(world.police_a, "Lý Thị Ba"), dt.date(2017, 1, 1), dt.date(2018, 12, 31))
    # when / then
    assert _report(officer_a, world).value("supervision.persons") == 1


def test_drill_down_rows_sum_to_the_figure(world, officer_a) -> None:
    # given
    for month in (2, 5, 9):
        incident(world.police_a, world.commune_a, at(dt.date(2019, month, 3)))
    incident(world.police_b, world.commune_b, at(dt.date(2019, 7, 3)))
    incident(world.police_b, world.commune_b, at(dt.date(2019, 7, 4)), shared=False)  # not visible to A
    scope = scope_resolve(user=officer_a, cluster=world.cluster.slug, start=START, end=END)
    # when
    data = report_compute(reader=officer_a, scope=scope, start=START, end=END)
    _figure, rows = figure_rows(reader=officer_a, scope=scope, key="incidents.total", start=START, end=END)
    # then
    assert data.value("incidents.total") == rows.count() == 4


def test_outsider_and_steering_see_nothing_of_the_rows(world, outsider, steering) -> None:
    # given
    incident(world.police_a, world.commune_a, at(dt.date(2019, 3, 1)), suspects=(person(world.police_a),))
    # then: the outsider is not listed in the cluster
    with pytest.raises(Http404):
        scope_resolve(user=outsider, cluster=world.cluster.slug, start=START, end=END)
    # the outsider's report on commune A sees none of A's records
    scope = scope_for_unit(code=world.commune_a.code, edition="legacy")
    assert report_compute(reader=outsider, scope=scope, start=START, end=END).value("incidents.total") == 0
    # the steering viewer gets the number, "< 3" for one person, and no rows
    data = _report(steering, world)
    assert data.value("incidents.total") == 1
    assert shown_value(data.value("incidents.prosecuted.subjects"), about_persons=True, user=steering) == "< 3"
    with pytest.raises(Http404):
        figure_rows(reader=steering, scope=scope, key="incidents.total", start=START, end=END)


def test_a_split_commune_goes_by_coordinates_else_to_the_default_successor(world, officer_a) -> None:
    # given: commune A split into N1 (default, far away) and N2 (near the first incident)
    n1 = AdminUnitFactory(edition=Edition.REFORM_2025, code="77001", valid_from=dt.date(2025, 7, 1), valid_to=None,
                          latitude=21.0, longitude=105.0, unit_type=UnitType.COMMUNE)
    n2 = AdminUnitFactory(edition=Edition.REFORM_2025, code="77002", valid_from=dt.date(2025, 7, 1), valid_to=None,
                          latitude=21.6, longitude=105.5, unit_type=UnitType.COMMUNE)
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=n1, is_default=True)
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=n2, is_default=False)
    incident(world.police_a, world.commune_a, at(dt.date(2019, 3, 1)), lat=21.59, lon=105.49)
    incident(world.police_a, world.commune_a, at(dt.date(2019, 4, 1)))  # no coordinates
    # when
    near = report_compute(reader=officer_a, scope=scope_for_unit(code="77002", edition="current"), start=START, end=END)
    default = report_compute(reader=officer_a, scope=scope_for_unit(code="77001", edition="current"), start=START, end=END)
    # then
    assert near.value("incidents.total") == 1 and near.placed_by_default == 0
    assert default.value("incidents.total") == 1 and default.placed_by_default == 1
    assert len(default.notes) == 1 and default.notes[0].startswith("1 ")


def test_a_period_across_the_reform_counts_members_valid_on_each_day(world, officer_a) -> None:
    # given: A is a member until 30/06/2025, its successor R from 01/07/2025; R2 never is
    r = AdminUnitFactory(edition=Edition.REFORM_2025, code="77010", valid_from=dt.date(2025, 7, 1), valid_to=None)
    r2 = AdminUnitFactory(edition=Edition.REFORM_2025, code="77011", valid_from=dt.date(2025, 7, 1), valid_to=None)
    ClusterMembership.objects.filter(cluster=world.cluster).update(valid_to=dt.date(2025, 6, 30))
    ClusterMembership.objects.create(cluster=world.cluster, commune=r, valid_from=dt.date(2025, 7, 1))
    ClusterMembership.objects.create(cluster=world.cluster, commune=r2, valid_from=dt.date(2025, 7, 1), confirmed=False)
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=r)
    incident(world.police_a, world.commune_a, at(dt.date(2025, 6, 30), 23, 59))
    incident(world.police_a, r, at(dt.date(2025, 7, 1), 0, 0))
    incident(world.police_a, r2, at(dt.date(2025, 7, 2)))  # an unconfirmed member does not count
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    # when
    scope = scope_for_cluster(cluster=world.cluster, start=start, end=end)
    data = report_compute(reader=officer_a, scope=scope, start=start, end=end)
    current = report_compute(reader=officer_a, scope=scope_for_unit(code="77010", edition="current"), start=start, end=end)
    legacy = report_compute(reader=officer_a, scope=scope_for_unit(code=world.commune_a.code, edition="legacy"), start=start, end=end)
    # then: each record once; the current unit includes its predecessor; the legacy one says it ceased
    assert data.value("incidents.total") == 2
    assert current.value("incidents.total") == 2
    assert legacy.value("incidents.total") == 1
    assert legacy.scope.ceased_on == dt.date(2025, 7, 1)


def test_a_supervision_filed_before_the_reform_counts_in_a_later_cluster_period(world, officer_a) -> None:
    # given: A's membership ended with the reform; a supervision filed in A in 2018 goes on
    ClusterMembership.objects.filter(cluster=world.cluster).update(valid_to=dt.date(2025, 6, 30))
    supervision(world.police_a, world.commune_a, person(world.police_a), dt.date(2018, 5, 1))
    start, end = dt.date(2025, 7, 1), dt.date(2026, 6, 30)
    # when
    scope = scope_for_cluster(cluster=world.cluster, start=start, end=end)
    # then
    assert report_compute(reader=officer_a, scope=scope, start=start, end=end).value("supervision.persons") == 1


def _officer(world, name: str, since: dt.date, until: dt.date | None = None, service: str = "regular"):
    from giapranh.community.models import Officer

    return Officer.objects.create(
        owner_agency=world.police_a, commune=world.commune_a, full_name=name, service_type=service,
        serving_from=since, serving_to=until,
    )


def test_officers_and_groups_count_on_the_last_day_only(world, officer_a, officer_b) -> None:
    from giapranh.community.models import SelfManagementGroup

    # given: an officer serving, one who left before the last day, one who left on it, one who came after
    _officer(world, "Nguyễn Văn Còn", dt.date(2018, 1, 1))
    _officer(world, "Trần Văn Đi", dt.date(2018, 1, 1), dt.date(2019, 6, 30), service="semi_professional")
    _officer(world, "Lê Văn Cuối", dt.date(2018, 1, 1), END, service="semi_professional")
    _officer(world, "Phạm Văn Mới", END + dt.timedelta(days=1))
    for name, dissolved in (("Tổ số 1", None), ("Tổ số 2", dt.date(2019, 3, 1))):
        SelfManagementGroup.objects.create(
            owner_agency=world.police_a, commune=world.commune_a, village="thôn Đồng Bông", name=name,
            founded_on=dt.date(2017, 1, 1), dissolved_on=dissolved,
        )
    # when
    data = _report(officer_a, world)
    # then: only the serving officer and the group not dissolved
    assert data.value("officers.total") == 1
    assert (data.value("officers.regular"), data.value("officers.semi_professional")) == (1, 0)
    assert data.value("groups.self_management") == 1
    scope = scope_resolve(user=officer_a, cluster=world.cluster.slug, start=START, end=END)
    _, rows = figure_rows(reader=officer_a, scope=scope, key="officers.total", start=START, end=END)
    assert [o.full_name for o in rows] == ["Nguyễn Văn Còn"]
    # the roster is personal: another commune of the cluster counts the officers but reads no names
    assert _report(officer_b, world).value("officers.total") == 1
    _, rows = figure_rows(reader=officer_b, scope=scope, key="officers.total", start=START, end=END)
    assert list(rows) == []
    _, rows = figure_rows(reader=officer_b, scope=scope, key="groups.self_management", start=START, end=END)
    assert [g.name for g in rows] == ["Tổ số 1"]


def test_steering_viewers_count_the_roster_but_get_no_rows(world, steering) -> None:
    # given
    _officer(world, "Nguyễn Văn Còn", dt.date(2018, 1, 1))
    scope = scope_resolve(user=steering, cluster=world.cluster.slug, start=START, end=END)
    # when
    data = report_compute(reader=steering, scope=scope, start=START, end=END)
    # then: the number, shown as "< 3", and no drill-down
    assert data.value("officers.total") == 1
    assert shown_value(1, about_persons=True, user=steering) == "< 3"
    with pytest.raises(Http404):
        figure_rows(reader=steering, scope=scope, key="officers.total", start=START, end=END)
