"""The incidents app's record types, declared once for the record kit (pages, API, services, tests)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from giapranh.core.kit import Filter, Number, RecordType, Ref, register, register_ref
from giapranh.incidents.choices import AccidentKind, CategoryGroup, IncidentOutcome, IncidentStatus
from giapranh.incidents.models import Incident, IncidentCategory, TrafficAccident
from giapranh.incidents.schemas import CategoryOut, InvolvementOut


def _category_by_code(code: str) -> IncidentCategory:
    from giapranh.incidents.selectors import category_by_code

    category = category_by_code(code=code)
    if category is None:
        raise ValidationError({"category": _("No incident category has the code %(code)s.") % {"code": code}})
    return category


register_ref(IncidentCategory, Ref(
    api_type=str, find=lambda *, actor, value, day: IncidentCategory.objects.select_related("parent").filter(code=value).first(),
    out=CategoryOut, description="(code of an active sub-type, e.g. ttxh-trom-cap-tai-san)",
    not_found=_("No incident category has the code %(value)s."),
))


def _suspects(obj: Incident) -> int:
    annotated = getattr(obj, "suspects", None)
    return annotated if isinstance(annotated, int) else obj.subject_count()


def _involvements(obj: Any) -> list[Any]:
    return list(obj.involvements.all())


INCIDENTS = register(RecordType(
    model=Incident,
    api_path="incidents", schema_name="Incident", operation="incidents", api_tag="incidents",
    namespace="incidents", url_name="incident",
    fields=(
        "occurred_at", "reported_at", "commune", "place", "latitude", "longitude", "category",
        "summary", "status", "outcome", "partner_agencies", "cleared_jointly",
    ),
    date_field="occurred_at",
    list_columns=("number", "occurred_at", "category", "place", "commune", "outcome"),
    list_selector="giapranh.incidents.selectors.incident_list_for",
    get_selector="giapranh.incidents.selectors.incident_get_for",
    filters=(
        Filter("category", str, "Code of a group or a sub-type.", _category_by_code),
        Filter("group", CategoryGroup, "political_security or social_order."),
        Filter("outcome", IncidentOutcome, "prosecuted, not_prosecuted or pending."),
        Filter("status", IncidentStatus, "received, verifying or resolved."),
    ),
    filter_form_class="giapranh.incidents.forms.IncidentFilterForm",
    form_class="giapranh.incidents.forms.IncidentForm",
    number=Number("incident"),
    past_fields=("occurred_at", "reported_at"),
    rules="giapranh.incidents.services.incident_rules",
    api_list_fields=("occurred_at", "place", "category", "status", "outcome", "cleared_jointly", "suspects"),
    api_extra_out={"suspects": (int, _suspects), "involvements": (list[InvolvementOut], _involvements)},
    detail_include="incidents/partials/_involvements.html",
    nav_order=10, nav_label=_("Incidents"),
))

ACCIDENTS = register(RecordType(
    model=TrafficAccident,
    api_path="traffic-accidents", schema_name="Accident", operation="accidents", api_tag="incidents",
    namespace="incidents", url_name="accident",
    fields=(
        "occurred_at", "commune", "place", "latitude", "longitude", "kind", "deaths", "injuries",
        "vehicles", "damage_vnd", "damage_description", "summary",
    ),
    date_field="occurred_at",
    list_columns=("number", "occurred_at", "kind", "place", "deaths", "injuries", "commune"),
    list_selector="giapranh.incidents.selectors.accident_list_for",
    get_selector="giapranh.incidents.selectors.accident_get_for",
    filters=(Filter("kind", AccidentKind, "accident or collision."),),
    filter_form_class="giapranh.incidents.forms.TrafficAccidentFilterForm",
    form_class="giapranh.incidents.forms.TrafficAccidentForm",
    number=Number("accident", "TN"),
    past_fields=("occurred_at",),
    api_list_fields=("occurred_at", "place", "kind", "deaths", "injuries", "vehicles"),
    api_extra_out={"involvements": (list[InvolvementOut], _involvements)},
    detail_include="incidents/partials/_involvements.html",
    nav_order=20, nav_label=_("Traffic accidents"),
))
