"""Who may see, create, change, delete and share each kind of record: one policy per type.

`ScopedQuerySet.visible_to(user)` asks the model's policy for its Q, and every
"may X do Y to Z" in views, API handlers and services asks the same policy, so
the access rule of a record type lives in exactly one place (DESIGN.md, access
model). A model gets the policy of its base (`ScopedRecord` → commune records,
`ClusterRecord` → cluster records) unless its app registers another one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from giapranh.core.access import (
    NOTHING,
    agency_subtree_ids,
    cluster_commune_ids,
    clusters_of_user,
    equivalent_unit_ids,
)

if TYPE_CHECKING:
    from giapranh.core.actor import Actor

RECORDING_ROLES = ("commune_officer", "commune_chief")


def _sees_records(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "sees_records", False))


def _granted_q(user: Actor, model: type[models.Model]) -> Q:
    """Records an explicit `AccessGrant` opens to the user's agency subtree (e.g. a notice's recipients)."""
    from giapranh.core.models import AccessGrant

    granted = AccessGrant.objects.filter(
        content_type=ContentType.objects.get_for_model(model), agency_id__in=agency_subtree_ids(user)
    ).values("object_id")
    return Q(pk__in=granted)


class RecordPolicy:
    """The policy of commune-owned records (`ScopedRecord`).

    Visible to the owner agency and the agencies above it, to the agencies of the
    clusters containing the record's commune once a chief shares it, and to agencies
    holding an explicit grant. Each branch is a plain column test on the record's
    own table, so the database answers each from an index.
    Filed by commune officers and chiefs; changed and deleted by the owner agency's
    own officers; shared by the owner agency's chief.
    """

    shareable = True

    def visible_q(self, user: Actor, model: type[models.Model]) -> Q:
        if not _sees_records(user):
            return NOTHING
        q = Q(owner_agency_id__in=agency_subtree_ids(user))
        communes = cluster_commune_ids(user)
        if communes:
            q |= Q(shared_with_cluster=True, commune_id__in=communes)
        return q | _granted_q(user, model)

    def can_create(self, user: Actor) -> bool:
        return _sees_records(user) and user.role in RECORDING_ROLES

    def can_change(self, user: Actor, record: Any) -> bool:
        return self.can_create(user) and user.agency_id == record.owner_agency_id

    def can_delete(self, user: Actor, record: Any) -> bool:
        return self.can_change(user, record)

    def can_share(self, user: Actor, record: Any) -> bool:
        return _sees_records(user) and user.agency_id == record.owner_agency_id and user.role == "commune_chief"


class ClusterRecordPolicy(RecordPolicy):
    """The policy of cluster-owned records (`ClusterRecord`: meetings, pacts, commendations).

    The cluster's work, so visible to every agency of the cluster's communes and
    to the agencies above them; written by the cluster's coordinator (the
    rotating chair's user), never shared (the cluster sees them already).
    """

    shareable = False

    def visible_q(self, user: Actor, model: type[models.Model]) -> Q:
        if not _sees_records(user):
            return NOTHING
        from giapranh.accounts.models import Agency
        from giapranh.territory.models import Cluster

        subtree = agency_subtree_ids(user)
        q = Q(owner_agency_id__in=subtree)
        # The clusters of the user's own commune, and for superiors those of every commune below them.
        units = set(Agency.objects.filter(id__in=subtree).values_list("jurisdiction_id", flat=True))
        clusters = set(clusters_of_user(user).values_list("id", flat=True))
        clusters |= set(Cluster.objects.filter(communes__in=equivalent_unit_ids(units)).values_list("id", flat=True))
        if clusters:
            q |= Q(cluster_id__in=clusters)
        return q | _granted_q(user, model)

    def can_create(self, user: Actor) -> bool:
        return _sees_records(user) and user.role == "coordinator"

    def can_change(self, user: Actor, record: Any) -> bool:
        return self.can_create(user) and clusters_of_user(user).filter(pk=record.cluster_id).exists()

    def can_share(self, user: Actor, record: Any) -> bool:
        return False


_POLICIES: dict[type[models.Model], RecordPolicy] = {}
COMMUNE_RECORDS = RecordPolicy()
CLUSTER_RECORDS = ClusterRecordPolicy()


def register_policy(model: type[models.Model], policy: RecordPolicy) -> None:
    """Give a record type a policy other than its base's (e.g. notices: sender and recipients)."""
    _POLICIES[model] = policy


def policy_for(model: type[models.Model]) -> RecordPolicy:
    """The policy deciding access to `model`'s rows."""
    if model in _POLICIES:
        return _POLICIES[model]
    from giapranh.core.models import ClusterRecord

    return CLUSTER_RECORDS if issubclass(model, ClusterRecord) else COMMUNE_RECORDS

