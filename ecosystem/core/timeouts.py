"""PostgreSQL statement and lock timeouts for each request, by kind of request.

Without them, one session holding a lock on a table the pages read (a
migration, ``LOCK TABLE``, a long transaction) made every request wait on it,
each worker in turn, until gunicorn killed them; ``/healthz`` and even cached
pages timed out behind them. With them a public read gives up after
``DATABASE_LOCK_TIMEOUT`` / ``DATABASE_STATEMENT_TIMEOUT`` milliseconds and the
page answers 503 with ``Retry-After`` (ecosystem/core/errors.py); the admin,
whose saves may wait for a lock, gets longer limits and a page saying that
nothing was saved; ``/healthz`` gets half a second.

The limits are set on the session at the start of each request (when they
change) and when a request opens a connection; only in requests:
management commands (a backup, ``migrate``, ``generate_synthetic``)
keep the server's own settings, no limit by default.
"""

from __future__ import annotations

import contextvars

from django.conf import settings
from django.db import connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import FileResponse, HttpRequest

# /healthz must answer a load balancer within a second.
HEALTH_TIMEOUTS = (500, 500)
ADMIN_PREFIX = "/admin/"
HEALTH_PATH = "/healthz"

# The limits of the request being served; None outside requests.
_current: contextvars.ContextVar[tuple[int, int] | None] = contextvars.ContextVar(
    "database_timeouts", default=None
)


def timeouts_for(request: HttpRequest) -> tuple[int, int]:
    """(statement, lock) timeouts in milliseconds for this request; 0 is no limit."""
    if request.path == HEALTH_PATH:
        return HEALTH_TIMEOUTS
    if request.path.startswith(ADMIN_PREFIX):
        return settings.DATABASE_ADMIN_STATEMENT_TIMEOUT, settings.DATABASE_ADMIN_LOCK_TIMEOUT
    return settings.DATABASE_STATEMENT_TIMEOUT, settings.DATABASE_LOCK_TIMEOUT


def _apply(db, timeouts: tuple[int, int]) -> None:
    """Set the session's limits, unless they are set already (one round trip when they change)."""
    if getattr(db, "portal_timeouts", None) == timeouts:
        return
    statement, lock = timeouts
    try:
        # The driver's cursor: not a query of the page, nor of its query counts.
        with db.connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, false),"
                " set_config('lock_timeout', %s, false)",
                [f"{statement}ms", f"{lock}ms"],
            )
    except db.Database.Error:
        # A connection the server dropped: Django's health check reconnects at
        # the first query, and the new session gets the limits on connection.
        db.portal_timeouts = None
        return
    # Within a transaction (tests) a rollback would undo them: set them again next time.
    db.portal_timeouts = None if db.in_atomic_block else timeouts


@receiver(connection_created)
def _on_connection(sender, connection, **kwargs):
    # A new session starts with the server's settings (no limit by default).
    connection.portal_timeouts = None
    timeouts = _current.get()
    if timeouts is not None and connection.vendor == "postgresql":
        _apply(connection, timeouts)


def _apply_to_open_connections(timeouts: tuple[int, int]) -> None:
    for alias in connections:
        db = connections[alias]
        if db.vendor == "postgresql" and db.connection is not None:
            _apply(db, timeouts)


class DatabaseTimeoutMiddleware:
    """Every PostgreSQL query of the request runs under the request's limits: set on
    the connections kept open from an earlier request, and on those it opens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        timeouts = timeouts_for(request)
        token = _current.set(timeouts)
        try:
            _apply_to_open_connections(timeouts)
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if response.streaming and not isinstance(response, FileResponse):
            # An export queries while it is sent, after this method returned (a
            # file does not, and keeps the server's sendfile).
            response.streaming_content = _streamed(response.streaming_content, timeouts)
        return response


def _streamed(content, timeouts: tuple[int, int]):
    _current.set(timeouts)
    try:
        _apply_to_open_connections(timeouts)
        yield from content
    finally:
        # Not reset(token): the server may close the generator in another context.
        _current.set(None)
