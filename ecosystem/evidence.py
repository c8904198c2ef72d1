"""Evidence: does an excerpt occur, word for word, in its source document?

An excerpt is the exact words of a document that support a record or a link
(``CitedModel.excerpts``). Matching forgives only what a reader would not call
a change of wording: whitespace (the PDF conversions glue or split words),
typographic quotes, apostrophes, dashes and ellipses, bullet characters, and
the known encoding damage of document 001 (``dô`` for ``d'``, ``®`` for ``é``,
a shifted font for a few words). An excerpt may skip words with ``[…]``: each
part must then occur, in order.
"""

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
ELLIPSIS = re.compile(r"…|\.\.\.")
WHITESPACE = re.compile(r"\s+")
SKIPPED_WORDS = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]")


def repair(text: str) -> str:
    """Document 001's text as it was written, before the PDF conversion broke it."""
    for broken, letter in ENCODING_REPAIRS.items():
        text = text.replace(broken, letter)
    return ELIDED_APOSTROPHE.sub(r"\1'", text)


def comparable(text: str) -> str:
    """The text stripped of what matching forgives (see the module docstring)."""
    text = unicodedata.normalize("NFC", text).translate(TYPOGRAPHY)
    text = ELLIPSIS.sub("", text)
    return WHITESPACE.sub("", text)


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


class Library:
    """The source documents of one folder, read once, by file name."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._texts: dict[str, str] = {}

    def text(self, file_name: str) -> str | None:
        """The document, comparable, or None when the folder has no such file."""
        if file_name not in self._texts:
            path = self.folder / file_name
            if not file_name or not path.is_file():
                return None
            raw = path.read_text(encoding="utf-8", errors="replace")
            self._texts[file_name] = comparable(repair(raw))
        return self._texts[file_name]
