"""What each cache layer saves a page-cache miss, in-process (docs/caching.md).

    DATABASE_URL=sqlite:////tmp/caching.sqlite3 .venv/bin/python bench/cache_layers.py [REPEAT]

On a database with fixtures/ loaded (and synthetic actors if wanted), with the
default per-process memory cache: for each page, one request fills every
layer, then REPEAT requests (default 20) at addresses never asked for
(``?bench-miss=n``: a page-cache miss, every layer below warm) with all layers
on; then, for each layer that page uses, REPEAT pairs of misses, the layer on
then off (it computes at every request, the others stay warm). The times
printed are lower quartiles (other processes only add time), the gain the
median of the pairs' differences, the queries the median per request. « cold » is the actor
directory at a domain × pillar × kind combination nobody asked for at each
request (the states' layers — panel, counts — miss by construction). « hit »
is the page-cache hit. Prints one line per page and layer, in milliseconds.
"""

import os
import random
import sys
import time
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from statistics import median, quantiles
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PORTAL_RENDER_RATE", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.templatetags.cache import CacheNode  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from ecosystem.core import cache as content_cache  # noqa: E402
from ecosystem.directory import cards, counting  # noqa: E402

PAGES = {
    "list": "/actors/",
    "directory": "/actors/?domain=hydrogene&pillar=corporate",
    "directory, text": "/actors/?q=hydrogene&pillar=corporate",
    "deep page": "/actors/?page=100",
    "search": "/search/?q=hydrogene",
    "hub": "/hubs/district-cleantech/",
    "actor": "/actors/region-wallonne/",
    "domain": "/domains/hydrogene/",
}


class NoCache:
    def get_many(self, keys):
        return {}

    def set_many(self, values, timeout=None):
        return []


def without(*prefixes):
    """``cached`` computing every value of ``prefixes`` instead of reading it."""
    original = content_cache.cached

    def cached(prefix, parts, compute, language=True):
        return compute() if prefix in prefixes else original(prefix, parts, compute, language)

    return [
        mock.patch(f"{module}.cached", cached)
        for module in (
            "ecosystem.directory.facets",
            "ecosystem.directory.counting",
            "ecosystem.core.models",
            "ecosystem.pages.search",
        )
    ]


LAYERS = {
    "fragments": [
        mock.patch.object(CacheNode, "render", lambda self, context: self.nodelist.render(context))
    ],
    "cards": [mock.patch.object(cards, "cache", NoCache())],
    "panel": without("panel"),
    "labels": without("facet-values"),
    "counts": without("count", "facet"),
    "facet index": [mock.patch.object(counting, "_indexed", lambda *args: None)],
    "documents": without("documents"),
    "search groups": without("search"),
}
RELEVANT = {
    "fragments": ("hub", "actor", "cold"),
    "cards": ("list", "directory", "directory, text", "deep page", "cold"),
    "panel": ("list", "directory", "directory, text", "deep page", "cold"),
    "labels": ("list", "directory", "deep page", "cold"),
    "counts": ("list", "directory", "directory, text", "deep page", "cold"),
    "facet index": ("list", "directory", "deep page", "cold"),
    "documents": ("hub", "actor", "domain", "search"),
    "search groups": ("search",),
}


@contextmanager
def switched_off(layer):
    patches = LAYERS.get(layer, [])
    for patch in patches:
        patch.start()
    try:
        yield
    finally:
        for patch in reversed(patches):
            patch.stop()


def timed(client, url) -> tuple[float, int]:
    """Milliseconds and SQL queries of one request."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries)


def low(samples) -> float:
    """The lower quartile: on a shared machine, other processes only ever add time."""
    return quantiles([ms for ms, _queries in samples], n=4)[0]


def cold_paths() -> list[str]:
    from actors.models import Actor
    from ecosystem.models import Domain, Pillar

    domains = Domain.objects.published().values_list("slug", flat=True)
    paths = [
        f"/actors/?domain={d}&pillar={p}&kind={k}"
        for d in domains
        for p in Pillar.values
        for k in Actor.Kind.values
    ]
    random.Random(1).shuffle(paths)
    return paths


def main(repeat: int) -> None:
    """Misses with the layer on and off, interleaved (a busy machine slows both alike)."""
    from django.core.cache import caches

    client = Client()
    cold = iter(cold_paths())
    for name in [*PAGES, "cold"]:
        for alias in caches.all():
            alias.clear()
        url = PAGES.get(name, "/actors/?pillar=corporate")
        client.get(url)  # fills every layer (the index and labels, for « cold »)
        hits = [timed(client, url) for _ in range(repeat)]
        misses = count()

        def miss(url=url, name=name, misses=misses):
            if name == "cold":
                return timed(client, next(cold))
            sep = "&" if "?" in url else "?"
            return timed(client, f"{url}{sep}bench-miss={next(misses)}")

        base = [miss() for _ in range(repeat)]
        print(
            f"{name:16} hit {low(hits):6.2f}  miss {low(base):6.2f} ms {base[-1][1]} queries",
            flush=True,
        )
        for layer in LAYERS:
            if name not in RELEVANT[layer]:
                continue
            on, off = [], []
            for _ in range(repeat):
                on.append(miss())
                with switched_off(layer):
                    off.append(miss())
            gain = median(b[0] - a[0] for a, b in zip(on, off, strict=True))
            print(
                f"{'':16} {layer:14} on {low(on):6.2f}  off {low(off):6.2f}"
                f"  paired median gain {gain:6.2f} ms"
                f"  queries {median(q for _ms, q in on):g} → {median(q for _ms, q in off):g}",
                flush=True,
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
