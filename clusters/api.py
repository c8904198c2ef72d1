"""Clusters in the read API: serializer and viewset."""

from rest_framework import serializers

from actors.models import Actor, Person, Role
from clusters.filters import ClusterFilter
from clusters.models import Cluster, Membership
from ecosystem.models import Domain, Territory
from ecosystem.opendata.api.serializers import (
    EVIDENCE,
    Evidenced,
    LinesField,
    ModelSerializer,
    RecordSerializer,
    api_url,
    reference,
)
from ecosystem.opendata.api.views import PublishedViewSet, filtered

ActorReference = reference(Actor)
PersonReference = reference(Person)
ClusterReference = reference(Cluster)
DomainReference = reference(Domain)
TerritoryReference = reference(Territory)


class MemberSerializer(Evidenced, ModelSerializer):
    """A cluster's member actor."""

    actor = ActorReference(read_only=True)

    class Meta:
        model = Membership
        fields = ["actor", "role", "description", "start_year", "end_year", *EVIDENCE]


class ClusterRoleSerializer(Evidenced, ModelSerializer):
    """Someone's position in this cluster."""

    person = PersonReference(read_only=True)

    class Meta:
        model = Role
        fields = ["person", "title", "start_year", "end_year", *EVIDENCE]


class ClusterSerializer(RecordSerializer):
    aliases = LinesField()
    strategic_axes = LinesField(source="strategic_axes_fr")
    strategic_axes_en = LinesField()
    part_of = ClusterReference(read_only=True, allow_null=True)
    domains = DomainReference(many=True, read_only=True)
    territories = TerritoryReference(many=True, read_only=True)
    members = MemberSerializer(many=True, read_only=True, source="memberships")
    member_count = serializers.IntegerField(read_only=True, help_text="Membres publiés.")
    people = ClusterRoleSerializer(many=True, read_only=True, source="roles")

    class Meta(RecordSerializer.Meta):
        model = Cluster
        fields = [
            *RecordSerializer.Meta.common,
            "name",
            "name_en",
            "aliases",
            "kind",
            "status",
            "start_year",
            "end_year",
            "part_of",
            "domains",
            "territories",
            "member_count",
            "members",
            "people",
            "website",
            "description",
            "description_en",
            "strategic_axes",
            "strategic_axes_en",
            *RecordSerializer.Meta.trailer,
        ]
        extra_kwargs = api_url("cluster")


@filtered(ClusterSerializer)
class ClusterViewSet(PublishedViewSet):
    """Clusters, pôles de compétitivité, hubs, the alliance and the grappes."""

    queryset = Cluster.objects.all()
    serializer_class = ClusterSerializer
    filterset_class = ClusterFilter
