"""CSV and JSON downloads of public lists, through each list's own FilterSet.

The machinery only: each app declares its datasets (``actors/exports.py``,
``clusters/exports.py``, ``ecosystem/exports.py``) and ``config/urls.py``
mounts them with ``export_urls``.

``/actors/export.csv?domain=hydrogene&pillar=corporate`` gives the rows of
``/actors/?domain=hydrogene&pillar=corporate`` — all of them, not one page:
the same FilterSet, the same ``.published()`` base, invalid values ignored as
on the page. Related records are given by slug (several joined by ``|`` in
CSV, as lists in JSON) and only when published: every relation is prefetched
from a published queryset, so a draft never leaves, even as a neighbour.

Both formats stream, one prefetch query per relation per chunk of rows, so
the number of queries does not grow with the rows of one chunk.

The data licence travels with every file: in the file name, in an
``X-Data-License`` header and a ``Link: rel="license"`` header, and in JSON
as ``{"license": …, "source": …, "results": […]}``. The CSV has no comment
line: CSV has no comment syntax, and spreadsheets and parsers would read it
as the header row. It starts with a UTF-8 byte order mark so that
spreadsheets read accented names correctly.

A database that does not answer must not give a ``200`` and a file cut after
its header: the first chunk of rows is fetched before the response starts, so
the error reaches the 503 page (ecosystem/core/errors.py); a failure later on
ends the file with a line that says it is incomplete and breaks the JSON.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django_filters import FilterSet

from ecosystem.core.models import public_excerpts

DATA_LICENSE = "CC BY 4.0"
DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Portail cleantech wallon — données extraites de documents publics, sources citées"
FILE_PREFIX = "cleantech-wallonie"
# Rows fetched per query; each chunk runs the relation prefetches once more.
CHUNK_SIZE = 1000
FORMATS = ("csv", "json")


# --- Columns -------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    get: Callable[[Any], Any]


def value(name: str, attr: str | None = None) -> Column:
    """A field of the record itself."""
    attr = attr or name
    return Column(name, lambda obj: getattr(obj, attr))


def translated(name: str) -> tuple[Column, Column]:
    """A translated field in both languages, whatever the request's: ``name`` (French),
    ``name_en`` (English, empty where not translated yet)."""
    return (
        Column(name, lambda obj: getattr(obj, f"{name}_{settings.LANGUAGE_CODE}") or ""),
        Column(f"{name}_en", lambda obj: getattr(obj, f"{name}_en") or ""),
    )


def one(name: str, attr: str | None = None) -> Column:
    """A foreign key, as the slug of the related record (prefetched published, else None)."""
    attr = attr or name

    def get(obj):
        related = getattr(obj, attr)
        return related.slug if related is not None else None

    return Column(name, get)


def many(name: str, attr: str | None = None, key: str = "slug") -> Column:
    """A many-to-many relation, as the slugs of its (prefetched, published) records."""
    attr = attr or name
    return Column(name, lambda obj: [getattr(item, key) for item in getattr(obj, attr).all()])


def page_url(request: HttpRequest) -> Column:
    """The record's public page, as an absolute address."""
    return Column("url", lambda obj: request.build_absolute_uri(obj.get_absolute_url()))


# Every cited record ends with its sources, then its evidence: the excerpts
# ({"source": slug, "text": words}) and, for the team's deductions, the reasoning.
SOURCES = many("sources")
EVIDENCE = (
    # Keys in a fixed order: PostgreSQL's jsonb stores them in its own.
    # A draft document's words are left out, as on the page.
    Column(
        "excerpts",
        lambda obj: [{"source": e["source"], "text": e["text"]} for e in public_excerpts(obj)],
    ),
    *translated("inference"),
)


# --- Datasets ------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """One public list: its URL name and path, model, FilterSet, columns and query shape."""

    view: str  # the list's URL name ("actors:actor_list")
    path: str  # the list's path, without slashes: the export lives at <path>/export.<fmt>
    model: type[Model]
    columns: Callable[[HttpRequest], list[Column]]
    filterset: type[FilterSet] | None = None
    # What the rows need once filtered: a narrower selection, counts, and the
    # relations the columns read, prefetched with ``with_public``.
    shape: Callable[[QuerySet], QuerySet] = field(default=lambda queryset: queryset)

    @property
    def key(self) -> str:
        """The list's URL name without namespace; the exports are named after it."""
        return self.view.split(":")[-1]

    def rows(self, request: HttpRequest) -> tuple[list[str], Iterator[list]]:
        """Column names and the filtered rows, exactly as the list page would select them."""
        queryset = self.model.objects.published()
        if self.filterset is not None:
            # Bound only when the query string has something, as on the page;
            # invalid values are left out of cleaned_data and thus ignored.
            queryset = self.filterset(request.GET or None, queryset=queryset, request=request).qs
        queryset = self.shape(queryset)
        columns = self.columns(request)
        names = [column.name for column in columns]
        rows = (
            [column.get(obj) for column in columns]
            for obj in queryset.iterator(chunk_size=CHUNK_SIZE)
        )
        return names, rows


# --- Rendering -----------------------------------------------------------------------


def plain_value(data):
    """A cell as JSON can hold it: numbers stay numbers, dates become ISO 8601 text."""
    if isinstance(data, Decimal):
        return int(data) if data == data.to_integral_value() else float(data)
    if isinstance(data, datetime):
        return timezone.localtime(data).isoformat() if timezone.is_aware(data) else data.isoformat()
    if isinstance(data, date):
        return data.isoformat()
    return data


# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(data) -> str:
    data = plain_value(data)
    if data is None:
        return ""
    if isinstance(data, list):
        # An excerpt reads «source-slug: words».
        data = "|".join(
            ": ".join(map(str, item.values())) if isinstance(item, dict) else str(item)
            for item in data
        )
    if isinstance(data, bool | int | float):
        return str(data)
    data = str(data)
    # Neutralise formula injection: a leading quote makes spreadsheets show text.
    return "'" + data if data.startswith(FORMULA_STARTS) else data


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a stream."""

    def write(self, line):
        return line


def csv_stream(names: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(names)
    for row in rows:
        yield writer.writerow([csv_cell(cell) for cell in row])


def json_stream(header: dict, names: list[str], rows: Iterable[list]) -> Iterator[str]:
    opening = json.dumps(header, ensure_ascii=False)
    yield opening[:-1] + ', "results": ['
    for index, row in enumerate(rows):
        record = {name: plain_value(cell) for name, cell in zip(names, row, strict=True)}
        yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"


INCOMPLETE = (
    "EXPORT INCOMPLET : erreur du serveur, téléchargez à nouveau. "
    "INCOMPLETE EXPORT: server error, download again."
)
# What ends a file whose rows stopped coming. CSV has no error syntax: a last
# row of one cell says it in words. In JSON, bare text inside the results
# array: no parser (nor a streaming one, record by record) can take the file
# as complete, and a person opening it reads why.
INCOMPLETE_ENDINGS = {
    "csv": csv.writer(_Echo()).writerow([INCOMPLETE]),
    "json": f"\n<<< {INCOMPLETE} >>>\n",
}


def _started(rows: Iterator[list]) -> Iterator[list]:
    """The rows, the first one already fetched: a database error raises here, not mid-file."""
    first = list(itertools.islice(rows, 1))
    return itertools.chain(first, rows)


def _ended_on_failure(stream: Iterator[str], ending: str) -> Iterator[str]:
    try:
        yield from stream
    except Exception:
        yield ending
        raise


def export(request: HttpRequest, dataset: Dataset, fmt: str) -> StreamingHttpResponse:
    """The whole filtered list as CSV or JSON, streamed, with its licence.

    The first chunk of rows is fetched here, before any byte is sent: a database
    that does not answer gives the 503 page instead of a 200 with a header row.
    A failure once the stream has begun ends it with INCOMPLETE_ENDINGS and
    then raises again, so that the server aborts the
    connection: with HTTP/1.1's chunked framing the final empty chunk never goes
    out, and every client reports a truncated transfer; with HTTP/1.0, where the
    end of the connection is the end of the file, the line and the invalid JSON
    still tell.
    """
    names, rows = dataset.rows(request)
    rows = _started(rows)
    source = request.build_absolute_uri(reverse(dataset.view))
    if request.GET:
        source += "?" + request.GET.urlencode()
    if fmt == "csv":
        stream = csv_stream(names, rows)
        content_type = "text/csv; charset=utf-8"
    else:
        header = {
            "license": {"name": DATA_LICENSE, "url": DATA_LICENSE_URL},
            "attribution": ATTRIBUTION,
            "source": source,
            "generated": timezone.now().isoformat(timespec="seconds"),
        }
        stream = json_stream(header, names, rows)
        content_type = "application/json; charset=utf-8"
    stream = _ended_on_failure(stream, INCOMPLETE_ENDINGS[fmt])
    response = StreamingHttpResponse(stream, content_type=content_type)
    filename = f"{FILE_PREFIX}-{dataset.path}-cc-by-4.0.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Data-License"] = f"{DATA_LICENSE} {DATA_LICENSE_URL}"
    response["Link"] = f'<{DATA_LICENSE_URL}>; rel="license", <{source}>; rel="alternate"'
    # Open data: any site may fetch it from a browser (no cookies are involved).
    response["Access-Control-Allow-Origin"] = "*"
    return response


def export_urls(datasets: Iterable[Dataset]) -> list[URLPattern]:
    """``<path>/export.csv`` and ``.json`` of each dataset, named ``<list name>_<format>``.

    Mounted under the "exports" namespace: ``{% url "exports:actor_list_csv" %}``
    is /actors/export.csv.
    """
    return [
        path(
            f"{dataset.path}/export.{fmt}",
            export,
            {"dataset": dataset, "fmt": fmt},
            name=f"{dataset.key}_{fmt}",
        )
        for dataset in datasets
        for fmt in FORMATS
    ]
