"""Public pages for organisations, people and projects."""

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from actors.filters import ActorFilter, ProjectFilter
from actors.models import Actor, Person, Project, ProjectParticipation, Quote, Role
from clusters.models import Cluster, Membership
from ecosystem.directory.facets import filtered_list, paginate
from ecosystem.models import Domain, Event, KeyFigure, Milestone, Source


def published_domains():
    return Prefetch("domains", queryset=Domain.objects.published())


def published_sources():
    return Prefetch("sources", queryset=Source.objects.published())


def actor_cards(queryset):
    return queryset.select_related("territory").prefetch_related(published_domains())


def actor_list(request: HttpRequest) -> HttpResponse:
    context = filtered_list(request, ActorFilter, Actor.objects.published(), prepare=actor_cards)
    return render(request, "actors/actor_list.html", context)


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(
        Actor.objects.published()
        .select_related("territory")
        .prefetch_related(
            published_domains(),
            published_sources(),
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(cluster__is_published=True)
                .select_related("cluster")
                .order_by("cluster__name"),
            ),
            Prefetch(
                "participations",
                queryset=ProjectParticipation.objects.filter(project__is_published=True)
                .select_related("project")
                .order_by("project__name"),
            ),
            Prefetch(
                "roles",
                queryset=Role.objects.filter(person__is_published=True)
                .select_related("person")
                .order_by("person__name"),
            ),
            Prefetch("key_figures", queryset=KeyFigure.objects.published()),
            Prefetch("milestones", queryset=Milestone.objects.published()),
            Prefetch("organised_events", queryset=Event.objects.published()),
            Prefetch("attended_events", queryset=Event.objects.published()),
        ),
        slug=slug,
    )
    quotes = (
        Quote.objects.filter(
            person__is_published=True,
            person__roles__actor=actor,
            source__is_published=True,
        )
        .select_related("person", "source")
        .distinct()
    )
    return render(request, "actors/actor_detail.html", {"actor": actor, "quotes": quotes})


def person_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.published().prefetch_related(
        Prefetch(
            "roles",
            queryset=Role.objects.filter(
                Q(actor__is_published=True) | Q(cluster__is_published=True)
            ).select_related("actor", "cluster"),
        )
    )
    return render(request, "actors/person_list.html", {"page_obj": paginate(request, people)})


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.published().prefetch_related(
            published_sources(),
            Prefetch(
                "roles",
                queryset=Role.objects.filter(
                    Q(actor__is_published=True) | Q(cluster__is_published=True)
                ).select_related("actor", "cluster"),
            ),
            Prefetch(
                "quotes",
                queryset=Quote.objects.filter(source__is_published=True).select_related("source"),
            ),
            Prefetch("events", queryset=Event.objects.published()),
        ),
        slug=slug,
    )
    return render(request, "actors/person_detail.html", {"person": person})


def project_cards(queryset):
    return queryset.select_related("territory").prefetch_related(
        published_domains(),
        Prefetch(
            "participations",
            queryset=ProjectParticipation.objects.filter(
                actor__is_published=True, role=ProjectParticipation.Role.LEAD
            ).select_related("actor"),
            to_attr="leads",
        ),
    )


def project_list(request: HttpRequest) -> HttpResponse:
    context = filtered_list(
        request, ProjectFilter, Project.objects.published(), prepare=project_cards
    )
    return render(request, "actors/project_list.html", context)


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.published()
        .select_related("territory")
        .prefetch_related(
            published_domains(),
            published_sources(),
            Prefetch(
                "participations",
                queryset=ProjectParticipation.objects.filter(actor__is_published=True)
                .select_related("actor")
                .order_by("role", "actor__name"),
            ),
            Prefetch(
                "clusters",
                queryset=Cluster.objects.published()
                .annotate(
                    member_count=Count(
                        "memberships",
                        filter=Q(memberships__actor__is_published=True),
                        distinct=True,
                    )
                )
                .order_by("name"),
            ),
            Prefetch("clusters__domains", queryset=Domain.objects.published()),
            Prefetch("key_figures", queryset=KeyFigure.objects.published()),
            Prefetch("milestones", queryset=Milestone.objects.published()),
        ),
        slug=slug,
    )
    participations = project.participations.all()
    lead_role = ProjectParticipation.Role.LEAD
    return render(
        request,
        "actors/project_detail.html",
        {
            "project": project,
            # Leads first, then partners, funders… as the documents name them.
            "participations": sorted(participations, key=lambda p: p.role != lead_role),
        },
    )
