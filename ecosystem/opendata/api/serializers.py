"""What the API says about each record.

Records link to each other by slug: a reference is ``{"url", "slug", "name"}``
where ``url`` is the related record's API address. The viewsets prefetch every
relation from a published queryset, so a draft never shows, even as a link.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.models import Actor, Person, Project, ProjectParticipation, Role
from clusters.models import Cluster, Membership
from ecosystem.models import Domain, Source, Territory


@extend_schema_field(OpenApiTypes.URI)
class PageField(serializers.Field):
    """The absolute address of the record's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        url = obj.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class LinesField(serializers.Field):
    """A text field holding one item per line (aliases, strategic axes), as a list."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, text):
        return [line.strip() for line in (text or "").splitlines() if line.strip()]


def api_url(basename: str) -> dict:
    return {"url": {"view_name": f"api:{basename}-detail", "lookup_field": "slug"}}


class Reference(serializers.HyperlinkedModelSerializer):
    """A link to another record: its API address, slug and name."""

    class Meta:
        fields = ["url", "slug", "name"]


class DomainReference(Reference):
    class Meta(Reference.Meta):
        model = Domain
        extra_kwargs = api_url("domain")


class TerritoryReference(Reference):
    class Meta(Reference.Meta):
        model = Territory
        extra_kwargs = api_url("territory")


class ClusterReference(Reference):
    class Meta(Reference.Meta):
        model = Cluster
        extra_kwargs = api_url("cluster")


class ActorReference(Reference):
    class Meta(Reference.Meta):
        model = Actor
        extra_kwargs = api_url("actor")


class ProjectReference(Reference):
    class Meta(Reference.Meta):
        model = Project
        extra_kwargs = api_url("project")


class PersonReference(Reference):
    class Meta(Reference.Meta):
        model = Person
        extra_kwargs = api_url("person")


class SourceReference(serializers.ModelSerializer):
    """A cited document, linked to its page on the portal."""

    page = PageField()

    class Meta:
        model = Source
        fields = ["slug", "title", "publisher", "date", "page"]


class RecordSerializer(serializers.HyperlinkedModelSerializer):
    """Common fields: API address, public page, slug, sources and last change."""

    page = PageField()
    sources = SourceReference(many=True, read_only=True)

    class Meta:
        common = ["url", "page", "slug"]
        trailer = ["sources", "modified"]


# --- Relations with a role ------------------------------------------------------------


class ClusterMembershipSerializer(serializers.ModelSerializer):
    """An actor's place in a cluster."""

    cluster = ClusterReference(read_only=True)

    class Meta:
        model = Membership
        fields = ["cluster", "role", "description", "start_year", "end_year"]


class MemberSerializer(serializers.ModelSerializer):
    """A cluster's member actor."""

    actor = ActorReference(read_only=True)

    class Meta:
        model = Membership
        fields = ["actor", "role", "description", "start_year", "end_year"]


class ActorParticipationSerializer(serializers.ModelSerializer):
    """An actor's part in a project."""

    project = ProjectReference(read_only=True)

    class Meta:
        model = ProjectParticipation
        fields = ["project", "role", "description"]


class ParticipantSerializer(serializers.ModelSerializer):
    """A project's participant actor."""

    actor = ActorReference(read_only=True)

    class Meta:
        model = ProjectParticipation
        fields = ["actor", "role", "description"]


class PersonRoleSerializer(serializers.ModelSerializer):
    """A person's position, at an organisation or a cluster."""

    actor = ActorReference(read_only=True, allow_null=True)
    cluster = ClusterReference(read_only=True, allow_null=True)

    class Meta:
        model = Role
        fields = ["title", "actor", "cluster", "start_year", "end_year"]


class OrganisationRoleSerializer(serializers.ModelSerializer):
    """Someone's position in this organisation or cluster."""

    person = PersonReference(read_only=True)

    class Meta:
        model = Role
        fields = ["person", "title", "start_year", "end_year"]


# --- Records --------------------------------------------------------------------------


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


class ClusterSerializer(RecordSerializer):
    aliases = LinesField()
    strategic_axes = LinesField()
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
            *RecordSerializer.Meta.trailer,
        ]
        extra_kwargs = api_url("cluster")


class ActorSerializer(RecordSerializer):
    aliases = LinesField()
    territory = TerritoryReference(read_only=True, allow_null=True)
    domains = DomainReference(many=True, read_only=True)
    clusters = ClusterMembershipSerializer(many=True, read_only=True, source="memberships")
    projects = ActorParticipationSerializer(many=True, read_only=True, source="participations")
    people = OrganisationRoleSerializer(many=True, read_only=True, source="roles")

    class Meta(RecordSerializer.Meta):
        model = Actor
        fields = [
            *RecordSerializer.Meta.common,
            "name",
            "aliases",
            "kind",
            "pillar",
            "status",
            "territory",
            "domains",
            "clusters",
            "projects",
            "people",
            "website",
            "founded_year",
            "ended_year",
            "description",
            "description_en",
            *RecordSerializer.Meta.trailer,
        ]
        extra_kwargs = api_url("actor")


class ProjectSerializer(RecordSerializer):
    aliases = LinesField()
    territory = TerritoryReference(read_only=True, allow_null=True)
    domains = DomainReference(many=True, read_only=True)
    clusters = ClusterReference(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True, source="participations")

    class Meta(RecordSerializer.Meta):
        model = Project
        fields = [
            *RecordSerializer.Meta.common,
            "name",
            "name_en",
            "aliases",
            "kind",
            "status",
            "start_year",
            "end_year",
            "territory",
            "domains",
            "clusters",
            "participants",
            "area_hectares",
            "floor_area_m2",
            "budget_eur",
            "figures_note",
            "website",
            "description",
            "description_en",
            *RecordSerializer.Meta.trailer,
        ]
        extra_kwargs = api_url("project")


class PersonSerializer(RecordSerializer):
    roles = PersonRoleSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = Person
        fields = [
            *RecordSerializer.Meta.common,
            "name",
            "roles",
            "description",
            "description_en",
            *RecordSerializer.Meta.trailer,
        ]
        extra_kwargs = api_url("person")
