from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from giapranh.reports.models import NARRATIVE_SECTIONS


class ReportForm(forms.Form):
    """Scope (a cluster of the user, or a unit by code and edition) and period."""

    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    unit = forms.CharField(label=_("or unit code"), required=False, max_length=8)
    edition = forms.ChoiceField(label=_("Edition"), choices=[("current", _("current (from 01/07/2025)")), ("legacy", _("legacy (until 30/06/2025)"))])
    start = forms.DateField(label=_("From"))
    end = forms.DateField(label=_("To"))

    def __init__(self, *args: Any, clusters: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [("", "—"), *clusters]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("cluster") and not data.get("unit"):
            raise forms.ValidationError(_("Choose a cluster or give a unit code."))
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


class NarrativeForm(forms.Form):
    document_number = forms.CharField(label=_("Number and symbol"), required=False, max_length=60)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in NARRATIVE_SECTIONS:
            self.fields[key] = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 6}))
