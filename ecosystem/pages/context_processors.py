"""What every page's template may need without each view asking for it."""

from django.utils.functional import SimpleLazyObject

from ecosystem.core.cache import TIMEOUT, content_version
from ecosystem.core.models import public_sources


def documents(request):
    """The published sources by slug: what an excerpt's document links to.

    Lazy: read (once per content version) only by a page that shows evidence."""
    return {"documents": SimpleLazyObject(public_sources)}


def fragments(request):
    """What a ``{% cache %}`` fragment of content varies on and how long it is kept.

    A fragment keyed by ``content_version`` is never older than the content:
    any change bumps the version (ecosystem/core/cache.py).
    """
    return {"content_version": SimpleLazyObject(content_version), "cache_timeout": TIMEOUT}
