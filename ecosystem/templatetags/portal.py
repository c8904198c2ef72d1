"""Template helpers of the public portal."""

from functools import cache

from django import template

from ecosystem.core import markdown
from ecosystem.core.i18n import active_language, format_number
from ecosystem.directory.querystrings import toggle_query

register = template.Library()


@register.simple_tag(takes_context=True)
def toggle_filter(context, name, value):
    """The query string that adds or removes one filter value, keeping the others."""
    return toggle_query(context["request"].GET, name, str(value))


@cache
def _choice_labels(field) -> dict:
    return {str(value): label for value, label in field.flatchoices}


@register.filter
def choice_label(obj, field_name: str):
    """What ``obj.get_<field_name>_display`` says, in the reader's language.

    Django's builds a dictionary of every choice at each call, hashing each
    choice's label — a lazy translation, so translating them all: 0.1 ms a
    call, two calls a card, a third of a card's rendering.
    """
    field = obj._meta.get_field(field_name)
    value = getattr(obj, field.attname)
    label = _choice_labels(field).get(str(value))
    return value if label is None else str(label)


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
