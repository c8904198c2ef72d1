"""Slow clients against a real gunicorn started with the repository's gunicorn.conf.py
(issue 25 #4): connections sending their headers one byte a second must not keep
``/healthz`` from answering within a second.

With gunicorn's sync workers, two such clients held both workers (each reads a
request to its end before taking another). The threaded workers of
gunicorn.conf.py give a slow client one thread of many.
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
SLOW_CLIENTS = 4  # more than the workers
SECONDS = 5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthz(port: int, timeout: float) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture
def server(tmp_path):
    """gunicorn with gunicorn.conf.py and production settings, on a port of its own."""
    if not GUNICORN.exists():
        pytest.skip(f"gunicorn is not installed beside {sys.executable}")
    port = free_port()
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "DJANGO_", "REDIS_", "PORTAL_", "GUNICORN_"))
    }
    environ.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="slow-clients-test-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        # /healthz asks the database for SELECT 1: an empty SQLite file answers.
        DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), "config.wsgi"],
        cwd=ROOT,
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if healthz(port, timeout=1) == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.skip("gunicorn did not start: " + (tmp_path / "gunicorn.log").read_text())
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def slow_client(port: int, stop: threading.Event) -> None:
    """A request whose headers come one byte a second, until ``stop``."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        for byte in b"X-Slow: " + b"a" * 100:
            if stop.wait(1):
                return
            sock.sendall(bytes([byte]))


def test_slow_clients_do_not_keep_healthz_from_answering(server):
    stop = threading.Event()
    clients = [
        threading.Thread(target=slow_client, args=(server, stop), daemon=True)
        for _ in range(SLOW_CLIENTS)
    ]
    for client in clients:
        client.start()
    answers = []
    try:
        time.sleep(1)  # every slow client connected and started its headers
        for _ in range(SECONDS):
            start = time.monotonic()
            try:
                status = healthz(server, timeout=1)
            except OSError as error:  # a timeout, with sync workers
                status = type(error).__name__
            answers.append((status, round(time.monotonic() - start, 2)))
            time.sleep(max(0, 1 - (time.monotonic() - start)))
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=5)
    assert all(status == 200 and seconds < 1 for status, seconds in answers), answers
