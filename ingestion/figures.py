"""Figures in a sentence: a number in any common writing, with its unit.

« 30 500 € », « 7.000 membres », « 11,1% », « 3,6 millions d'habitants »,
« €90 million », « 30,000 hectares », « quatre plateformes », « 16 844 Km2 ».
A year (« en 2013 », « 1999-2005 ») is not a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

WORDS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "douze": 12, "quinze": 15, "vingt": 20, "cent": 100, "mille": 1000,
    "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "hundred": 100, "thousand": 1000,
}  # fmt: skip
SCALES = {
    "million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9,
    "billion": 10**9, "billions": 10**9, "mio": 10**6, "mrd": 10**9, "k": 10**3,
}  # fmt: skip
UNITS = (
    r"%|€\s?/\s?an|€|eur(?:os?)?\b|euros?\b|\$|hectares?\b|ha\b|m²|m2\b|km²|km2\b"
    r"|emplois?\b|jobs?\b|membres?\b|members?\b|entreprises?\b|companies\b|firms?\b"
    r"|participants?\b|habitants?\b|inhabitants?\b|projets?\b|projects?\b|pôles?\b"
    r"|clusters?\b|grappes?\b|start-ups?\b|startups?\b|brevets?\b|patents?\b"
    r"|innovations?\b|fédérations?\b|pays\b|countries\b|ans\b|years\b|langues?\b"
    r"|régions?\b|regions?\b|plateformes?\b|platforms?\b|axes?\b|salariés?\b|employees?\b"
    r"|chercheurs?\b|researchers?\b|places?\b|rang\b|tonnes?\b|mw\b|gwh\b|mwh\b"
)
NUMBER = r"\d{1,3}(?:[  .,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
SPELLED = "|".join(sorted(WORDS, key=len, reverse=True))
FIGURE = re.compile(
    rf"(?P<currency>€\s?)?(?<![\w.,])(?P<number>{NUMBER}|(?:{SPELLED})\b)"
    rf"(?:\s?(?:ème|e|er|th|st|nd|rd)\b)?"
    rf"(?:\s?(?P<scale>millions?|milliards?|billions?|mio|mrd)\b)?"
    rf"(?:\s?(?:d['’]\s?|de\s|of\s)?)"
    rf"(?P<unit>{UNITS})?(?:\s?/\s?(?:an|year))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    value: Decimal
    unit: str
    text: str  # the words of the figure, as written


def find(sentence: str) -> list[Figure]:
    figures = []
    for match in FIGURE.finditer(sentence):
        value = _value(match.group("number"))
        if value is None:
            continue
        if match.group("scale"):
            value *= SCALES[match.group("scale").lower()]
        unit = (match.group("unit") or "").strip()
        if match.group("currency"):
            unit = "€"
        if not unit or _is_year(value, match, sentence):
            continue
        words = match.group().strip()
        if "/" in words and "€" in unit:
            unit = "€/an"
        figures.append(Figure(value.normalize(), _unit(unit), words))
    return figures


def _unit(unit: str) -> str:
    unit = unit.lower().replace(" ", "")
    return {"m2": "m²", "km2": "km²", "ha": "hectares", "eur": "€", "euro": "€", "euros": "€",
            "$": "$"}.get(unit, unit)  # fmt: skip


def _value(number: str) -> Decimal | None:
    lowered = number.lower()
    if lowered in WORDS:
        return Decimal(WORDS[lowered])
    digits = number.replace(" ", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        digits = re.sub(r"[.,]", "", digits)  # « 7.000 », « 30,000 »: thousands
    else:
        digits = digits.replace(",", ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _is_year(value: Decimal, match, sentence: str) -> bool:
    if not (1900 <= value <= 2100 and value == int(value)) or match.group("scale"):
        return False
    return match.group("unit") is None or match.group("unit").lower() in ("ans", "years")
