"""The actor and project directories' filters, shared by the pages, exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Project
from clusters.models import Cluster
from ecosystem.directory.filters import choice_filter, filter_text, published_slug_filter
from ecosystem.directory.sorting import by_name, most_connected, recently_updated
from ecosystem.models import Domain, Pillar, Territory


class ActorFilter(django_filters.FilterSet):
    """``/actors/?domain=hydrogene&domain=ccu&pillar=corporate``: OR within a facet, AND across."""

    domain = published_slug_filter(_("Domaine"), "domains__slug", Domain)
    pillar = choice_filter(_("Pilier"), Pillar.choices)
    kind = choice_filter(_("Type"), Actor.Kind.choices)
    territory = published_slug_filter(_("Territoire"), "territory__slug", Territory)
    cluster = published_slug_filter(_("Cluster"), "memberships__cluster__slug", Cluster)
    q = django_filters.CharFilter(label=_("Texte"), method=filter_text)

    # The filters shown as facets on the list page, in this order.
    facets = ["pillar", "domain", "kind", "cluster", "territory"]
    # The orders the list page offers (?sort=), its default first.
    sorts = (
        by_name(),
        recently_updated(),
        most_connected(
            "connections", _("les plus connectés (clusters et projets)"), "with_connections"
        ),
    )

    class Meta:
        model = Actor
        fields = ["domain", "pillar", "kind", "territory", "cluster", "q"]


class ProjectFilter(django_filters.FilterSet):
    domain = published_slug_filter(_("Domaine"), "domains__slug", Domain)
    status = choice_filter(_("Statut"), Project.Status.choices)
    kind = choice_filter(_("Type"), Project.Kind.choices)
    territory = published_slug_filter(_("Territoire"), "territory__slug", Territory)
    cluster = published_slug_filter(_("Cluster"), "clusters__slug", Cluster)
    q = django_filters.CharFilter(label=_("Texte"), method=filter_text)

    facets = ["status", "kind", "domain", "cluster", "territory"]
    sorts = (
        by_name(),
        recently_updated(),
        most_connected("partner_count", _("le plus de partenaires"), "with_partner_count"),
    )

    class Meta:
        model = Project
        fields = ["domain", "status", "kind", "territory", "cluster", "q"]
