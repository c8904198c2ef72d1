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
import hashlib
import itertools
import json
import logging
import os
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django_filters import FilterSet

from ecosystem.core.cache import TIMEOUT, content_version
from ecosystem.core.models import public_excerpts

logger = logging.getLogger(__name__)

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

    def _filters(self, request: HttpRequest) -> FilterSet:
        """The list's FilterSet for this request, built once (its validation queries)."""
        built = request.__dict__.setdefault("_export_filtersets", {})
        if self.key not in built:
            # Bound only when the query string has something, as on the page;
            # invalid values are left out of cleaned_data and thus ignored.
            built[self.key] = self.filterset(
                request.GET or None, queryset=self.model.objects.published(), request=request
            )
        return built[self.key]

    def narrows(self, request: HttpRequest) -> bool:
        """Whether the query string selects other rows than the full list: unknown
        parameters and invalid values do not (the page ignores them too)."""
        if not request.GET or self.filterset is None:
            return False
        form = self._filters(request).form
        form.is_valid()
        return any(
            value is not None and value != "" and not (hasattr(value, "__len__") and not len(value))
            for value in form.cleaned_data.values()
        )

    def rows(self, request: HttpRequest) -> tuple[list[str], Iterator[list]]:
        """Column names and the filtered rows, exactly as the list page would select them."""
        queryset = self.model.objects.published()
        if self.filterset is not None:
            queryset = self._filters(request).qs
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
    except GeneratorExit:
        raise  # the client left: nothing more can be sent
    except BaseException:
        # BaseException: gunicorn's worker timeout raises SystemExit mid-file.
        yield ending
        raise


def export(request: HttpRequest, dataset: Dataset, fmt: str) -> HttpResponse:
    """The list as CSV or JSON: a full export from its file, a filtered one streamed."""
    if not dataset.narrows(request):
        return full_export(request, dataset, fmt)
    if not _live_streams.acquire(blocking=False):
        return busy(RETRY_AFTER_STREAM)
    slot = _Slot()
    try:
        response = streamed_export(request, dataset, fmt)
    except BaseException:
        slot.release()
        raise
    # Freed when the server closes the response, or when it is dropped unread.
    response._resource_closers.append(slot.release)
    weakref.finalize(response, slot.release)
    return response


class _Slot:
    """One of the LIVE_STREAMS, released once whatever calls it first."""

    def __init__(self):
        self._held = True

    def release(self):
        if self._held:
            self._held = False
            _live_streams.release()


def streamed_export(request: HttpRequest, dataset: Dataset, fmt: str) -> StreamingHttpResponse:
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
    stream = _ended_on_failure(file_content(request, dataset, fmt), INCOMPLETE_ENDINGS[fmt])
    response = StreamingHttpResponse(stream, content_type=CONTENT_TYPES[fmt])
    return _described(response, request, dataset, fmt)


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def _source(request: HttpRequest, dataset: Dataset) -> str:
    source = request.build_absolute_uri(reverse(dataset.view))
    if request.GET:
        source += "?" + request.GET.urlencode()
    return source


def file_content(request: HttpRequest, dataset: Dataset, fmt: str) -> Iterator[str]:
    """The export's text, in pieces; its first row already fetched (see ``export``)."""
    names, rows = dataset.rows(request)
    rows = _started(rows)
    if fmt == "csv":
        return csv_stream(names, rows)
    header = {
        "license": {"name": DATA_LICENSE, "url": DATA_LICENSE_URL},
        "attribution": ATTRIBUTION,
        "source": _source(request, dataset),
        "generated": timezone.now().isoformat(timespec="seconds"),
    }
    return json_stream(header, names, rows)


def _described(response, request: HttpRequest, dataset: Dataset, fmt: str):
    """The file name and the licence's headers."""
    filename = f"{FILE_PREFIX}-{dataset.path}-cc-by-4.0.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Data-License"] = f"{DATA_LICENSE} {DATA_LICENSE_URL}"
    source = _source(request, dataset)
    response["Link"] = f'<{DATA_LICENSE_URL}>; rel="license", <{source}>; rel="alternate"'
    # Open data: any site may fetch it from a browser (no cookies are involved).
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- Full exports: a file per content version ------------------------------------------
#
# A full export at 100,000 actors takes minutes to write (1,000 to 1,300 rows a
# second: each row's columns, excerpts and addresses in Python); streamed, it
# held a worker until gunicorn's timeout cut it. So a full export (no query
# string) is written to a file once per content version and served from it,
# with its length. A list small enough (FULL_EXPORT_LIVE_ROWS) is streamed to
# its first visitor while the file is written; a longer one is written by a
# thread in the background, the previous file being served meanwhile (its JSON
# says when it was generated), or a 503 with Retry-After the first time.

# Rows up to which a missing file is written while streamed to the visitor.
FULL_EXPORT_LIVE_ROWS = 5000
# A file older than this is written again even if no save bumped the version
# (bulk updates send no signal), as the caches' entries expire.
FULL_EXPORT_MAX_AGE = TIMEOUT
RETRY_AFTER_BUILD = 60
RETRY_AFTER_STREAM = 10
# Filtered exports streamed at once by one process: the others wait (503), so
# that exports never take every thread that /healthz and the pages need.
LIVE_STREAMS = 2
_live_streams = threading.BoundedSemaphore(LIVE_STREAMS)
# Files being written by this process (the cache tells the other processes).
_building: dict[str, threading.Thread] = {}
_building_lock = threading.Lock()


def export_dir() -> Path:
    return Path(settings.PORTAL_EXPORT_DIR)


def _file_stem(request: HttpRequest, dataset: Dataset, fmt: str) -> str:
    """The file's name without its version: dataset, format, what the rows' addresses
    depend on (scheme, host, language) and the database (two sites, one folder)."""
    database = settings.DATABASES[DEFAULT_DB_ALIAS]
    where = (
        f"{request.scheme}://{request.get_host()}|{translation.get_language()}"
        f"|{database.get('HOST')}/{database['NAME']}"
    )
    return f"{dataset.key}-{fmt}-{hashlib.sha256(where.encode()).hexdigest()[:16]}"


def _newest(stem: str) -> tuple[int, Path] | None:
    """The newest complete file of ``stem`` and its content version."""
    found = []
    for candidate in export_dir().glob(f"{stem}-*.export"):
        version = candidate.name.removeprefix(f"{stem}-").removesuffix(".export")
        if version.isdigit():
            found.append((int(version), candidate))
    return max(found, default=None)


def _file_response(file, request: HttpRequest, dataset: Dataset, fmt: str):
    response = FileResponse(file, content_type=CONTENT_TYPES[fmt])
    return _described(response, request, dataset, fmt)


def busy(retry_after: int) -> HttpResponse:
    response = HttpResponse(
        "Export en préparation ou trop de téléchargements en cours : réessayez dans "
        f"{retry_after} secondes.\nExport being prepared or too many downloads at once: "
        f"try again in {retry_after} seconds.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def full_export(request: HttpRequest, dataset: Dataset, fmt: str) -> HttpResponse:
    # The file is the list's whole, whatever else the query string held.
    request = _BuildRequest(request.scheme, request.get_host())
    stem = _file_stem(request, dataset, fmt)
    version = content_version()
    newest = _newest(stem)
    previous = None
    if newest is not None:
        file_version, file = newest
        try:
            # Opened now: a build that ends meanwhile removes it, not what is read.
            previous = file.open("rb")
        except FileNotFoundError:
            pass
        else:
            fresh = time.time() - os.fstat(previous.fileno()).st_mtime < FULL_EXPORT_MAX_AGE
            if file_version == version and fresh:
                return _file_response(previous, request, dataset, fmt)
    if dataset.model.objects.published().count() <= FULL_EXPORT_LIVE_ROWS:
        if previous is not None:
            previous.close()
        response = streamed_export(request, dataset, fmt)
        target = export_dir() / f"{stem}-{version}.export"
        response.streaming_content = _kept(response.streaming_content, target, stem)
        return response
    _build_in_background(request, dataset, fmt, stem, version)
    if previous is not None:
        return _file_response(previous, request, dataset, fmt)
    return busy(RETRY_AFTER_BUILD)


def _kept(stream: Iterator[bytes], target: Path, stem: str) -> Iterator[bytes]:
    """The stream, also written to ``target``: renamed into place once complete only."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".partial")
    complete = False
    try:
        with os.fdopen(handle, "wb") as file:
            for chunk in stream:
                file.write(chunk)
                yield chunk
        complete = True
    finally:
        if complete:
            os.replace(partial, target)
            _remove_older(stem, keep=target)
        else:
            os.unlink(partial)


def _remove_older(stem: str, keep: Path) -> None:
    for old in export_dir().glob(f"{stem}-*.export"):
        if old != keep:
            old.unlink(missing_ok=True)


class _BuildRequest(HttpRequest):
    """The request a file is written for, outside any request: its scheme and host."""

    def __init__(self, scheme: str, host: str):
        super().__init__()
        self._scheme, self._host = scheme, host

    @property
    def scheme(self):
        return self._scheme

    def get_host(self):
        return self._host


def _build_in_background(request, dataset: Dataset, fmt: str, stem: str, version: int) -> None:
    lock = f"portal:export-build:{stem}"
    with _building_lock:
        running = _building.get(stem)
        if running is not None and running.is_alive():
            return
        # False: another process writes it. None: no cache to ask, write it.
        if cache.add(lock, 1, timeout=FULL_EXPORT_MAX_AGE * 4) is False:
            return
        thread = threading.Thread(
            target=_build_in_own_thread,
            args=(
                _BuildRequest(request.scheme, request.get_host()),
                translation.get_language(),
                dataset,
                fmt,
                stem,
                version,
                lock,
            ),
            name=f"export-{stem}",
            daemon=True,
        )
        _building[stem] = thread
        thread.start()


def _build_in_own_thread(*args) -> None:
    try:
        _build(*args)
    finally:
        connections.close_all()


def _build(request, language, dataset, fmt, stem, version, lock) -> None:
    start = time.monotonic()
    target = export_dir() / f"{stem}-{version}.export"
    database = connections[DEFAULT_DB_ALIAS]
    outermost = not database.in_atomic_block
    try:
        with translation.override(language), transaction.atomic():
            # One snapshot for the whole file, as the backup's.
            if database.vendor == "postgresql" and outermost:
                with database.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            chunks = (piece.encode("utf-8") for piece in file_content(request, dataset, fmt))
            for _ in _kept(chunks, target, stem):
                pass
        logger.info("Export %s written in %.1f s", target.name, time.monotonic() - start)
    except Exception:
        logger.exception("Export %s could not be written", target.name)
    finally:
        cache.delete(lock)


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
