"""Template helpers of the public portal."""

from django import template

from ecosystem.core import markdown
from ecosystem.core.i18n import active_language, format_number
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
    """A decimal as the reader writes it (3 000 000 and 12,5 in French; 3,000,000 in English)."""
    if value is None or value == "":
        return ""
    return format_number(value)


@register.simple_tag
def colon():
    """A colon as the reader's typography wants it: a no-break space before it in French."""
    return "\u00a0:" if active_language() == "fr" else ":"


register.filter("plain", markdown.plain)
