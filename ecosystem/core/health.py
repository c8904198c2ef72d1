"""/healthz, for a load balancer: can this machine answer?

503 when the primary database does not answer: the machine cannot serve.
200 otherwise, ``"status": "degraded"`` when a read replica or the cache does
not answer: pages are still served (from the primary, uncached), and since
every machine shares the replicas and the cache, taking the machines out of
the balancer for it would take the whole site down. The body says which part
failed.
"""

import logging

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ecosystem.core.cache_backends import CACHE_ERRORS, FailSafeMixin

logger = logging.getLogger(__name__)


# What /healthz asks each database: it answers within half a second or counts as
# down (ecosystem/core/timeouts.py).
PROBE = "SELECT 1"


def _database_answers(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(PROBE)
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database %s does not answer", alias)
        return False
    return True


def _cache_answers(alias: str) -> bool:
    cache = caches[alias]
    if not isinstance(cache, FailSafeMixin):
        return True  # local memory
    try:
        cache.check()
    except CACHE_ERRORS as error:
        logger.warning("Health check: the cache %s does not answer (%s)", alias, error)
        return False
    return True


def _state(ok: bool) -> str:
    return "ok" if ok else "unavailable"


@never_cache
@require_safe
def healthz(request):
    body = {"status": "ok", "database": _state(_database_answers(DEFAULT_DB_ALIAS))}
    replicas = {alias: _database_answers(alias) for alias in connections if alias != "default"}
    if replicas:
        body["replicas"] = {alias: _state(ok) for alias, ok in replicas.items()}
    cache_ok = all(_cache_answers(alias) for alias in caches)
    body["cache"] = _state(cache_ok)
    if body["database"] != "ok":
        body["status"] = "error"
        return JsonResponse(body, status=503)
    if not cache_ok or not all(replicas.values()):
        body["status"] = "degraded"
    return JsonResponse(body)
