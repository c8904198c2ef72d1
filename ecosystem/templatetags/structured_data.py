"""schema.org JSON-LD and Open Graph tags for the pages' <head>.

``{% json_ld structured_data %}`` writes the description a detail view built
(each app's ``jsonld.py``) as a ``<script type="application/ld+json">`` data
block (not run by browsers, so the Content-Security-Policy is unaffected);
``{% open_graph obj %}`` writes og: tags for a record (base.html includes the
same template with the site's defaults).
"""

from django import template
from django.utils.translation import get_language

from ecosystem.opendata.jsonld import absolute, script, summary

register = template.Library()


@register.simple_tag
def json_ld(data):
    """A ``<script type="application/ld+json">`` block for search engines ('' without data)."""
    return script(data)


@register.inclusion_tag("includes/open_graph.html", takes_context=True)
def open_graph(context, obj):
    """og: tags for a record; base.html includes the same template with the site's defaults."""
    request = context.get("request")
    # A key figure is named by its label, a source by its title; a person's page is a profile.
    title_field = obj.title_field
    return {
        "request": request,
        "LANGUAGE_CODE": get_language(),
        "og_type": "profile" if obj._meta.model_name == "person" else "website",
        "og_title": getattr(obj, title_field),
        "og_description": summary(obj),
        "og_url": absolute(request, obj),
    }
