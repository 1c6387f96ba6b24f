"""Who sees community records (issue item 8): the cluster's shared work, except personal data.

- Community records (outreach, groups, mediation teams) are visible to every
  agency of the cluster containing the record's commune, without sharing.
- Records holding personal data (mediation cases with their parties, reputable
  persons, the officer roster) stay with the owner agency and those above it;
  the cluster gets counts only (`community.selectors`).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from giapranh.core.access import NOTHING, agency_subtree_ids, cluster_commune_ids
from giapranh.core.policies import RecordPolicy, _granted_q, _sees_records


class ClusterSharedPolicy(RecordPolicy):
    """Commune records the cluster reads by default: owner subtree, or any commune of the reader's clusters."""

    shareable = False
    cluster_reads = True

    def visible_q(self, user: Any, model: type[models.Model]) -> Q:
        if not _sees_records(user):
            return NOTHING
        q = Q(owner_agency_id__in=agency_subtree_ids(user))
        communes = cluster_commune_ids(user)
        if communes:
            q |= Q(commune_id__in=communes)
        return q | _granted_q(user, model)

    def can_share(self, user: Any, record: Any) -> bool:
        return False


class OwnAgencyPolicy(RecordPolicy):
    """Personal data: the owner agency and the agencies above it only; never shared with the cluster."""

    shareable = False

    def visible_q(self, user: Any, model: type[models.Model]) -> Q:
        if not _sees_records(user):
            return NOTHING
        return Q(owner_agency_id__in=agency_subtree_ids(user)) | _granted_q(user, model)

    def can_share(self, user: Any, record: Any) -> bool:
        return False


CLUSTER_SHARED = ClusterSharedPolicy()
OWN_AGENCY = OwnAgencyPolicy()
