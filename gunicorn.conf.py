"""gunicorn's settings for the portal, read by ``gunicorn config.wsgi`` from this folder.

Threaded workers (``gthread``): with sync workers each connection held a whole
process until its request was read, so three clients sending their headers one
byte a second took ``/healthz`` down and two exports held both workers until the
timeout killed them mid-file. A slow client now holds one thread of many, and a
long download no longer counts against ``timeout`` (a gthread worker's heartbeat
comes from its main loop, not from the request). This is a second line: in
production a buffering proxy (nginx, README « Production ») reads each request
whole before it reaches gunicorn, which listens on localhost only.

Each setting can be changed from the environment (``GUNICORN_WORKERS=4``…) or
on the command line, which wins over this file.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Localhost: the proxy in front is the only client (README « Production »).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", 2)
worker_class = "gthread"
# Requests served at once by a worker; each thread keeps its own PostgreSQL
# connection (CONN_MAX_AGE): workers x threads connections per machine.
threads = _int("GUNICORN_THREADS", 8)
# A worker whose main loop is stuck this long is replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# "-": to stdout, as the README's recipe asks (--access-logfile -); none by default.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
