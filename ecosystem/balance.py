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


@dataclass
class BalanceGroup:
    """Rows of one kind, as /pillars/ shows them: what exists, and the gaps summed up.

    The records with at least one actor are charted and tabled, on the
    pillars some of them have; the others are named in a sentence, and the
    pillars none of them has are named once.
    """

    title: str
    rows: list[BalanceRow]

    @property
    def shown(self) -> list[BalanceRow]:
        return [row for row in self.rows if row.total]

    @property
    def empty(self) -> list:
        """The records without any actor cited."""
        return [row.obj for row in self.rows if not row.total]

    @property
    def present(self) -> list[Pillar]:
        return [
            pillar
            for index, pillar in enumerate(Pillar)
            if any(row.counts[index][1] for row in self.rows)
        ]

    @property
    def absent(self) -> list[Pillar]:
        present = self.present
        return [pillar for pillar in Pillar if pillar not in present]

    def columns(self) -> list[tuple[BalanceRow, list[int]]]:
        """Each charted row and its counts for the pillars present in the group."""
        present = set(self.present)
        return [
            (row, [count for pillar, count in row.counts if pillar in present])
            for row in self.shown
        ]


def presence(rows: list[BalanceRow]) -> list[tuple[Pillar, int]]:
    """How many of the rows have at least one actor of each pillar."""
    return [
        (pillar, sum(1 for row in rows if row.counts[index][1]))
        for index, pillar in enumerate(Pillar)
    ]
