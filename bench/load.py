"""The pages under load: gunicorn (gunicorn.conf.py: 2 threaded workers) and wrk.

``load_pages`` collects the static files, serves the benchmark database with
gunicorn, loads each page at its own address (page-cache hits, as on a live
site) and at addresses never seen before (every request a page-cache miss;
bench/report.lua with BENCH_UNIQUE_URLS=1), then reads each worker's memory.
Without wrk, a plain Python load generator stands in.
"""

import http.client
import itertools
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from shutil import which
from urllib.parse import urlsplit

from report import ROOT, log

PYTHON = sys.executable


def production_environ(database_url: str) -> dict:
    """The environment of a production deployment, on the benchmark database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # One file cache shared by the workers (facet counts, search groups),
        # empty at each run; with REDIS_URL set, Redis instead, under keys of
        # its own (settings: REDIS_URL wins over DJANGO_CACHE_DIR).
        "DJANGO_CACHE_DIR": tempfile.mkdtemp(prefix="portal-bench-cache-"),
        "DJANGO_CACHE_KEY_PREFIX": "portal-bench",
    }


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


def wrk(
    url: str, duration: int, connections: int, unique: bool = False, paths: Path | None = None
) -> dict:
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
        env={
            **os.environ,
            "BENCH_UNIQUE_URLS": "1" if unique else "0",
            "BENCH_PATHS_FILE": str(paths or ""),
        },
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def python_load(
    url: str, duration: int, connections: int, unique: bool = False, paths: Path | None = None
) -> dict:
    """A plain load generator for machines without wrk: one thread per connection."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    separator = "&" if parts.query else "?"
    counter = itertools.count()
    walk = paths.read_text().split() if paths else []
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
                if walk:
                    target = walk[next(counter) % len(walk)]
                elif unique:
                    target = f"{path}{separator}bench-miss={next(counter)}"
                else:
                    target = path
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


def load_generator() -> str:
    """What loads the pages: wrk, or Python threads where wrk is missing."""
    return "wrk" if which("wrk") else "python threads (no wrk)"


def load_pages(
    pages: dict, environ: dict, port: int, duration: int, connections: int, cold_paths: list[str]
) -> tuple[dict, dict, dict, list[float]]:
    """Each page under load: at its own address, at never-seen addresses; the directory
    at filter combinations nobody asked for (``cold_paths``); workers' RSS (MB)."""
    base = f"http://127.0.0.1:{port}"
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=environ,
        cwd=ROOT,
        check=True,
    )
    log("gunicorn, 2 workers (gunicorn.conf.py: threaded)")
    gunicorn = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=environ,
        cwd=ROOT,
    )
    load = wrk if which("wrk") else python_load
    measures, misses, colds = {}, {}, {}
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
            if name == "directory" and cold_paths:
                # Then a new domain × pillar × kind at every request: nothing cached.
                with tempfile.NamedTemporaryFile("w", suffix=".txt") as walk:
                    walk.write("\n".join(cold_paths) + "\n")
                    walk.flush()
                    colds[name] = load(base + url, duration, connections, paths=Path(walk.name))
            if gunicorn.poll() is not None:
                raise SystemExit("gunicorn stopped during the run")
        rss = [round(size, 1) for size in worker_rss_mb(gunicorn.pid)]
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    return measures, misses, colds, rss
