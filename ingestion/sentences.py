"""A document cut into sentences, each with where it stands in the text.

A sentence ends at « . ! ? » before a capital, at a blank line (a slide's block, a
paragraph), or at a bullet; a line break inside a paragraph is the converter's, not
the writer's, and joins its words with a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BREAK = re.compile(
    r"(?<=[.!?…])[\"»”’)]?\s+(?=[\"«“(]?[A-ZÀ-ÝŒ0-9])"  # end of a sentence
    r"|\n\s*\n"  # a blank line
    r"|\s*[•�Å▪■►●◦]\s*"  # a bullet
    r"|\n\s*[-–—*]\s+"  # a dash starting a line
)
SPACES = re.compile(r"\s+")
# A longer sentence is a slide's run of words without punctuation: cut for the excerpt.
LONGEST = 600


@dataclass(frozen=True)
class Sentence:
    text: str  # its words, single-spaced
    start: int  # where it begins in the document's text


def split(text: str) -> list[Sentence]:
    sentences, position = [], 0
    for match in BREAK.finditer(text):
        _add(sentences, text, position, match.start())
        position = match.end()
    _add(sentences, text, position, len(text))
    return sentences


def _add(sentences: list, text: str, start: int, end: int) -> None:
    words = SPACES.sub(" ", text[start:end]).strip()
    while words:
        piece, words = words[:LONGEST], words[LONGEST:]
        if len(piece) == LONGEST and words and " " in piece:
            piece, rest = piece.rsplit(" ", 1)
            words = rest + words
        if any(char.isalnum() for char in piece):
            sentences.append(Sentence(piece.strip(), start))
