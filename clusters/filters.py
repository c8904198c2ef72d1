"""The cluster directory's filters, shared by the pages, exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from ecosystem.directory.filters import choice_filter, filter_text, published_slug_filter
from ecosystem.directory.sorting import by_name, most_connected, recently_updated
from ecosystem.models import Domain, Territory


class ClusterFilter(django_filters.FilterSet):
    """``/clusters/?kind=pole&domain=energie``: OR within a facet, AND across."""

    kind = choice_filter(_("Type"), Cluster.Kind.choices)
    domain = published_slug_filter(_("Domaine"), "domains__slug", Domain)
    territory = published_slug_filter(_("Territoire"), "territories__slug", Territory)
    status = choice_filter(_("Statut"), Cluster.Status.choices)
    q = django_filters.CharFilter(label=_("Texte"), method=filter_text)

    facets = ["kind", "status", "domain", "territory"]
    # The orders the list page offers (?sort=), its default first; the cards'
    # for_card() counts the members.
    sorts = (
        by_name(),
        recently_updated(),
        most_connected("member_count", _("le plus de membres")),
    )

    class Meta:
        model = Cluster
        fields = ["kind", "domain", "territory", "status", "q"]
