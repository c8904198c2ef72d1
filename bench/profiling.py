"""Each page rendered cold, in-process: SQL queries, time and HTML size at three sizes.

The orchestrator's side (``prepare``, ``cold_profiles``) recreates the
benchmark database, migrates, loads fixtures/, then profiles the pages with
no synthetic actor, with report.SMALL_N and with the full number (timing the
generation of those and its peak memory). The Django side (``resolve_pages``,
``profile``) runs in a subprocess, this file as a script:

    python bench/profiling.py pages
    python bench/profiling.py cold-paths
    python bench/profiling.py profile URL…

Each prints one JSON line.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from report import FLOOR, ROOT, SMALL_N, log

PYTHON = sys.executable
MANAGE = [PYTHON, "manage.py"]

# --- Inside Django -----------------------------------------------------------------


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def resolve_pages() -> dict:
    """The measured pages; the hub and the actor are real, well-connected records."""
    setup_django()
    from django.conf import settings
    from django.db.models import Count

    from actors.models import Actor
    from clusters.models import Cluster

    hubs = Cluster.objects.published().filter(kind=Cluster.Kind.HUB)
    hub = hubs.filter(slug=os.environ.get("BENCH_HUB") or "district-cleantech").first() or (
        hubs.annotate(n=Count("memberships")).order_by("-n", "slug").first()
    )
    actors = Actor.objects.published().filter(is_synthetic=False)
    actor = actors.filter(slug=os.environ.get("BENCH_ACTOR", "")).first() or (
        actors.annotate(n=Count("memberships")).order_by("-n", "slug").first()
    )
    if hub is None or actor is None:
        raise SystemExit("No published hub or actor: load the fixtures first.")
    return {
        FLOOR: "/admin/login/",
        "directory": "/actors/?domain=hydrogene&pillar=corporate",
        "search": "/search/?q=hydrogene",
        # Lists stop at settings.MAX_PAGES: the deepest page a visitor can reach.
        "deep page": f"/actors/?page={settings.MAX_PAGES}",
        "hub": hub.get_absolute_url(),
        "actor": actor.get_absolute_url(),
    }


def cold_paths() -> list[str]:
    """Every domain × pillar × kind filter of the actor directory, in a fixed random order.

    The cold mode loads one after another: each request a combination no one
    asked for before, so its facet counts, count and page are computed then.
    """
    setup_django()
    import random

    from actors.models import Actor
    from ecosystem.models import Domain, Pillar

    domains = Domain.objects.published().values_list("slug", flat=True)
    paths = [
        f"/actors/?domain={domain}&pillar={pillar}&kind={kind}"
        for domain in domains
        for pillar in Pillar.values
        for kind in Actor.Kind.values
    ]
    random.Random(1).shuffle(paths)
    return paths


def profile(urls: list[str], repeat: int = 5) -> dict:
    """Each page rendered cold, one request at a time, in-process: what a cache miss costs.

    Every cache is cleared before every request, so nothing is served from the
    page cache or the facet cache: status, SQL queries, median total and SQL
    time (ms), HTML size (KB). The first request of a page only warms the
    process (imports, template loading) and is not kept.
    """
    setup_django()
    from statistics import median

    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    for url in urls:
        client.get(url)
        totals, sql = [], []
        for _ in range(repeat):
            for alias_cache in caches.all():
                alias_cache.clear()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                totals.append((time.perf_counter() - start) * 1000)
            sql.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        results[url] = {
            "status": response.status_code,
            "queries": len(captured),
            "total_ms": round(median(totals), 1),
            "sql_ms": round(median(sql), 1),
            "html_kb": round(len(response.content) / 1024, 1),
        }
    return results


# --- The orchestrator's side -----------------------------------------------------------


def run(args: list[str], environ: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=environ, cwd=ROOT, check=True, **kwargs)


def django_json(environ: dict, *args: str):
    output = run([PYTHON, __file__, *args], environ, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def execute(url: str, *statements: str, database: str | None = None) -> None:
    """Run statements outside a transaction on the server of ``url``."""
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        dbname=database or unquote(parts.path.lstrip("/")),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        host=parts.hostname or "",
        port=parts.port or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    connection.close()


def recreate_database(url: str) -> None:
    name = unquote(urlsplit(url).path.lstrip("/"))
    if "bench" not in name:
        raise SystemExit(f"BENCH_DATABASE_URL: {name!r} would be dropped; use a *bench* name.")
    execute(
        url,
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}"',
        database="postgres",
    )


def timed_child(args: list[str], environ: dict) -> tuple[float, float]:
    """Run a command; its wall-clock seconds and peak resident memory in MB (wait4)."""
    start = time.monotonic()
    process = subprocess.Popen(args, env=environ, cwd=ROOT)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode})")
    return time.monotonic() - start, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def prepare(database_url: str, environ: dict) -> dict:
    """A new benchmark database, migrated, with fixtures/; the pages to measure."""
    log(f"database {urlsplit(database_url).path.lstrip('/')}: recreate, migrate, load fixtures")
    recreate_database(database_url)
    run([*MANAGE, "migrate", "--noinput", "-v0"], environ)
    fixtures = sorted(str(path) for path in (ROOT / "fixtures").glob("*.json"))
    if fixtures:
        run([*MANAGE, "loaddata", "-v0", *fixtures], environ)
    return django_json(environ, "pages")


def cold_profiles(database_url: str, environ: dict, pages: dict, actors: int) -> dict:
    """Profiles with no, SMALL_N and ``actors`` synthetic actors; what generating them cost.

    Leaves ``actors`` synthetic actors in the database for the load runs.
    """
    urls = list(pages.values())
    log("each page rendered cold (no cache), with no synthetic actor")
    empty = django_json(environ, "profile", *urls)
    # The query-count target compares a small and the full synthetic set: with
    # none at all, a filtered list may be empty and skip its prefetch queries.
    log(f"each page rendered cold, with {SMALL_N} synthetic actors")
    run([*MANAGE, "generate_synthetic", "--actors", str(SMALL_N), "--seed", "2", "-v0"], environ)
    execute(database_url, "VACUUM ANALYZE")
    before = django_json(environ, "profile", *urls)
    run([*MANAGE, "generate_synthetic", "--clear", "-v0"], environ)

    log(f"generate_synthetic --actors {actors}")
    seconds, peak_mb = timed_child(
        [*MANAGE, "generate_synthetic", "--actors", str(actors), "--seed", "1"], environ
    )
    # Fresh planner statistics, as autovacuum would give a live site.
    execute(database_url, "VACUUM ANALYZE")
    log(f"each page rendered cold (no cache), with {actors} synthetic actors")
    after = django_json(environ, "profile", *urls)
    return {
        "empty": empty,
        "before": before,
        "after": after,
        "generate": {"seconds": seconds, "peak_rss_mb": peak_mb},
        "cold_paths": django_json(environ, "cold-paths"),
    }


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "pages":
        print(json.dumps(resolve_pages()))
    elif command == "cold-paths":
        print(json.dumps(cold_paths()))
    elif command == "profile":
        print(json.dumps(profile(argv[2:])))
    else:
        raise SystemExit(f"usage: {Path(argv[0]).name} pages | cold-paths | profile URL…")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
