"""Mentions of the records the portal already knows: their names and aliases, whole words,
accents and case aside (the normalisation of the search, ``search_words``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings

from ecosystem.core.text import search_words

# The kinds of record looked for, and the fields their names are in.
KNOWN = (
    "actors.Actor",
    "clusters.Cluster",
    "actors.Project",
    "actors.Person",
    "ecosystem.Territory",
    "ecosystem.Domain",
)
LONGEST_NAME = 10  # words
SHORTEST = 2  # letters: « RW » is a name, « a » is not


@dataclass(frozen=True)
class Known:
    label: str  # « actors.actor »
    pk: int
    name: str


def known_names() -> dict[str, list[Known]]:
    """{normalised name or alias: the records it names}, drafts included."""
    names: dict[str, list[Known]] = {}
    languages = [code for code, _name in settings.LANGUAGES]
    for label in KNOWN:
        model = apps.get_model(label)
        fields = {f.name for f in model._meta.get_fields()}
        columns = [
            "pk",
            "name",
            *(f"name_{code}" for code in languages if f"name_{code}" in fields),
        ]
        if "aliases" in fields:
            columns.append("aliases")
        for row in model._default_manager.values(*columns):
            record = Known(model._meta.label_lower, row["pk"], row["name"])
            spellings = {row[column] or "" for column in columns if column.startswith("name")}
            spellings.update((row.get("aliases") or "").splitlines())
            for spelling in spellings:
                words = search_words(spelling)
                if len(words.replace(" ", "")) >= SHORTEST:
                    entries = names.setdefault(words, [])
                    if record not in entries:
                        entries.append(record)
    return names


def find(sentence: str, names: dict[str, list[Known]]) -> list[tuple[str, Known]]:
    """(the words found, the record) for every known name in ``sentence``."""
    words = search_words(sentence).split()
    found = []
    for start in range(len(words)):
        for length in range(min(LONGEST_NAME, len(words) - start), 0, -1):
            phrase = " ".join(words[start : start + length])
            if phrase in names:
                found.extend((phrase, record) for record in names[phrase])
                break
    return found
