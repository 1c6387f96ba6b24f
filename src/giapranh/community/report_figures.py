"""The community and force figures of the review report (issue 11), declared for `reports`.

Outreach counts the quantities dated within the period; groups, mediation teams
and the roster count what is active on the period's last day (an end on or
before that day no longer counts, as in `community.selectors`). The roster is
personal: it is counted over every commune the reader may count (its agency's
and its clusters', `community.selectors.countable_commune_ids`), but its
drill-down follows `OWN_AGENCY` (the owner agency and those above it); steering
viewers get numbers only, as for every figure.

Self-management models, emulation pacts and commendations belong to a cluster
(`cluster_level`): a cluster's report counts its own. A unit's report (a
commune, a district, a province; across the reform its predecessors' communes
too) counts those that touch its communes:
- a self-management model when one of its communes is in the unit;
- a pact's signatory agencies whose commune (jurisdiction) is in the unit
  (the pact counts, and only those signatories are counted);
- a commendation when its recipient belongs to the unit (`commendation_in_communes`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from giapranh.community.choices import OutreachKind, RecipientKind, ServiceType
from giapranh.community.selectors import countable_commune_ids
from giapranh.reports.figures import Counting, Figure, Period, register_figure


def commendation_in_communes(commune_ids: set[int]) -> Q:
    """Commendations whose recipient belongs to one of the communes.

    An agency belongs to its jurisdiction; a linked self-management group, mediation team
    or roster officer to its record's commune. A citizen, named in free text, belongs to
    no commune and counts in its cluster's report only. Counting never names the recipient.
    """
    return (
        Q(recipient_agency__jurisdiction_id__in=commune_ids)
        | Q(recipient_group__commune_id__in=commune_ids)
        | Q(recipient_team__commune_id__in=commune_ids)
        | Q(recipient_officer__commune_id__in=commune_ids)
    )


def _model_in_communes(commune_ids: set[int]) -> Q:
    return Q(communes__in=commune_ids)


def _signatory_in_communes(commune_ids: set[int]) -> Q:
    return Q(signatories__jurisdiction_id__in=commune_ids)


def _countable(user: Any) -> Q:
    """The roster's rows a reader may count: every commune of the reader's agency and clusters (numbers only)."""
    return Q(commune_id__in=countable_commune_ids(user=user))


_DEFINITIONS = [
    *[
        Figure(
            key=f"outreach.{kind.value}", label=label, section="community", model="community.OutreachActivity",
            date_field="held_on", filter=Q(kind=kind), counting=Counting.SUM, path="quantity",
            unit=unit, order=10 + index, seed=seed,
        )
        for index, (kind, label, unit, seed) in enumerate([
            (OutreachKind.NEWS_ITEM, _("Outreach: news items"), _("news items"), 620),
            (OutreachKind.SLOGAN_BANNER, _("Outreach: slogans and banners"), _("slogans and banners"), 175),
            (OutreachKind.PUBLIC_SESSION, _("Outreach: public sessions in villages"), _("sessions"), 285),
        ])
    ],
    Figure(
        key="groups.self_management", label=_("Self-management groups (on the last day)"), section="community",
        model="community.SelfManagementGroup", date_field="founded_on", period=Period.LAST_DAY,
        end_field="dissolved_on", unit=_("groups"), order=20, seed=622,
    ),
    Figure(
        key="teams.mediation", label=_("Mediation teams (on the last day)"), section="community",
        model="community.MediationTeam", date_field="founded_on", period=Period.LAST_DAY,
        end_field="dissolved_on", unit=_("teams"), order=30,
    ),
    Figure(
        key="officers.total", label=_("Commune police officers (on the last day)"), section="force",
        model="community.Officer", date_field="serving_from", period=Period.LAST_DAY, end_field="serving_to",
        about_persons=True, unit=_("officers"), order=10, seed=107, counted_q=_countable,
    ),
    *[
        Figure(
            key=f"officers.{service.value}", label=label, section="force", model="community.Officer",
            date_field="serving_from", period=Period.LAST_DAY, end_field="serving_to", filter=Q(service_type=service),
            about_persons=True, unit=_("officers"), order=11 + index, seed=seed, counted_q=_countable,
        )
        for index, (service, label, seed) in enumerate([
            (ServiceType.REGULAR, _("Commune police officers: regular"), 18),
            (ServiceType.SEMI_PROFESSIONAL, _("Commune police officers: semi-professional"), 89),
        ])
    ],
    Figure(
        key="models.self_management", label=_("Self-management models (on the last day)"), section="community",
        model="community.SelfManagementModel", date_field="founded_on", period=Period.LAST_DAY, end_field="ended_on",
        cluster_level=True, unit_filter=_model_in_communes, unit=_("models"), order=40, seed=7,
    ),
    Figure(
        key="pacts.signatory_communes", label=_("Emulation pacts: signatory agencies"), section="community",
        model="community.EmulationPact", date_field="period_from", period=Period.ACTIVE, end_field="period_to",
        counting=Counting.PERSONS, path="signatories", cluster_level=True, unit_filter=_signatory_in_communes,
        unit_path_filter=_signatory_in_communes, unit=_("agencies"), order=50, seed=6,
    ),
    Figure(
        key="commendations.collective", label=_("Commendations: collectives"), section="community",
        model="community.Commendation", date_field="awarded_on",
        filter=Q(recipient_kind__in=[RecipientKind.AGENCY, RecipientKind.GROUP, RecipientKind.TEAM]),
        cluster_level=True, unit_filter=commendation_in_communes, unit=_("commendations"), order=60, seed=8,
    ),
    Figure(
        key="commendations.individual", label=_("Commendations: individuals"), section="community",
        model="community.Commendation", date_field="awarded_on",
        filter=Q(recipient_kind__in=[RecipientKind.OFFICER, RecipientKind.CITIZEN]),
        cluster_level=True, unit_filter=commendation_in_communes, unit=_("commendations"), order=61, seed=11,
    ),
]

for _figure in _DEFINITIONS:
    register_figure(_figure)
