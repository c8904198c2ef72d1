"""The reader's language in templates: French fallbacks marked, this page in the other languages.

Content reads in the active language by itself (``{{ actor.name }}``,
django-modeltranslation); where a text is still French on an English page,
``{% lang_attr actor "description" %}`` marks its element ``lang="fr"``.
"""

from django import template
from django.utils.html import format_html

from ecosystem.core.i18n import alternates, fallback_language

register = template.Library()


@register.simple_tag
def lang_attr(obj, field="name"):
    """`` lang="fr"`` for the element showing ``obj.<field>`` when it falls back to French."""
    language = fallback_language(obj, field)
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def fallback_lang(obj, field="name"):
    """The fallback language of ``obj.<field>`` ("" when in the reader's), for includes."""
    return fallback_language(obj, field)


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """[(code, name, url)] of the current page in each language; [] outside a request."""
    request = context.get("request")
    return alternates(request) if request is not None else []
