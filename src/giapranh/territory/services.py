"""Writes of territory data: cluster membership across the 2025 reform."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giapranh.territory.models import REFORM_DATE, Cluster, ClusterMembership, UnitSuccession

LAST_LEGACY_DAY = REFORM_DATE - dt.timedelta(days=1)


def _may_manage(actor: Any, cluster: Cluster) -> bool:
    """The cluster's coordinator (or an administrator) manages its membership."""
    if getattr(actor, "is_superuser", False):
        return True
    if getattr(actor, "role", None) != "coordinator" or getattr(actor, "agency", None) is None:
        return False
    from giapranh.territory.equivalence import clusters_of_user

    return clusters_of_user(actor).filter(pk=cluster.pk).exists()


@transaction.atomic
def cluster_membership_carry(*, cluster: Cluster) -> list[ClusterMembership]:
    """Propose (unconfirmed) memberships of the successors of the cluster's legacy members.

    Every successor of a member is proposed, the default part of a split commune
    included; the coordinator confirms the ones that join. The legacy memberships
    end on 30/06/2025. Running it again proposes nothing new.
    """
    legacy = list(
        cluster.memberships.select_related("commune").filter(commune__valid_to__isnull=False, confirmed=True)
    )
    proposed: list[ClusterMembership] = []
    existing = set(cluster.memberships.values_list("commune_id", flat=True))
    for membership in legacy:
        if membership.valid_to is None or membership.valid_to > (membership.commune.valid_to or LAST_LEGACY_DAY):
            membership.valid_to = membership.commune.valid_to
            membership.save(update_fields=["valid_to"])
        successions = UnitSuccession.objects.filter(predecessor_id=membership.commune_id).select_related("successor")
        for succession in successions:
            if succession.successor_id in existing:
                continue
            existing.add(succession.successor_id)
            proposed.append(ClusterMembership.objects.create(
                cluster=cluster, commune=succession.successor, valid_from=succession.effective_on,
                confirmed=False, carried_from=membership,
            ))
    return proposed


@transaction.atomic
def cluster_membership_confirm(*, membership: ClusterMembership, actor: Any) -> ClusterMembership:
    """The coordinator confirms a carried membership; from then on it counts."""
    if not _may_manage(actor, membership.cluster):
        raise PermissionDenied(_("Only the cluster's coordinator confirms its members."))
    membership.confirmed = True
    membership.confirmed_by = actor if getattr(actor, "pk", None) else None
    membership.confirmed_at = timezone.now()
    membership.full_clean()
    membership.save(update_fields=["confirmed", "confirmed_by", "confirmed_at"])
    return membership


@transaction.atomic
def cluster_membership_end(*, membership: ClusterMembership, actor: Any, last_day: dt.date) -> ClusterMembership:
    """A commune leaves the cluster after `last_day`."""
    if not _may_manage(actor, membership.cluster):
        raise PermissionDenied(_("Only the cluster's coordinator confirms its members."))
    membership.valid_to = last_day
    membership.full_clean()
    membership.save(update_fields=["valid_to"])
    return membership
