from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_existing_members_become_confirmed_memberships_from_the_founding() -> None:
    # given: the schema before memberships had dates, with one cluster of one legacy commune
    executor = MigrationExecutor(connection)
    executor.migrate([("territory", "0001_initial")])
    old = executor.loader.project_state([("territory", "0001_initial")]).apps
    unit = old.get_model("territory", "AdminUnit").objects.create(
        edition="legacy63", level="commune", code="08776", name="Xã Quang Yên", short_name="Quang Yên",
        unit_type="xa", valid_to=dt.date(2025, 6, 30), search_key="xa quang yen",
    )
    cluster = old.get_model("territory", "Cluster").objects.create(name="Cụm", slug="cum", founded_on=dt.date(2015, 7, 1))
    cluster.communes.add(unit)
    # when
    executor = MigrationExecutor(connection)
    executor.migrate([("territory", "0002_cluster_membership_with_validity")])
    new = executor.loader.project_state([("territory", "0002_cluster_membership_with_validity")]).apps
    # then
    membership = new.get_model("territory", "ClusterMembership").objects.get()
    assert (membership.commune_id, membership.valid_from, membership.valid_to, membership.confirmed) == (
        unit.pk, dt.date(2015, 7, 1), dt.date(2025, 6, 30), True,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
