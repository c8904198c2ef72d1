"""Clusters in the read API: serializer and viewset."""

from rest_framework import serializers

from actors.api import ActorReference, ClusterReference, OrganisationRoleSerializer, people_in_post
from clusters.exports import cluster_rows
from clusters.filters import ClusterFilter
from clusters.models import Cluster, Membership
from ecosystem.api import DomainReference, RecordSerializer, TerritoryReference
from ecosystem.core.i18n import title_order
from ecosystem.opendata.api.serializers import (
    EVIDENCE,
    Evidenced,
    LinesField,
    ModelSerializer,
    api_url,
)
from ecosystem.opendata.api.views import PublishedViewSet, filtered


class MemberSerializer(Evidenced, ModelSerializer):
    """A cluster's member actor."""

    actor = ActorReference(read_only=True)

    class Meta:
        model = Membership
        fields = ["actor", "role", "description", "start_year", "end_year", *EVIDENCE]


class ClusterSerializer(RecordSerializer):
    aliases = LinesField()
    strategic_axes = LinesField(source="strategic_axes_fr")
    strategic_axes_en = LinesField()
    part_of = ClusterReference(read_only=True, allow_null=True)
    domains = DomainReference(many=True, read_only=True)
    territories = TerritoryReference(many=True, read_only=True)
    members = MemberSerializer(many=True, read_only=True, source="memberships")
    member_count = serializers.IntegerField(read_only=True, help_text="Membres publiés.")
    people = OrganisationRoleSerializer(many=True, read_only=True, source="roles")

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

    serializer_class = ClusterSerializer
    filterset_class = ClusterFilter

    def get_queryset(self):
        clusters = Cluster.objects.published()
        return cluster_rows(clusters).with_public(
            memberships=clusters.public_related("memberships")
            .select_related("actor")
            .order_by(title_order("actor__")),
            roles=people_in_post(clusters),
        )
