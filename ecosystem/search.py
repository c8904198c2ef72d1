"""Site-wide search: one entry point, two engines.

``match_queryset`` narrows any content queryset to the records that match a
free-text query. On SQLite every word of the query must appear in the
record's normalised ``search_text`` (case- and accent-insensitive). The
PostgreSQL engine (full text with a French unaccent configuration) plugs in
here so that callers never need to know which database runs.
"""

from django.db.models import Q, QuerySet

from .text import normalise

MAX_QUERY_LENGTH = 200


def clean_query(raw: str | None) -> str:
    """The query as text: control characters removed, cut to a sane length."""
    from .text import strip_controls

    return strip_controls(raw or "")[:MAX_QUERY_LENGTH]


def query_words(query: str) -> list[str]:
    return [word for word in normalise(query).split() if word]


def match_queryset(queryset: QuerySet, query: str) -> QuerySet:
    """Records of ``queryset`` whose search text contains every word of ``query``."""
    words = query_words(clean_query(query))
    if not words:
        return queryset
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return queryset.filter(condition)
