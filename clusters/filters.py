"""The cluster directory's filters, shared by the pages, exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ecosystem.models import Domain, Territory
from ecosystem.search import match_queryset

from .models import Cluster


def filter_text(queryset, name, value):
    return match_queryset(queryset, value)


class ClusterFilter(django_filters.FilterSet):
    """``/clusters/?kind=pole&domain=energie``: OR within a facet, AND across."""

    kind = django_filters.MultipleChoiceFilter(label=_("Type"), choices=Cluster.Kind.choices)
    domain = django_filters.ModelMultipleChoiceFilter(
        label=_("Domaine"),
        field_name="domains__slug",
        to_field_name="slug",
        queryset=Domain.objects.published(),
    )
    territory = django_filters.ModelMultipleChoiceFilter(
        label=_("Territoire"),
        field_name="territories__slug",
        to_field_name="slug",
        queryset=Territory.objects.published(),
    )
    status = django_filters.MultipleChoiceFilter(label=_("Statut"), choices=Cluster.Status.choices)
    q = django_filters.CharFilter(label=_("Texte"), method=filter_text)

    facets = ["kind", "status", "domain", "territory"]

    class Meta:
        model = Cluster
        fields = ["kind", "domain", "territory", "status", "q"]
