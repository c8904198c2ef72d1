"""Public pages of the cluster family: hubs, clusters, pôles, the alliance."""

from dataclasses import dataclass

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from actors.models import Project
from clusters.filters import ClusterFilter
from clusters.graphs import cluster_ring
from clusters.jsonld import cluster_data
from clusters.models import Cluster, Membership
from ecosystem.balance import BalanceRow, balance_rows
from ecosystem.core.i18n import title_order
from ecosystem.directory.listing import filtered_list
from ecosystem.directory.paging import PROJECTS_SHOWN, first_and_total
from ecosystem.models import Pillar

# A hub may gather thousands of members and projects: its page shows the first
# ones by name and links to the directory, filtered, for the rest.
MEMBERS_PER_PILLAR = 12


@dataclass
class PillarMembers:
    """The members of one MIT pillar shown on a cluster page, out of ``total``."""

    pillar: Pillar
    memberships: list
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.memberships)


@dataclass
class ClusterPage:
    """What a cluster page shows beside the record: capped members and projects, totals."""

    member_groups: list[PillarMembers]
    projects: list
    project_total: int
    # How many links of each role ("" when the documents name none): a funder, a partner,
    # a founder and a member are different things, counted apart.
    role_totals: dict[str, int]

    @property
    def roles(self) -> list[tuple[str, int]]:
        """(role, count) for the roles the cluster's links have, in the roles' order."""
        labels = [*Membership.Role.choices, ("", gettext("rôle non précisé"))]
        totals = self.role_totals
        return [(label, totals[key]) for key, label in labels if totals.get(key)]

    @property
    def member_count(self) -> int:
        """The links that are memberships proper (founders and animators are members too)."""
        kinds = (Membership.Role.MEMBER, Membership.Role.FOUNDER, Membership.Role.ANIMATOR)
        return sum(self.role_totals.get(role, 0) for role in kinds)

    @property
    def shown_memberships(self) -> list:
        return [m for group in self.member_groups for m in group.memberships]

    @property
    def member_total(self) -> int:
        return sum(group.total for group in self.member_groups)


def pillar_members(cluster: Cluster) -> tuple[list[PillarMembers], dict[str, int]]:
    """Up to MEMBERS_PER_PILLAR public members per pillar, by name, each pillar's total,
    and the total of each role.

    Two queries whatever the number of members: one count grouped by pillar and role,
    one ranked list cut per pillar by a window function.
    """
    memberships = Membership.objects.published().filter(cluster=cluster)
    totals: dict[str, int] = {}
    role_totals: dict[str, int] = {}
    grouped = memberships.values_list("actor__pillar", "role").annotate(n=Count("pk")).order_by()
    for pillar, role, count in grouped:
        totals[pillar] = totals.get(pillar, 0) + count
        role_totals[role] = role_totals.get(role, 0) + count
    shown = (
        memberships.select_related("actor")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("actor__pillar"),
                order_by=[F(title_order("actor__")).asc(), F("actor_id").asc()],
            )
        )
        .filter(rank__lte=MEMBERS_PER_PILLAR)
        .order_by(title_order("actor__"), "actor_id")
    )
    by_pillar: dict[str, list] = {pillar.value: [] for pillar in Pillar}
    for membership in shown:
        by_pillar[membership.actor.pillar].append(membership)
    groups = [
        PillarMembers(pillar, by_pillar[pillar.value], totals.get(pillar.value, 0))
        for pillar in Pillar
    ]
    return groups, role_totals


def hub_list(request: HttpRequest) -> HttpResponse:
    hubs = list(Cluster.objects.published().filter(kind=Cluster.Kind.HUB).for_card())
    alliances = list(Cluster.objects.published().filter(kind=Cluster.Kind.ALLIANCE).for_card())
    return render(
        request,
        "clusters/hub_list.html",
        {"hubs": hubs, "alliances": alliances, "balance": balance_rows(hubs + alliances)},
    )


def cluster_list(request: HttpRequest) -> HttpResponse:
    context = filtered_list(
        request, ClusterFilter, Cluster.objects.published(), card="clusters/cluster_card.html"
    )
    return render(request, "clusters/cluster_list.html", context)


def cluster_page(cluster: Cluster) -> ClusterPage:
    """The capped members by pillar and first projects of ``cluster``, with their totals."""
    # A LIMIT query, not a sliced prefetch: that one ranks all the cluster's
    # projects with a window function (13 ms for 4,339, against 2 ms).
    projects, project_total = first_and_total(
        Project.objects.published().filter(clusters=cluster).order_by(title_order(), "pk"),
        PROJECTS_SHOWN,
    )
    groups, role_totals = pillar_members(cluster)
    return ClusterPage(groups, projects, project_total, role_totals)


def cluster_detail(request: HttpRequest, slug: str, hub: bool = False) -> HttpResponse:
    """A hub, cluster, pôle or alliance with everything related to it, both ways.

    The page's head needs the record alone. Its body and structured data are
    cached per record, language and content version (``{% cache %}`` in the
    template): the detailed record, members, projects and graph are lazy, and
    fetched only when the template renders a fragment the cache lacks.
    """
    cluster = get_object_or_404(Cluster.objects.published(), slug=slug)
    # One canonical address per record: hubs live under /hubs/, the rest under /clusters/.
    if hub != (cluster.kind == Cluster.Kind.HUB):
        return redirect(cluster)
    detail = SimpleLazyObject(lambda: Cluster.objects.published().for_detail().get(pk=cluster.pk))
    page = SimpleLazyObject(lambda: cluster_page(detail))
    balance = SimpleLazyObject(
        lambda: [BalanceRow(detail, [(group.pillar, group.total) for group in page.member_groups])]
    )
    return render(
        request,
        "clusters/cluster_detail.html",
        {
            "cluster": cluster,
            "detail": detail,
            "page": page,
            "balance": balance,
            "graph": SimpleLazyObject(lambda: cluster_ring(detail, page)),
            # A callable: the template calls it only to render the fragment.
            "structured_data": lambda: cluster_data(request, detail, page.shown_memberships),
        },
    )
