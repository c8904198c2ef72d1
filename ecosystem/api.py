"""The knowledge base in the read API: domains and territories."""

from rest_framework import serializers

from ecosystem.models import Domain, Territory
from ecosystem.opendata.api.serializers import RecordSerializer, api_url, reference
from ecosystem.opendata.api.views import PublishedViewSet

DomainReference = reference(Domain)
TerritoryReference = reference(Territory)


class DomainSerializer(RecordSerializer):
    parent = DomainReference(read_only=True, allow_null=True)
    actor_count = serializers.IntegerField(read_only=True, help_text="Acteurs publiés du domaine.")

    class Meta(RecordSerializer.Meta):
        model = Domain
        fields = [
            *RecordSerializer.Meta.common,
            "name",
            "name_en",
            "parent",
            "actor_count",
            "description",
            "description_en",
            *RecordSerializer.Meta.trailer,
        ]
        extra_kwargs = api_url("domain")


class TerritorySerializer(RecordSerializer):
    parent = TerritoryReference(read_only=True, allow_null=True)
    actor_count = serializers.IntegerField(read_only=True, help_text="Acteurs publiés du lieu.")

    class Meta(RecordSerializer.Meta):
        model = Territory
        fields = [
            *RecordSerializer.Meta.common,
            "name",
            "name_en",
            "kind",
            "parent",
            "latitude",
            "longitude",
            "actor_count",
            "description",
            "description_en",
            *RecordSerializer.Meta.trailer,
        ]
        extra_kwargs = api_url("territory")


class DomainViewSet(PublishedViewSet):
    """Thematic and technology domains (énergie, hydrogène, CCU…)."""

    queryset = Domain.objects.all()
    serializer_class = DomainSerializer


class TerritoryViewSet(PublishedViewSet):
    """Regions, provinces, sub-regions, cities and sites, with coordinates."""

    queryset = Territory.objects.all()
    serializer_class = TerritorySerializer
