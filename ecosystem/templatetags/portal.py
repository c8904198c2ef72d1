"""Template helpers of the public portal."""

from decimal import Decimal

from django import template

from ecosystem.core import markdown
from ecosystem.directory.facets import toggle_query

register = template.Library()


@register.simple_tag(takes_context=True)
def toggle_filter(context, name, value):
    """The query string that adds or removes one filter value, keeping the others."""
    return toggle_query(context["request"].GET, name, str(value))


@register.filter
def verbose_name(obj):
    """« acteur », « cluster »… : what kind of record this is."""
    return obj._meta.verbose_name


@register.filter
def number(value):
    """A decimal as French readers write it: 12,5 — 3 000 000 (no trailing zeros)."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(value).normalize():,f}"
    return text.replace(",", "\u202f").replace(".", ",")


register.filter("plain", markdown.plain)
