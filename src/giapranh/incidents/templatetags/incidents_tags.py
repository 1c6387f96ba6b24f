from __future__ import annotations

from django import template
from django.utils import numberformat
from django.utils.formats import get_format

register = template.Library()


@register.filter
def money(value: int | None) -> str:
    """An amount grouped in thousands with the language's separator (15.000.000 in Vietnamese)."""
    if value is None:
        return ""
    return numberformat.format(
        value, get_format("DECIMAL_SEPARATOR"), decimal_pos=0, grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"), force_grouping=True,
    )
