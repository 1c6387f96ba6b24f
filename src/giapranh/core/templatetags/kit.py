"""Template tags of the record kit's generic pages."""

from __future__ import annotations

from typing import Any

from django import template

from giapranh.core.history import display_value

register = template.Library()


@register.simple_tag(takes_context=True)
def cell(context: Any, record: Any, name: str) -> str:
    """A list cell: the field's value as the reader may see it (linked records go through the access rule)."""
    field = record._meta.get_field(name)
    value = list(getattr(record, name).all()) if field.many_to_many else getattr(record, field.attname)
    return display_value(record, name, value, user=context["request"].user)
