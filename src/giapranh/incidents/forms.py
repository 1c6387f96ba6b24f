"""Forms for incidents, traffic accidents and involvements; they validate, services write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from giapranh.core.forms import RecordFilterForm, RecordForm
from giapranh.incidents.choices import (
    AccidentKind,
    AccidentRole,
    CategoryGroup,
    IncidentOutcome,
    IncidentStatus,
    InvolvementRole,
)
from giapranh.incidents.models import Incident, IncidentCategory, TrafficAccident
from giapranh.incidents.selectors import (
    category_choices,
    category_filter_choices,
    partner_agency_choices,
)
from giapranh.people.forms import PersonPickerField, bind_person_pickers

if TYPE_CHECKING:
    from giapranh.accounts.models import Agency


def _category_label(category: IncidentCategory) -> str:
    # parent_id is set, so parent is not None.
    return f"{cast(IncidentCategory, category.parent).name} › {category.name}" if category.parent_id else category.name


def _blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("All")), *choices]


class IncidentForm(RecordForm):
    class Meta:
        model = Incident
        fields = [
            "occurred_at", "reported_at", "commune", "place", "latitude", "longitude", "category",
            "summary", "status", "outcome", "partner_agencies", "cleared_jointly",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        categories = category_choices()
        if self.instance.category_id:
            # An incident keeps its category even after the category is retired.
            categories = (categories | IncidentCategory.objects.filter(pk=self.instance.category_id)).select_related("parent")
        category = cast("forms.ModelChoiceField[IncidentCategory]", self.fields["category"])
        category.queryset = categories
        category.label_from_instance = _category_label  # type: ignore[method-assign, assignment]  # overridden per field on purpose
        current = self.instance.partner_agencies.all() if self.instance.pk else None
        cast("forms.ModelMultipleChoiceField[Agency]", self.fields["partner_agencies"]).queryset = partner_agency_choices(user=user, include=current)


class TrafficAccidentForm(RecordForm):
    class Meta:
        model = TrafficAccident
        fields = [
            "occurred_at", "commune", "place", "latitude", "longitude", "kind", "deaths", "injuries",
            "vehicles", "damage_vnd", "damage_description", "summary",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # The model's own validators carry messages that name the figure
        # ("The number of deaths cannot be below zero."); drop the generic form ones.
        for name in ("deaths", "injuries", "damage_vnd"):
            field = self.fields[name]
            field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator)]


class IncidentFilterForm(RecordFilterForm):
    group = forms.ChoiceField(label=_("Group"), required=False, choices=_blank(CategoryGroup.choices))
    category: forms.ModelChoiceField[IncidentCategory] = forms.ModelChoiceField(label=_("Category"), required=False, queryset=None, empty_label=_("All"))
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=_blank(IncidentOutcome.choices))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_blank(IncidentStatus.choices))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["q"].help_text = _("Number, place, summary or the name of an involved person.")
        category = cast("forms.ModelChoiceField[IncidentCategory]", self.fields["category"])
        category.queryset = category_filter_choices()
        category.label_from_instance = _category_label  # type: ignore[method-assign, assignment]  # overridden per field on purpose


class TrafficAccidentFilterForm(RecordFilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_blank(AccidentKind.choices))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["q"].help_text = _("Number, road, vehicles, summary or the name of an involved person.")


class InvolvementForm(forms.Form):
    person = PersonPickerField(label=_("Person"))
    # Blank first: a victim must not be recorded as a suspect by leaving the first choice.
    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *InvolvementRole.choices])
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_person_pickers(self, user)


class AccidentInvolvementForm(InvolvementForm):
    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *AccidentRole.choices])
