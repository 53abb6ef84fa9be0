"""`{% national_badge establishment %}`: the dashboard's reminder of undelivered guests."""

from django import template

from lodging.national import selectors

register = template.Library()


@register.inclusion_tag("national/_badge.html")
def national_badge(establishment):
    return {"waiting": selectors.undelivered_count(establishment) if establishment else 0}
