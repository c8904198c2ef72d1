"""Cache backends that fail safe: a cache that fails is a cache that is not there.

The portal's caches (facet counts, search groups, whole pages, the API
throttle, the content version) only make it faster. When the cache fails — a
Redis server stopped, unreachable, hung or out of memory, a cache folder full,
read-only or impossible to create — every operation answers as a cache miss
(``get`` gives the default, ``set`` stores nothing), so pages are rendered live
and saves go through; the rate limits count nothing. The first
failure of an episode is logged (one warning, not one per request); for the
next ``RETRY_SECONDS`` the cache is not asked at all, so that a server that
does not answer costs one timeout, not one per operation; then it is tried
again. A daemon thread tries too, so that an idle process notices the return.

Coming back bumps the content version before anything is read: an edit saved
while the cache was down could not bump it, and a restarted Redis may reload
pages rendered before that edit (``ecosystem/core/cache.py``).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 1.0
# What a failing cache raises: Redis's client errors (refused, timed out,
# read-only replica, out of memory) and the file system's (full, read-only).
CACHE_ERRORS = (RedisError, OSError)
HEALTH_KEY = "portal:healthz"


@dataclass
class Episode:
    """One process's view of one cache: down since when, how many operations skipped."""

    down_since: float | None = None
    retry_at: float = 0.0
    skipped: int = 0
    prober: threading.Thread | None = None


# One state per cache and process, shared by the threads' backend instances
# (django.core.cache.caches gives each thread its own).
_episodes: dict[tuple, Episode] = {}
_lock = threading.Lock()


class FailSafeMixin:
    """Wraps every operation of a Django cache backend (see the module docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._join_episode(server)

    def _join_episode(self, server) -> None:
        with _lock:
            self._episode = _episodes.setdefault(
                (type(self).__name__, str(server), self.key_prefix), Episode()
            )

    def _safely(self, operation: str, call, default=None):
        episode = self._episode
        if episode.down_since is not None and (
            time.monotonic() < episode.retry_at or not self._recover()
        ):
            episode.skipped += 1
            return default
        try:
            return call()
        except CACHE_ERRORS as error:
            self._failed(operation, error)
            return default

    def _failed(self, operation: str, error: Exception) -> None:
        episode = self._episode
        with _lock:
            episode.retry_at = time.monotonic() + RETRY_SECONDS
            if episode.down_since is not None:
                return
            episode.down_since, episode.skipped = time.monotonic(), 0
            episode.prober = threading.Thread(target=self._probe, name="cache-prober", daemon=True)
        logger.warning(
            "Cache %s unavailable (%s: %s); serving without it until it answers again",
            self._name(),
            operation,
            error,
        )
        episode.prober.start()

    def _recover(self) -> bool:
        """If this cache answers again, bump the content version: it is back."""
        # Imported here: ecosystem.core.cache imports django's cache, which builds these.
        from ecosystem.core.cache import VERSION_KEY

        if self._episode.down_since is None:
            return True  # another thread saw it come back, and bumped
        try:
            self.check()
            self._raw_bump(VERSION_KEY)
        except CACHE_ERRORS:
            with _lock:
                self._episode.retry_at = time.monotonic() + RETRY_SECONDS
            return False
        episode = self._episode
        with _lock:
            if episode.down_since is None:
                return True
            down_for, skipped = time.monotonic() - episode.down_since, episode.skipped
            episode.down_since, episode.prober = None, None
        logger.warning(
            "Cache %s back after %.1f s (%d operations skipped); content version bumped",
            self._name(),
            down_for,
            skipped,
        )
        return True

    @staticmethod
    def _raw_bump(key: str) -> None:
        """A new content version, written past the fail-safe wrapper (so it raises)."""
        from django.core.cache import caches

        default = caches["default"]
        if isinstance(default, FailSafeMixin):
            # From the clock, as when the key is lost: a value never used before,
            # whatever another process bumps meanwhile.
            super(FailSafeMixin, default).set(key, time.time_ns() // 1000, None)

    def _probe(self) -> None:
        while self._episode.down_since is not None:
            time.sleep(RETRY_SECONDS)
            if self._episode.down_since is not None and time.monotonic() >= self._episode.retry_at:
                self._recover()

    def _name(self) -> str:
        return f"{type(self).__name__}({self.key_prefix or '-'})"

    def check(self) -> None:
        """One real round trip for /healthz; raises what the cache raises."""
        super().set(HEALTH_KEY, time.time(), 30)
        super().get(HEALTH_KEY)

    def get(self, key, default=None, version=None):
        parent = super().get
        return self._safely("get", lambda: parent(key, default, version), default)

    def incr(self, key, delta=1, version=None):
        parent = super().incr
        value = self._safely("incr", lambda: parent(key, delta, version), _MISSING)
        if value is _MISSING:
            # What a missing key raises: callers fall back as they already do.
            raise ValueError(f"Key {key!r} not found (cache unavailable)")
        return value


_MISSING = object()


def _fail_safe(name: str, default=None):
    """The backend's own ``name`` operation, answering ``default`` when the cache fails."""

    def operation(self, *args, **kwargs):
        parent = getattr(super(FailSafeMixin, self), name)
        answer = self._safely(name, lambda: parent(*args, **kwargs), _MISSING)
        # A new empty dict or list each time: the caller may fill it.
        return (default() if callable(default) else default) if answer is _MISSING else answer

    operation.__name__ = operation.__qualname__ = name
    return operation


for _name, _default in [
    ("set", None),
    ("add", False),
    ("touch", False),
    ("delete", False),
    ("has_key", False),
    ("get_many", dict),
    ("set_many", list),
    ("delete_many", None),
    ("clear", None),
]:
    setattr(FailSafeMixin, _name, _fail_safe(_name, _default))


class FailSafeRedisCache(FailSafeMixin, RedisCache):
    """Django's RedisCache, failing safe; ``clear()`` removes this portal's keys only.

    Django's own ``clear()`` empties the whole Redis database (FLUSHDB), other
    portals' keys included; here it deletes the keys under ``KEY_PREFIX``.
    """

    def _clear_own_keys(self) -> None:
        client = self._cache.get_client(write=True)
        pattern = "".join(f"\\{c}" if c in "*?[]\\" else c for c in self.key_prefix) + ":*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)

    def clear(self):
        return self._safely("clear", self._clear_own_keys)


class FailSafeFileBasedCache(FailSafeMixin, FileBasedCache):
    """Django's FileBasedCache, failing safe (a folder full, read-only or impossible to
    create), culling less often.

    Django's file cache lists its whole folder at every ``set`` to see whether
    it holds ``MAX_ENTRIES`` yet: 1.0 of the 1.35 ms a set costs at 1,000
    entries, a third of a search page rendered on a page-cache miss. Here the
    folder is counted at one ``set`` in ``CULL_EVERY`` (per process), so it may
    hold up to ``CULL_EVERY`` entries per process beyond ``MAX_ENTRIES`` before
    some are removed (``_cull``).
    """

    CULL_EVERY = 32

    def __init__(self, server, params):
        self._sets_since_cull = 0
        try:
            super().__init__(server, params)
        except OSError as error:
            # Django creates the folder last in its constructor (a path under a file, a
            # read-only mount): all else is set, so fail as a full folder does. Each
            # set tries to create it again, and the probe finds it once it can be.
            self._join_episode(server)
            self._failed("create folder", error)

    def _name(self) -> str:
        return f"{type(self).__name__}({self._dir})"  # the folder to look at

    def _cull(self):
        """Django's cull, now and then, sparing the content version.

        Django removes a random third of the entries, and the content version
        was among them one time in three: every page, card and count cached
        became stale at once, and a new version made them all be computed again.
        """
        from ecosystem.core.cache import VERSION_KEY

        # Not locked: two threads counting the same set only cull a little earlier.
        self._sets_since_cull += 1
        if self._sets_since_cull < self.CULL_EVERY:
            return
        self._sets_since_cull = 0
        entries = self._list_cache_files()
        if len(entries) < self._max_entries:
            return
        spared = self._key_to_file(VERSION_KEY)
        removable = [entry for entry in entries if entry != spared]
        if self._cull_frequency:  # 0: Django's « remove them all »
            # Django's third of the entries, but at most twice the sets since the last
            # count: the folder still shrinks back, and no request pays for deleting
            # 1,700 files at once (a cold directory page's p99 in the benchmark).
            size = min(len(entries) // self._cull_frequency, 2 * self.CULL_EVERY)
            removable = random.sample(removable, size)
        for entry in removable:
            self._delete(entry)
