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


# Words that begin a family name rather than end a given name: « Marc Van Den Neste »,
# « Charles de Gaulle », « Roberta Dall’Olio » (one word), « Ludwig van Beethoven ».
NAME_PARTICLES = frozenset(
    {"van", "von", "vom", "vander", "vanden", "de", "den", "der", "des", "du", "di", "da"}
    | {"dal", "dalla", "del", "della", "dei", "degli", "do", "dos", "das", "la", "le", "lo"}
    | {"ten", "ter", "te", "op", "zu", "af", "y"}
)
_ELIDED = re.compile(r"^([dl]['’])(.+)$")


def family_name_first(name: str) -> str:
    """A person's name as a list files it, family name first: « Van Den Neste, Marc ».

    The family name is the last word with the particles before it. A
    capitalised particle belongs to the name, as Belgian and Dutch registers
    and English usage file it (« Van Den Neste » under V, « Van Buren » under
    V); a lower-case one is put after the given names, as French usage files
    « Charles de Gaulle » under G (« Gaulle, Charles de »). A name already
    written « Family, Given », or of one word (« Porter »), stays as it is.
    """
    name = strip_controls(name)
    words = name.split(" ")
    if "," in name or len(words) < 2:
        return name
    start = len(words) - 1
    while start > 0 and words[start - 1].casefold() in NAME_PARTICLES:
        start -= 1
    family, given = words[start:], words[:start]
    # Lower-case particles (« de », « d’ ») file after the given names.
    trailing = []
    while len(family) > 1 and family[0].islower() and family[0] in NAME_PARTICLES:
        trailing.append(family.pop(0))
    elided = _ELIDED.match(family[0])
    if elided and family[0][0].islower():
        trailing.append(elided.group(1))
        family[0] = elided.group(2)
    given_part = " ".join(given + trailing)
    return f"{' '.join(family)}, {given_part}" if given_part else " ".join(family)


# Letters with a stroke, which NFKD does not decompose: « Łobocka » files under L.
_STROKED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t"})


def sort_text(value: str) -> str:
    """``normalise`` for sorting: stroked letters too file under their base letter."""
    return normalise(value).translate(_STROKED)
