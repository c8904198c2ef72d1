"""When things fail: the database down (pages, API, exports, /healthz), an export cut
short, the error pages (404 and 500, JSON under /api/), a stranger's Host.

The database is made to fail by patching the one method every query goes
through (``BaseDatabaseWrapper._cursor``), as PostgreSQL stopped would: every
query raises OperationalError. On PostgreSQL, one more test points the
connection at a closed port, for real; the server itself is never stopped.
"""

import csv
import io
import json
import logging
import socket
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import DatabaseError, OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import path

from actors.api import ActorViewSet
from config import urls as config_urls
from ecosystem.core.errors import RETRY_AFTER
from ecosystem.core.page_cache import STATUS_HEADER
from ecosystem.opendata.exports import Dataset

# The limits on, as in production: a failure must not turn them into a 429 for everyone.
pytestmark = pytest.mark.production_limits

DOWN = OperationalError(
    'connection to server at "127.0.0.1", port 5432 failed: Connection refused\n'
    "\tIs the server running on that host and accepting TCP/IP connections?"
)


@contextmanager
def database_down():
    with mock.patch.object(BaseDatabaseWrapper, "_cursor", side_effect=DOWN):
        yield


@pytest.fixture
def client(client):
    """A client that gets the error page a visitor would, instead of the exception."""
    client.raise_request_exception = False
    return client


def unavailable(client, url):
    """The answer to ``url`` with the database down: a 503 that says when to come back."""
    with database_down():
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    return response


def streamed(response) -> tuple[str, Exception | None]:
    """The body as far as it goes, and the error that cut it, if any."""
    chunks = []
    try:
        for chunk in response.streaming_content:
            chunks.append(chunk)
    except Exception as error:
        return b"".join(chunks).decode(), error
    return b"".join(chunks).decode(), None


# --- The database down: exports (#8) --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/actors/export.csv", "/clusters/export.json"])
def test_export_fails_before_its_200_when_the_database_is_down(client, url):
    response = unavailable(client, url)
    assert not response.streaming, "no header row, no half file"


@contextmanager
def cut_after_first_row():
    """The database drops the connection once the first row of an export is out."""
    rows_of = Dataset.rows

    def rows(dataset, request):
        names, all_rows = rows_of(dataset, request)

        def first_then_failure():
            yield next(all_rows)
            raise OperationalError("server closed the connection unexpectedly")

        return names, first_then_failure()

    with mock.patch.object(Dataset, "rows", rows):
        yield


def cut_export(client, url) -> str:
    """The body of an export the database left midway; the server must abort the connection."""
    with cut_after_first_row():
        response = client.get(url)
        assert response.status_code == 200
        text, error = streamed(response)
    assert isinstance(error, OperationalError), "raised again, so that the server aborts"
    return text


@pytest.mark.django_db
def test_csv_export_cut_midway_says_so_and_aborts(client, world):
    text = cut_export(client, "/actors/export.csv")
    header, first, last = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert header[0] == "slug" and first[0]
    assert last[0].startswith("EXPORT INCOMPLET") and "INCOMPLETE EXPORT" in last[0]


@pytest.mark.django_db
def test_json_export_cut_midway_is_invalid_json_that_says_so(client, world):
    text = cut_export(client, "/actors/export.json")
    assert "INCOMPLETE EXPORT" in text.splitlines()[-1]
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    # Even a reader that closes what was left open cannot take it as complete.
    with pytest.raises(json.JSONDecodeError):
        json.loads(text + "]}")


@pytest.mark.django_db
def test_complete_export_unchanged(client, world):
    text, error = streamed(client.get("/actors/export.json"))
    assert error is None and "INCOMPLETE" not in text
    assert json.loads(text)["results"]


# --- The database down: pages and API (#9) ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/actors/", "/en/clusters/", "/search/?q=hydrogene"])
def test_page_answers_503_in_both_languages_when_the_database_is_down(client, url):
    response = unavailable(client, url)
    assert response["Content-Type"].startswith("text/html")
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert "Service momentanément indisponible" in html
    assert "Service temporarily unavailable" in html
    # The security headers are still there.
    assert "Content-Security-Policy" in response.headers
    assert "Permissions-Policy" in response.headers


@pytest.mark.django_db
def test_cached_page_still_served_when_the_database_is_down(client):
    assert client.get("/actors/")[STATUS_HEADER] == "miss"
    with database_down():
        response = client.get("/actors/")
    assert response.status_code == 200
    assert response[STATUS_HEADER] == "hit"


@pytest.mark.django_db
def test_database_down_logged_in_one_line(client, caplog):
    with database_down(), caplog.at_level(logging.ERROR, logger="ecosystem.core.errors"):
        client.get("/actors/?t=log")
    (record,) = [r for r in caplog.records if r.name == "ecosystem.core.errors"]
    assert record.exc_info is None
    assert "\n" not in record.getMessage()
    assert "/actors/" in record.getMessage() and "Connection refused" in record.getMessage()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/actors/", "/api/clusters/district-cleantech/"])
def test_api_answers_503_json_when_the_database_is_down(client, url):
    response = unavailable(client, url)
    assert response["Content-Type"] == "application/json"
    assert "database" in response.json()["detail"]


@pytest.mark.django_db
def test_api_unknown_address_answers_json_404(client):
    response = client.get("/api/no-such-list/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not Found"}
    assert int(response["Content-Length"]) == len(response.content)


@pytest.mark.django_db
def test_api_server_error_answers_json_500(client):
    with mock.patch.object(ActorViewSet, "list", side_effect=RuntimeError("bug")):
        response = client.get("/api/actors/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Internal Server Error"}


@pytest.mark.django_db
def test_pages_keep_their_html_error_pages(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_healthz_names_the_database_when_it_is_down(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["database"] == "unavailable"


@contextmanager
def closed_port():
    """The connection's settings pointed at a local port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(port))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real PostgreSQL connection")
def test_postgresql_unreachable_gives_503_then_recovers(client, django_db_blocker):
    """Fault injection without stopping the server: the next connection is refused."""
    with django_db_blocker.unblock():
        with closed_port():
            page = client.get("/actors/?t=closed-port")
            api = client.get("/api/actors/?t=closed-port")
            health = client.get("/healthz")
        recovered = client.get("/healthz")
    assert page.status_code == 503 and "temporarily unavailable" in page.content.decode()
    assert api.status_code == 503 and api["Retry-After"] == str(RETRY_AFTER)
    assert health.status_code == 503 and health.json()["database"] == "unavailable"
    assert recovered.status_code == 200


# --- A stranger's Host ----------------------------------------------------------------


def handlers_of(logger: logging.Logger) -> list[logging.Handler]:
    """The handlers a record of ``logger`` reaches, as logging.Logger.callHandlers walks them."""
    handlers = []
    while logger:
        handlers += logger.handlers
        logger = logger.parent if logger.propagate else None
    return handlers


@pytest.mark.django_db
def test_disallowed_host_logged_in_one_line(client):
    out = io.StringIO()
    logger = logging.getLogger("django.security.DisallowedHost")
    # The settings' handlers, not pytest's capture (a StreamHandler subclass).
    streams = [h for h in handlers_of(logger) if type(h) is logging.StreamHandler]
    assert streams, "a disallowed Host must be logged"
    saved = [h.setStream(out) for h in streams]
    try:
        response = client.get("/", HTTP_HOST="evil.example")
    finally:
        for handler, stream in zip(streams, saved, strict=True):
            handler.setStream(stream)
    assert response.status_code in (400, 500)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1, out.getvalue()
    assert "evil.example" in lines[0]


@pytest.mark.django_db
def test_disallowed_host_answers_400(client):
    """Django's bad-request page, templates/400.html if there is one, is rendered for a
    Host the site does not serve: a page extending base.html would build absolute
    addresses from that Host (the language alternates) and turn the 400 into a 500
    with a traceback. The too-large query page is named query_too_large.html."""
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


# --- Error pages and /healthz ---------------------------------------------------------


class TestHealth:
    @pytest.mark.django_db
    def test_healthy(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}

    @pytest.mark.django_db
    def test_database_down_gives_503(self, client):
        with mock.patch("ecosystem.core.health.connections") as connections:
            connections.__iter__.return_value = iter(["default"])
            connections["default"].cursor.side_effect = DatabaseError("down")
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] == "unavailable"


def _broken_view(request):
    raise RuntimeError("boom")


# The site's own patterns, spread rather than include()d: Django refuses to
# include a URLconf that uses i18n_patterns.
urlpatterns = [path("boom/", _broken_view), *config_urls.urlpatterns]


class TestErrorPages:
    @pytest.mark.django_db
    def test_404_in_french_with_a_way_back(self, client):
        response = client.get("/actors/no-such-actor/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Page introuvable" in html and "Retour à l'accueil" in html
        assert html.count("<main") == 1

    @pytest.mark.django_db
    def test_500_page_and_log(self, client, settings, caplog):
        settings.ROOT_URLCONF = __name__
        settings.DEBUG = False
        client.raise_request_exception = False
        with caplog.at_level(logging.ERROR, logger="django.request"):
            response = client.get("/boom/")
        assert response.status_code == 500
        assert "Une erreur est survenue" in response.content.decode()
        assert any("/boom/" in record.getMessage() for record in caplog.records)
