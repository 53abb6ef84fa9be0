"""Words for codes in the hotel UI: document types, countries, field names."""

import json

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from lodging.countries import country_label
from lodging.forms import GuestForm, StayGroupForm
from lodging.identity import document_label

register = template.Library()


@register.filter
def document_name(stay) -> str:
    return document_label(stay.document_type, stay.flags)


@register.filter
def country_name(code: str) -> str:
    return country_label(code, "vi" if (get_language() or "vi").startswith("vi") else "en")


@register.filter
def field_label(name: str) -> str:
    for form in (GuestForm, StayGroupForm):
        field = form.base_fields.get(name)
        if field is not None:
            return str(field.label)
    return gettext("Departure") if name == "departure" else name


@register.filter
def js_value(value) -> str:
    """A value as a JavaScript literal in a script the server renders (the worker)."""
    text = json.dumps(value, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace("\u2028", "\\u2028")  # noqa: S308
                     .replace("\u2029", "\\u2029"))
