"""How a list may be sorted: ``?sort=name|updated|connected``, kept in the URL.

Each list declares the orders it offers, the first being its default (a
FilterSet's ``sorts``, or the ``sorts`` given to ``sorted_page``). A missing
or unknown value gives the default: a hand-edited URL never fails. Sorting
adds no query: an order is the ``ORDER BY`` of the page's own query, and a
"most connected" count a subquery annotation of that same query. ``sorting``
gives the order in force and the link to each order the list offers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from ecosystem.core.i18n import title_order
from ecosystem.directory.querystrings import PAGE_PARAM, query_string

SORT_PARAM = "sort"


@dataclass(frozen=True)
class SortOption:
    """One order a list offers: its value in the URL, its label, how it orders a queryset."""

    value: str
    label: str
    order: Callable[[QuerySet], QuerySet]

    def apply(self, queryset: QuerySet) -> QuerySet:
        return self.order(queryset)


def by_name(label=None) -> SortOption:
    """By title in the reader's language, accents and case left out (``sort_key_<lang>``)."""
    return SortOption(
        "name",
        label or _("nom (A → Z)"),
        lambda queryset: queryset.order_by(title_order(), "pk"),
    )


def recently_updated() -> SortOption:
    """Last modified first (``modified`` is indexed)."""
    return SortOption(
        "updated",
        _("mis à jour récemment"),
        lambda queryset: queryset.order_by("-modified", "pk"),
    )


def most_connected(annotation: str, label, annotate: str = "") -> SortOption:
    """Most links first, by name among equals.

    ``annotation`` is the count the list's queryset carries; ``annotate``, when
    given, is the QuerySet method that adds it (when the card's own
    ``for_card()`` does not already).
    """

    def order(queryset: QuerySet) -> QuerySet:
        if annotate:
            queryset = getattr(queryset, annotate)()
        return queryset.order_by(F(annotation).desc(), title_order(), "pk")

    return SortOption("connected", label, order)


def newest_first(field: str, label) -> SortOption:
    """Latest ``field`` first (a year, a date), undated records last, by name among equals."""
    return SortOption(
        "date",
        label,
        lambda queryset: queryset.order_by(F(field).desc(nulls_last=True), title_order(), "pk"),
    )


def queryset_order(value: str, label, method: str) -> SortOption:
    """An order the list's QuerySet defines itself (events: upcoming first, then past)."""
    return SortOption(value, label, lambda queryset: getattr(queryset, method)())


# What any list of named records offers when it declares nothing else.
DEFAULT_SORTS = (by_name(), recently_updated())


def chosen_sort(params: QueryDict, sorts: Sequence[SortOption]) -> SortOption:
    """The order asked for in ``?sort=``, or the list's default when absent or unknown."""
    value = params.get(SORT_PARAM, "")
    return next((option for option in sorts if option.value == value), sorts[0])


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
