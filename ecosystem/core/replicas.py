"""Read replicas: the public pages read from a replica, everything else from the primary.

With ``DATABASE_REPLICA_URLS`` set, the settings add one database alias per
replica (``replica1``, ``replica2``…). ``ReplicaMiddleware`` lets a request
read from a replica only when it is an anonymous GET or HEAD to a page that is
not the admin; the router then sends that request's reads of public content
(the content apps, ``ecosystem.core.registry``) to a replica, and anything else to the primary:

- writes, and every read after a write in the same request;
- staff (logged in: a session cookie), so that an editor never sees their own
  edit disappear behind the replica's lag;
- sessions, users, lockouts and the rest of Django's own tables;
- management commands, migrations, tests: anything outside a request.

A replica that refuses connections is left aside for ``REPLICA_RETRY_SECONDS``
(logged once), the primary answering in its place. After a content save the
primary waits for the replicas to replay it before the last bump of the
content version (``wait_for_replicas``), so that no page rendered from a
replica's older rows is cached under the new version.
"""

from __future__ import annotations

import contextvars
import logging
import random
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from ecosystem.core.registry import content_table_labels

logger = logging.getLogger(__name__)

REPLICA_RETRY_SECONDS = 10.0
# How long a save waits for the replicas before bumping the version anyway.
REPLICA_WAIT_SECONDS = 5.0

# None: this request (or code outside any request) reads from the primary;
# otherwise the replica it reads from. Reset by ReplicaMiddleware per request.
_replica: contextvars.ContextVar[str | None] = contextvars.ContextVar("replica", default=None)
# A replica that refused a connection, and when to try it again.
_down_until: dict[str, float] = {}


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias != DEFAULT_DB_ALIAS]


def _reachable(alias: str) -> bool:
    if time.monotonic() < _down_until.get(alias, 0):
        return False
    try:
        # Nothing to do when the request's connection is already open.
        connections[alias].ensure_connection()
    except DatabaseError as error:
        if alias not in _down_until:
            logger.warning("Replica %s unavailable (%s); reading from the primary", alias, error)
        _down_until[alias] = time.monotonic() + REPLICA_RETRY_SECONDS
        return False
    if _down_until.pop(alias, None) is not None:
        logger.warning("Replica %s back", alias)
    return True


def choose_replica() -> str | None:
    """A reachable replica, at random (None without replicas or when none answers)."""
    aliases = replica_aliases()
    random.shuffle(aliases)
    return next((alias for alias in aliases if _reachable(alias)), None)


class PrimaryReplicaRouter:
    """Public content reads of a public request to its replica; the rest to the primary."""

    def db_for_read(self, model, **hints):
        replica = _replica.get()
        if replica is None or model._meta.app_label not in content_table_labels():
            return DEFAULT_DB_ALIAS
        return replica

    def db_for_write(self, model, **hints):
        # Every later read of this request sees what it wrote.
        _replica.set(None)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas hold the primary's rows: one database as far as relations go.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def _anonymous(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


class ReplicaMiddleware:
    """Decides, once the URL is resolved, whether this request may read from a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica.set(None)
        try:
            return self.get_response(request)
        finally:
            # A streamed response read later (an export) reads from the primary.
            _replica.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method in ("GET", "HEAD")
            and match is not None
            and "admin" not in match.app_names
            and _anonymous(request)
            and replica_aliases()
        ):
            replica = choose_replica()
            _replica.set(replica)
            if replica is not None:
                logger.debug("%s reads from %s", request.path, replica)
        return None


def wait_for_replicas(timeout: float = REPLICA_WAIT_SECONDS) -> None:
    """Wait until every reachable PostgreSQL replica has replayed the primary's last commit."""
    aliases = [alias for alias in replica_aliases() if connections[alias].vendor == "postgresql"]
    if not aliases or connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        return
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (target,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    for alias in aliases:
        if not _reachable(alias):
            continue
        try:
            with connections[alias].cursor() as cursor:
                while True:
                    # NULL when the alias is no standby: nothing to wait for.
                    cursor.execute(
                        "SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, true)", [target]
                    )
                    if cursor.fetchone()[0] or time.monotonic() > deadline:
                        break
                    time.sleep(0.01)
        except DatabaseError as error:
            logger.warning("Replica %s: could not wait for it to replay (%s)", alias, error)
            continue
        if time.monotonic() > deadline:
            logger.warning("Replica %s lags more than %.0f s behind the primary", alias, timeout)
