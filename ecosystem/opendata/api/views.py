"""Read-only viewsets: published records only, filtered by the directory's own FilterSets."""

from django.conf import settings
from django.db.models import Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from actors.filters import ActorFilter, ProjectFilter
from actors.models import Actor, Person, Project, ProjectParticipation, Role
from clusters.filters import ClusterFilter
from clusters.models import Cluster, Membership
from clusters.views import with_member_count
from ecosystem.models import Domain, Source, Territory
from ecosystem.opendata.api import serializers
from ecosystem.opendata.exports import DATA_LICENSE, DATA_LICENSE_URL
from ecosystem.pages.views import actor_counts, published

LICENSE = {"name": DATA_LICENSE, "url": DATA_LICENSE_URL}


class Pagination(PageNumberPagination):
    """``?page=2&page_size=50``; every page carries the data licence."""

    page_size = settings.PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "license": LICENSE,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["license"] = {
            "type": "object",
            "properties": {
                "name": {"type": "string", "example": DATA_LICENSE},
                "url": {"type": "string", "format": "uri", "example": DATA_LICENSE_URL},
            },
        }
        return response


def filtered(serializer_class):
    """Document the 400 a list answers when a filter value is unknown."""
    return extend_schema_view(
        list=extend_schema(
            responses={
                200: serializer_class(many=True),
                400: OpenApiResponse(
                    description="Valeur de filtre inconnue : le message nomme le filtre."
                ),
            }
        )
    )


def sources():
    return published("sources", Source)


def roles_at_organisation():
    """People holding a position in an actor or cluster (published people only)."""
    return published(
        "roles",
        Role,
        Role.objects.filter(person__is_published=True)
        .select_related("person")
        .order_by("person__name"),
    )


class PublishedViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail by slug, anonymous and read-only."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filter_backends = [DjangoFilterBackend]
    pagination_class = Pagination

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Open data: any site may query it from a browser (no cookies are involved).
        response["Access-Control-Allow-Origin"] = "*"
        return response


@filtered(serializers.ClusterSerializer)
class ClusterViewSet(PublishedViewSet):
    """Clusters, pôles de compétitivité, hubs, the alliance and the grappes."""

    serializer_class = serializers.ClusterSerializer
    filterset_class = ClusterFilter

    def get_queryset(self):
        return with_member_count(Cluster.objects.published()).prefetch_related(
            published("part_of", Cluster),
            published("domains", Domain),
            published("territories", Territory),
            published(
                "memberships",
                Membership,
                Membership.objects.filter(actor__is_published=True)
                .select_related("actor")
                .order_by("actor__name"),
            ),
            roles_at_organisation(),
            sources(),
        )


@filtered(serializers.ActorSerializer)
class ActorViewSet(PublishedViewSet):
    """Organisations: companies, universities, investors, public bodies, entrepreneurs…"""

    serializer_class = serializers.ActorSerializer
    filterset_class = ActorFilter

    def get_queryset(self):
        return Actor.objects.published().prefetch_related(
            published("territory", Territory),
            published("domains", Domain),
            published(
                "memberships",
                Membership,
                Membership.objects.filter(cluster__is_published=True)
                .select_related("cluster")
                .order_by("cluster__name"),
            ),
            published(
                "participations",
                ProjectParticipation,
                ProjectParticipation.objects.filter(project__is_published=True)
                .select_related("project")
                .order_by("project__name"),
            ),
            roles_at_organisation(),
            sources(),
        )


@filtered(serializers.ProjectSerializer)
class ProjectViewSet(PublishedViewSet):
    """Projects, sites, shared platforms and programmes, with their participants."""

    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectFilter

    def get_queryset(self):
        return Project.objects.published().prefetch_related(
            published("territory", Territory),
            published("domains", Domain),
            published("clusters", Cluster),
            published(
                "participations",
                ProjectParticipation,
                ProjectParticipation.objects.filter(actor__is_published=True)
                .select_related("actor")
                .order_by("role", "actor__name"),
            ),
            sources(),
        )


class PersonViewSet(PublishedViewSet):
    """People named in the documents and their positions."""

    serializer_class = serializers.PersonSerializer

    def get_queryset(self):
        return Person.objects.published().prefetch_related(
            published(
                "roles",
                Role,
                Role.objects.filter(Q(actor__is_published=True) | Q(cluster__is_published=True)),
            ),
            # A role at a published actor may also name a draft cluster (or the reverse).
            published("roles__actor", Actor),
            published("roles__cluster", Cluster),
            sources(),
        )


class DomainViewSet(PublishedViewSet):
    """Thematic and technology domains (énergie, hydrogène, CCU…)."""

    serializer_class = serializers.DomainSerializer

    def get_queryset(self):
        return actor_counts(Domain.objects.published()).prefetch_related(
            published("parent", Domain), sources()
        )


class TerritoryViewSet(PublishedViewSet):
    """Regions, provinces, sub-regions, cities and sites, with coordinates."""

    serializer_class = serializers.TerritorySerializer

    def get_queryset(self):
        return actor_counts(Territory.objects.published()).prefetch_related(
            published("parent", Territory), sources()
        )
