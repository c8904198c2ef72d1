"""A lock held on a table the pages read: public pages answer 503 quickly, /healthz
within a second, the admin waits longer and says that nothing was saved (issue 25 #5).

The lock is real: a second PostgreSQL connection takes ``LOCK TABLE actors_actor``,
and a timer releases it after a few seconds, so that without the timeouts a
request waits for the lock and the test fails instead of hanging.
"""

import threading
import time
from contextlib import contextmanager
from unittest import mock

import psycopg2
import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection, transaction
from django.test import RequestFactory

from ecosystem.core import health
from ecosystem.core.errors import RETRY_AFTER_BUSY, ErrorResponseMiddleware

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="statement and lock timeouts are PostgreSQL's; SQLite has one writer and no lock wait",
)
# A real fixture actor: committed when the session started, so the locking
# connection sees it too.
SLUG = "region-wallonne"


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@contextmanager
def table_locked(release_after: float):
    """``actors_actor`` locked by another session, released after ``release_after`` s.

    Yields the id of the actor ``SLUG``, read by the locking session: a read by the
    test's own transaction would keep a lock that the LOCK TABLE would wait for."""
    other = psycopg2.connect(**connection.get_connection_params())
    cursor = other.cursor()
    cursor.execute("SET lock_timeout = '5s'")
    cursor.execute("SELECT id FROM actors_actor WHERE slug = %s", [SLUG])
    (actor_id,) = cursor.fetchone()
    cursor.execute("LOCK TABLE actors_actor IN ACCESS EXCLUSIVE MODE")
    timer = threading.Timer(release_after, other.rollback)
    timer.start()
    try:
        yield actor_id
    finally:
        timer.cancel()
        other.rollback()
        other.close()


def request(do):
    """``do()``, its answer and its time, in a savepoint: a query that gave up on the
    lock aborts the transaction, which the test's own queries must not inherit."""
    sid = transaction.savepoint()
    start = time.monotonic()
    try:
        response = do()
    finally:
        elapsed = time.monotonic() - start
        transaction.savepoint_rollback(sid)
    return response, elapsed


@postgresql_only
@pytest.mark.django_db
def test_public_pages_answer_503_and_healthz_200_while_a_table_is_locked(client, settings):
    settings.DATABASE_LOCK_TIMEOUT = 300
    with table_locked(release_after=4):
        page, page_time = request(lambda: client.get(f"/actors/{SLUG}/"))
        api, api_time = request(lambda: client.get(f"/api/actors/{SLUG}/"))
        health_answer, health_time = request(lambda: client.get("/healthz"))

    assert page.status_code == 503 and page["Retry-After"] == str(RETRY_AFTER_BUSY)
    assert "Service momentanément indisponible" in page.content.decode()
    assert api.status_code == 503 and api["Content-Type"] == "application/json"
    assert page_time < 2 and api_time < 2, (page_time, api_time)
    assert health_answer.status_code == 200 and health_time < 1, health_time


@postgresql_only
@pytest.mark.django_db
def test_admin_waits_longer_and_says_nothing_was_saved(client, settings):
    client.force_login(User.objects.create_superuser("chef", "chef@example.be", "x"))
    settings.DATABASE_LOCK_TIMEOUT = 300

    settings.DATABASE_ADMIN_LOCK_TIMEOUT = 300
    with table_locked(release_after=1.5) as actor_id:
        change = f"/admin/actors/actor/{actor_id}/change/"
        busy, _ = request(lambda: client.post(change, {"website": "https://example.be"}))
    assert busy.status_code == 503 and busy["Retry-After"] == str(RETRY_AFTER_BUSY)
    assert "rien n'a été enregistré" in busy.content.decode()

    # The admin's own, longer limit: it outlasts a lock that a public page gives up on.
    settings.DATABASE_ADMIN_LOCK_TIMEOUT = 10_000
    with table_locked(release_after=1.0):
        public, _ = request(lambda: client.get(f"/actors/{SLUG}/"))
        edit, edit_time = request(lambda: client.get(change))
    assert public.status_code == 503
    assert edit.status_code == 200 and edit_time < 5


@postgresql_only
@pytest.mark.django_db
def test_healthz_gives_up_on_a_slow_database_within_a_second(client):
    with mock.patch.object(health, "PROBE", "SELECT pg_sleep(3)"):
        answer, elapsed = request(lambda: client.get("/healthz"))
    assert answer.status_code == 503 and answer.json()["database"] == "unavailable"
    assert elapsed < 1, elapsed


class _LockNotAvailable(Exception):
    pgcode = "55P03"


def timed_out() -> OperationalError:
    error = OperationalError("canceling statement due to lock timeout")
    error.__cause__ = _LockNotAvailable()
    return error


@pytest.mark.parametrize(
    ("path", "words"),
    [("/actors/", "Service momentanément indisponible"), ("/admin/", "rien n'a été enregistré")],
)
def test_a_timeout_is_a_busy_database_not_a_crash(path, words):
    middleware = ErrorResponseMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().post(path), timed_out())
    assert response.status_code == 503 and response["Retry-After"] == str(RETRY_AFTER_BUSY)
    assert words in response.content.decode()
