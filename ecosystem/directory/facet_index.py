"""Facet counts from an index in memory: a filter combination nobody asked for, counted at once.

Counted in SQL, a combination of filters costs one grouped query per facet,
one for the number of results and, when it finds nothing, one per filter in
force: 8 to 10 queries, 35 ms at 100,000 actors (docs/performance.md). Here
each facet value is the set of records that have it, as the bits of a Python
integer (bit *i* for the *i*-th public record); a combination is the AND of
its filters, each the OR of its chosen values, and a count is the number of
bits set: every count of a page in well under a millisecond.

The index of a list is built from one query per facet (the values the SQL
counts group on) the first time a page needs it under a content version, and
again after ``TIMEOUT`` (as cached counts expire: a bulk update sends no
signal); each process keeps it in memory. At 100,000 actors it takes about a
second to build and 3 MB. It answers only for filters that are facets (a text
search is counted in SQL), and only for a FilterSet's facets of choices and of
published records, whose semantics it shares: OR within a facet, AND across
facets.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet

from ecosystem.core.cache import TIMEOUT, cache_key, content_version

# The index of each list in this process: key -> (content version, built at, index).
_indexes: dict[tuple, tuple[int, float, FacetIndex]] = {}


@dataclass
class FacetIndex:
    """The records of one list (``everything``) and, per facet and value, those that have it."""

    everything: int
    values: dict[str, dict[str, int]]

    @classmethod
    def build(cls, queryset: QuerySet, paths: dict[str, str]) -> FacetIndex:
        """``paths``: each facet's name and the field path its value is read from."""
        position = {
            pk: number
            for number, pk in enumerate(queryset.order_by("pk").values_list("pk", flat=True))
        }
        size = (len(position) + 7) // 8
        values = {}
        for name, path in paths.items():
            # One row per record and value (a record in two domains has two).
            bits: dict[str, bytearray] = defaultdict(lambda: bytearray(size))
            for pk, value in queryset.order_by().values_list("pk", path):
                if value is None:
                    continue  # no value there (no domain): not a value one can choose
                number = position[pk]
                bits[str(value)][number >> 3] |= 1 << (number & 7)
            values[name] = {value: int.from_bytes(array, "little") for value, array in bits.items()}
        return cls((1 << len(position)) - 1, values)

    def matching(self, chosen: dict[str, set[str]], without: str | None = None) -> int:
        """The records with one of the chosen values of each facet (``without`` aside)."""
        records = self.everything
        for name, wanted in chosen.items():
            if name != without:
                facet = self.values[name]
                either = 0
                for value in wanted:
                    either |= facet.get(value, 0)
                records &= either
        return records

    def count(self, chosen: dict[str, set[str]], without: str | None = None) -> int:
        return self.matching(chosen, without).bit_count()

    def counts(self, name: str, chosen: dict[str, set[str]]) -> dict[str, int]:
        """Each value of facet ``name``: how many records have it under the other facets."""
        others = self.matching(chosen, without=name)
        return {
            value: (others & records).bit_count() for value, records in self.values[name].items()
        }


def facet_index(key: tuple, queryset: QuerySet, paths: dict[str, str]) -> FacetIndex:
    """The index of the list ``key``: this process's, or the shared cache's, or built.

    Built from ``queryset`` by the first process that needs it under this
    content version, which shares it through the cache (3 MB at 100,000 actors,
    read in a few milliseconds): the other processes and machines load it
    instead of building it again.
    """
    version = content_version()
    known = _indexes.get(key)
    if known is not None and known[0] == version and time.monotonic() - known[1] < TIMEOUT:
        return known[2]
    shared = cache_key("facet-index", *key, language=False)
    index = cache.get(shared)
    if index is None:
        index = FacetIndex.build(queryset, paths)
        cache.set(shared, index, TIMEOUT)
    _indexes[key] = (version, time.monotonic(), index)
    return index
