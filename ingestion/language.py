"""French, English or another language, from the share of each one's commonest words."""

import re

FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "un",
        "une",
        "et",
        "est",
        "sont",
        "pour",
        "dans",
        "par",
        "sur",
        "avec",
        "qui",
        "que",
        "ne",
        "pas",
        "plus",
        "au",
        "aux",
        "ce",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "nous",
        "vous",
        "il",
        "elle",
        "ils",
        "été",
        "être",
        "entre",
    ]
)
ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "in",
        "for",
        "is",
        "are",
        "was",
        "were",
        "with",
        "that",
        "this",
        "by",
        "on",
        "as",
        "from",
        "at",
        "an",
        "be",
        "have",
        "has",
        "which",
        "its",
        "their",
        "our",
        "it",
        "not",
        "or",
        "will",
        "been",
    ]
)
WORD = re.compile(r"[^\W\d_]+")
# Below this share of either list's words, a text is taken for another language.
MIN_SHARE = 0.15


def detect_language(text: str) -> str:
    """« fr », « en », or « » when neither shows."""
    words = [word.lower() for word in WORD.findall(text[:200_000])]
    if not words:
        return ""
    french = sum(word in FRENCH for word in words) / len(words)
    english = sum(word in ENGLISH for word in words) / len(words)
    if max(french, english) < MIN_SHARE:
        return ""
    return "fr" if french >= english else "en"
