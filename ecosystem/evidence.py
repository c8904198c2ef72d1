"""Evidence: does an excerpt occur, word for word, in its source document?

An excerpt is the exact words of a document that support a record or a link
(``CitedModel.excerpts``). Matching forgives only what a reader would not call
a change of wording: whitespace (the PDF conversions glue or split words),
typographic quotes, apostrophes, dashes and ellipses, bullet characters, and
the known encoding damage of document 001 (``dô`` for ``d'``, ``®`` for ``é``,
a shifted font for a few words). An excerpt may skip words with ``[…]``: each
part must then occur, in order.
"""

import hashlib
import re
import unicodedata
from pathlib import Path

# Document 001 was converted from a PDF with a broken encoding (see seeds/INDEX.md).
ENCODING_REPAIRS = {
    "®": "é",
    "¨": "à",
    "°": "ê",
    "îuvre": "œuvre",
    # A font whose glyphs came out as Latin Extended letters: «ƭΩŞƴŜǊƎƛŜΣ» is «l'énergie,».
    "ŀ": "a", "Ř": "d", "Ŝ": "e", "Ş": "é", "Ǝ": "g", "ƛ": "i", "ƭ": "l", "Ƴ": "m",
    "ƴ": "n", "ƻ": "o", "Ǉ": "p", "Ǌ": "r", "ǎ": "s", "ǘ": "t", "ǳ": "u", "Ǿ": "v",
    "ȅ": "y", "Ω": "'", "Σ": ",",
}  # fmt: skip
# «dôune», «lôemploi», «quô¨» (words are often glued: «îuvredôune») — not «pôle», «plutôt».
ELIDED_APOSTROPHE = re.compile(r"(d|l|n|s|j|qu)ô(?=[aeiouyhéèêàâî])", re.IGNORECASE)
TYPOGRAPHY = str.maketrans(
    {
        "’": "'", "‘": "'", "ʼ": "'", "`": "'",
        "“": '"', "”": '"', "«": '"', "»": '"', "„": '"',
        "–": "-", "—": "-", "‑": "-",
        "Å": " ", "�": " ", "•": " ",
    }
)  # fmt: skip
WHITESPACE = re.compile(r"\s+")
SKIPPED_WORDS = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]")


def repair(text: str) -> str:
    """Document 001's text as it was written, before the PDF conversion broke it."""
    for broken, letter in ENCODING_REPAIRS.items():
        text = text.replace(broken, letter)
    return ELIDED_APOSTROPHE.sub(r"\1'", text)


def readable(raw: str) -> str:
    """A document as its reader sees it: Unicode-normalised, document 001's damage repaired."""
    return unicodedata.normalize("NFC", repair(raw))


def comparable_with_positions(text: str) -> tuple[str, list[int]]:
    """``comparable(text)``, and for each of its characters the index it comes from in
    ``unicodedata.normalize("NFC", text)`` (so that a match can be shown in its sentence)."""
    translated = unicodedata.normalize("NFC", text).translate(TYPOGRAPHY)
    kept: list[str] = []
    positions: list[int] = []
    index, length = 0, len(translated)
    while index < length:
        char = translated[index]
        if translated.startswith("...", index):
            index += 3
            continue
        if char != "…" and not WHITESPACE.match(char):
            kept.append(char)
            positions.append(index)
        index += 1
    return "".join(kept), positions


def comparable(text: str) -> str:
    """The text stripped of what matching forgives (see the module docstring)."""
    return comparable_with_positions(text)[0]


def excerpt_parts(excerpt: str) -> list[str]:
    """The runs of words an excerpt quotes, split where it skips words with «[…]»."""
    return [comparable(part) for part in SKIPPED_WORDS.split(excerpt) if comparable(part)]


def occurs_in(excerpt: str, document: str) -> bool:
    """True when every part of ``excerpt`` occurs in ``document``, in order.

    ``document`` must already be ``comparable(repair(...))``.
    """
    parts = excerpt_parts(excerpt)
    if not parts:
        return False
    position = 0
    for part in parts:
        found = document.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


# Where a sentence ends, for the words shown around an excerpt; bullets and line breaks
# end a slide's line.
SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n|[•�Å]")
CONTEXT_LIMIT = 280
SPACES = re.compile(r"\s+")
BULLETS = str.maketrans({"�": "•", "Å": "•"})


class Document:
    """One document's text, ready to find excerpts in and to show them in their sentence."""

    def __init__(self, raw: str):
        # The conversions' bullet characters (« � », « Å ») shown as the bullets they are.
        self.text = readable(raw).translate(BULLETS)
        self.comparable, self._positions = comparable_with_positions(self.text)

    def contains(self, excerpt: str) -> bool:
        return occurs_in(excerpt, self.comparable)

    def spans(self, excerpt: str) -> list[tuple[int, int]]:
        """Where each part of ``excerpt`` stands in ``self.text``, or [] when it does not."""
        spans, position = [], 0
        for part in excerpt_parts(excerpt):
            found = self.comparable.find(part, position)
            if found < 0:
                return []
            position = found + len(part)
            spans.append((self._positions[found], self._positions[position - 1] + 1))
        return spans

    def in_context(self, excerpt: str) -> list[tuple[str, bool]]:
        """The excerpt in its sentence: (words, True for the excerpt's own) pieces, or []."""
        spans = self.spans(excerpt)
        if not spans:
            return []
        start, end = spans[0][0], spans[-1][1]
        before = self.text[max(0, start - CONTEXT_LIMIT) : start]
        ends = list(SENTENCE_END.finditer(before))
        before = before[ends[-1].end() :] if ends else before
        after = self.text[end : end + CONTEXT_LIMIT]
        stop = SENTENCE_END.search(after)
        if self.text[end - 1] in ".!?":  # the excerpt ends its sentence
            after = ""
        elif stop:
            after = after[: stop.end()]
        pieces = [(before, False)]
        for (part_start, part_end), following in zip(spans, [*spans[1:], None], strict=True):
            pieces.append((self.text[part_start:part_end], True))
            if following:
                skipped = self.text[part_end : following[0]]
                pieces.append((skipped if len(skipped) <= CONTEXT_LIMIT else " […] ", False))
        pieces.append((after, False))
        # Line breaks of a slide or a PDF are not the writer's: one space between words.
        return [(SPACES.sub(" ", words), own) for words, own in pieces if words.strip()]


class Library:
    """The source documents: the text a source keeps, else its file in a folder.

    Each is read once.
    """

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder else None
        self._documents: dict[str, Document | None] = {}

    def document(self, source) -> Document | None:
        """``source``'s document, or None when neither the source nor the folder has it."""
        if source.slug not in self._documents:
            self._documents[source.slug] = self._read(source)
        return self._documents[source.slug]

    def _read(self, source) -> Document | None:
        if source.text:
            return Document(source.text)
        if not self.folder or not source.file_name:
            return None
        path = self.folder / source.file_name
        if not path.is_file():
            return None
        return Document(path.read_text(encoding="utf-8", errors="replace"))


def excerpt_anchor(record, text: str) -> str:
    """The id of an excerpt on its source page, the same wherever the excerpt is shown."""
    key = f"{record._meta.label_lower}:{record.pk}:{text}"
    return "extrait-" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:10]
