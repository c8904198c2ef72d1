"""The site-wide search page: /search/?q=…[&type=actors&page=2]."""

from django.shortcuts import render

from clusters.models import Cluster
from ecosystem.core.cache import cached
from ecosystem.directory.facets import paginate
from ecosystem.models import Domain
from ecosystem.search.engine import (
    SEARCH_TYPES_BY_KEY,
    clean_query,
    make_hit,
    parse_query,
    search_site,
    search_type_queryset,
    suggest,
)

# Below this many results, propose names close to the query.
FEW_RESULTS = 3
PAGE_SIZE = 20


def search(request):
    query = clean_query(request.GET.get("q"))
    context = {"query": query, "was_cut": len(request.GET.get("q", "")) > len(query) + 1}
    if not parse_query(query).include:
        context.update(
            domains=Domain.objects.published().filter(parent__isnull=True),
            hubs=Cluster.objects.published().filter(kind=Cluster.Kind.HUB),
        )
        return render(request, "ecosystem/search.html", context)

    groups = cached("search", (query,), lambda: search_site(query))
    total = sum(group.count for group in groups)
    context.update(groups=groups, total=total)

    search_type = SEARCH_TYPES_BY_KEY.get(request.GET.get("type", ""))
    if search_type:
        page = paginate(request, search_type_queryset(search_type, query), PAGE_SIZE)
        context.update(
            search_type=search_type,
            page_obj=page,
            hits=[make_hit(search_type, record, query) for record in page],
        )
    if total < FEW_RESULTS:
        context["suggestions"] = suggest(query)
    return render(request, "ecosystem/search.html", context)
