"""The actor and project directories' filters, shared by the pages, exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from ecosystem.models import Domain, Territory
from ecosystem.search import match_queryset

from .models import Actor, Pillar, Project


def filter_text(queryset, name, value):
    """Free-text filter: every word must appear in the record's search text."""
    return match_queryset(queryset, value)


class ActorFilter(django_filters.FilterSet):
    """``/actors/?domain=hydrogene&domain=ccu&pillar=corporate``: OR within a facet, AND across."""

    domain = django_filters.ModelMultipleChoiceFilter(
        label=_("Domaine"),
        field_name="domains__slug",
        to_field_name="slug",
        queryset=Domain.objects.published(),
    )
    pillar = django_filters.MultipleChoiceFilter(label=_("Pilier"), choices=Pillar.choices)
    kind = django_filters.MultipleChoiceFilter(label=_("Type"), choices=Actor.Kind.choices)
    territory = django_filters.ModelMultipleChoiceFilter(
        label=_("Territoire"),
        field_name="territory__slug",
        to_field_name="slug",
        queryset=Territory.objects.published(),
    )
    cluster = django_filters.ModelMultipleChoiceFilter(
        label=_("Cluster"),
        field_name="memberships__cluster__slug",
        to_field_name="slug",
        queryset=Cluster.objects.published(),
    )
    q = django_filters.CharFilter(label=_("Texte"), method=filter_text)

    # The filters shown as facets on the list page, in this order.
    facets = ["pillar", "domain", "kind", "cluster", "territory"]

    class Meta:
        model = Actor
        fields = ["domain", "pillar", "kind", "territory", "cluster", "q"]


class ProjectFilter(django_filters.FilterSet):
    domain = django_filters.ModelMultipleChoiceFilter(
        label=_("Domaine"),
        field_name="domains__slug",
        to_field_name="slug",
        queryset=Domain.objects.published(),
    )
    status = django_filters.MultipleChoiceFilter(label=_("Statut"), choices=Project.Status.choices)
    kind = django_filters.MultipleChoiceFilter(label=_("Type"), choices=Project.Kind.choices)
    territory = django_filters.ModelMultipleChoiceFilter(
        label=_("Territoire"),
        field_name="territory__slug",
        to_field_name="slug",
        queryset=Territory.objects.published(),
    )
    cluster = django_filters.ModelMultipleChoiceFilter(
        label=_("Cluster"),
        field_name="clusters__slug",
        to_field_name="slug",
        queryset=Cluster.objects.published(),
    )
    q = django_filters.CharFilter(label=_("Texte"), method=filter_text)

    facets = ["status", "kind", "domain", "cluster", "territory"]

    class Meta:
        model = Project
        fields = ["domain", "status", "kind", "territory", "cluster", "q"]
