"""The portal's benchmark: content + 100,000 synthetic actors on PostgreSQL, gunicorn, wrk.

    bench/run.sh                      # or: make bench

Steps, all in one run: (re)create the benchmark database, migrate, load
fixtures/, profile each page cold (every cache cleared: queries, time, size)
with no synthetic actor and with 1,000, generate the 100,000 synthetic actors
(time and peak memory), profile again, collect the static files, serve with
gunicorn (2 workers, production settings, a file cache shared by the
workers), load each page at 8 concurrent connections with wrk — once at its
own address (page-cache hits, as on a live site), once at addresses never
seen before (every request a page-cache miss), and the directory once more at
a new domain × pillar × kind combination for every request (cold: nothing
cached) — then read each worker's memory. Every page's throughput is printed
as a ratio to the floor, Django's admin login page (rendered, no database
work). Results go to bench/results/.

The environment tunes it: BENCH_DATABASE_URL (its name must contain "bench":
the database is dropped and recreated), BENCH_ACTORS (100000), BENCH_DURATION
(seconds per page, 15), BENCH_CONNECTIONS (8), BENCH_PORT (a free port), BENCH_HUB and
BENCH_ACTOR (slugs of the hub and actor pages, chosen from the content if unset).

The work is in three modules beside this one: profiling.py (the database and
the cold profiles, in-process), load.py (gunicorn and wrk), report.py (the
targets, the tables, bench/results/ and the exit code). ``bench.py pages`` and
``bench.py profile URL…`` run inside Django (see profiling.py).
"""

import os
import platform
import subprocess
import sys
from datetime import datetime

import load
import profiling
import report


def env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def orchestrate() -> int:
    database_url = env("BENCH_DATABASE_URL", "postgres://portal:portal@localhost:5432/portal_bench")
    actors = int(env("BENCH_ACTORS", "100000"))
    duration = int(env("BENCH_DURATION", "15"))
    connections = int(env("BENCH_CONNECTIONS", "8"))
    port = int(env("BENCH_PORT", "0")) or load.free_port()
    dev = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1"}
    dev.pop("DJANGO_ALLOWED_HOSTS", None)
    result: dict = {
        "date": datetime.now().isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=report.ROOT, capture_output=True, text=True
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

    pages = result["pages"] = profiling.prepare(database_url, dev)
    profiles = profiling.cold_profiles(database_url, dev, pages, actors)
    generate = profiles["generate"]
    result["generate"] = {
        "seconds": round(generate["seconds"], 1),
        "peak_rss_mb": round(generate["peak_rss_mb"], 1),
    }

    prod = load.production_environ(database_url)
    result["load_generator"] = load.load_generator()
    measures, misses, colds, result["worker_rss_mb"] = load.load_pages(
        pages, prod, port, duration, connections, profiles["cold_paths"]
    )

    report.evaluate(result, profiles, measures, misses, colds)
    return report.finish(result)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "run"
    if command in ("pages", "profile"):
        return profiling.main(argv)
    if command == "run":
        return orchestrate()
    raise SystemExit(f"usage: {argv[0]} [run | pages | profile URL…]")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
