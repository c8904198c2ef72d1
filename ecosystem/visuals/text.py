"""How much room a label takes, so that pictures are laid out on the server.

The widths are DejaVu Sans's, the font Debian's Chromium falls back to for the
site's ``system-ui`` stack, and the widest of the usual system fonts (Segoe UI,
Roboto, San Francisco and Helvetica are narrower): a layout that leaves room
for DejaVu leaves room for them all. Measured in Chromium, in hundredths of
an em, for the printable ASCII characters; an accented letter is as wide as
its base letter.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_ASCII = "".join(chr(code) for code in range(32, 127))
_REGULAR = (
    "32 40 46 84 64 95 78 27 39 39 50 84 32 36 32 34 64 64 64 64 64 64 64 64 64 64 34 34 84 84 "
    "84 53 100 68 69 70 77 63 58 77 75 29 29 66 56 86 75 79 60 79 69 63 61 73 68 99 69 61 69 39 "
    "34 39 84 50 50 61 63 55 63 62 35 63 63 28 28 58 28 97 63 61 63 63 41 52 39 63 59 82 59 59 "
    "52 64 34 64 84"
)
_BOLD = (
    "35 46 52 84 70 100 87 31 46 46 52 84 38 42 38 37 70 70 70 70 70 70 70 70 70 70 40 40 84 84 "
    "84 58 100 77 76 73 83 68 68 82 84 37 37 77 64 100 84 85 73 85 77 72 68 81 77 110 77 72 73 "
    "46 37 46 84 50 50 67 72 59 72 68 44 72 71 34 34 67 34 104 71 69 72 72 49 60 48 71 65 92 65 "
    "65 58 71 37 71 84"
)
_OTHERS = {"’": (32, 38), "…": (100, 100), "–": (50, 50), "—": (100, 100), "«": (61, 65)}
_OTHERS |= {"»": (61, 65), "œ": (102, 109), "Œ": (107, 117), "²": (40, 44)}
_WIDTHS = (
    dict(zip(_ASCII, map(int, _REGULAR.split()), strict=True)),
    dict(zip(_ASCII, map(int, _BOLD.split()), strict=True)),
)
# A character the table does not know: as wide as the widest letter, to be safe.
_UNKNOWN = 100
# The height of a line of text in ems (DejaVu's ascent and descent): what a
# browser's bounding box of the text measures.
LINE_HEIGHT = 1.17


def _char_width(char: str, bold: bool) -> int:
    widths = _WIDTHS[bold]
    if char in widths:
        return widths[char]
    if char in _OTHERS:
        return _OTHERS[char][bold]
    base = unicodedata.normalize("NFD", char)[:1]
    return widths.get(base, _UNKNOWN)


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` written at ``size`` (a font size, in the drawing's units)."""
    return sum(_char_width(char, bold) for char in text) * size / 100


def wrap(text: str, size: float, width: float, lines: int, bold: bool = False) -> list[str]:
    """``text`` cut at spaces into at most ``lines`` lines no wider than ``width``.

    A word longer than a line is cut; text left over after the last line ends it
    with an ellipsis.
    """
    result: list[str] = []
    words = text.split()
    current = ""
    while words:
        word = words[0]
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            words.pop(0)
            continue
        if not current:
            # One word wider than the line: cut it.
            cut = len(word)
            while cut > 1 and text_width(word[:cut], size, bold) > width:
                cut -= 1
            current, words[0] = word[:cut], word[cut:]
        result.append(current)
        current = ""
        if len(result) == lines:
            break
    if current and len(result) < lines:
        result.append(current)
        current = ""
    if words or current:
        last = result[-1]
        while last and text_width(last + "…", size, bold) > width:
            last = last[:-1].rstrip()
        result[-1] = last + "…"
    return result
