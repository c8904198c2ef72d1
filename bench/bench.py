"""The portal's benchmark: content + 100,000 synthetic actors on PostgreSQL, gunicorn, wrk.

    bench/run.sh                      # or: make bench

Steps, all in one run: (re)create the benchmark database, migrate, load
fixtures/, profile each page cold (every cache cleared: queries, time, size)
with no synthetic actor and with 1,000, generate the 100,000 synthetic actors
(time and peak memory), profile again, collect the static files, serve with
gunicorn (2 workers, production settings, a file cache shared by the
workers), load each page at 8 concurrent connections with wrk — once at its
own address (page-cache hits, as on a live site) and once at addresses never
seen before (every request a page-cache miss) — then read each worker's
memory. Every page's throughput is printed as a ratio to the floor, Django's
admin login page (rendered, no database work). Results go to bench/results/.

The environment tunes it: BENCH_DATABASE_URL (its name must contain "bench":
the database is dropped and recreated), BENCH_ACTORS (100000), BENCH_DURATION
(seconds per page, 15), BENCH_CONNECTIONS (8), BENCH_PORT (a free port), BENCH_HUB and
BENCH_ACTOR (slugs of the hub and actor pages, chosen from the content if unset).

``bench.py profile URL…`` and ``bench.py pages`` run inside Django; the
orchestrator calls them in subprocesses.
"""

import http.client
import itertools
import json
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from shutil import which
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable

# Targets of issue 8: throughput as a ratio to the floor, latency, memory.
MIN_RATIO = {"directory": 0.5, "search": 0.3}
MAX_P99_MS = 100.0
MAX_WORKER_RSS_MB = 150.0
MAX_GENERATE_RSS_MB = 500.0
MAX_GENERATE_SECONDS = 60.0

FLOOR = "floor"
SMALL_N = 1000  # synthetic actors for the query-count baseline
ERROR_KEYS = ("non_2xx", "socket_errors")


def env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


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
    hub = hubs.filter(slug=env("BENCH_HUB", "district-cleantech")).first() or (
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


# --- The orchestrator ----------------------------------------------------------------


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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # Another server on the port would answer for ours: make sure ours runs.
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}): is {base} taken?")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz")


def check_status(base: str, url: str) -> int:
    request = urllib.request.Request(base + url)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(url: str, duration: int, connections: int, unique: bool = False) -> dict:
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "BENCH_UNIQUE_URLS": "1" if unique else "0"},
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def python_load(url: str, duration: int, connections: int, unique: bool = False) -> dict:
    """A plain load generator for machines without wrk: one thread per connection."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    separator = "&" if parts.query else "?"
    counter = itertools.count()
    latencies: list[float] = []
    errors = {"non_2xx": 0, "socket_errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker():
        mine, non_2xx, socket_errors = [], 0, 0
        while time.monotonic() < deadline:
            start = time.monotonic()
            try:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                target = f"{path}{separator}bench-miss={next(counter)}" if unique else path
                connection.request("GET", target)
                response = connection.getresponse()
                response.read()
                connection.close()
                non_2xx += not 200 <= response.status < 300
            except OSError:
                socket_errors += 1
                continue
            mine.append(time.monotonic() - start)
        with lock:
            latencies.extend(mine)
            errors["non_2xx"] += non_2xx
            errors["socket_errors"] += socket_errors

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - start
    latencies.sort()

    def percentile(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))]

    return {
        "requests": len(latencies),
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        "p50_ms": percentile(50),
        "p90_ms": percentile(90),
        "p99_ms": percentile(99),
        "max_ms": 1000 * latencies[-1],
        **errors,
    }


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each process whose parent is the gunicorn master."""
    sizes = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            status = (proc / "status").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if ppid == master_pid and match:
            sizes.append(int(match.group(1)) / 1024)
    return sorted(sizes)


def orchestrate() -> int:
    database_url = env("BENCH_DATABASE_URL", "postgres://portal:portal@localhost:5432/portal_bench")
    actors = int(env("BENCH_ACTORS", "100000"))
    duration = int(env("BENCH_DURATION", "15"))
    connections = int(env("BENCH_CONNECTIONS", "8"))
    port = int(env("BENCH_PORT", "0")) or free_port()
    base = f"http://127.0.0.1:{port}"
    dev = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1"}
    dev.pop("DJANGO_ALLOWED_HOSTS", None)
    prod = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # One file cache shared by the workers (facet counts, search groups),
        # empty at each run.
        "DJANGO_CACHE_DIR": tempfile.mkdtemp(prefix="portal-bench-cache-"),
    }
    manage = [PYTHON, "manage.py"]
    result: dict = {
        "date": datetime.now().isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": round(os.getloadavg()[0], 2),
        },
        "actors": actors,
        "connections": connections,
        "duration_s": duration,
    }

    log(f"database {urlsplit(database_url).path.lstrip('/')}: recreate, migrate, load fixtures")
    recreate_database(database_url)
    run([*manage, "migrate", "--noinput", "-v0"], dev)
    fixtures = sorted(str(path) for path in (ROOT / "fixtures").glob("*.json"))
    if fixtures:
        run([*manage, "loaddata", "-v0", *fixtures], dev)
    pages = django_json(dev, "pages")
    result["pages"] = pages
    log("each page rendered cold (no cache), with no synthetic actor")
    empty = django_json(dev, "profile", *pages.values())
    # The query-count target compares a small and the full synthetic set: with
    # none at all, a filtered list may be empty and skip its prefetch queries.
    log(f"each page rendered cold, with {SMALL_N} synthetic actors")
    run([*manage, "generate_synthetic", "--actors", str(SMALL_N), "--seed", "2", "-v0"], dev)
    execute(database_url, "VACUUM ANALYZE")
    before = django_json(dev, "profile", *pages.values())
    run([*manage, "generate_synthetic", "--clear", "-v0"], dev)

    log(f"generate_synthetic --actors {actors}")
    seconds, peak_mb = timed_child(
        [*manage, "generate_synthetic", "--actors", str(actors), "--seed", "1"], dev
    )
    result["generate"] = {"seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb, 1)}
    # Fresh planner statistics, as autovacuum would give a live site.
    execute(database_url, "VACUUM ANALYZE")
    log(f"each page rendered cold (no cache), with {actors} synthetic actors")
    after = django_json(dev, "profile", *pages.values())

    run([*manage, "collectstatic", "--noinput", "-v0"], prod)
    log("gunicorn, 2 workers")
    gunicorn = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=prod,
        cwd=ROOT,
    )
    load = wrk if which("wrk") else python_load
    result["load_generator"] = "wrk" if which("wrk") else "python threads (no wrk)"
    measures, misses = {}, {}
    try:
        wait_until_up(base, gunicorn)
        for name, url in pages.items():
            status = check_status(base, url)
            if status != 200:
                raise SystemExit(f"{url} answered {status} under gunicorn")
            log(f"{name}: {url}")
            load(base + url, min(3, duration), connections)  # warm-up, not measured
            measures[name] = load(base + url, duration, connections)
            # Other work on the machine skews the figures: keep its trace.
            measures[name]["load_average"] = round(os.getloadavg()[0], 2)
            # The same page at addresses never seen before: every request a
            # page-cache miss (the facet and search caches stay warm).
            misses[name] = load(base + url, duration, connections, unique=True)
            if gunicorn.poll() is not None:
                raise SystemExit("gunicorn stopped during the run")
        result["worker_rss_mb"] = [round(size, 1) for size in worker_rss_mb(gunicorn.pid)]
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    floor = measures[FLOOR]["rps"]
    rows, missed = [], []
    for name, url in pages.items():
        measure = measures[name]
        ratio = measure["rps"] / floor
        row = {
            "page": name,
            "url": url,
            "rps": round(measure["rps"], 1),
            "p50_ms": round(measure["p50_ms"], 1),
            "p99_ms": round(measure["p99_ms"], 1),
            "ratio": round(ratio, 2),
            "errors": sum(
                load_run[key] for load_run in (measure, misses[name]) for key in ERROR_KEYS
            ),
            "load_average": measure["load_average"],
            "queries_n0": empty[url]["queries"],
            f"queries_n{SMALL_N}": before[url]["queries"],
            f"queries_n{actors}": after[url]["queries"],
            "miss_rps": round(misses[name]["rps"], 1),
            "miss_p99_ms": round(misses[name]["p99_ms"], 1),
            "miss_ratio": round(misses[name]["rps"] / misses[FLOOR]["rps"], 2),
            "cold_ms": after[url]["total_ms"],
            "cold_sql_ms": after[url]["sql_ms"],
            "html_kb": after[url]["html_kb"],
        }
        rows.append(row)
        if name in MIN_RATIO and ratio < MIN_RATIO[name]:
            missed.append(f"{name}: {ratio:.2f}x the floor < {MIN_RATIO[name]}x")
        if measure["p99_ms"] >= MAX_P99_MS:
            missed.append(f"{name}: p99 {measure['p99_ms']:.0f} ms >= {MAX_P99_MS:.0f} ms")
        if before[url]["queries"] != after[url]["queries"]:
            missed.append(
                f"{name}: {before[url]['queries']} queries at N={SMALL_N}, "
                f"{after[url]['queries']} at N={actors}"
            )
        if row["errors"]:
            missed.append(f"{name}: {row['errors']} errors")
    for size in result["worker_rss_mb"]:
        if size >= MAX_WORKER_RSS_MB:
            missed.append(f"a gunicorn worker holds {size:.0f} MB >= {MAX_WORKER_RSS_MB:.0f} MB")
    if peak_mb >= MAX_GENERATE_RSS_MB:
        missed.append(f"generate_synthetic peaked at {peak_mb:.0f} MB")
    if seconds >= MAX_GENERATE_SECONDS:
        missed.append(f"generate_synthetic took {seconds:.0f} s")
    result["rows"], result["missed"] = rows, missed

    report = render(result, actors)
    print("\n" + report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / f"{stamp}.md").write_text(report + "\n")
    log(f"written to bench/results/{stamp}.json and .md")
    return 1 if missed else 0


def render(result: dict, actors: int) -> str:
    rows = result["rows"]
    lines = [
        f"Benchmark {result['date']} (commit {result['commit']}, {result['machine']['cpus']} "
        f"CPUs, {result['connections']} connections, {result['duration_s']} s per page, "
        f"{result['load_generator']}, {actors} synthetic actors)",
        "",
        "Under load, as on a live site (the same address again and again: page cache hits), "
        "and at addresses never seen before (every request a page-cache miss):",
        "",
        "| page | URL | req/s | p50 ms | p99 ms | × floor | miss req/s | miss p99 ms "
        "| miss × floor | errors | load avg |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | `{row['url']}` | {row['rps']} | {row['p50_ms']} | "
            f"{row['p99_ms']} | {row['ratio']} | {row['miss_rps']} | {row['miss_p99_ms']} | "
            f"{row['miss_ratio']} | {row['errors']} | {row['load_average']} |"
        )
    lines += [
        "",
        "One request at a time, in-process, every cache cleared first (median of 5): "
        "queries at three sizes, time and size at the full size:",
        "",
        f"| page | queries N=0 | queries N={SMALL_N} | queries N={actors} | cold ms "
        "| cold SQL ms | HTML KB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['queries_n0']} | {row[f'queries_n{SMALL_N}']} | "
            f"{row[f'queries_n{actors}']} | {row['cold_ms']} | {row['cold_sql_ms']} | "
            f"{row['html_kb']} |"
        )
    generate = result["generate"]
    verdict = "MISSED — " + "; ".join(result["missed"]) if result["missed"] else "all met"
    lines += [
        "",
        f"generate_synthetic --actors {actors}: {generate['seconds']} s, "
        f"peak RSS {generate['peak_rss_mb']} MB",
        f"gunicorn workers' RSS after the run: {', '.join(map(str, result['worker_rss_mb']))} MB",
        "",
        f"Targets (ratios and p99 under load, query counts N={SMALL_N} vs N={actors}, memory, "
        f"generation time): {verdict}",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "run"
    if command == "pages":
        print(json.dumps(resolve_pages()))
    elif command == "profile":
        print(json.dumps(profile(argv[2:])))
    elif command == "run":
        return orchestrate()
    else:
        raise SystemExit(f"usage: {argv[0]} [run | pages | profile URL…]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
