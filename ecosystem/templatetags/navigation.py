"""Navigation helpers of the public pages: the breadcrumb above a record's title."""

from django import template
from django.shortcuts import resolve_url

register = template.Library()


@register.inclusion_tag("includes/breadcrumb.html")
def breadcrumb(to, label, parent=None):
    """The trail back from a page: ``to`` (a URL name or a record) under ``label``,
    then ``parent`` (a record, or None) under its name.

    ``{% breadcrumb "ecosystem:domain_list" _("Domaines") domain.parent %}``
    """
    return {"url": resolve_url(to), "label": label, "parent": parent}


@register.inclusion_tag("includes/record_care.html")
def record_care(record):
    """Under a record: when the team last checked it, its history, and how to correct it.

    Links only (no form): the page stays in the page cache.
    """
    return {"record": record, "model_name": record._meta.model_name}
