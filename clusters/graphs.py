"""A cluster's relations as a graph: its first ring on its page, its neighbourhood on /graph/."""

from django.urls import reverse
from django.utils.translation import gettext as _

from actors.models import Project, ProjectParticipation
from clusters.models import Cluster, Membership
from ecosystem.core.i18n import title_order
from ecosystem.directory.facets import first_and_total
from ecosystem.visuals.graphs import RING_SIZE, Graph, Group, Node, kind_node, ring_graph


def cluster_ring(cluster: Cluster, page) -> Graph | None:
    """The first ring of a cluster page, from what ``ClusterPage`` already holds."""
    members = [Node("actor", m.actor, m.relation) for m in page.shown_memberships]
    parts = [kind_node(part) for part in cluster.parts.all()]
    alliance = [kind_node(cluster.part_of)] if cluster.part_of else []
    return ring_graph(
        kind_node(cluster),
        [
            Group(_("Fait partie de"), alliance, len(alliance)),
            Group(_("Composantes"), parts, len(parts)),
            Group(_("Membres"), members, page.member_total),
            Group(_("Projets"), [kind_node(p) for p in page.projects], page.project_total),
        ],
    )


def cluster_graph(cluster: Cluster) -> Graph:
    """A hub, pôle or alliance: its alliance, parts, members, projects, members' projects.

    A capped slice and a count per relation, one capped query for the second ring.
    """
    graph = Graph(kind_node(cluster))
    if cluster.part_of:
        graph.groups.append(Group(_("Fait partie de"), [kind_node(cluster.part_of)], 1))
    parts, total = first_and_total(
        Cluster.objects.published().filter(part_of=cluster).order_by(title_order()), RING_SIZE
    )
    if parts:
        graph.groups.append(Group(_("Composantes"), [kind_node(p) for p in parts], total))
    memberships, total = first_and_total(
        Membership.objects.published()
        .filter(cluster=cluster)
        .select_related("actor")
        .order_by(title_order("actor__")),
        RING_SIZE,
    )
    members = [Node("actor", m.actor, m.relation) for m in memberships]
    if members:
        more_url = reverse("actors:actor_list") + f"?cluster={cluster.slug}"
        graph.groups.append(Group(_("Membres"), members, total, more_url))
    projects, total = first_and_total(
        Project.objects.published().filter(clusters=cluster).order_by(title_order()), RING_SIZE
    )
    if projects:
        more_url = reverse("actors:project_list") + f"?cluster={cluster.slug}"
        graph.groups.append(Group(_("Projets"), [kind_node(p) for p in projects], total, more_url))
    graph.add_second_ring(
        members,
        lambda keys: (
            ProjectParticipation.objects.published()
            .filter(actor__in=keys)
            .select_related("project")
            .order_by(title_order("project__"), "actor_id")
        ),
        via="actor_id",
        node_of=lambda participation: kind_node(participation.project),
    )
    return graph.layout()
