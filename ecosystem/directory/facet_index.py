"""Facet counts from an index in memory: a filter combination nobody asked for, counted at once.

Counted in SQL, a combination of filters costs one grouped query per facet,
one for the number of results and, when it finds nothing, one per filter in
force: 8 to 10 queries, 35 ms at 100,000 actors (docs/performance.md). Here
each facet value is the set of records that have it, as the bits of a Python
integer (bit *i* for the *i*-th public record); a combination is the AND of
its filters, each the OR of its chosen values, and a count is the number of
bits set: every count of a page in well under a millisecond.

It also keeps the list's default order in each language (read from the
database, so in its collation): a page of results in that order is read here
too, with no query.

The index of a list is built from one query for the records, one per facet
(the values the SQL counts group on) and one per language, the first time a
page needs it under a content version, and again after ``TIMEOUT`` (as cached
counts expire: a bulk update sends no signal); it is shared through the cache
and each process keeps it in memory. At 100,000 actors it takes about 1.4 s to
build. It answers only for filters that are facets (a text search is counted in
SQL), and only for a FilterSet's facets of choices and of published records,
whose semantics it shares: OR within a facet, AND across facets.
"""

from __future__ import annotations

import time
from array import array
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import translation

from ecosystem.core.cache import TIMEOUT, cache_key, content_version
from ecosystem.directory.sorting import SortOption

# The index of each list in this process: key -> (content version, built at, index).
_indexes: dict[tuple, tuple[int, float, FacetIndex]] = {}


# For a page of results: each byte's set bits, low to high.
BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]


@dataclass
class FacetIndex:
    """The records of one list (``everything``) and, per facet and value, those that have it.

    Bit *i* stands for the record ``keys[i]`` (in primary-key order); ``orders``
    gives, per language, the bits in the list's default order and ``ranks``
    each bit's place in it: a page of results in that order is read here too.
    """

    everything: int
    values: dict[str, dict[str, int]]
    keys: array
    orders: dict[str, array]
    ranks: dict[str, array]

    # A page is read by sorting the matching records when there are at most
    # FEW, else by walking the default order while it checks at most WALK bits.
    FEW = 5000
    WALK = 50_000

    @classmethod
    def build(cls, queryset: QuerySet, paths: dict[str, str], order: SortOption) -> FacetIndex:
        """``paths``: each facet's name and the field path its value is read from;
        ``order``: the list's default order."""
        keys = array("q", queryset.order_by("pk").values_list("pk", flat=True))
        position = {pk: number for number, pk in enumerate(keys)}
        size = (len(keys) + 7) // 8
        values = {}
        for name, path in paths.items():
            # One row per record and value (a record in two domains has two).
            bits: dict[str, bytearray] = defaultdict(lambda: bytearray(size))
            for pk, value in queryset.order_by().values_list("pk", path):
                number = position.get(pk)  # None: published since the first query
                if value is None or number is None:
                    continue  # no value there (no domain): not a value one can choose
                bits[str(value)][number >> 3] |= 1 << (number & 7)
            values[name] = {
                value: int.from_bytes(array_, "little") for value, array_ in bits.items()
            }
        orders, ranks = {}, {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                ordered = order.apply(queryset).values_list("pk", flat=True)
                orders[language] = array("q", (position[pk] for pk in ordered if pk in position))
            # A record unpublished meanwhile has no rank: last.
            ranks[language] = array("q", [len(keys)]) * len(keys)
            for rank, number in enumerate(orders[language]):
                ranks[language][number] = rank
        return cls((1 << len(keys)) - 1, values, keys, orders, ranks)

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

    def page(self, chosen: dict[str, set[str]], language: str, start: int, stop: int):
        """The keys of the matching records from ``start`` to ``stop`` in the default
        order, or None where reading them here would cost more than asking SQL."""
        records = self.matching(chosen)
        count = records.bit_count()
        data = records.to_bytes((len(self.keys) + 7) // 8, "little")
        if count <= self.FEW:
            found = [
                index << 3 | bit for index, byte in enumerate(data) if byte for bit in BITS[byte]
            ]
            found.sort(key=self.ranks[language].__getitem__)
            return [self.keys[number] for number in found[start:stop]]
        if stop * len(self.keys) > self.WALK * count:
            return None  # a deep page of a thin list: the database's index walks it better
        found = []
        for number in self.orders[language]:
            if data[number >> 3] >> (number & 7) & 1:
                found.append(number)
                if len(found) == stop:
                    break
        return [self.keys[number] for number in found[start:]]


def facet_index(
    key: tuple, queryset: QuerySet, paths: dict[str, str], order: SortOption
) -> FacetIndex:
    """The index of the list ``key``: this process's, or the shared cache's, or built.

    Built from ``queryset`` by the first process that needs it under this
    content version, which shares it through the cache (5 MB at 100,000 actors,
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
        index = FacetIndex.build(queryset, paths, order)
        cache.set(shared, index, TIMEOUT)
    _indexes[key] = (version, time.monotonic(), index)
    return index
