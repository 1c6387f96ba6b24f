"""The people app's record types, declared once for the record kit (pages, API, services, tests).

Persons themselves are not kit records: a person is not shared on their own but
becomes visible through the records that link them (`people.links`).
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from giapranh.core.kit import (
    Filter,
    Number,
    RecordType,
    Ref,
    register,
    register_ref,
    visible_by_public_id,
)
from giapranh.core.schemas import PersonRefOut, SupervisionRefOut
from giapranh.people.choices import ExitStatus, MeasureKind, SupervisionStatus, VisitPurpose
from giapranh.people.models import (
    ForeignVisit,
    IllegalExit,
    Measure,
    Person,
    Supervision,
    SupervisionBasis,
)
from giapranh.people.schemas import BasisOut, VisitorOut

register_ref(Person, Ref(
    api_type=UUID, find=visible_by_public_id(Person), out=PersonRefOut,
    description="(public identifier of a person you may see)", not_found=_("No person with this identifier is known to you."),
))
register_ref(Supervision, Ref(
    api_type=UUID, find=visible_by_public_id(Supervision), out=SupervisionRefOut, visible=True,
    description="(public identifier of the person's supervision)", not_found=_("No supervision with this identifier is known to you."),
))
register_ref(SupervisionBasis, Ref(
    api_type=str, find=lambda *, actor, value, day: SupervisionBasis.objects.filter(code=value).first(), out=BasisOut,
    description="(code of an active supervision basis, GET /supervision-bases)", not_found=_("No supervision basis has the code %(value)s."),
))


def _basis_by_code(code: str) -> SupervisionBasis:
    basis = SupervisionBasis.objects.filter(code=code).first()
    if basis is None:
        raise ValidationError({"basis": _("No supervision basis has the code %(code)s.") % {"code": code}})
    return basis


SUPERVISIONS = register(RecordType(
    model=Supervision,
    api_path="supervisions", schema_name="Supervision", operation="supervisions", api_tag="people",
    namespace="people", url_name="supervision",
    fields=("person", "basis", "starts_on", "ends_on", "status", "notes", "commune"),
    date_field="starts_on",
    list_columns=("number", "person", "basis", "starts_on", "status", "commune"),
    list_selector="giapranh.people.selectors.supervision_list",
    get_selector="giapranh.people.selectors.supervision_get_for",
    filters=(
        Filter("status", SupervisionStatus, "active, ended or transferred."),
        Filter("basis", str, "Code of a supervision basis.", _basis_by_code),
    ),
    filter_form_class="giapranh.people.forms.SupervisionFilterForm",
    form_class="giapranh.people.forms.SupervisionForm",
    number=Number("supervision", "QL"),
    person_field="person",
    rules="giapranh.people.services.supervision_rules",
    nav_order=40, nav_label=_("Supervision"),
))

MEASURES = register(RecordType(
    model=Measure,
    api_path="measures", schema_name="Measure", operation="measures", api_tag="people",
    namespace="people", url_name="measure",
    fields=("person", "kind", "decision_number", "decision_date", "starts_on", "ends_on", "facility", "supervision", "notes", "commune"),
    date_field="decision_date",
    list_columns=("number", "kind", "person", "decision_date", "commune"),
    list_selector="giapranh.people.selectors.measure_list",
    get_selector="giapranh.people.selectors.measure_get_for",
    filters=(Filter("kind", MeasureKind, "community_education, compulsory_rehab or compulsory_education."),),
    filter_form_class="giapranh.people.forms.MeasureFilterForm",
    form_class="giapranh.people.forms.MeasureForm",
    number=Number("measure", "BP"),
    rules="giapranh.people.services.measure_rules",
    past_fields=("decision_date",),
    person_field="person",
    nav_order=45, nav_label=_("Measures"),
))

VISITS = register(RecordType(
    model=ForeignVisit,
    api_path="foreign-visits", schema_name="Visit", operation="visits", api_tag="people",
    namespace="people", url_name="visit",
    fields=("visitor", "purpose", "host_household", "arrival_on", "departure_on", "notes", "commune"),
    date_field="arrival_on",
    list_columns=("number", "visitor", "purpose", "arrival_on", "commune"),
    list_selector="giapranh.people.selectors.visit_list",
    get_selector="giapranh.people.selectors.visit_get_for",
    filters=(Filter("purpose", VisitPurpose, "family_visit, work, tourism or other."),),
    filter_form_class="giapranh.people.forms.VisitFilterForm",
    form_class="giapranh.people.forms.VisitForm",
    number=Number("visit", "NN"),
    rules="giapranh.people.services.visit_rules",
    past_fields=("arrival_on",),
    person_field="visitor",
    api_out_types={"visitor": VisitorOut},
    nav_order=50, nav_label=_("Foreign visitors"),
))

EXITS = register(RecordType(
    model=IllegalExit,
    api_path="illegal-exits", schema_name="Exit", operation="exits", api_tag="people",
    namespace="people", url_name="exit",
    fields=("person", "left_on", "destination_country", "route", "suspected_trafficking", "returned_on", "status", "notes", "commune"),
    date_field="left_on",
    list_columns=("number", "person", "left_on", "destination_country", "status", "commune"),
    list_selector="giapranh.people.selectors.exit_list",
    get_selector="giapranh.people.selectors.exit_get_for",
    filters=(
        Filter("status", ExitStatus, "abroad, returned or unknown."),
        Filter("suspected_trafficking", bool, "Only exits with (true) or without (false) suspected trafficking."),
    ),
    filter_form_class="giapranh.people.forms.ExitFilterForm",
    form_class="giapranh.people.forms.ExitForm",
    number=Number("exit", "XC"),
    past_fields=("left_on", "returned_on"),
    person_field="person",
    rules="giapranh.people.services.exit_rules",
    nav_order=55, nav_label=_("Illegal exits"),
))
