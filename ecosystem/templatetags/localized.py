"""English content with a French fallback, and this page in the other languages."""

from django import template

from ecosystem.core.i18n import alternates, localized

register = template.Library()


@register.filter(name="localized")
def localized_filter(obj, field="name"):
    """``{{ actor|localized }}``, ``{{ domain|localized:"description" }}``."""
    return localized(obj, field)


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """[(code, name, url)] of the current page in each language; [] outside a request."""
    request = context.get("request")
    return alternates(request) if request is not None else []
