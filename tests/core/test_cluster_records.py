"""Cluster-owned records (meetings, pacts, commendations): the cluster's agencies read them, the coordinator writes them."""

from __future__ import annotations

from giapranh.accounts.choices import Role
from giapranh.core.access import can_edit, can_record, can_share
from tests.core.testapp.models import ClusterMemo
from tests.factories import UserFactory


def test_the_cluster_reads_its_records_and_nobody_else_does(world, officer_a, officer_b, outsider, superior_1, steering, administrator) -> None:
    # given the coordinator (Tam Đa's police holds the chair) and a record of the cluster
    coordinator = UserFactory(username="coordinator", agency=world.police_b, role=Role.COORDINATOR)
    memo = ClusterMemo.objects.create(cluster=world.cluster, owner_agency=coordinator.agency, title="Hội nghị sơ kết")
    # then both sides of the line read it, without any sharing
    for user in (officer_a, officer_b, coordinator):
        assert ClusterMemo.objects.visible_to(user).filter(pk=memo.pk).exists(), user.username
    # the commune outside the cluster, the steering viewer and the administrator do not
    for user in (outsider, steering, administrator):
        assert not ClusterMemo.objects.visible_to(user).filter(pk=memo.pk).exists(), user.username
    # the district police above a member commune reads it too (its jurisdiction's cluster)
    assert ClusterMemo.objects.visible_to(superior_1).filter(pk=memo.pk).exists()


def test_only_the_coordinator_writes_cluster_records(world, officer_a, chief_a) -> None:
    coordinator = UserFactory(username="coordinator", agency=world.police_b, role=Role.COORDINATOR)
    memo = ClusterMemo.objects.create(cluster=world.cluster, owner_agency=coordinator.agency, title="Giao ước thi đua")
    assert can_record(coordinator, ClusterMemo)
    assert can_edit(coordinator, memo)
    # commune officers and chiefs file commune records, not the cluster's
    for user in (officer_a, chief_a):
        assert not can_record(user, ClusterMemo)
        assert not can_edit(user, memo)
    # cluster records are the cluster's already: nothing to share
    assert not can_share(coordinator, memo)
