"""The sitemap's knowledge-base pages."""

from ecosystem.models import Concept, Domain, Event, KeyFigure, Milestone, Policy, Source, Territory
from ecosystem.opendata.sitemaps import RecordSitemap

LISTS = [
    "ecosystem:domain_list",
    "ecosystem:territory_list",
    "ecosystem:concept_list",
    "ecosystem:policy_list",
    "ecosystem:keyfigure_list",
    "ecosystem:event_list",
    "ecosystem:milestone_list",
    "ecosystem:source_list",
]
SITEMAPS = {
    "domains": RecordSitemap(Domain),
    "territories": RecordSitemap(Territory),
    "concepts": RecordSitemap(Concept),
    "policies": RecordSitemap(Policy),
    "key-figures": RecordSitemap(KeyFigure, 0.4),
    "events": RecordSitemap(Event),
    "milestones": RecordSitemap(Milestone, 0.4),
    "sources": RecordSitemap(Source),
}
