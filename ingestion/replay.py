"""The replay's measure: what a reading of the five documents finds, against fixtures/.

A fixture record is found when a proposal names it: the same words as its name (French or
English) or one of its aliases, accents, case and punctuation aside — whatever kind the
reader gave it (an editor changes a draft's kind). A figure is found when a proposal has
its value. Precision: the proposals that name a fixture record (of any kind) or carry a
fixture figure's value, against all proposals.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ecosystem.core.text import search_words

GROUPS = {
    "organisations": ("actors.actor", "clusters.cluster"),
    "people": ("actors.person",),
    "places": ("ecosystem.territory",),
}
QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")  # « Caterpillar (usine de Charleroi) »


@dataclass
class Expected:
    names: dict[str, list[set[str]]] = field(default_factory=dict)  # group: spellings per record
    all_names: set[str] = field(default_factory=set)  # every named record, for precision
    figures: list[Decimal] = field(default_factory=list)


def spellings(fields: dict) -> set[str]:
    names = {fields.get(key) or "" for key in ("name", "name_fr", "name_en", "title_fr")}
    names.update((fields.get("aliases") or "").splitlines())
    names.update(QUALIFIER.sub("", name) for name in list(names))
    return {search_words(name) for name in names if search_words(name)}


def expected(fixtures: Path, sources: set[str]) -> Expected:
    """The fixture records that cite one of ``sources`` (slugs)."""
    wanted = Expected(names={group: [] for group in GROUPS})
    for path in sorted(fixtures.glob("*.json")):
        for row in json.loads(path.read_text()):
            fields = row["fields"]
            cited = {slug for (slug, *_rest) in fields.get("sources", [])}
            if not cited & sources:
                continue
            if row["model"] == "ecosystem.keyfigure":
                wanted.figures.append(Decimal(fields["value"]).normalize())
                continue
            names = spellings(fields)
            wanted.all_names |= names
            for group, models in GROUPS.items():
                if row["model"] in models:
                    wanted.names[group].append(names)
    return wanted


@dataclass
class Measure:
    recall: dict[str, tuple[int, int]]  # group: (found, expected)
    matching: int
    proposals: int
    missed: dict[str, list[str]]

    @property
    def precision(self) -> float:
        return self.matching / self.proposals if self.proposals else 0.0


def measure(wanted: Expected, named: list[str], values: list[Decimal]) -> Measure:
    """``named``: the names of the proposed organisations, people and places;
    ``values``: the proposed figures' values."""
    proposed = {search_words(name) for name in named}
    recall, missed = {}, {}
    for group, records in wanted.names.items():
        found = [record for record in records if record & proposed]
        recall[group] = (len(found), len(records))
        missed[group] = sorted(min(record) for record in records if not record & proposed)
    proposed_values = {value.normalize() for value in values}
    found_figures = [value for value in wanted.figures if value in proposed_values]
    recall["figures"] = (len(found_figures), len(wanted.figures))
    missed["figures"] = sorted(
        {str(value) for value in wanted.figures if value not in proposed_values}
    )
    fixture_values = set(wanted.figures)
    matching = sum(search_words(name) in wanted.all_names for name in named) + sum(
        value.normalize() in fixture_values for value in values
    )
    return Measure(recall, matching, len(named) + len(values), missed)
