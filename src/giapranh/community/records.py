"""The community app's record types, declared once for the record kit, and their access policies.

Commune records the cluster reads by default (outreach, groups, mediation teams)
use `ClusterSharedPolicy`; those holding personal data (mediation cases,
reputable persons, the roster) `OwnAgencyPolicy` (the cluster gets counts only,
`community.selectors`); cluster records (models, meetings, tasks, pacts,
commendations) keep the kit's cluster policy (written by the coordinator).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils.translation import gettext_lazy as _

from giapranh.community.choices import (
    CommendationForm,
    MediationResult,
    MeetingKind,
    OutreachKind,
    OutreachTopic,
    ServiceType,
    Standing,
    TaskStatus,
)
from giapranh.community.models import (
    Commendation,
    EmulationPact,
    MediationCase,
    MediationTeam,
    Meeting,
    Officer,
    OutreachActivity,
    ReputablePerson,
    SelfManagementGroup,
    SelfManagementModel,
    Task,
)
from giapranh.community.policies import CLUSTER_SHARED, OWN_AGENCY
from giapranh.community.schemas import LinkedRecordOut
from giapranh.core.kit import Filter, RecordType, Ref, register, register_ref, visible_by_public_id
from giapranh.core.policies import register_policy

for _shared in (OutreachActivity, SelfManagementGroup, MediationTeam):
    register_policy(_shared, CLUSTER_SHARED)
for _personal in (MediationCase, ReputablePerson, Officer):
    register_policy(_personal, OWN_AGENCY)


register_ref(SelfManagementGroup, Ref(
    api_type=UUID, find=visible_by_public_id(SelfManagementGroup), out=LinkedRecordOut, visible=True,
    description="(public identifier of a self-management group you may see)",
    not_found=_("No self-management group with this identifier is known to you."),
))
register_ref(Officer, Ref(
    api_type=UUID, find=visible_by_public_id(Officer), out=LinkedRecordOut, visible=True,
    description="(public identifier of an officer of a roster you may read: your agency's or those below it)",
    not_found=_("No officer with this identifier is known to you."),
))
register_ref(MediationTeam, Ref(
    api_type=UUID, find=visible_by_public_id(MediationTeam), out=LinkedRecordOut, visible=True,
    description="(public identifier of a mediation team of your commune)", not_found=_("No mediation team with this identifier is known to you."),
))
register_ref(Meeting, Ref(
    api_type=UUID, find=visible_by_public_id(Meeting), out=LinkedRecordOut, visible=True,
    description="(public identifier of a meeting of your cluster)", not_found=_("No meeting with this identifier is known to you."),
))

CLUSTER_RULES = "giapranh.community.services.cluster_rules"


def _recipient(record: Any, *, user: Any) -> str:
    from giapranh.community.services import recipient_label

    return recipient_label(record, user=user)


def _recipient_out(obj: Any, context: Any) -> str:
    return _recipient(obj, user=context["request"].user)

OUTREACH = register(RecordType(
    model=OutreachActivity, api_path="outreach-activities", schema_name="Outreach", operation="outreach", api_tag="community",
    namespace="community", url_name="outreach",
    fields=("kind", "held_on", "village", "topic", "quantity", "audience", "notes", "commune"),
    date_field="held_on", personal_data=False,
    list_columns=("held_on", "kind", "topic", "quantity", "village", "commune"),
    filters=(Filter("kind", OutreachKind, "News item, slogan or banner, or public session."),
             Filter("topic", OutreachTopic, "The topic of the activity.")),
    nav_order=60, nav_label=_("Outreach"),
))
GROUPS = register(RecordType(
    model=SelfManagementGroup, api_path="self-management-groups", schema_name="SelfManagementGroup", operation="groups",
    api_tag="community", namespace="community", url_name="group",
    fields=("village", "name", "leader", "households", "founded_on", "dissolved_on", "commune"),
    date_field="founded_on", personal_data=False,
    list_columns=("name", "village", "leader", "households", "founded_on", "dissolved_on", "commune"),
    nav_order=62, nav_label=_("Self-management groups"),
))
MODELS = register(RecordType(
    model=SelfManagementModel, api_path="self-management-models", schema_name="SelfManagementModel", operation="sm_models",
    api_tag="community", namespace="community", url_name="model",
    fields=("name", "communes", "description", "founded_on", "ended_on"),
    date_field="founded_on", personal_data=False, rules=CLUSTER_RULES,
    list_columns=("name", "founded_on", "ended_on"),
    nav_order=64, nav_label=_("Self-management models"),
))
TEAMS = register(RecordType(
    model=MediationTeam, api_path="mediation-teams", schema_name="MediationTeam", operation="teams", api_tag="community",
    namespace="community", url_name="team",
    fields=("village", "name", "members", "founded_on", "dissolved_on", "commune"),
    date_field="founded_on", personal_data=False,
    list_columns=("name", "village", "members", "founded_on", "dissolved_on", "commune"),
    nav_order=66, nav_label=_("Mediation teams"),
))
CASES = register(RecordType(
    model=MediationCase, api_path="mediation-cases", schema_name="MediationCase", operation="mediation_cases", api_tag="community",
    namespace="community", url_name="case",
    fields=("held_on", "team", "subject", "parties", "party_names", "result", "commune"),
    date_field="held_on",
    list_columns=("held_on", "team", "subject", "parties", "result", "commune"),
    filters=(Filter("result", MediationResult, "Reconciled, not reconciled or transferred."),),
    nav_order=68, nav_label=_("Mediation cases"),
))
REPUTABLE = register(RecordType(
    model=ReputablePerson, api_path="reputable-persons", schema_name="ReputablePerson", operation="reputable", api_tag="community",
    namespace="community", url_name="reputable",
    fields=("full_name", "village", "standing", "movement_role", "recognized_on", "ended_on", "commune"),
    date_field="recognized_on",
    list_columns=("full_name", "village", "standing", "recognized_on", "commune"),
    filters=(Filter("standing", Standing, "Clan head, religious dignitary, village elder…"),),
    nav_order=70, nav_label=_("Reputable persons"),
))
OFFICERS = register(RecordType(
    model=Officer, api_path="officers", schema_name="Officer", operation="officers", api_tag="community",
    namespace="community", url_name="officer",
    fields=("full_name", "rank", "position", "service_type", "serving_from", "serving_to", "commune"),
    date_field="serving_from",
    list_columns=("full_name", "rank", "position", "service_type", "serving_from", "serving_to"),
    filters=(Filter("service_type", ServiceType, "Regular or semi-professional."),),
    nav_order=72, nav_label=_("Police roster"),
))
MEETINGS = register(RecordType(
    model=Meeting, api_path="meetings", schema_name="Meeting", operation="meetings", api_tag="community",
    namespace="community", url_name="meeting",
    fields=("kind", "held_on", "title", "host_agency", "attending_agencies", "minutes"),
    date_field="held_on", personal_data=False, rules="giapranh.community.services.meeting_rules",
    list_columns=("held_on", "kind", "title", "host_agency"),
    filters=(Filter("kind", MeetingKind, "Periodic briefing, preliminary or final review, thematic."),),
    detail_include="community/partials/_meeting_tasks.html",
    nav_order=80, nav_label=_("Meetings"),
))
TASKS = register(RecordType(
    model=Task, api_path="tasks", schema_name="Task", operation="tasks", api_tag="community",
    namespace="community", url_name="task",
    fields=("meeting", "title", "responsible_agency", "due_on", "status", "progress_notes"),
    date_field="due_on", personal_data=False, rules="giapranh.community.services.task_rules",
    list_columns=("due_on", "title", "responsible_agency", "status", "meeting"),
    filters=(Filter("status", TaskStatus, "Open, in progress or done."),),
    detail_include="community/partials/_task_progress.html",
    nav_order=82, nav_label=_("Tasks"),
))
PACTS = register(RecordType(
    model=EmulationPact, api_path="emulation-pacts", schema_name="EmulationPact", operation="pacts", api_tag="community",
    namespace="community", url_name="pact",
    fields=("title", "signed_on", "period_from", "period_to", "signatories", "criteria"),
    date_field="signed_on", personal_data=False, rules=CLUSTER_RULES,
    list_columns=("signed_on", "title", "period_from", "period_to"),
    nav_order=86, nav_label=_("Emulation pacts"),
))
COMMENDATIONS = register(RecordType(
    model=Commendation, api_path="commendations", schema_name="Commendation", operation="commendations", api_tag="community",
    namespace="community", url_name="commendation",
    fields=(
        "awarded_on", "issuing_body", "form", "recipient_kind", "recipient_agency", "recipient_group", "recipient_team",
        "recipient_officer", "recipient_name", "reason",
    ),
    date_field="awarded_on", personal_data=False, rules="giapranh.community.services.commendation_rules",
    form_class="giapranh.community.forms.CommendationRecordForm",
    list_columns=("awarded_on", "form", "recipient_kind", "recipient", "issuing_body"),
    computed_columns={"recipient": (_("recipient commended"), _recipient)},
    # The recipient as the reader may see it: a linked record's name, or what it is ("a mediation team").
    api_extra_out={"recipient": (str, _recipient_out)},
    select_related=("recipient_agency",),
    detail_include="community/partials/_commendation_recipient.html",
    filters=(Filter("form", CommendationForm, "Giấy khen, bằng khen, …"),),
    nav_order=88, nav_label=_("Commendations"),
))
