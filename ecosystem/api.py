"""The knowledge base in the read API: domains and territories, and the cited sources.

``RecordSerializer`` is the base of every record the API gives: each cites
its sources.
"""

from rest_framework import serializers

from ecosystem.exports import counted
from ecosystem.models import Domain, Source, Territory
from ecosystem.opendata.api.serializers import (
    EVIDENCE,
    Evidenced,
    HyperlinkedModelSerializer,
    ModelSerializer,
    PageField,
    Reference,
    api_url,
)
from ecosystem.opendata.api.views import PublishedViewSet


class DomainReference(Reference):
    class Meta(Reference.Meta):
        model = Domain
        extra_kwargs = api_url("domain")


class TerritoryReference(Reference):
    class Meta(Reference.Meta):
        model = Territory
        extra_kwargs = api_url("territory")


class SourceReference(ModelSerializer):
    """A cited document, linked to its page on the portal."""

    page = PageField()

    class Meta:
        model = Source
        fields = ["slug", "title", "publisher", "date", "page"]


class RecordSerializer(Evidenced, HyperlinkedModelSerializer):
    """Common fields: API address, public page, slug, sources, evidence and last change."""

    page = PageField()
    sources = SourceReference(many=True, read_only=True)

    class Meta:
        common = ["url", "page", "slug"]
        trailer = ["sources", *EVIDENCE, "modified"]


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

    serializer_class = DomainSerializer

    def get_queryset(self):
        return counted(Domain.objects.published())


class TerritoryViewSet(PublishedViewSet):
    """Regions, provinces, sub-regions, cities and sites, with coordinates."""

    serializer_class = TerritorySerializer

    def get_queryset(self):
        return counted(Territory.objects.published())
