"""``/sitemap.xml``: the main lists and every published detail page."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from actors.models import Actor, Person, Project
from clusters.models import Cluster
from ecosystem.models import Concept, Domain, Event, KeyFigure, Milestone, Policy, Source, Territory

# The lists of the URL contract (issue 4), by URL name.
LISTS = [
    "ecosystem:home",
    "clusters:hub_list",
    "clusters:cluster_list",
    "actors:actor_list",
    "actors:project_list",
    "actors:person_list",
    "ecosystem:domain_list",
    "ecosystem:territory_list",
    "ecosystem:concept_list",
    "ecosystem:policy_list",
    "ecosystem:keyfigure_list",
    "ecosystem:event_list",
    "ecosystem:milestone_list",
    "ecosystem:source_list",
    "ecosystem:pillars",
]


class I18nSitemap(Sitemap):
    """Every page in each language of settings.LANGUAGES, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class ListSitemap(I18nSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return LISTS

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


SITEMAPS = {
    "lists": ListSitemap,
    "clusters": RecordSitemap(Cluster, 0.7, fields=("slug", "kind", "modified")),
    "actors": RecordSitemap(Actor, 0.6),
    "projects": RecordSitemap(Project, 0.6),
    "people": RecordSitemap(Person),
    "domains": RecordSitemap(Domain),
    "territories": RecordSitemap(Territory),
    "concepts": RecordSitemap(Concept),
    "policies": RecordSitemap(Policy),
    "key-figures": RecordSitemap(KeyFigure, 0.4),
    "events": RecordSitemap(Event),
    "milestones": RecordSitemap(Milestone, 0.4),
    "sources": RecordSitemap(Source),
}
