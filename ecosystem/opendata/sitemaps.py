"""The base of ``/sitemap.xml``: lists by URL name, and the published records of a model.

The apps declare their sections (``actors/sitemaps.py``…); ``config/urls.py``
merges them.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


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

    def items(self):
        # Only what get_absolute_url needs: 100,000 actors stay a light query.
        return self.model.objects.published().only(*self.fields).order_by("pk")

    def lastmod(self, obj):
        return obj.modified
