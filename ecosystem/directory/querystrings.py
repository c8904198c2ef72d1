"""The query strings of a list's links: the filters, the text searched, the order, the page.

Every link of a list (a facet value, an active filter to remove, a sort
order, a page) is the current query string with one parameter changed, so a
visitor never loses a filter by following one.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import QueryDict

# The page: kept when paginating, reset by any other link (a narrower list has
# fewer pages). The order (``sort``, ecosystem/directory/sorting.py) is kept by every link.
PAGE_PARAM = "page"


def _values(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def query_string(params: QueryDict, **changes) -> str:
    """``params`` re-encoded as ``?a=1&a=2``, with ``changes`` applied (None removes).

    A changed parameter keeps its place, a new one comes last. Built from the
    pairs, not from a copy of ``params``: a facets panel builds some 170 links.
    """
    pairs = [
        (name, value)
        for name, values in params.lists()
        for value in (_values(changes[name]) if name in changes else values)
        if value != ""
    ]
    pairs += [
        (name, item)
        for name, value in changes.items()
        if name not in params
        for item in _values(value)
        if item != ""
    ]
    return "?" + urlencode(pairs) if pairs else "?"


def toggle_query(params: QueryDict, name: str, value: str) -> str:
    """Add ``value`` to the ``name`` filter, or remove it if present; back to page 1."""
    values = [item for item in params.getlist(name) if item]
    values = [item for item in values if item != value] if value in values else [*values, value]
    return query_string(params, **{name: values or None, PAGE_PARAM: None})
