"""Site-wide search: one entry point, two engines.

Each record keeps its normalised words twice: French in ``search_text``,
English in ``search_text_en``; a query finds a record through either, so
« hydrogen » and « hydrogène » both find the hydrogen domain, on either site.

PostgreSQL (production): full-text search with ``french_unaccent`` and
``english_unaccent`` — copies of the ``french`` and ``english`` configurations
that strip accents before stemming — on those texts (GIN-indexed, see the
search migrations), ``websearch`` syntax (quotes, ``-`` to exclude), ranking
that puts name matches first, and pg_trgm "did you mean" suggestions.

SQLite (embedded default): every term of the query must appear in one of the
normalised texts, so case and accents never matter; a light plural folding
stands in for stemming and difflib for the typo suggestions.

Callers only use ``match_queryset``, ``rank_queryset``, ``search_site`` and
``suggest``, with the kinds of record to search; they never need to know
which database runs.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When, Window
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ecosystem.core.i18n import active_language, title_order
from ecosystem.core.text import normalise, search_words, strip_controls

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Each record keeps its words in both languages, each stemmed with its own rules.
SEARCH_TEXTS = (("search_text", "french_unaccent"), ("search_text_en", "english_unaccent"))
SNIPPET_LENGTH = 180

_TERM = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')


def clean_query(raw: str | None) -> str:
    """The query as plain text: control characters removed, cut to a sane length."""
    return strip_controls(str(raw or ""))[:MAX_QUERY_LENGTH].strip()


@dataclass
class ParsedQuery:
    """The query split the way ``websearch_to_tsquery`` reads it."""

    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)

    @property
    def highlight_words(self) -> list[str]:
        return [word for term in self.include for word in term.split()]

    def as_websearch(self) -> str:
        """The query rebuilt for ``websearch_to_tsquery``, cut like the stored text."""
        include = [f'"{term}"' if " " in term else term for term in self.include]
        exclude = [f'-"{term}"' for term in self.exclude]
        return " ".join(include + exclude)


_LONG_NUMBER = re.compile(r"\d{5,}")
_THOUSANDS = re.compile(r"(\d{1,3})k")


def number_as_written(term: str) -> str:
    """A number as the documents write it, their thousands apart: « 400000 » and « 400k »
    are « 400 000 », the words a stored « 400 000 », « 400.000 » or « 400,000 » became.
    Four digits stay as they are: mostly a year."""
    if _LONG_NUMBER.fullmatch(term):
        head = len(term) % 3 or 3
        return " ".join([term[:head], *(term[i : i + 3] for i in range(head, len(term), 3))])
    thousands = _THOUSANDS.fullmatch(term)
    if thousands:
        return f"{thousands.group(1)} 000"
    return term


def parse_query(query: str) -> ParsedQuery:
    parsed = ParsedQuery()
    for quoted_minus, phrase, minus, word in _TERM.findall(normalise(query))[:MAX_TERMS]:
        text = number_as_written(search_words(phrase if phrase else word))
        if not text or text == "or":
            continue
        (parsed.exclude if (quoted_minus or minus) else parsed.include).append(text)
    return parsed


def _fold_plural(term: str) -> str:
    # A stand-in for stemming on SQLite: « plastiques » finds « plastique ».
    if " " not in term and len(term) > 4 and term[-1] in "sx":
        return term[:-1]
    return term


def is_postgres(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def _pg_query(parsed: ParsedQuery, config: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(parsed.as_websearch(), config=config, search_type="websearch")


def _pg_document(field_name: str, config: str):
    from django.contrib.postgres.search import SearchVector

    # Must stay identical to the expression of the GIN indexes.
    return SearchVector(field_name, config=config)


def title_field_of(model, field: str) -> str:
    """The column of ``field`` in the reader's language when the field is translated."""
    translated = f"{field}_{active_language()}"
    return translated if hasattr(model, translated) else field


def match_queryset(queryset: QuerySet, raw_query: str | None) -> QuerySet:
    """Records of ``queryset`` matching the query; the queryset itself for an empty query."""
    query = clean_query(raw_query)
    parsed = parse_query(query)
    if not parsed.include:
        # Nothing to look for: no filter for an empty query, no match for « % » or « - ».
        return queryset if not query else queryset.none()
    if is_postgres(queryset):
        documents, either = {}, Q()
        for field, config in SEARCH_TEXTS:
            documents[f"document_{field}"] = _pg_document(field, config)
            either |= Q(**{f"document_{field}": _pg_query(parsed, config)})
        return queryset.alias(**documents).filter(either)
    # SQLite: every term in the French words or every term in the English ones.
    either = Q()
    for field, _config in SEARCH_TEXTS:
        condition = Q()
        for term in parsed.include:
            condition &= Q(**{f"{field}__contains": _fold_plural(term)})
        for term in parsed.exclude:
            condition &= ~Q(**{f"{field}__contains": term})
        either |= condition
    return queryset.filter(either)


def rank_queryset(queryset: QuerySet, raw_query: str | None, title_field: str = "name"):
    """Order matching records best first: a match in the name outranks one in the text."""
    query = clean_query(raw_query)
    parsed = parse_query(query)
    if not parsed.include:
        return queryset
    title = title_field_of(queryset.model, title_field)
    if is_postgres(queryset):
        from django.contrib.postgres.search import SearchRank, SearchVector

        # The reader's stemming for the title; each text with its own language's.
        reader_text = "search_text_en" if active_language() == "en" else "search_text"
        config = dict(SEARCH_TEXTS)[reader_text]
        pg_query = _pg_query(parsed, config)
        vector = SearchVector(title, config=config, weight="A")
        for field, field_config in SEARCH_TEXTS:
            vector += SearchVector(field, config=field_config, weight="D")
        return queryset.annotate(search_rank=SearchRank(vector, pg_query)).order_by(
            "-search_rank", title_order()
        )
    first = _fold_plural(parsed.include[0])
    return queryset.annotate(
        search_rank=Case(
            When(Q(search_text__startswith=first) | Q(search_text_en__startswith=first), then=2),
            When(
                Q(search_text__contains=" " + first) | Q(search_text_en__contains=" " + first),
                then=1,
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("-search_rank", title_order())


# --- Searching several kinds of record -------------------------------------------------


@dataclass(frozen=True)
class SearchType:
    """One kind of record the site searches (the site declares its list: ecosystem.pages.search)."""

    key: str
    label: str
    model: type
    text_fields: tuple[str, ...]
    title_field: str = "name"
    select_related: tuple[str, ...] = ()


@dataclass
class SearchHit:
    """What a result shows, and nothing more: the groups are cached (no record in them)."""

    title: str
    url: str
    snippet: SafeString


@dataclass
class SearchGroup:
    search_type: SearchType
    count: int
    hits: list[SearchHit]


def search_type_queryset(search_type: SearchType, query: str) -> QuerySet:
    """Published records of one type matching the query, best first."""
    queryset = search_type.model.objects.published()
    if search_type.select_related:
        queryset = queryset.select_related(*search_type.select_related)
    matched = match_queryset(queryset, query)
    return rank_queryset(matched, query, search_type.title_field)


def make_hit(search_type: SearchType, record, query: str) -> SearchHit:
    texts = [str(getattr(record, name, "") or "") for name in search_type.text_fields]
    return SearchHit(
        title=str(getattr(record, search_type.title_field)),
        url=record.get_absolute_url(),
        snippet=snippet(texts, parse_query(query).highlight_words),
    )


def search_site(
    raw_query: str | None, types: tuple[SearchType, ...], per_type: int = 5
) -> list[SearchGroup]:
    """Every type with at least one match: its count and its best ``per_type`` hits.

    One query per type, whatever the content size and whichever types match:
    the best hits, each carrying the number of matches (``COUNT(*) OVER ()``).
    """
    query = clean_query(raw_query)
    if not parse_query(query).include:
        return []
    groups = []
    for search_type in types:
        queryset = search_type_queryset(search_type, query)
        records = list(queryset.annotate(search_total=Window(Count("pk")))[:per_type])
        if records:
            hits = [make_hit(search_type, record, query) for record in records]
            groups.append(SearchGroup(search_type, records[0].search_total, hits))
    return groups


# --- "Did you mean" -----------------------------------------------------------------


# A name is a few words: the trigram similarity of a longer query with every
# name cost 4 s at 100,000 actors for 12 words (issue 25 #13), to suggest nothing.
MAX_SUGGESTED_WORDS = 4


def suggest(raw_query: str | None, types: tuple[SearchType, ...], limit: int = 5) -> list[str]:
    """Names close to a mistyped query (« Wagralin » → « Wagralim »), of a few words."""
    query = clean_query(raw_query)
    if len(query) < 3 or len(query.split()) > MAX_SUGGESTED_WORDS:
        return []
    candidates: list[tuple[float, str]] = []
    for search_type in types:
        queryset = search_type.model.objects.published()
        title = title_field_of(search_type.model, search_type.title_field)
        if is_postgres(queryset):
            candidates.extend(_pg_similar_names(queryset, query, title, limit))
        else:
            candidates.extend(_similar_names(queryset, query, title, limit))
    seen, names = set(), []
    for _score, name in sorted(candidates, key=lambda item: -item[0]):
        if name.casefold() not in seen and normalise(name) != normalise(query):
            seen.add(name.casefold())
            names.append(name)
    return names[:limit]


def _pg_similar_names(queryset, query, title_field, limit):
    from django.contrib.postgres.search import TrigramWordSimilarity

    rows = (
        queryset.filter(**{f"{title_field}__trigram_word_similar": query})
        .annotate(similarity=TrigramWordSimilarity(query, title_field))
        .order_by("-similarity")
        .values_list("similarity", title_field)[:limit]
    )
    return list(rows)


def _similar_names(queryset, query, title_field, limit):
    names = list(queryset.values_list(title_field, flat=True))
    by_normal = {}
    for name in names:
        by_normal.setdefault(normalise(name), name)
        for word in normalise(name).split():
            if len(word) > 3:
                by_normal.setdefault(word, name)
    target = normalise(query)
    matches = difflib.get_close_matches(target, list(by_normal), n=limit, cutoff=0.75)
    return [(difflib.SequenceMatcher(None, target, m).ratio(), by_normal[m]) for m in matches]


# --- Snippets --------------------------------------------------------------------------


def _normalised_with_positions(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, its index in ``text``."""
    chars, positions = [], []
    for index, char in enumerate(text):
        for normal_char in normalise(char) if not char.isspace() else " ":
            chars.append(normal_char)
            positions.append(index)
    return "".join(chars), positions


def snippet(texts: list[str], words: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """A short excerpt of the first text where a query word matched, words in ``<mark>``."""
    stems = [_fold_plural(word)[: max(4, len(word) - 2)] for word in words if word]
    for text in texts:
        normal, positions = _normalised_with_positions(text)
        spans = []
        for stem in stems:
            for found in re.finditer(r"\b" + re.escape(stem) + r"\w*", normal):
                spans.append((positions[found.start()], positions[found.end() - 1] + 1))
        if spans:
            return _render_excerpt(text, sorted(spans), length)
    fallback = next((text for text in texts[1:] if text), texts[0] if texts else "")
    return _render_excerpt(fallback, [], length)


def _render_excerpt(text: str, spans: list[tuple[int, int]], length: int) -> SafeString:
    start = max(0, spans[0][0] - length // 3) if spans else 0
    end = min(len(text), start + length)
    parts, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)
