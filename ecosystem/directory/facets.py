"""The facets panel beside a filtered list: its values, counts, links and active filters.

A facet lists the values of one filter of a FilterSet with, for each value,
the number of results it would give combined with the *other* active filters
(counted by directory/counting.py, from the facet index or in SQL) and the
link that toggles it. The labels of a facet over another model are read once
per content version; the panel's HTML once per list state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_filters import FilterSet, ModelMultipleChoiceFilter, MultipleChoiceFilter

from ecosystem.core.cache import cached
from ecosystem.core.i18n import title_order
from ecosystem.directory.counting import Counter, selected_values
from ecosystem.directory.paging import first_and_total  # noqa: F401 (see below)
from ecosystem.directory.querystrings import PAGE_PARAM, query_string, toggle_query
from ecosystem.directory.sorting import SORT_PARAM

# first_and_total lives in paging.py; the graphs modules, being edited in issue 26,
# still import it from here. To go once they import it from paging.py.

# How many values of a facet are listed before the others fold away.
VALUES_SHOWN = 8


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


def facet_choices(filterset: FilterSet, name: str) -> list[tuple[str, str]]:
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
    counter = Counter(filterset, queryset, cleaned)
    facets = []
    for name in names:
        counts = counter.facet(name)
        selected = selected_values(filterset.filters[name], cleaned.get(name))
        facet = Facet(name=name, label=str(filterset.filters[name].label))
        for value, label in facet_choices(filterset, name):
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
