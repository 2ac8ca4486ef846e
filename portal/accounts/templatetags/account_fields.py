"""Render a form field's widget tied to its own help text and errors (aria-describedby)."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def field_help_id(field: BoundField) -> str:
    return f"{field.auto_id}-help"


@register.filter
def field_errors_id(field: BoundField) -> str:
    return f"{field.auto_id}-errors"


@register.filter
def described_widget(field: BoundField) -> SafeString:
    """The field's widget with ``aria-describedby`` naming its help text and its errors,
    and ``aria-invalid`` when it has errors."""
    described = []
    if field.help_text:
        described.append(field_help_id(field))
    if field.errors:
        described.append(field_errors_id(field))
    attrs = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
