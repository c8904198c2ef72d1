"""Public pages for organisations, people and projects."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from actors.filters import ActorFilter, ProjectFilter
from actors.graphs import actor_ring, project_ring
from actors.jsonld import actor_data, person_data, project_data
from actors.models import Actor, Person, Project, ProjectParticipation, Quote
from ecosystem.directory.listing import filtered_list, sorted_page
from ecosystem.directory.sorting import by_name, recently_updated
from ecosystem.models import Domain

# An empty list chosen in many domains says what the first ones gather.
ELSEWHERE_DOMAINS = 3
# People by family name (Person.refresh_derived_text), or the last updated first.
PERSON_SORTS = (by_name(_("nom de famille (A → Z)")), recently_updated())


def elsewhere(context: dict) -> dict:
    """The chosen domains with what they do gather, when the list found nothing there.

    The section depends on the domains alone, not on the other filters: the
    template caches it per domains, language and content version
    (``elsewhere_key``), and the domains and their neighbours are lazy,
    fetched only to render it when the cache lacks it.
    """
    filterset = context["filter"]
    domains = filterset.form.cleaned_data.get("domain") if filterset.is_bound else None
    if context["page_obj"].paginator.count or not domains:
        return {}
    # At most three of the domains chosen: each costs a query per kind of neighbour.
    pks = sorted(domain.pk for domain in domains)[:ELSEWHERE_DOMAINS]
    neighbours = SimpleLazyObject(lambda: list(Domain.objects.filter(pk__in=pks)))
    return {"elsewhere_key": pks, "elsewhere": neighbours}


def actor_list(request: HttpRequest) -> HttpResponse:
    context = filtered_list(
        request, ActorFilter, Actor.objects.published(), card="actors/actor_card.html"
    )
    context.update(elsewhere(context))
    return render(request, "actors/actor_list.html", context)


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation with everything related to it, both ways.

    As a cluster page: the head needs the record alone, the body and
    structured data are cached per record, language and content version
    (``{% cache %}`` in the template), and the detailed record and its graph
    are lazy, fetched only when the template renders a fragment the cache lacks.
    """
    actor = get_object_or_404(Actor.objects.published(), slug=slug)
    detail = SimpleLazyObject(lambda: Actor.objects.published().for_detail().get(pk=actor.pk))
    context = {
        "actor": actor,
        "detail": detail,
        "quotes": Quote.objects.of_people_at(actor),
        "graph": SimpleLazyObject(lambda: actor_ring(detail)),
        # A callable: the template calls it only to render the fragment.
        "structured_data": lambda: actor_data(request, detail),
    }
    return render(request, "actors/actor_detail.html", context)


def person_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.published().for_card()
    return render(request, "actors/person_list.html", sorted_page(request, people, PERSON_SORTS))


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.published().for_detail(), slug=slug)
    context = {"person": person, "structured_data": person_data(request, person)}
    return render(request, "actors/person_detail.html", context)


def project_list(request: HttpRequest) -> HttpResponse:
    context = filtered_list(
        request, ProjectFilter, Project.objects.published(), card="actors/project_card.html"
    )
    context.update(elsewhere(context))
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
            "graph": project_ring(project),
            "structured_data": project_data(request, project),
        },
    )
