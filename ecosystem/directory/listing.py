"""The context of a directory page: a filtered, sorted page of cards beside its facets.

``filtered_list`` assembles a faceted list (actors, projects, clusters) from
the other modules of the directory: the counts (counting.py), the page
(paging.py), the order and its links (sorting.py), the cards (cards.py) and
the facets panel (facets.py); ``sorted_page`` a plain list, sorted and paged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_filters import FilterSet, ModelMultipleChoiceFilter, MultipleChoiceFilter

from ecosystem.directory.cards import render_cards
from ecosystem.directory.counting import Counter, in_force
from ecosystem.directory.facets import facets_panel, filter_errors
from ecosystem.directory.paging import IndexedKeys, paginate
from ecosystem.directory.querystrings import PAGE_PARAM, query_string
from ecosystem.directory.sorting import DEFAULT_SORTS, SortOption, sorting


def sorted_page(request, queryset: QuerySet, sorts: Sequence[SortOption] = DEFAULT_SORTS) -> dict:
    """Context for a plain list: the requested page in the requested order, and the sort links.

    With no ``sorts``, the list keeps its queryset's order and offers none.
    """
    if not sorts:
        return {"page_obj": paginate(request, queryset), "sorting": None}
    order = sorting(request.GET, sorts)
    return {
        "page_obj": paginate(request, order.current.apply(queryset)),
        "sorting": order,
    }


@dataclass
class Relaxed:
    """What a list with no result would give without one of its filters."""

    label: str  # the filter, « Domaine »
    values: str  # its values in force, « Hydrogène, CCU »
    url: str  # the list without it
    count: int


def relaxed_filters(filterset: FilterSet, counter: Counter, params) -> list[Relaxed]:
    """For a list with no result: each filter in force, and how many results there are
    without it — what does exist for those filters (one cached count per filter)."""
    relaxed = []
    for name, value in counter.cleaned.items():
        if not in_force(value):
            continue
        flt = filterset.filters[name]
        if isinstance(flt, ModelMultipleChoiceFilter):
            values = ", ".join(str(obj) for obj in value)
        elif isinstance(flt, MultipleChoiceFilter):
            labels = dict(flt.extra["choices"])
            values = ", ".join(str(labels.get(item, item)) for item in value)
        else:
            values = str(value)
        count = counter.total(without=name)
        url = query_string(params, **{name: None, PAGE_PARAM: None})
        relaxed.append(Relaxed(str(flt.label), values, url, count))
    return [item for item in relaxed if item.count]


def filtered_list(request, filterset_class, queryset: QuerySet, card: str) -> dict:
    """Context for a faceted list: the filtered page, its cards, facets, active filters, errors.

    ``queryset`` is the published base list (facets count within it). The
    page is a page of primary keys in the order asked for (the FilterSet's
    ``sorts``, its default first); ``card``, the template of one result, is
    rendered from ``for_card()`` and cached per record (directory/cards.py).
    The number of results and, in the default order, the page's keys come
    from the facet index (directory/facet_index.py) where it can answer: a
    list with no text searched costs no query for them.
    """
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    results = filterset.qs  # validates the filters, which the facets read
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    counter = Counter(filterset, queryset, cleaned)
    count = counter.total()
    sorts = getattr(filterset_class, "sorts", DEFAULT_SORTS)
    order = sorting(request.GET, sorts)
    # for_card() may annotate what an order sorts on (a cluster's members); its
    # prefetches are for the cards, fetched apart.
    keys = order.current.apply(results.for_card().prefetch_related(None)).values_list(
        "pk", flat=True
    )
    # In the default order, the page's keys are read from the facet index too.
    read = counter.page_reader(get_language())
    if read and order.current is sorts[0]:
        keys = IndexedKeys(keys, read)
    page_obj = paginate(request, keys, count=count)
    panel = facets_panel(request, filterset, queryset, filterset_class.facets)
    return {
        "filter": filterset,
        "page_obj": page_obj,
        "cards": render_cards(queryset, list(page_obj.object_list), card),
        "sorting": order,
        "facets_panel": mark_safe(panel["html"]),
        "facets": panel["facets"],
        "active_filters": panel["active_filters"],
        "filter_errors": filter_errors(filterset),
        "relaxed": [] if count else relaxed_filters(filterset, counter, request.GET),
        "query": request.GET.get("q", ""),
    }
