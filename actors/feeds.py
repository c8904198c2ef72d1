"""RSS and Atom feeds of new and changed actors and projects, overall and per domain."""

from itertools import islice
from operator import attrgetter

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Project
from ecosystem.models import Domain
from ecosystem.opendata.feeds import FEED_SIZE, RecordFeed, recent


class ActorFeed(RecordFeed):
    title = _("Portail cleantech wallon — acteurs nouveaux ou modifiés")
    description = _(
        "Les organisations de l'écosystème cleantech wallon, dernières modifiées d'abord."
    )

    def link(self):
        return reverse("actors:actor_list")

    def items(self):
        return recent(Actor)


class ProjectFeed(RecordFeed):
    title = _("Portail cleantech wallon — projets nouveaux ou modifiés")
    description = _("Les projets de l'écosystème cleantech wallon, derniers modifiés d'abord.")

    def link(self):
        return reverse("actors:project_list")

    def items(self):
        return recent(Project)


class DomainFeed(RecordFeed):
    """Actors and projects of one domain, mixed, most recently modified first."""

    def get_object(self, request, slug):
        return get_object_or_404(Domain.objects.published(), slug=slug)

    def title(self, domain):
        return _("Portail cleantech wallon — %(domain)s : acteurs et projets") % {
            "domain": self.title_text(domain.name)
        }

    def description(self, domain):
        return _("Acteurs et projets nouveaux ou modifiés du domaine %(domain)s.") % {
            "domain": self.title_text(domain.name)
        }

    def link(self, domain):
        return domain.get_absolute_url()

    def items(self, domain):
        records = [
            *recent(Actor, domains=domain),
            *recent(Project, domains=domain),
        ]
        return list(islice(sorted(records, key=attrgetter("modified"), reverse=True), FEED_SIZE))


class AtomActorFeed(ActorFeed):
    feed_type = Atom1Feed
    subtitle = ActorFeed.description


class AtomProjectFeed(ProjectFeed):
    feed_type = Atom1Feed
    subtitle = ProjectFeed.description


class AtomDomainFeed(DomainFeed):
    feed_type = Atom1Feed

    def subtitle(self, domain):
        return self.description(domain)


# Mounted by config/urls.py under the "feeds" namespace.
urlpatterns = [
    path("feeds/actors/", ActorFeed(), name="actors"),
    path("feeds/actors/atom/", AtomActorFeed(), name="actors_atom"),
    path("feeds/projects/", ProjectFeed(), name="projects"),
    path("feeds/projects/atom/", AtomProjectFeed(), name="projects_atom"),
    path("feeds/domains/<slug:slug>/", DomainFeed(), name="domain"),
    path("feeds/domains/<slug:slug>/atom/", AtomDomainFeed(), name="domain_atom"),
]
