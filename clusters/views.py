"""Public pages of the cluster family: hubs, clusters, pôles, the alliance."""

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from actors.models import Actor, Pillar, Project, Role
from ecosystem.facets import balance_from_pillars, cluster_balance, filtered_list
from ecosystem.models import Domain, KeyFigure, Milestone, Source, Territory

from .filters import ClusterFilter
from .models import Cluster, Membership


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
    published_actors = Actor.objects.published().select_related("territory")
    cluster = get_object_or_404(
        Cluster.objects.published()
        .select_related("part_of")
        .prefetch_related(
            Prefetch("domains", queryset=Domain.objects.published()),
            Prefetch("territories", queryset=Territory.objects.published()),
            Prefetch("parts", queryset=with_member_count(Cluster.objects.published())),
            Prefetch("parts__domains", queryset=Domain.objects.published()),
            Prefetch("projects", queryset=Project.objects.published()),
            Prefetch("key_figures", queryset=KeyFigure.objects.published()),
            Prefetch("milestones", queryset=Milestone.objects.published()),
            Prefetch("sources", queryset=Source.objects.published()),
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(actor__in=published_actors)
                .select_related("actor__territory")
                .order_by("actor__name"),
            ),
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
    memberships = cluster.memberships.all()
    groups = [
        (pillar, [m for m in memberships if m.actor.pillar == pillar.value]) for pillar in Pillar
    ]
    part_of = cluster.part_of if cluster.part_of and cluster.part_of.is_published else None
    return render(
        request,
        "clusters/cluster_detail.html",
        {
            "cluster": cluster,
            "part_of": part_of,
            "member_groups": groups,
            "member_count": len(memberships),
            "balance": [balance_from_pillars(cluster, [m.actor.pillar for m in memberships])],
        },
    )
