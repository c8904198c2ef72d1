"""Text normalisation shared by storage (search_text) and queries."""

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
# Ligatures that NFKD leaves alone but French readers treat as two letters.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def strip_controls(value: str) -> str:
    """Replace control characters by spaces and collapse whitespace."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", value)).strip()


def normalise(value: str) -> str:
    """Lower-case, accent-free, single-spaced text: « Énergie » -> « energie »."""
    value = strip_controls(value).translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


_NON_WORD = re.compile(r"[\W_]+")


def search_words(value: str) -> str:
    """Normalised words separated by single spaces, punctuation dropped.

    « Éco-construction », « bio.be » and « d’exportation » become
    « eco construction », « bio be » and « d exportation »: the stored search
    text and the query are cut the same way, so phrases match on both.
    """
    return _NON_WORD.sub(" ", normalise(value)).strip()
