"""Template tags of the record kit's generic pages."""

from __future__ import annotations

from typing import Any

from django import template

from giapranh.core.history import display_value, number_display

register = template.Library()


@register.simple_tag(takes_context=True)
def cell(context: Any, record: Any, name: str) -> str:
    """A list cell: the field's value as the reader may see it (linked records go through the access rule)."""
    from giapranh.core.kit import record_type_for

    user = context["request"].user
    try:
        computed = record_type_for(type(record)).computed_columns.get(name)
    except KeyError:
        computed = None
    if computed is not None:
        return computed[1](record, user=user)
    field = record._meta.get_field(name)
    value = list(getattr(record, name).all()) if field.many_to_many else getattr(record, field.attname)
    return display_value(record, name, value, user=user)


@register.filter
def vn_number(value: Any) -> str:
    """`15000000` as `15.000.000`, `21.7312` as `21,7312`."""
    return number_display(value) if value not in (None, "") else ""


@register.filter
def vnd(value: Any) -> str:
    """An amount in đồng: `15.000.000 đồng`."""
    return number_display(value, money=True) if value not in (None, "") else ""


@register.filter
def country(code: Any) -> str:
    """An ISO country code as the country's name in the page's language."""
    from giapranh.core.countries import country_name

    return country_name(code) or "—"
