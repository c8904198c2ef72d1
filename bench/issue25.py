"""Issue 25 at 100,000 actors under gunicorn: exports, sitemaps, a lock, slow clients.

    DATABASE_URL=postgres://…/db_with_100k_actors .venv/bin/python bench/issue25.py [port]

The database must hold the fixtures and ``generate_synthetic --actors 100000``,
migrated, and ``collectstatic`` must have run (production settings). gunicorn is
started with gunicorn.conf.py, a file cache and an export folder of its own;
/healthz is probed twice a second throughout. Prints what docs/performance.md
(« Issue 25 ») reports.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8725
NL = b"\n"


def get(path, timeout=300):
    """(status or error name, body, seconds)."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    start = time.monotonic()
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        status, body = response.status, response.read()
    except OSError as error:
        status, body = type(error).__name__, b""
    connection.close()
    return status, body, time.monotonic() - start


class Health:
    """/healthz twice a second, in a thread."""

    def __init__(self):
        self.probes, self.stop = [], threading.Event()
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while not self.stop.is_set():
            status, _, seconds = get("/healthz", 5)
            self.probes.append((status, seconds))
            self.stop.wait(0.5)

    def report(self, label):
        fine = [s for status, s in self.probes if status == 200]
        failed = len(self.probes) - len(fine)
        slowest = max(fine, default=0) * 1000
        count = len(self.probes)
        print(f"  /healthz {label}: {count} probes, {failed} failed, max {slowest:.0f} ms")
        self.probes.clear()


def exports_and_sitemaps(health):
    for fmt in ("csv", "json"):
        url = f"/actors/export.{fmt}"
        start = time.monotonic()
        status, body, seconds = get(url)
        print(f"{url} first request: {status} in {seconds:.2f} s")
        while status != 200:
            time.sleep(2)
            status, body, seconds = get(url)
        print(
            f"  file ready {time.monotonic() - start:.1f} s after; served in {seconds:.2f} s, "
            f"{len(body) / 1e6:.1f} MB, {body.count(NL)} lines, incomplete: {b'INCOMPLET' in body}"
        )
    answers = []
    both = [
        threading.Thread(target=lambda u=u: answers.append(get(u)))
        for u in ("/actors/export.csv", "/actors/export.json")
    ]
    start = time.monotonic()
    [thread.start() for thread in both]
    [thread.join() for thread in both]
    statuses = [answer[0] for answer in answers]
    print(f"both full exports at once: {time.monotonic() - start:.2f} s, {statuses}")
    status, body, seconds = get("/actors/export.csv?pillar=corporate")
    print(f"filtered ?pillar=corporate: {status}, {body.count(NL)} lines, {seconds:.1f} s")
    answers = []
    three = [
        threading.Thread(target=lambda: answers.append(get("/actors/export.csv?pillar=government")))
        for _ in range(3)
    ]
    [thread.start() for thread in three]
    [thread.join() for thread in three]
    print("three filtered at once:", sorted((a[0], round(a[2], 1)) for a in answers))
    health.report("during the exports")

    status, body, seconds = get("/sitemap.xml")
    pages = [
        page.decode().replace("&amp;", "&")
        for page in re.findall(rb"<loc>http://127.0.0.1:%d(/sitemap-[^<]+)</loc>" % PORT, body)
    ]
    print(f"/sitemap.xml: {status} in {seconds:.2f} s, {len(pages)} files")
    first = [get(page) for page in pages]
    assert all(answer[0] == 200 for answer in first)
    again = [get(page)[2] for page in pages]
    print(
        f"  every file, uncached: {sum(a[2] for a in first):.1f} s in all, slowest "
        f"{max(a[2] for a in first):.2f} s, largest {max(len(a[1]) for a in first) / 1e6:.2f} MB; "
        f"cached: slowest {max(again) * 1000:.0f} ms"
    )
    health.report("during the sitemaps")


def lock_on_actors(health):
    get("/actors/")
    get("/actors/")  # in the page cache
    other = psycopg2.connect(os.environ["DATABASE_URL"])
    other.cursor().execute("LOCK TABLE actors_actor IN ACCESS EXCLUSIVE MODE")
    start, answers = time.monotonic(), []
    for i in range(6):
        answers.append(("uncached actor page", *get(f"/actors/region-wallonne/?lock={i}", 40)[::2]))
        answers.append(("cached /actors/", *get("/actors/", 40)[::2]))
        answers.append(("API", *get(f"/api/actors/?lock={i}", 40)[::2]))
    other.rollback()
    other.close()
    print(f"LOCK TABLE actors_actor held {time.monotonic() - start:.1f} s by another session:")
    for kind in ("uncached actor page", "cached /actors/", "API"):
        print(f"  {kind}:", [(s, round(d, 2)) for k, s, d in answers if k == kind])
    health.report("during the lock")


def slow_clients(health, count=6, seconds=10):
    stop = threading.Event()

    def client():
        with socket.create_connection(("127.0.0.1", PORT)) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while not stop.wait(1):
                sock.sendall(b"x")

    threads = [threading.Thread(target=client, daemon=True) for _ in range(count)]
    [thread.start() for thread in threads]
    time.sleep(seconds)
    stop.set()
    health.report(f"with {count} clients sending a header byte a second for {seconds} s")


def main():
    folder = tempfile.mkdtemp(prefix="portal-issue25-")
    environ = dict(
        os.environ,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="issue25-bench-" + "k" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_CACHE_DIR=f"{folder}/cache",
        PORTAL_EXPORT_DIR=f"{folder}/exports",
        PORTAL_RENDER_RATE="0",
        GUNICORN_BIND=f"127.0.0.1:{PORT}",
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with open(f"{folder}/gunicorn.log", "w") as log:
        server = subprocess.Popen(
            [str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), "config.wsgi"],
            cwd=ROOT,
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(100):
                if get("/healthz", 1)[0] == 200:
                    break
                time.sleep(0.3)
            health = Health()
            exports_and_sitemaps(health)
            lock_on_actors(health)
            slow_clients(health)
            health.stop.set()
        finally:
            server.terminate()
            server.wait(30)
    print(f"gunicorn's log: {folder}/gunicorn.log")


if __name__ == "__main__":
    main()
