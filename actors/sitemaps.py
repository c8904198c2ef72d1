"""The sitemap's actor, project and people pages."""

from actors.models import Actor, Person, Project
from ecosystem.opendata.sitemaps import RecordSitemap

LISTS = ["actors:actor_list", "actors:project_list", "actors:person_list"]
SITEMAPS = {
    "actors": RecordSitemap(Actor, 0.6),
    "projects": RecordSitemap(Project, 0.6),
    "people": RecordSitemap(Person),
}
