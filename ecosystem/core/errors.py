"""Error answers that hold when the database does not: 503 pages, and JSON for the API.

A database that does not answer (PostgreSQL stopped, restarting, out of
connections) is an outage, not a bug: pages answer ``503 Service Unavailable``
with ``Retry-After`` and a small page in both languages, rendered without a
query; the API answers the same status in JSON. Pages already in the page
cache keep being served. ``/healthz`` names the database itself.

The API never answers HTML: an error page from Django (an unknown address,
a server error, a bad request) under ``/api/`` becomes ``{"detail": …}``, the
shape Django REST framework gives its own errors.
"""

from __future__ import annotations

import json
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# Where config/urls.py mounts the read API.
API_PREFIX = "/api/"
# Seconds a client should wait before trying again: a restart of PostgreSQL.
RETRY_AFTER = 30
# Raised when the database cannot be reached or the connection dropped (psycopg
# and SQLite both report these as OperationalError; a closed connection as
# InterfaceError). A query's own mistake (ProgrammingError, IntegrityError) is
# not an outage and stays a 500.
UNAVAILABLE = (OperationalError, InterfaceError)
# PostgreSQL's codes for a statement_timeout (query_canceled) and a
# lock_timeout (lock_not_available): the database is busy, not down
# (ecosystem/core/timeouts.py).
TIMEOUT_CODES = {"57014", "55P03"}
# A busy database is usually free again within seconds.
RETRY_AFTER_BUSY = 10


def is_timeout(exception: BaseException) -> bool:
    return getattr(exception.__cause__, "pgcode", None) in TIMEOUT_CODES


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def database_unavailable(request: HttpRequest, busy: bool = False) -> HttpResponse:
    """503 with Retry-After: JSON for the API, else the page of templates/503.html.

    ``busy``: a query gave up on a lock or its time limit. An editor is told
    that nothing was saved (templates/admin/database_busy.html)."""
    if is_api(request):
        response = JsonResponse({"detail": "The database is unavailable; retry later."}, status=503)
    elif busy and request.path.startswith("/admin/"):
        response = HttpResponse(render_to_string("admin/database_busy.html"), status=503)
    else:
        # The template reads no variable that could query (no user, no content).
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_BUSY if busy else RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class ErrorResponseMiddleware:
    """503 when the database is down; JSON error bodies under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            is_api(request)
            and response.status_code >= 400
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            # Django's own 400/403/404/500 pages, for an address the router does
            # not know or an error raised outside a DRF view. Rewritten in place so
            # that the security headers set below stay.
            response.content = json.dumps({"detail": response.reason_phrase})
            response["Content-Type"] = "application/json"
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, UNAVAILABLE):
            return None
        busy = is_timeout(exception)
        # One line per request: an outage would otherwise flood the log with
        # identical tracebacks (psycopg's message spans several lines).
        logger.error(
            "Database %s, answered 503: %s %s (%s: %s)",
            "busy (timeout)" if busy else "unavailable",
            request.method,
            request.path,
            type(exception).__name__,
            " ".join(str(exception).split()),
        )
        return database_unavailable(request, busy=busy)
