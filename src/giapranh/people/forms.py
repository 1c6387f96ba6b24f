"""Forms of the people app, and the person picker other apps reuse."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from giapranh.core.forms import RecordFilterForm, RecordForm
from giapranh.people.choices import ExitStatus, MeasureKind, SupervisionStatus, VisitPurpose
from giapranh.people.models import (
    ForeignVisit,
    IllegalExit,
    Measure,
    Person,
    Supervision,
    SupervisionBasis,
    normalize_country,
    normalize_id_number,
    normalize_passport,
)
from giapranh.people.selectors import person_by_public_id, supervision_bases, supervisions_of
from giapranh.territory.forms import UnitPickerField

# --- the person picker -----------------------------------------------------------------------


class PersonPickerWidget(forms.Widget):
    """A search box that finds visible persons as one types (HTMX) and keeps the pick in a hidden input.

    Renders `people/widgets/person_picker.html`: the hidden input (name = the
    field's name, value = the person's public id), the picked person's name,
    the search box `<id>_search` and the results list. Needs the acting user
    (set by `PersonPickerField`) to show the picked person.
    """

    template_name = "people/widgets/person_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.user: Any = None
        self.foreign_only = False

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        person = value if isinstance(value, Person) else None
        if person is None and value and self.user is not None:
            person = person_by_public_id(user=self.user, public_id=value)
        widget["person"] = person
        widget["value"] = str(person.public_id) if person else ""
        widget["id"] = widget["attrs"].get("id") or f"id_{name}"
        widget["picker_url"] = reverse("people:person_picker")
        widget["create_url"] = reverse("people:person_quick_create")
        widget["pick_url"] = reverse("people:person_pick")
        widget["foreign"] = "1" if self.foreign_only else ""
        widget["label"] = self.attrs.get("aria-label") or _("Person")
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name) or None

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data


class PersonPickerField(forms.Field):
    """A form field holding one Person the acting user may see, picked by searching.

    Usage in any app's form::

        from giapranh.people.forms import PersonPickerField, bind_person_pickers

        class InvolvementForm(forms.Form):
            person = PersonPickerField(label=_("Person"))

            def __init__(self, *args, user, **kwargs):
                super().__init__(*args, **kwargs)
                bind_person_pickers(self, user)

    On a ModelForm the field replaces the model's `ForeignKey(Person)` field of the
    same name (declare it, as above; `bind_person_pickers` also turns the
    instance's person into the field's initial value). The widget posts the
    person's public id (never the database id); `clean()` turns it into a Person
    visible to the user, or fails with a message naming the field. Search hits
    come from `people:person_picker` (as-you-type, `hx-trigger="input changed
    delay:300ms"`); "create a new person" posts to `people:person_quick_create`
    and returns the widget with the new person picked. In tests and browser
    tests: the search box is `#<field id>_search`, results are `li[data-person]`,
    the create button is `[data-testid=person-create]`.
    """

    widget = PersonPickerWidget
    default_error_messages = {
        "required": _("Choose a person: search by name, then pick one from the list."),
        "invalid_choice": _("%(field)s: this person was not found among those you may see; search and pick again."),
    }

    def __init__(self, *, user: Any = None, foreign_only: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user = user
        self.foreign_only = foreign_only
        # The search box is labelled by the field's label (screen readers name the box, not just the heading).
        self.widget.foreign_only = foreign_only
        self.widget.attrs.setdefault("aria-label", str(self.label or _("Person")))

    @property
    def user(self) -> Any:
        return self._user

    @user.setter
    def user(self, value: Any) -> None:
        self._user = value
        self.widget.user = value

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Person):
            return str(value.public_id)
        if isinstance(value, int) and self.user is not None:
            person = Person.objects.visible_to(self.user).filter(pk=value).only("public_id").first()
            return str(person.public_id) if person else ""
        return value

    def to_python(self, value: Any) -> Person | None:
        if isinstance(value, Person):
            return value
        if value in self.empty_values:
            return None
        person = person_by_public_id(user=self.user, public_id=str(value).strip()) if self.user is not None else None
        if person is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"field": self.label or _("Person")},
            )
        if self.foreign_only and not person.is_foreign:
            raise ValidationError(_("Choose a foreign national: this person is a Vietnamese citizen."), code="not_foreign")
        return person

    def has_changed(self, initial: Any, data: Any) -> bool:
        return str(self.prepare_value(initial) or "") != str(self.prepare_value(data) or "")


def bind_person_pickers(form: forms.BaseForm, user: Any) -> None:
    """Give every PersonPickerField of `form` the acting user (and a ModelForm's current person as initial)."""
    instance = getattr(form, "instance", None)
    for name, field in form.fields.items():
        if isinstance(field, PersonPickerField):
            field.user = user
            if instance is not None and instance.pk:
                # model_to_dict() gave the database id; the picker shows and posts the person.
                form.initial[name] = getattr(instance, name, None)


# --- persons ---------------------------------------------------------------------------------


class _PersonFields:
    """The model validates what the service will store: normalize first (the same helpers the services use)."""

    cleaned_data: dict[str, Any]

    def clean_id_number(self) -> str:
        return normalize_id_number(self.cleaned_data.get("id_number"))

    def clean_passport_number(self) -> str:
        return normalize_passport(self.cleaned_data.get("passport_number"))

    def clean_nationality(self) -> str:
        return normalize_country(self.cleaned_data.get("nationality"))


class PersonForm(_PersonFields, RecordForm):
    class Meta:
        model = Person
        fields = [
            "full_name", "other_names", "gender", "birth_date", "birth_year", "id_number", "passport_number",
            "nationality", "ethnicity", "home_commune", "address", "phone",
        ]
        field_classes = {"home_commune": UnitPickerField}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # Spaces and dots are tolerated, then removed; the model checks the length.
        id_number = cast(forms.CharField, self.fields["id_number"])
        id_number.max_length = 20
        id_number.validators = [v for v in id_number.validators if not isinstance(v, MaxLengthValidator)]
        id_number.widget.attrs.update(maxlength=20, inputmode="numeric", autocomplete="off")


class PersonQuickCreateForm(_PersonFields, RecordForm):
    """The few particulars a person picker asks for when the person is not in the list yet."""

    def __init__(self, *args: Any, user: Any, foreign: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if foreign:
            # A foreign visitor is identified by the passport the visit record requires.
            self.fields["passport_number"].required = True
            self.fields["nationality"].initial = "CN"

    class Meta:
        model = Person
        fields = ["full_name", "gender", "birth_year", "nationality", "passport_number", "home_commune"]
        field_classes = {"home_commune": UnitPickerField}


class PersonFilterForm(RecordFilterForm):
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900, max_value=2100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["q"].label = _("Name")
        self.fields["commune"].label = _("Home commune")
        self.fields["date_from"].label = _("Recorded from")
        self.fields["date_to"].label = _("Recorded until")


# --- records ---------------------------------------------------------------------------------


class PeopleRecordForm(RecordForm):
    """A record form whose person fields are pickers."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        bind_person_pickers(self, user)


class SupervisionForm(PeopleRecordForm):
    person = PersonPickerField(label=_("Person"))

    class Meta:
        model = Supervision
        fields = ["person", "basis", "starts_on", "ends_on", "status", "commune", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        cast("forms.ModelChoiceField[SupervisionBasis]", self.fields["basis"]).queryset = supervision_bases(include=self.instance.basis if self.instance.pk else None)


class MeasureForm(PeopleRecordForm):
    person = PersonPickerField(label=_("Person"))

    class Meta:
        model = Measure
        fields = ["person", "kind", "decision_number", "decision_date", "starts_on", "ends_on", "facility", "supervision", "commune", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        person = self.instance.person if self.instance.pk else None
        cast("forms.ModelChoiceField[Supervision]", self.fields["supervision"]).queryset = supervisions_of(user=user, person=person).filter(owner_agency=user.agency)


class VisitForm(PeopleRecordForm):
    visitor = PersonPickerField(label=_("Visitor"), help_text=_("A foreign national with a passport number."), foreign_only=True)

    class Meta:
        model = ForeignVisit
        fields = ["visitor", "purpose", "host_household", "arrival_on", "departure_on", "commune", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ExitForm(PeopleRecordForm):
    person = PersonPickerField(label=_("Person"))

    def clean_destination_country(self) -> str:
        return normalize_country(self.cleaned_data.get("destination_country"))

    class Meta:
        model = IllegalExit
        fields = ["person", "left_on", "destination_country", "route", "suspected_trafficking", "returned_on", "status", "commune", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


def _choices(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("All")), *choices]


class SupervisionFilterForm(RecordFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_choices(SupervisionStatus.choices))
    basis = forms.ModelChoiceField(label=_("Basis"), required=False, queryset=SupervisionBasis.objects.all(), empty_label=_("All"))


class MeasureFilterForm(RecordFilterForm):
    kind = forms.ChoiceField(label=_("Measure"), required=False, choices=_choices(MeasureKind.choices))


class VisitFilterForm(RecordFilterForm):
    purpose = forms.ChoiceField(label=_("Purpose"), required=False, choices=_choices(VisitPurpose.choices))


class ExitFilterForm(RecordFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_choices(ExitStatus.choices))
    suspected_trafficking = forms.TypedChoiceField(
        label=_("Suspected trafficking"), required=False, empty_value=None,
        choices=[("", _("All")), ("1", _("yes")), ("0", _("no"))], coerce=lambda v: v == "1",
    )
