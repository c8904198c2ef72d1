"""A document read: its sentences, the known records it mentions, the candidate new
organisations, people and places, and its figures — each with the sentence it is in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ecosystem.core.text import search_words
from ecosystem.evidence import Document
from ingestion import entities, figures, mentions, sentences


@dataclass
class Finding:
    kind: str  # "mention", entities.ORGANISATION / PERSON / PLACE, or "figure"
    name: str  # the record's, the candidate's, or the figure's words
    excerpts: list[str] = field(default_factory=list)
    record: mentions.Known | None = None
    figure: figures.Figure | None = None

    def cite(self, sentence: str) -> None:
        if sentence not in self.excerpts and len(self.excerpts) < 3:
            self.excerpts.append(sentence)


def read(text: str, language: str, progress: Callable[[int], None] = lambda percent: None):
    """Every finding of ``text`` (in ``language``), one per record, name or figure."""
    document = Document(text)
    cut = [sentence.text for sentence in sentences.split(document.text)]
    known = mentions.known_names()
    found: dict[tuple, Finding] = {}

    def add(key, finding_kind, name, sentence, **extra):
        finding = found.setdefault(key, Finding(finding_kind, name, **extra))
        finding.cite(sentence)

    progress(10)
    from_model = entities.with_model(cut) if language == "fr" else [[] for _ in cut]
    progress(60)
    for sentence, model_found in zip(cut, from_model, strict=True):
        named = {phrase for phrase, _record in mentions.find(sentence, known)}
        for _phrase, record in mentions.find(sentence, known):
            add(
                ("mention", record.label, record.pk),
                "mention",
                record.name,
                sentence,
                record=record,
            )
        candidates = [*model_found, *entities.with_rules(sentence)]
        for candidate in candidates:
            words = search_words(candidate.name)
            if words in named or words in known:
                continue  # already a record: a mention, not a new one
            add((candidate.kind, words), candidate.kind, candidate.name, sentence)
        for figure in figures.find(sentence):
            add(
                ("figure", figure.value, figure.unit),
                "figure",
                figure.text,
                sentence,
                figure=figure,
            )
    progress(100)
    return _without_parts(list(found.values()))


def _without_parts(findings: list[Finding]) -> list[Finding]:
    """A candidate whose name is a word of a longer candidate of the same sentences
    (« Cleantech » in « District Cleantech ») is dropped, unless it stands alone elsewhere."""
    names = {
        (finding.kind, search_words(finding.name)): finding
        for finding in findings
        if finding.kind in (entities.ORGANISATION, entities.PERSON, entities.PLACE)
    }
    kept = []
    for finding in findings:
        if finding.kind == entities.PLACE:
            words = f" {search_words(finding.name)} "
            if any(
                f" {key[1]} ".find(words) >= 0
                and key[1] != words.strip()
                and key[0] == entities.PERSON
                for key in names
            ):
                continue
        kept.append(finding)
    return kept
