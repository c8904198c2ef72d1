"""The site-wide search page: /search/?q=…[&type=actors&page=2]."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Person, Project
from clusters.models import Cluster
from ecosystem.core.cache import cached
from ecosystem.directory.paging import paginate
from ecosystem.models import Concept, Domain, Event, KeyFigure, Milestone, Policy, Territory
from ecosystem.search.engine import (
    SearchType,
    clean_query,
    make_hit,
    parse_query,
    search_site,
    search_type_queryset,
    suggest,
)

# What the site-wide search covers, in the order its groups are shown.
SEARCH_TYPES: tuple[SearchType, ...] = (
    SearchType(
        "clusters",
        _("Clusters, pôles et hubs"),
        Cluster,
        ("name", "aliases", "description", "strategic_axes"),
    ),
    SearchType(
        "actors",
        _("Acteurs"),
        Actor,
        ("name", "aliases", "description"),
        select_related=("territory",),
    ),
    SearchType("people", _("Personnes"), Person, ("name", "description")),
    SearchType(
        "projects",
        _("Projets"),
        Project,
        ("name", "aliases", "description"),
        select_related=("territory",),
    ),
    SearchType("domains", _("Domaines"), Domain, ("name", "description")),
    SearchType("territories", _("Territoires"), Territory, ("name", "description")),
    SearchType("concepts", _("Notions"), Concept, ("name", "definition")),
    SearchType("policies", _("Politiques et programmes"), Policy, ("name", "description")),
    SearchType(
        "key_figures",
        _("Chiffres clés"),
        KeyFigure,
        ("label", "description", "period_note"),
        title_field="label",
    ),
    SearchType("events", _("Événements"), Event, ("name", "description")),
    SearchType("milestones", _("Faits datés"), Milestone, ("name", "description")),
)
SEARCH_TYPES_BY_KEY = {search_type.key: search_type for search_type in SEARCH_TYPES}
# Where "did you mean" looks for names close to a mistyped query.
SUGGESTED_TYPES = tuple(
    SEARCH_TYPES_BY_KEY[key]
    for key in ("clusters", "actors", "projects", "domains", "people", "policies", "concepts")
)

# Below this many results, propose names close to the query.
FEW_RESULTS = 3
PAGE_SIZE = 20
# ``?q=hydrogne&as_typed=1``: the words as typed, without correcting them.
AS_TYPED_PARAM = "as_typed"


def search_groups(query: str):
    return cached("search", (query,), lambda: search_site(query, SEARCH_TYPES))


def search(request):
    query = clean_query(request.GET.get("q"))
    context = {"query": query, "was_cut": len(request.GET.get("q", "")) > len(query) + 1}
    if not parse_query(query).include:
        context.update(
            domains=Domain.objects.published().filter(parent__isnull=True),
            hubs=Cluster.objects.published().filter(kind=Cluster.Kind.HUB),
        )
        return render(request, "ecosystem/search.html", context)

    groups = search_groups(query)
    total = sum(group.count for group in groups)
    suggestions = suggest(query, SUGGESTED_TYPES) if total < FEW_RESULTS else []
    # Nothing found, but a close name is: show its results at once, with a link back
    # to the words as typed (« Résultats pour hydrogène — rechercher plutôt hydrogne »).
    if not total and suggestions and not request.GET.get(AS_TYPED_PARAM):
        corrected_groups = search_groups(suggestions[0])
        corrected_total = sum(group.count for group in corrected_groups)
        if corrected_total:
            context.update(typed=query, query=suggestions[0])
            query, groups, total = suggestions[0], corrected_groups, corrected_total
            suggestions = [name for name in suggestions[1:] if name != query]
    context.update(groups=groups, total=total, suggestions=suggestions)

    search_type = SEARCH_TYPES_BY_KEY.get(request.GET.get("type", ""))
    if search_type:
        page = paginate(request, search_type_queryset(search_type, query), PAGE_SIZE)
        context.update(
            search_type=search_type,
            page_obj=page,
            hits=[make_hit(search_type, record, query) for record in page],
        )
    return render(request, "ecosystem/search.html", context)
