from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from giapranh.accounts.choices import Role
from giapranh.core.access import cluster_commune_ids
from giapranh.territory.choices import Edition
from giapranh.territory.models import ClusterMembership, UnitSuccession
from giapranh.territory.services import cluster_membership_carry, cluster_membership_confirm
from tests.factories import AdminUnitFactory, UserFactory


@pytest.fixture
def successor(world):
    new = AdminUnitFactory(edition=Edition.REFORM_2025, code="88001", valid_from=dt.date(2025, 7, 1), valid_to=None)
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=new)
    return new


def test_carry_proposes_successors_that_count_once_the_coordinator_confirms(client, world, officer_b, successor) -> None:
    # given
    coordinator = UserFactory(username="coord", agency=world.police_a, role=Role.COORDINATOR)
    # when
    proposed = cluster_membership_carry(cluster=world.cluster)
    again = cluster_membership_carry(cluster=world.cluster)
    # then: proposed once, unconfirmed, legacy memberships end with their unit
    assert [m.commune for m in proposed] == [successor] and again == []
    assert not proposed[0].confirmed and proposed[0].valid_from == dt.date(2025, 7, 1)
    assert ClusterMembership.objects.get(commune=world.commune_a).valid_to == dt.date(2025, 6, 30)
    with pytest.raises(PermissionDenied):
        cluster_membership_confirm(membership=proposed[0], actor=officer_b)
    cluster_membership_confirm(membership=proposed[0], actor=coordinator)
    assert successor.pk in cluster_commune_ids(officer_b)
    # and the API lists the members per period with their edition
    client.force_login(officer_b)
    periods = client.get(f"/api/v1/clusters/{world.cluster.slug}").json()["periods"]
    assert [(p["edition"], p["valid_to"], sorted(m["code"] for m in p["members"])) for p in periods] == [
        ("legacy63", "2025-06-30", sorted([world.commune_a.code, world.commune_b.code])),
        ("reform2025", None, ["88001"]),
    ]
