"""How many records a list's filters select, and how many each facet value would give.

One interface, ``Counter``, over two ways of counting. Where every filter in
force is a facet, the list's facet index (directory/facet_index.py) answers in
memory, with no query. Otherwise (a text searched) SQL does: one grouped query
per facet and one COUNT for the results, each cached per list state and
content version — never one query per value.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, partial

from django.db.models import Count, QuerySet
from django_filters import FilterSet, ModelMultipleChoiceFilter, MultipleChoiceFilter

from ecosystem.core.cache import cached
from ecosystem.directory.facet_index import FacetIndex, facet_index
from ecosystem.directory.filters import PublishedSlugFilter
from ecosystem.directory.sorting import DEFAULT_SORTS


def in_force(value) -> bool:
    """Whether a filter's validated value narrows the list (an empty one does not)."""
    return value not in (None, "", [], ())


def selected_values(flt, value) -> set[str]:
    """The values of a filter actually in force (an invalid value is ignored, not selected)."""
    if not value:
        return set()
    if isinstance(flt, ModelMultipleChoiceFilter):
        key = flt.extra.get("to_field_name") or "pk"
        return {str(getattr(obj, key)) for obj in value}
    return {str(item) for item in value}


class Counter:
    """The counts of one list: ``queryset`` (the published base list) under the
    ``filterset``'s validated values ``cleaned``.

    Read from the facet index where it can answer, else counted in SQL;
    ``use_index=False`` always counts in SQL (to compare the two).
    """

    def __init__(
        self, filterset: FilterSet, queryset: QuerySet, cleaned: dict, use_index: bool = True
    ):
        self.filterset, self.queryset, self.cleaned = filterset, queryset, cleaned
        self.use_index = use_index

    @cached_property
    def _found(self) -> tuple[FacetIndex, dict[str, set[str]]] | None:
        if not self.use_index:
            return None
        return _indexed(self.filterset, self.queryset, self.cleaned)

    @property
    def uses_index(self) -> bool:
        """Whether the facet index answers (no filter in force but facets)."""
        return self._found is not None

    def facet(self, name: str) -> dict[str, int]:
        """Each value of facet ``name``: how many records it gives with the other filters."""
        if self._found and name in self._found[0].values:
            index, chosen = self._found
            return index.counts(name, chosen)
        return _sql_facet_counts(self.filterset, self.queryset, self.cleaned, name)

    def total(self, without: str | None = None) -> int:
        """How many records the filters in force select (all but ``without``)."""
        if self._found:
            index, chosen = self._found
            return index.count(chosen, without)
        return _sql_total(self.filterset, self.queryset, self.cleaned, without)

    def page_reader(self, language: str) -> Callable[[int, int], list | None] | None:
        """``read(start, stop)``, the keys of a page of results in the list's default
        order from the facet index (None where SQL reads it better), or None without one."""
        if not self._found:
            return None
        index, chosen = self._found
        return partial(index.page, chosen, language)


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
            if not in_force(value):
                continue
            return None
        # An empty choice of records is an empty QuerySet: no value in force.
        if values := selected_values(filterset.filters[name], value):
            chosen[name] = values
    key = (type(filterset).__module__, type(filterset).__name__, queryset.model._meta.label)
    paths = {name: flt.field_name for name, flt in zip(names, filters, strict=True)}
    default_order = getattr(filterset, "sorts", DEFAULT_SORTS)[0]
    return facet_index(key, queryset, paths, default_order), chosen


# --- In SQL, cached per list state ------------------------------------------------------


def _state(filterset: FilterSet, cleaned: dict, name: str | None) -> tuple:
    """The filters in force but ``name``, normalised: the key of a cached count."""
    state = []
    for other, value in sorted(cleaned.items()):
        if other == name or not in_force(value):
            continue
        flt = filterset.filters[other]
        if isinstance(flt, ModelMultipleChoiceFilter | MultipleChoiceFilter):
            normalised = tuple(sorted(selected_values(flt, value)))
        else:
            normalised = str(value)
        if normalised:
            state.append((other, normalised))
    return tuple(state)


def _sql_total(filterset: FilterSet, queryset: QuerySet, cleaned: dict, without) -> int:
    """The number of results (``without`` aside), counted in SQL and cached like the facet
    counts (per list, per normalised state, per content version)."""

    def count() -> int:
        results = queryset
        for name, value in cleaned.items():
            if name != without and in_force(value):
                results = filterset.filters[name].filter(results, value)
        return results.count()

    state = _state(filterset, cleaned, without)
    return cached("count", (queryset.model._meta.label, state), count, language=False)


def _sql_facet_counts(filterset: FilterSet, queryset: QuerySet, cleaned: dict, name: str) -> dict:
    """Facet ``name``'s counts under the other filters in force, in SQL, cached per state."""
    others = queryset
    for other, value in cleaned.items():
        if other != name:
            others = filterset.filters[other].filter(others, value)
    # Model filters name the related field itself (domains__slug), so
    # field_name is both the filter's lookup and the facet's grouping.
    joined = any(
        other != name and in_force(value) and _multi_valued(filterset, other)
        for other, value in cleaned.items()
    )
    return cached(
        "facet",
        (queryset.model._meta.label, name, _state(filterset, cleaned, name)),
        partial(_counts, queryset.model, others, filterset.filters[name].field_name, joined),
        language=False,
    )


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


def _counts(model, others: QuerySet, path: str, joined: bool) -> dict[str, int]:
    return {str(value): n for value, n in _count_rows(model, others, path, joined)}


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
