"""Facet counts, query strings and pagination shared by the public lists.

A facet lists the values of one filter of a FilterSet with, for each value,
the number of results it would give combined with the *other* active filters.
The counts come from the list's facet index (directory/facet_index.py) when
every filter in force is a facet; otherwise (a text searched) from one grouped
query per facet, cached per list state — never one query per value. The
labels of a facet over another model are read once per content version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_filters import FilterSet, ModelMultipleChoiceFilter, MultipleChoiceFilter

from ecosystem.core.cache import cached
from ecosystem.core.i18n import title_order
from ecosystem.directory.cards import render_cards
from ecosystem.directory.facet_index import facet_index
from ecosystem.directory.filters import PublishedSlugFilter
from ecosystem.directory.sorting import DEFAULT_SORTS, SORT_PARAM, SortOption, chosen_sort

# How many values of a facet are listed before the others fold away.
VALUES_SHOWN = 8

# Query parameters that are not filters: the page, kept when paginating and reset
# otherwise; the order (ecosystem/directory/sorting.py), kept by every link.
PAGE_PARAM = "page"


def _values(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def query_string(params: QueryDict, **changes) -> str:
    """``params`` re-encoded as ``?a=1&a=2``, with ``changes`` applied (None removes).

    A changed parameter keeps its place, a new one comes last. Built from the
    pairs, not from a copy of ``params``: a facets panel builds some 170 links.
    """
    pairs = [
        (name, value)
        for name, values in params.lists()
        for value in (_values(changes[name]) if name in changes else values)
        if value != ""
    ]
    pairs += [
        (name, item)
        for name, value in changes.items()
        if name not in params
        for item in _values(value)
        if item != ""
    ]
    return "?" + urlencode(pairs) if pairs else "?"


def toggle_query(params: QueryDict, name: str, value: str) -> str:
    """Add ``value`` to the ``name`` filter, or remove it if present; back to page 1."""
    values = [item for item in params.getlist(name) if item]
    values = [item for item in values if item != value] if value in values else [*values, value]
    return query_string(params, **{name: values or None, PAGE_PARAM: None})


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)

    @property
    def selected(self) -> list[FacetValue]:
        return [value for value in self.values if value.selected]

    @property
    def available(self) -> list[FacetValue]:
        """Values that give results (or are chosen): listed first, as links."""
        return [value for value in self.values if value.count or value.selected]

    @property
    def shown(self) -> list[FacetValue]:
        """The available values listed open: the chosen ones and the first few others."""
        return self._split()[0]

    @property
    def more(self) -> list[FacetValue]:
        """The other available values, folded (a long facet would push the next ones away)."""
        return self._split()[1]

    def _split(self) -> tuple[list[FacetValue], list[FacetValue]]:
        shown, more, others = [], [], 0
        for value in self.available:
            if value.selected or others < VALUES_SHOWN:
                shown.append(value)
                others += not value.selected
            else:
                more.append(value)
        return shown, more

    @property
    def empty(self) -> list[FacetValue]:
        """Values that would give no result with the other filters: listed apart, not links."""
        return [value for value in self.values if not value.count and not value.selected]


@dataclass
class ActiveFilter:
    facet_label: str
    label: str
    url: str


def _choices(filterset: FilterSet, name: str) -> list[tuple[str, str]]:
    """The possible values of a filter: its choices, or its (published) queryset's slugs.

    A model filter's values are read once per content version and language:
    every page of the list, whatever its filters, offers the same ones.
    """
    flt = filterset.filters[name]
    if isinstance(flt, ModelMultipleChoiceFilter):
        key = flt.extra.get("to_field_name") or "pk"

        def values() -> list[tuple[str, str]]:
            # In the reader's alphabetical order: the filter's queryset was built at import.
            records = flt.queryset.order_by(title_order())
            return [(str(getattr(obj, key)), obj.name) for obj in records]

        return cached(
            "facet-values", (type(filterset).__module__, type(filterset).__name__, name), values
        )
    if isinstance(flt, MultipleChoiceFilter):
        return [(str(value), str(label)) for value, label in flt.extra["choices"]]
    raise TypeError(f"{flt!r} cannot be a facet")


def _selected(flt, value) -> set[str]:
    """The values of a filter actually in force (an invalid value is ignored, not selected)."""
    if not value:
        return set()
    if isinstance(flt, ModelMultipleChoiceFilter):
        key = flt.extra.get("to_field_name") or "pk"
        return {str(getattr(obj, key)) for obj in value}
    return {str(item) for item in value}


def _multi_valued(filterset: FilterSet, name: str) -> bool:
    """Whether a filter may join rows that repeat a record (a to-many path or a method)."""
    flt = filterset.filters[name]
    if isinstance(flt, PublishedSlugFilter):
        return False  # filters through a primary-key subquery: each record once
    if getattr(flt, "method", None):
        return True
    field_ = filterset._meta.model._meta.get_field(flt.field_name.split("__")[0])
    return bool(field_.many_to_many or field_.one_to_many)


def _unique_pair(model, first: str, second: str) -> bool:
    """Whether ``model`` allows each (first, second) pair only once."""
    pair = {first, second}
    constraints = [set(c.fields) for c in model._meta.constraints if getattr(c, "fields", None)]
    together = [set(fields) for fields in model._meta.unique_together]
    return pair in constraints or pair in together


def _count_rows(model, others: QuerySet, path: str, joined: bool):
    """Rows ``(value, n)``: records of ``others`` per value of ``path``, one grouped query.

    A single-valued path is grouped on the records themselves (through the
    primary keys of ``others`` only when one of its filters joined to-many
    rows, which would repeat a record); a to-many path is grouped on the
    link table, restricted to the primary keys of ``others``. No DISTINCT:
    a record or a link row is counted once.
    """
    first, _sep, rest = path.partition("__")
    field_ = model._meta.get_field(first)
    if field_.many_to_many and not field_.auto_created and field_.concrete:
        through = field_.remote_field.through
        source, target = field_.m2m_field_name(), field_.m2m_reverse_field_name()
        value = f"{target}__{rest}" if rest else target
        links = through._default_manager.filter(**{f"{source}__in": others.values("pk")})
        distinct = not (through._meta.auto_created or _unique_pair(through, source, target))
        count = Count(source, distinct=distinct)
    elif field_.one_to_many:
        related = field_.related_model
        source = field_.field.name
        value = rest or "pk"
        links = related._default_manager.filter(**{f"{source}__in": others.values("pk")})
        distinct = not _unique_pair(related, source, rest.split("__")[0])
        count = Count(source, distinct=distinct)
    elif field_.is_relation and (field_.many_to_many or field_.one_to_many):
        # Any other to-many path (a reverse many-to-many): count distinct records.
        value = path
        links = model._default_manager.filter(pk__in=others.values("pk"))
        count = Count("pk", distinct=True)
    else:
        value = path
        links = model._default_manager.filter(pk__in=others.values("pk")) if joined else others
        count = Count("pk")
    # values_list of the path itself: modeltranslation's QuerySet selects every
    # column when values() is given only a named expression, breaking the GROUP BY.
    return links.values_list(value).annotate(n=count).order_by()


def _counts(model, others: QuerySet, path: str, joined: bool) -> dict[str, int]:
    return {str(value): n for value, n in _count_rows(model, others, path, joined)}


def _state(filterset: FilterSet, cleaned: dict, name: str) -> tuple:
    """The other filters in force, normalised: the key of one facet's counts."""
    state = []
    for other, value in sorted(cleaned.items()):
        if other == name or value in (None, "", [], ()):
            continue
        flt = filterset.filters[other]
        if isinstance(flt, ModelMultipleChoiceFilter | MultipleChoiceFilter):
            normalised = tuple(sorted(_selected(flt, value)))
        else:
            normalised = str(value)
        if normalised:
            state.append((other, normalised))
    return tuple(state)


def _cached_counts(filterset: FilterSet, queryset: QuerySet, cleaned: dict, name: str) -> dict:
    """Facet ``name``'s counts under the other filters in force, in SQL, cached per state."""
    others = queryset
    for other, value in cleaned.items():
        if other != name:
            others = filterset.filters[other].filter(others, value)
    # Model filters name the related field itself (domains__slug), so
    # field_name is both the filter's lookup and the facet's grouping.
    joined = any(
        other != name and value not in (None, "", [], ()) and _multi_valued(filterset, other)
        for other, value in cleaned.items()
    )
    return cached(
        "facet",
        (queryset.model._meta.label, name, _state(filterset, cleaned, name)),
        partial(_counts, queryset.model, others, filterset.filters[name].field_name, joined),
        language=False,
    )


def _indexed(filterset: FilterSet, queryset: QuerySet, cleaned: dict):
    """The list's facet index and the values chosen in each facet, or None where the
    index cannot answer: a filter in force that is not a facet (the text searched)."""
    names = getattr(filterset, "facets", ())
    filters = [filterset.filters[name] for name in names]
    if not names or not all(
        isinstance(flt, ModelMultipleChoiceFilter | MultipleChoiceFilter) for flt in filters
    ):
        return None
    chosen = {}
    for name, value in cleaned.items():
        if name not in names:
            if value in (None, "", [], ()):
                continue
            return None
        # An empty choice of records is an empty QuerySet: no value in force.
        if values := _selected(filterset.filters[name], value):
            chosen[name] = values
    key = (type(filterset).__module__, type(filterset).__name__, queryset.model._meta.label)
    paths = {name: flt.field_name for name, flt in zip(names, filters, strict=True)}
    default_order = getattr(filterset, "sorts", DEFAULT_SORTS)[0]
    return facet_index(key, queryset, paths, default_order), chosen


def build_facets(
    filterset: FilterSet, queryset: QuerySet, names: list[str], params: QueryDict | None = None
) -> list[Facet]:
    """One Facet per filter name, with counts under the other active filters.

    Reuses the filterset's validated values (invalid ones are ignored, as on
    the page itself) instead of validating the query string once per facet.
    Each value's link toggles it in ``params`` (by default the filterset's data).
    """
    cleaned = {}
    if filterset.is_bound:
        # Validated here (once: the form keeps its errors), not left to the caller: the
        # map reads its actor filters without their list when the actor layer is hidden.
        filterset.is_valid()
        cleaned = filterset.form.cleaned_data
    if params is None:
        params = filterset.data if filterset.is_bound else QueryDict()
    indexed = _indexed(filterset, queryset, cleaned)
    facets = []
    for name in names:
        if indexed and name in indexed[0].values:
            index, chosen = indexed
            counts = index.counts(name, chosen)
        else:
            counts = _cached_counts(filterset, queryset, cleaned, name)
        selected = _selected(filterset.filters[name], cleaned.get(name))
        facet = Facet(name=name, label=str(filterset.filters[name].label))
        for value, label in _choices(filterset, name):
            facet.values.append(
                FacetValue(
                    value=value,
                    label=label,
                    count=counts.get(value, 0),
                    selected=value in selected,
                    url=toggle_query(params, name, value),
                )
            )
        facets.append(facet)
    return facets


def active_filters(facets: list[Facet], params: QueryDict, text_params=("q",)) -> list:
    """The filters in force, each with the URL that removes it alone."""
    active = [
        ActiveFilter(facet.label, value.label, value.url)
        for facet in facets
        for value in facet.selected
    ]
    for name in text_params:
        text = params.get(name, "").strip()
        if text:
            active.append(
                ActiveFilter(
                    _("Texte"),
                    f"« {text} »",
                    query_string(params, **{name: None, PAGE_PARAM: None}),
                )
            )
    return active


# How many projects a hub, domain or territory page previews before linking to the list.
PROJECTS_SHOWN = 24


def first_and_total(queryset: QuerySet, size: int) -> tuple[list, int]:
    """The first ``size`` records and how many there are in all: two queries at any size.

    For the lists a page previews (a hub's projects, a domain's actors, a
    graph's ring) with a link to the full, filtered list.
    """
    return list(queryset[:size]), queryset.count()


class DepthCappedPaginator(Paginator):
    """A paginator that serves at most ``max_pages`` pages; ``count`` stays the true total.

    An OFFSET page reads every row before it, so its cost grows with depth:
    page 2,000 of 100,000 actors cost 150 ms. Nobody reads that far (the
    filters and the search narrow a list; robots have the sitemap), so the
    list stops at ``max_pages`` and its last page says how to go further.
    """

    def __init__(self, object_list, per_page, max_pages: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages

    @cached_property
    def num_pages(self) -> int:
        return min(Paginator.num_pages.func(self), self.max_pages)

    @property
    def truncated(self) -> bool:
        """Whether some results lie beyond the last page served."""
        return self.count > self.max_pages * self.per_page

    @property
    def shown_count(self) -> int:
        return min(self.count, self.max_pages * self.per_page)


class IndexedKeys:
    """A list's keys for the paginator: a page read by ``read(start, stop)`` (the facet
    index), or sliced from ``queryset`` (SQL) where ``read`` gives None."""

    def __init__(self, queryset: QuerySet, read):
        self.queryset, self.read = queryset, read

    def __getitem__(self, window: slice) -> list:
        keys = self.read(window.start or 0, window.stop)
        return list(self.queryset[window]) if keys is None else keys

    def __iter__(self):
        return iter(self.queryset)


def paginate(request, queryset, per_page: int | None = None, count: int | None = None):
    """The requested page; a malformed number gives page 1, one out of range the last page.

    Beyond the depth limit (settings.MAX_PAGES), the last page served is
    given, with a message to refine the list (includes/pagination.html).
    ``count``, when the caller knows it, spares the COUNT query.
    """
    paginator = DepthCappedPaginator(
        queryset, per_page or settings.PAGE_SIZE, max_pages=settings.MAX_PAGES
    )
    if count is not None:
        paginator.count = count  # the cached_property, given
    return paginator.get_page(request.GET.get(PAGE_PARAM))


def filter_errors(filterset: FilterSet) -> list[str]:
    """The values the filters refused, « Domaine : … », said beside the results."""
    return [
        _("%(label)s : %(value)s") % {"label": filterset.filters[name].label, "value": message}
        for name, messages in (filterset.errors if filterset.is_bound else {}).items()
        for message in messages
    ]


def filter_panel(
    filterset: FilterSet, facets: list[Facet], params: QueryDict, show_errors: bool = True
) -> dict:
    """Context for the filters beside a filtered page: facets, active filters, errors.

    ``hidden_params`` carries the query string's other parameters through the
    text search form.
    """
    return {
        "facets": facets,
        "active_filters": active_filters(facets, params),
        "filter_errors": filter_errors(filterset) if show_errors else [],
        "hidden_params": [
            (name, value)
            for name, values in params.lists()
            if name not in {"q", PAGE_PARAM}
            for value in values
        ],
        "query": params.get("q", ""),
    }


@dataclass
class SortChoice:
    label: str
    url: str
    selected: bool


@dataclass
class Sorting:
    """The order in force and a link to each order the list offers."""

    current: SortOption
    choices: list[SortChoice]


def sorting(params: QueryDict, sorts: Sequence[SortOption]) -> Sorting:
    """The order of ``?sort=`` (the default when absent or unknown) and the links to each.

    A link keeps the filters and goes back to page 1; the default order's
    link has no ``sort`` parameter, so a list has one address as it first shows.
    """
    current = chosen_sort(params, sorts)
    choices = [
        SortChoice(
            label=str(option.label),
            url=query_string(
                params,
                **{SORT_PARAM: None if option is sorts[0] else option.value, PAGE_PARAM: None},
            ),
            selected=option is current,
        )
        for option in sorts
    ]
    return Sorting(current, choices)


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


def list_params(filterset: FilterSet, params: QueryDict) -> QueryDict:
    """The list's own parameters — its filters, the text searched, the order — from ``params``.

    A facet's link carries these and nothing else: any other parameter in the
    address (a tracking tag, the page) does not change the facets panel.
    """
    own = QueryDict(mutable=True)
    for name, values in params.lists():
        if name in filterset.filters or name == SORT_PARAM:
            own.setlist(name, values)
    return own


def facets_panel(request, filterset: FilterSet, queryset: QuerySet, names: list[str]) -> dict:
    """The facets panel's HTML and the active filters, cached per list state.

    The panel depends only on the list's own parameters (``list_params``), the
    language and the content, so it is built and rendered once per content
    version for each state visitors ask for; the filter errors are not in it.
    """
    params = list_params(filterset, request.GET)

    def facets() -> list[Facet]:
        return build_facets(filterset, queryset, names, params)

    def render() -> dict:
        panel = filter_panel(filterset, facets(), params, show_errors=False)
        html = render_to_string("includes/facets.html", {**panel, "request": request})
        return {"html": html, "active_filters": panel["active_filters"]}

    state = (queryset.model._meta.label, request.path, sorted(params.lists()))
    # The Facet objects themselves, for code that reads the values (tests):
    # built only if asked for, from the same cached counts.
    return {**cached("panel", state, render), "facets": SimpleLazyObject(facets)}


@dataclass
class Relaxed:
    """What a list with no result would give without one of its filters."""

    label: str  # the filter, « Domaine »
    values: str  # its values in force, « Hydrogène, CCU »
    url: str  # the list without it
    count: int


def count_under(filterset: FilterSet, queryset: QuerySet, cleaned: dict, without=None) -> int:
    """How many records the filters in force select (all but ``without``): from the facet
    index, or counted in SQL and cached like the facet counts (per list, per normalised
    state, per content version)."""
    indexed = _indexed(filterset, queryset, cleaned)
    if indexed:
        index, chosen = indexed
        return index.count(chosen, without)

    def count() -> int:
        results = queryset
        for name, value in cleaned.items():
            if name != without and value not in (None, "", [], ()):
                results = filterset.filters[name].filter(results, value)
        return results.count()

    state = _state(filterset, cleaned, without)
    return cached("count", (queryset.model._meta.label, state), count, language=False)


def relaxed_filters(filterset: FilterSet, queryset: QuerySet, cleaned: dict, params) -> list:
    """For a list with no result: each filter in force, and how many results there are
    without it — what does exist for those filters (one cached count per filter)."""
    relaxed = []
    for name, value in cleaned.items():
        if value in (None, "", [], ()):
            continue
        flt = filterset.filters[name]
        if isinstance(flt, ModelMultipleChoiceFilter):
            values = ", ".join(str(obj) for obj in value)
        elif isinstance(flt, MultipleChoiceFilter):
            labels = dict(flt.extra["choices"])
            values = ", ".join(str(labels.get(item, item)) for item in value)
        else:
            values = str(value)
        count = count_under(filterset, queryset, cleaned, without=name)
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
    count = count_under(filterset, queryset, cleaned)
    sorts = getattr(filterset_class, "sorts", DEFAULT_SORTS)
    order = sorting(request.GET, sorts)
    # for_card() may annotate what an order sorts on (a cluster's members); its
    # prefetches are for the cards, fetched apart.
    keys = order.current.apply(results.for_card().prefetch_related(None)).values_list(
        "pk", flat=True
    )
    indexed = _indexed(filterset, queryset, cleaned)
    # In the default order, the page's keys are read from the facet index too.
    if indexed and order.current is sorts[0]:
        index, chosen = indexed
        keys = IndexedKeys(keys, partial(index.page, chosen, get_language()))
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
        "relaxed": [] if count else relaxed_filters(filterset, queryset, cleaned, request.GET),
        "query": request.GET.get("q", ""),
    }
