"""Template helpers for showing a stay's history."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date, parse_datetime

from lodging.models import Stay

register = template.Library()


@register.filter
def stay_field_label(name: str) -> str:
    """The translated label of a stay field named in a history entry ("arrival" → "Giờ đến")."""
    try:
        return str(Stay._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


@register.filter
def history_value(value) -> str:
    """A value as the history stores it (JSON: dates as ISO text), shown as the pages
    show dates; empty values as a dash."""
    if value in (None, ""):
        return "—"
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-":
        moment = parse_datetime(value) if "T" in value else None
        if moment is not None:
            return date_format(timezone.localtime(moment) if timezone.is_aware(moment)
                               else moment, "d/m/Y H:i")
        day = parse_date(value)
        if day is not None:
            return date_format(day, "d/m/Y")
    return str(value)
