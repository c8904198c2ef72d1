"""What every response carries: the security headers (a Content-Security-Policy with no
inline script, frames refused, the referrer and opener policies, a Permissions-Policy),
on a page-cache hit too; and a HEAD request gets the headers without a body."""

from contextlib import contextmanager
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from ecosystem.core.page_cache import STATUS_HEADER

# The limits on, as in production: a failure must not turn them into a 429 for everyone.
pytestmark = pytest.mark.production_limits


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/actors/", "/search/?q=hydrogene", "/admin/login/", "/x/"])
def test_security_headers_on_every_response(client, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if " " in part)
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in directives["script-src"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_have_no_inline_script(client):
    for url in ["/", "/actors/", "/hubs/", "/search/?q=energie"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and "onclick=" not in html


def assert_permissions_policy(response):
    policy = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert policy[feature] == "()", feature


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/actors/", "/actors/export.csv", "/api/actors/", "/healthz", "/x/"]
)
def test_permissions_policy_on_every_response(client, url):
    assert_permissions_policy(client.get(url))


@pytest.mark.django_db
def test_permissions_policy_on_a_page_cache_hit(client):
    assert client.get("/clusters/")[STATUS_HEADER] == "miss"
    hit = client.get("/clusters/")
    assert hit[STATUS_HEADER] == "hit"
    assert_permissions_policy(hit)


# --- HEAD requests --------------------------------------------------------------------


@contextmanager
def wsgi_server_signals_only():
    """As Django's test client does: a request must not close the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def wsgi(method: str, path: str) -> tuple[str, dict, bytes]:
    """What the WSGI application hands the server (gunicorn), before any server clean-up."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    with wsgi_server_signals_only():
        result = WSGIHandler()(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            result.close()
    return started["status"], started["headers"], body


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/clusters/", "/actors/export.csv", "/x/"])
def test_head_sends_no_body_cached_or_not(path):
    rendered = wsgi("HEAD", path)
    get_status, get_headers, get_body = wsgi("GET", path)  # a page: now in the page cache
    cached = wsgi("HEAD", path)
    for status, headers, body in [rendered, cached]:
        assert status == get_status
        assert body == b"", "gunicorn warns of every body sent for HEAD"
        if "Content-Length" in get_headers:
            assert headers["Content-Length"] == get_headers["Content-Length"] == str(len(get_body))
    if path == "/clusters/":
        assert cached[1][STATUS_HEADER] == "hit"
