"""Public pages of the cluster family: hubs, clusters, pôles, the alliance."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from actors.models import Pillar, Project, Role
from clusters.filters import ClusterFilter
from clusters.models import Cluster, Membership
from ecosystem.directory.facets import BalanceRow, cluster_balance, filtered_list, first_and_total
from ecosystem.models import Domain, KeyFigure, Milestone, Source, Territory

# A hub may gather thousands of members and projects: its page shows the first
# ones by name and links to the directory, filtered, for the rest.
MEMBERS_PER_PILLAR = 12
PROJECTS_SHOWN = 24


@dataclass
class PillarMembers:
    """The members of one MIT pillar shown on a cluster page, out of ``total``."""

    pillar: Pillar
    memberships: list
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.memberships)


def pillar_members(cluster: Cluster) -> list[PillarMembers]:
    """Up to MEMBERS_PER_PILLAR published members per pillar, by name, and each pillar's total.

    Two queries whatever the number of members: one grouped count, one
    ranked list cut per pillar by a window function.
    """
    memberships = Membership.objects.filter(cluster=cluster, actor__is_published=True)
    totals = dict(memberships.values_list("actor__pillar").annotate(n=Count("pk")).order_by())
    shown = (
        memberships.select_related("actor")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("actor__pillar"),
                order_by=[F("actor__name").asc(), F("actor_id").asc()],
            )
        )
        .filter(rank__lte=MEMBERS_PER_PILLAR)
        .order_by("actor__name", "actor_id")
    )
    by_pillar: dict[str, list] = {pillar.value: [] for pillar in Pillar}
    for membership in shown:
        by_pillar[membership.actor.pillar].append(membership)
    return [
        PillarMembers(pillar, by_pillar[pillar.value], totals.get(pillar.value, 0))
        for pillar in Pillar
    ]


def with_member_count(queryset):
    return queryset.annotate(
        member_count=Count(
            "memberships", filter=Q(memberships__actor__is_published=True), distinct=True
        )
    ).order_by("name")


def cluster_cards(queryset):
    """What a cluster card shows: its alliance, domains and published member count."""
    return with_member_count(
        queryset.select_related("part_of").prefetch_related(
            Prefetch("domains", queryset=Domain.objects.published())
        )
    )


def hub_list(request: HttpRequest) -> HttpResponse:
    hubs = list(cluster_cards(Cluster.objects.published().filter(kind=Cluster.Kind.HUB)))
    alliances = list(cluster_cards(Cluster.objects.published().filter(kind=Cluster.Kind.ALLIANCE)))
    return render(
        request,
        "clusters/hub_list.html",
        {"hubs": hubs, "alliances": alliances, "balance": cluster_balance(hubs + alliances)},
    )


def cluster_list(request: HttpRequest) -> HttpResponse:
    context = filtered_list(
        request, ClusterFilter, Cluster.objects.published(), prepare=cluster_cards
    )
    return render(request, "clusters/cluster_list.html", context)


def cluster_detail(request: HttpRequest, slug: str, hub: bool = False) -> HttpResponse:
    """A hub, cluster, pôle or alliance with everything related to it, both ways."""
    cluster = get_object_or_404(
        Cluster.objects.published()
        .select_related("part_of")
        .prefetch_related(
            Prefetch("domains", queryset=Domain.objects.published()),
            Prefetch("territories", queryset=Territory.objects.published()),
            Prefetch("parts", queryset=with_member_count(Cluster.objects.published())),
            Prefetch("parts__domains", queryset=Domain.objects.published()),
            Prefetch("key_figures", queryset=KeyFigure.objects.published()),
            Prefetch("milestones", queryset=Milestone.objects.published()),
            Prefetch("sources", queryset=Source.objects.published()),
            Prefetch(
                "roles",
                queryset=Role.objects.filter(person__is_published=True).select_related("person"),
            ),
        ),
        slug=slug,
    )
    # One canonical address per record: hubs live under /hubs/, the rest under /clusters/.
    if hub != (cluster.kind == Cluster.Kind.HUB):
        return redirect(cluster)
    groups = pillar_members(cluster)
    # What the relation graph draws (ecosystem.visuals.graphs.prefetched_graph).
    cluster.shown_memberships = [m for group in groups for m in group.memberships]
    cluster.member_total = sum(group.total for group in groups)
    # A LIMIT query, not a sliced prefetch: that one ranks all the cluster's
    # projects with a window function (13 ms for 4,339, against 2 ms).
    cluster.shown_projects, cluster.project_total = first_and_total(
        Project.objects.published().filter(clusters=cluster).order_by("name", "pk"),
        PROJECTS_SHOWN,
    )
    part_of = cluster.part_of if cluster.part_of and cluster.part_of.is_published else None
    return render(
        request,
        "clusters/cluster_detail.html",
        {
            "cluster": cluster,
            "part_of": part_of,
            "member_groups": groups,
            "member_count": cluster.member_total,
            "balance": [BalanceRow(cluster, [(group.pillar, group.total) for group in groups])],
        },
    )
