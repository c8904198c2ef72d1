"""Public pages for organisations, people and projects."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from actors.filters import ActorFilter, ProjectFilter
from actors.models import Actor, Person, Project, ProjectParticipation, Quote
from ecosystem.directory.facets import filtered_list, paginate


def actor_list(request: HttpRequest) -> HttpResponse:
    context = filtered_list(request, ActorFilter, Actor.objects.published())
    return render(request, "actors/actor_list.html", context)


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor.objects.published().for_detail(), slug=slug)
    quotes = Quote.objects.of_people_at(actor)
    return render(request, "actors/actor_detail.html", {"actor": actor, "quotes": quotes})


def person_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.published().for_card()
    return render(request, "actors/person_list.html", {"page_obj": paginate(request, people)})


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.published().for_detail(), slug=slug)
    return render(request, "actors/person_detail.html", {"person": person})


def project_list(request: HttpRequest) -> HttpResponse:
    context = filtered_list(request, ProjectFilter, Project.objects.published())
    return render(request, "actors/project_list.html", context)


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project.objects.published().for_detail(), slug=slug)
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
