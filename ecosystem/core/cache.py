"""A content version for the public caches: any content change makes every entry stale.

Cached values (facet counts, search groups) are stored under keys that
include the current content version. A save, delete or many-to-many change
of a content record bumps the version (ecosystem/signals.py), so the next
request recomputes; the short timeout is only a safety net (bulk updates
that send no signal).
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.utils.translation import get_language

VERSION_KEY = "portal:content-version"
TIMEOUT = 300  # seconds


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, never from 1: a version key lost to eviction
        # must not bring back entries cached under an older version.
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def bump_content_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns() // 1000, timeout=None)


def cache_key(prefix: str, *parts, language: bool = True) -> str:
    """``prefix:version:digest`` of ``parts`` (and the active language)."""
    return cache_keys(prefix, [parts], language=language)[0]


def cache_keys(prefix: str, many_parts, language: bool = True) -> list[str]:
    """``cache_key`` of each of ``many_parts``, reading the content version once."""
    version = content_version()
    active = get_language() if language else None
    return [
        f"portal:{prefix}:{version}:"
        + hashlib.sha256(repr((*parts, active)).encode()).hexdigest()[:32]
        for parts in many_parts
    ]


def cached(prefix: str, parts: tuple, compute, language: bool = True):
    """The value cached under ``parts`` for this content version, computed if missing."""
    key = cache_key(prefix, *parts, language=language)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
