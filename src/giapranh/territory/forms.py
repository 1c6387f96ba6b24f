"""A commune picker that searches the whole country (13,000+ units do not fit a <select>)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from giapranh.territory.models import AdminUnit


class UnitPickerWidget(forms.Widget):
    """A search box (HTMX, diacritics optional) above a hidden input holding the unit's id."""

    template_name = "territory/widgets/unit_picker.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        unit = None
        if value not in (None, ""):
            unit = AdminUnit.objects.select_related("parent__parent").filter(pk=value).first()
        context["widget"].update(
            {"unit": unit, "label": unit.full_name if unit else "", "search_url": reverse("territory:unit_picker")}
        )
        return context


class UnitPickerField(forms.ModelChoiceField):
    """Choose any commune of either official list by typing part of its name (`tam da son duong`)."""

    widget = UnitPickerWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", AdminUnit.objects.communes())
        kwargs.setdefault("error_messages", {"invalid_choice": _("Choose a commune from the search results.")})
        super().__init__(**kwargs)
