"""The base of ``/sitemap.xml``: lists by URL name, and the published records of a model.

The apps declare their sections (``actors/sitemaps.py``…); ``config/urls.py``
merges them.
"""

import zlib
from functools import wraps

from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse

from ecosystem.core.cache import TIMEOUT, cache_key

# URLs per sitemap file (each language's address counts): at 100,000 actors one
# file of 200,000 took 17 s and weighed 25 MB; the index lists the pages.
URLS_PER_FILE = 5000
# What a cached sitemap keeps of its response besides the body.
KEPT_HEADERS = ("Content-Type", "X-Robots-Tag", "Last-Modified")


class I18nSitemap(Sitemap):
    """Every page in each language of settings.LANGUAGES, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class ListSitemap(I18nSitemap):
    """Pages without a record of their own (the lists), by URL name."""

    changefreq = "weekly"
    priority = 0.8

    def __init__(self, names):
        self.names = names

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)


class RecordSitemap(I18nSitemap):
    """The published records of one model, with their last change."""

    changefreq = "monthly"

    def __init__(self, model, priority=0.5, fields=("slug", "modified")):
        self.model = model
        self.priority = priority
        self.fields = fields

    limit = URLS_PER_FILE

    def items(self):
        # Only what get_absolute_url needs: 100,000 actors stay a light query.
        return self.model.objects.published().only(*self.fields).order_by("pk")

    def lastmod(self, obj):
        return obj.modified

    @property
    def paginator(self):
        # Django's builds every (record, language) pair to count and slice them:
        # all 100,000 actors for each file and for the index.
        return Paginator(_LanguagePairs(self.items(), self._languages()), self.limit)

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("modified"))["latest"]


class _LanguagePairs:
    """The (record, language) pairs of a queryset, counted and sliced in SQL."""

    def __init__(self, queryset, languages):
        self.queryset, self.languages = queryset, list(languages)

    def count(self):
        return self.queryset.count() * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, window: slice):
        width = len(self.languages)
        start, stop = window.start or 0, window.stop
        records = self.queryset[start // width : -(-stop // width)]
        pairs = [(record, language) for record in records for language in self.languages]
        offset = start - (start // width) * width
        return pairs[offset : offset + stop - start]


def cached_sitemap(view):
    """``view`` answered from the cache under the content version: an index or a
    file of 5,000 addresses is rendered once per content change, not per robot."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        key = cache_key("sitemap", request.scheme, request.get_host(), request.get_full_path())
        stored = cache.get(key)
        if stored is not None:
            headers, body = stored
            return HttpResponse(zlib.decompress(body), headers=headers)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and request.method == "GET":
            response.render()
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (headers, zlib.compress(response.content)), TIMEOUT)
        return response

    return cached_view
