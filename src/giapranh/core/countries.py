"""Countries by name (CLDR's names through Babel), stored as ISO 3166 two-letter codes.

Officers type "Trung Quốc", not "CN"; a free two-letter box stored "TR" (Turkey)
for it. The border's neighbours come first: China, Laos, Cambodia.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from babel import Locale
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from giapranh.text import fold

NEIGHBOURS = ("CN", "LA", "KH")
_ISO = re.compile(r"^[A-Z]{2}$")
# CLDR territories that are not ISO 3166-1 countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"}


def _language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


@functools.cache
def _names(language: str) -> dict[str, str]:
    territories = Locale(language).territories
    return {code: str(name) for code, name in territories.items() if _ISO.match(code) and code not in _NOT_COUNTRIES}


def country_name(code: str | None) -> str:
    """The country's name in the page's language; an unknown code as it is."""
    if not code:
        return ""
    return _names(_language()).get(code.upper(), code)


def country_choices() -> list[tuple[str, str]]:
    """(code, name): the neighbours first, then every country by name."""
    names = _names(_language())
    rest = sorted((code for code in names if code not in NEIGHBOURS), key=lambda code: fold(names[code]))
    return [(code, names[code]) for code in (*NEIGHBOURS, *rest)]


@functools.cache
def _lookup() -> dict[str, str]:
    """Folded name (either language) or code → code."""
    table: dict[str, str] = {}
    for language in ("en", "vi"):
        for code, name in _names(language).items():
            table[fold(name)] = code
    return table


def country_code(text: str | None) -> str | None:
    """The ISO code of a country typed by name (any case, with or without diacritics) or by its code; None if unknown."""
    text = (text or "").strip()
    if _ISO.match(text) and text in _names("vi"):
        # A code typed as a code (CN); "Vi" is the start of Việt Nam, not the Virgin Islands (VI).
        return text
    return _lookup().get(fold(text)) if text else None


class CountryInput(forms.TextInput):
    """A text box with the list of country names to pick from (the browser filters it as one types)."""

    template_name = "core/widgets/country.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", "class": "country", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        # A stored code shows as its name; what the officer typed stays as typed.
        if isinstance(value, str) and _ISO.match(value) and value in _names("vi"):
            return country_name(value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-countries"
        context["widget"]["attrs"]["list"] = list_id
        context["list_id"] = list_id
        context["countries"] = country_choices()
        return context


class CountryFormField(forms.CharField):
    """A country typed or picked by name, cleaned to its ISO code."""

    widget = CountryInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # The name is typed in full; only the stored code is two letters long.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        code = country_code(text)
        if code is None:
            raise ValidationError(
                _("Choose a country from the list, e.g. %(example)s."), code="invalid", params={"example": country_name("CN")},
            )
        return code


class CountryField(models.CharField):
    """An ISO 3166 two-letter country code; forms offer it by name, pages show its name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 2)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs: Any) -> Any:
        field = super().formfield(**{"form_class": CountryFormField, **kwargs})
        # The model's help speaks of codes for the API; the form asks for a name.
        if field is not None:
            # Lazy: forms are built at import time, the page's language is known per request.
            field.help_text = format_lazy(
                _("Type the first letters of the country's name and pick it, e.g. {example}."), example=lazy(country_name, str)("CN"),
            )
        return field
