"""Actors, projects and people in the read API: serializers and viewsets."""

from actors.filters import ActorFilter, ProjectFilter
from actors.models import Actor, Person, Project, ProjectParticipation, Role
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
ProjectReference = reference(Project)
PersonReference = reference(Person)
ClusterReference = reference(Cluster)
DomainReference = reference(Domain)
TerritoryReference = reference(Territory)


# --- Relations with a role ------------------------------------------------------------


class ClusterMembershipSerializer(Evidenced, ModelSerializer):
    """An actor's place in a cluster."""

    cluster = ClusterReference(read_only=True)

    class Meta:
        model = Membership
        fields = ["cluster", "role", "description", "start_year", "end_year", *EVIDENCE]


class ActorParticipationSerializer(Evidenced, ModelSerializer):
    """An actor's part in a project."""

    project = ProjectReference(read_only=True)

    class Meta:
        model = ProjectParticipation
        fields = ["project", "role", "description", *EVIDENCE]


class ParticipantSerializer(Evidenced, ModelSerializer):
    """A project's participant actor."""

    actor = ActorReference(read_only=True)

    class Meta:
        model = ProjectParticipation
        fields = ["actor", "role", "description", *EVIDENCE]


class PersonRoleSerializer(Evidenced, ModelSerializer):
    """A person's position, at an organisation or a cluster."""

    actor = ActorReference(read_only=True, allow_null=True)
    cluster = ClusterReference(read_only=True, allow_null=True)

    class Meta:
        model = Role
        fields = ["title", "actor", "cluster", "start_year", "end_year", *EVIDENCE]


class OrganisationRoleSerializer(Evidenced, ModelSerializer):
    """Someone's position in this organisation."""

    person = PersonReference(read_only=True)

    class Meta:
        model = Role
        fields = ["person", "title", "start_year", "end_year", *EVIDENCE]


# --- Records --------------------------------------------------------------------------


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
            "name_en",
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
            "figures_note_en",
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


# --- Viewsets -------------------------------------------------------------------------


@filtered(ActorSerializer)
class ActorViewSet(PublishedViewSet):
    """Organisations: companies, universities, investors, public bodies, entrepreneurs…"""

    queryset = Actor.objects.all()
    serializer_class = ActorSerializer
    filterset_class = ActorFilter


@filtered(ProjectSerializer)
class ProjectViewSet(PublishedViewSet):
    """Projects, sites, shared platforms and programmes, with their participants."""

    queryset = Project.objects.all()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter


class PersonViewSet(PublishedViewSet):
    """People named in the documents and their positions."""

    queryset = Person.objects.all()
    serializer_class = PersonSerializer
