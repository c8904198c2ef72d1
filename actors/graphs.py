"""An organisation's or a project's relations as a graph (first ring and neighbourhood)."""

from django.utils.translation import gettext as _

from actors.models import Actor, Project, ProjectParticipation
from clusters.models import Cluster, Membership
from ecosystem.core.i18n import title_order
from ecosystem.directory.facets import first_and_total
from ecosystem.visuals.graphs import RING_SIZE, Graph, Group, Node, kind_node, ring_graph


def actor_node(actor: Actor, note: str = "") -> Node:
    return Node("actor", actor, note or actor.get_pillar_display())


def _alliances(graph: Graph, cluster_nodes: list[Node]) -> None:
    """The alliance each cluster is part of, on the second ring."""
    for node in cluster_nodes:
        alliance = node.obj.part_of
        if alliance:
            graph.add_outer(kind_node(alliance), node, _("fait partie de"))


def actor_ring(actor: Actor) -> Graph | None:
    """The first ring of an actor page, from the memberships and projects it prefetched."""
    clusters = [Node("cluster", m.cluster, m.relation) for m in actor.memberships.all()]
    projects = [
        Node("project", p.project, p.get_role_display()) for p in actor.participations.all()
    ]
    return ring_graph(
        actor_node(actor),
        [
            Group(_("Clusters, pôles et hubs"), clusters, len(clusters)),
            Group(_("Projets"), projects, len(projects)),
        ],
    )


def project_ring(project: Project) -> Graph | None:
    """The first ring of a project page, from the participants and clusters it prefetched."""
    actors = [actor_node(p.actor, p.get_role_display()) for p in project.participations.all()]
    clusters = [kind_node(c) for c in project.clusters.all()]
    return ring_graph(
        kind_node(project),
        [
            Group(_("Porteurs et partenaires"), actors, len(actors)),
            Group(_("Clusters, pôles et hubs"), clusters, len(clusters)),
        ],
    )


def actor_graph(actor: Actor) -> Graph:
    """An organisation: its clusters (and their alliance), its projects and their partners."""
    graph = Graph(actor_node(actor))
    memberships, total = first_and_total(
        Membership.objects.published()
        .filter(actor=actor)
        .select_related("cluster")
        .with_public("cluster__part_of")
        .order_by(title_order("cluster__")),
        RING_SIZE,
    )
    clusters = [Node("cluster", m.cluster, m.relation) for m in memberships]
    if clusters:
        graph.groups.append(Group(_("Clusters, pôles et hubs"), clusters, total))
    participations, total = first_and_total(
        ProjectParticipation.objects.published()
        .filter(actor=actor)
        .select_related("project")
        .order_by(title_order("project__")),
        RING_SIZE,
    )
    projects = [Node("project", p.project, p.get_role_display()) for p in participations]
    if projects:
        graph.groups.append(Group(_("Projets"), projects, total))
    _alliances(graph, clusters)
    graph.add_second_ring(
        projects,
        lambda keys: (
            ProjectParticipation.objects.published()
            .filter(project__in=keys)
            .exclude(actor=actor)
            .select_related("actor")
            .order_by(title_order("actor__"), "project_id")
        ),
        via="project_id",
        node_of=lambda participation: actor_node(participation.actor),
    )
    return graph.layout()


def project_graph(project: Project) -> Graph:
    """A project: its leads and partners, its clusters, and the partners' clusters."""
    graph = Graph(kind_node(project))
    participations, total = first_and_total(
        ProjectParticipation.objects.published()
        .filter(project=project)
        .select_related("actor")
        .order_by("role", title_order("actor__")),
        RING_SIZE,
    )
    actors = [actor_node(p.actor, p.get_role_display()) for p in participations]
    if actors:
        graph.groups.append(Group(_("Porteurs et partenaires"), actors, total))
    clusters, total = first_and_total(
        Cluster.objects.published()
        .filter(projects=project)
        .with_public("part_of")
        .order_by(title_order()),
        RING_SIZE,
    )
    cluster_nodes = [kind_node(c) for c in clusters]
    if cluster_nodes:
        graph.groups.append(Group(_("Clusters, pôles et hubs"), cluster_nodes, total))
    _alliances(graph, cluster_nodes)
    graph.add_second_ring(
        actors,
        lambda keys: (
            Membership.objects.published()
            .filter(actor__in=keys)
            .select_related("cluster")
            .order_by(title_order("cluster__"), "actor_id")
        ),
        via="actor_id",
        node_of=lambda membership: kind_node(membership.cluster),
    )
    return graph.layout()
