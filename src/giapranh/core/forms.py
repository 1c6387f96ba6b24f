"""Form bases shared by every operational record."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giapranh.core.fields import (
    VietnameseDateField,
    split_pair,
    vietnamese_date_field,
    vietnamese_number_field,
)
from giapranh.core.selectors import (
    commune_label,
    communes_for_filters,
    communes_for_records,
    map_communes_for,
)
from giapranh.core.text import UncleanText, clean_text

TEXT_MAX_LENGTH = 20_000

if TYPE_CHECKING:
    from django.http import QueryDict

    from giapranh.territory.models import AdminUnit


class DateInput(forms.DateInput):
    """A text box in dd/mm/yyyy: the format officers type, whatever the browser's locale.

    The full keyboard, not the number pad: phones' number pads have no `/`.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "text", "autocomplete": "off", **kwargs.pop("attrs", {})}, **kwargs)


class DateTimeInput(forms.DateTimeInput):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm", "inputmode": "text", "autocomplete": "off", **kwargs.pop("attrs", {})}, **kwargs)


class CoordinateMapInput(forms.TextInput):
    """The second box of a latitude/longitude pair, followed by a small map to pick the point on.

    The map (static/giapranh/map.js with Leaflet from our static files) draws only the
    communes' centroids shipped with the project: no tile server. Clicking it fills both
    boxes the Vietnamese way (`21,7312`); without JavaScript the map stays hidden and the
    boxes work as before (a pair pasted into the first box is split by the form).
    """

    template_name = "core/widgets/coordinate_map.html"

    def __init__(self, *, first_id: str, communes: list[dict[str, Any]], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs)
        self.first_id = first_id
        self.communes = communes

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["first_id"] = self.first_id
        context["widget"]["map_data"] = json.dumps({"communes": self.communes}, ensure_ascii=False)
        return context


class RecordForm(forms.ModelForm):
    """A ModelForm that knows the acting user and hands its data to a service."""

    required_css_class = "required"

    # A pair pasted from a map into the first box fills both (`21.7312, 105.3821`).
    coordinate_pairs: tuple[tuple[str, str], ...] = (("latitude", "longitude"),)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelMultipleChoiceField) and type(field.widget) is forms.SelectMultiple:
                # A list of checkboxes: a multiple select needs Ctrl+click, and nothing says so.
                field.widget = forms.CheckboxSelectMultiple()
                field.widget.choices = field.choices
        for name, field in list(self.fields.items()):
            # Numbers as officers type them (core/fields.py), for every record type's number columns.
            self.fields[name] = vietnamese_number_field(field)
        self._split_coordinate_pairs()
        self._add_coordinate_maps()
        if "commune" in self.fields:
            commune = cast("forms.ModelChoiceField[AdminUnit]", self.fields["commune"])
            commune.queryset = communes_for_records(user=user)
            commune.required = False
            commune.help_text = _(
                "The commune as it was officially listed on the date of the event; "
                "left empty, your commune valid on that date is used."
            )
            commune.label_from_instance = commune_label  # type: ignore[method-assign, assignment]  # per field on purpose
            # Left empty, the service takes the commune listed on the record's date (it may be before the reform).
            commune.empty_label = _("Mine, as listed on the record's date")
        creating = not self.is_bound and not getattr(self.instance, "pk", None)
        for name, field in list(self.fields.items()):
            if isinstance(field, forms.DateTimeField):
                widget: forms.Widget = DateTimeInput()
                if creating and name not in self.initial:
                    # An event is most often recorded as it is reported: now, to the minute, and editable.
                    self.initial[name] = timezone.localtime().replace(second=0, microsecond=0)
            elif isinstance(field, forms.DateField):
                widget = DateInput()
            else:
                continue
            self.fields[name] = vietnamese_date_field(field)  # 23h30, 2330, 12/3/85, 12031985
            self.fields[name].widget = widget

        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                # Free text has an upper length too (the API's TEXT_MAX_LENGTH).
                field.max_length = TEXT_MAX_LENGTH
                field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
                field.widget.attrs["maxlength"] = str(TEXT_MAX_LENGTH)

    def _split_coordinate_pairs(self) -> None:
        if not self.is_bound:
            return
        for first, second in self.coordinate_pairs:
            if first not in self.fields or second not in self.fields:
                continue
            key_first, key_second = self.add_prefix(first), self.add_prefix(second)
            pair = split_pair(str(self.data.get(key_first, "")))
            if pair is None or str(self.data.get(key_second, "")).strip() not in ("", pair[1]):
                continue
            data = cast("QueryDict", self.data).copy()
            data[key_first], data[key_second] = pair
            self.data = data

    def _add_coordinate_maps(self) -> None:
        pairs = [(first, second) for first, second in self.coordinate_pairs if first in self.fields and second in self.fields]
        if not pairs:
            return
        communes = map_communes_for(user=self.user, record_commune_id=getattr(self.instance, "commune_id", None))
        for first, second in pairs:
            field = self.fields[second]
            field.widget = CoordinateMapInput(first_id=self[first].auto_id, communes=communes, attrs=dict(field.widget.attrs))

    def clean(self) -> dict[str, Any]:
        """Every text field cleaned at the door, as the API does: NFC, no invisible or control characters."""
        data = cast("dict[str, Any]", super().clean())
        for name, value in list(data.items()):
            if not isinstance(value, str):
                continue
            try:
                data[name] = clean_text(value, multiline=isinstance(self.fields[name].widget, forms.Textarea))
            except UncleanText:
                self.add_error(name, _("Remove the control characters from this text."))
                continue
            if not data[name] and self.fields[name].required:
                self.add_error(name, forms.Field.default_error_messages["required"])
        return data

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class RecordFilterForm(forms.Form):
    """Filters every record list has: free text, period, commune."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    date_from = VietnameseDateField(label=_("From"), required=False, widget=DateInput())
    date_to = VietnameseDateField(label=_("To"), required=False, widget=DateInput())
    commune: forms.ModelChoiceField[AdminUnit] = forms.ModelChoiceField(label=_("Commune"), required=False, queryset=None, empty_label=_("All"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "commune" in self.fields:  # records without a commune (messages) drop the field
            commune = cast("forms.ModelChoiceField[AdminUnit]", self.fields["commune"])
            commune.queryset = communes_for_filters(user=user)
            commune.label_from_instance = commune_label  # type: ignore[method-assign, assignment]  # per field on purpose

    def clean(self) -> dict[str, Any]:
        data = cast("dict[str, Any]", super().clean())  # Form.clean returns cleaned_data
        for name in ("date_from", "date_to"):
            day = data.get(name)
            if day is not None and not 1900 <= day.year <= 9000:
                self.add_error(name, _("Give a date between %(first)s and %(last)s.") % {"first": 1900, "last": 9000})
                data.pop(name, None)
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


def filter_form_for(record_type: Any) -> type[RecordFilterForm]:
    """The standard filters plus one field per filter the record type declares (choices, yes/no, related)."""
    fields: dict[str, forms.Field] = {}
    for declared in record_type.filters:
        name = declared.name
        try:
            model_field = record_type.model_field(name)
        except Exception:  # a filter that is not a model field: free text
            fields[name] = forms.CharField(label=name, required=False, max_length=100)
            continue
        label = model_field.verbose_name
        if model_field.choices:
            fields[name] = forms.ChoiceField(label=label, required=False, choices=[("", _("All")), *model_field.flatchoices])
        elif isinstance(model_field, models.BooleanField):
            fields[name] = forms.NullBooleanField(label=label, required=False, widget=forms.Select(choices=[("", _("All")), ("true", _("yes")), ("false", _("no"))]))
        elif model_field.is_relation:
            fields[name] = forms.ModelChoiceField(label=label, required=False, queryset=model_field.related_model._default_manager.all(), empty_label=_("All"))
        else:
            fields[name] = forms.CharField(label=label, required=False, max_length=100)
    return type(f"{record_type.model.__name__}FilterForm", (RecordFilterForm,), fields)
