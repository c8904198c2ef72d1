"""The MIT pillar balance: how many public actors of each pillar a cluster or domain gathers."""

from collections import defaultdict
from dataclasses import dataclass

from ecosystem.models import Pillar


@dataclass
class BalanceRow:
    """Actors per MIT pillar for one cluster or domain."""

    obj: object
    counts: list[tuple[Pillar, int]]

    @property
    def total(self) -> int:
        return sum(count for _pillar, count in self.counts)

    @property
    def missing(self) -> list[Pillar]:
        return [pillar for pillar, count in self.counts if not count]


def balance_rows(records) -> list[BalanceRow]:
    """One row per record (clusters, or domains), in their order: one grouped query.

    The records' queryset says how its actors are counted (``pillar_counts``).
    """
    records = list(records)
    if not records:
        return []
    model = type(records[0])
    counts: dict = defaultdict(dict)
    rows = model.objects.filter(pk__in=[obj.pk for obj in records]).pillar_counts()
    for pk, pillar, count in rows:
        counts[pk][pillar] = count
    return [
        BalanceRow(obj, [(pillar, counts[obj.pk].get(pillar.value, 0)) for pillar in Pillar])
        for obj in records
    ]
