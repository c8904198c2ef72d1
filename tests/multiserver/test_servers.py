"""Two gunicorn instances, one Redis, a PostgreSQL primary and its streaming replica.

Started by servers.sh (``tests/multiserver/servers.sh run``); every request
goes over HTTP as a load balancer would send it (behind TLS: X-Forwarded-Proto).
"""

import http.client
import os
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg2
import pytest

from tests.multiserver.forms import changed, form_fields

SERVERS_SH = Path(__file__).with_name("servers.sh")
PAGE = "/territories/europe/"
PUBLIC_PAGES = [PAGE, "/", "/actors/", "/hubs/", "/search/?q=hydrog%C3%A8ne", "/api/actors/"]


class Visitor:
    """A browser of one server: its cookies, no redirect followed, every request bounded."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=15)
        headers = {"X-Forwarded-Proto": "https", "Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}:{self.port}"
            headers["Referer"] = f"https://{self.host}:{self.port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie, _, _ = value.partition(";")
                key, _, val = cookie.partition("=")
                self.cookies[key.strip()] = val.strip()
        connection.close()
        return response

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, data):
        return self.request("POST", path, data)

    def log_in(self) -> None:
        self.get("/admin/login/")
        response = self.post(
            "/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
                "username": os.environ["MS_STAFF"],
                "password": os.environ["MS_STAFF_PASSWORD"],
                "next": "/admin/",
            },
        )
        assert response.status == 302 and "sessionid" in self.cookies, response.text[:500]


def sql(url: str, query: str, params=()):
    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def a():
    return Visitor(os.environ["MS_A"])


@pytest.fixture(scope="module")
def b():
    return Visitor(os.environ["MS_B"])


@pytest.fixture(scope="module")
def staff_on_a():
    staff = Visitor(os.environ["MS_A"])
    staff.log_in()
    return staff


def territory_pk() -> int:
    [(pk,)] = sql(
        os.environ["MS_PRIMARY_URL"], "SELECT id FROM ecosystem_territory WHERE slug = 'europe'"
    )
    return pk


def rename(staff: Visitor, name: str) -> None:
    """The staff member renames the territory in the admin, as in a browser."""
    url = f"/admin/ecosystem/territory/{territory_pk()}/change/"
    form = staff.get(url)
    assert form.status == 200, form.text[:500]
    data = changed(form_fields(form.text, "territory_form"), name_fr=name)
    saved = staff.post(url, data)
    errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', saved.text, re.S)
    assert saved.status == 302, errors or saved.text[:500]


def title(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S).group(1).strip()


def cached_on(visitor: Visitor, path: str) -> http.client.HTTPResponse:
    """The page, asked until the server answers it from the cache."""
    for _ in range(3):
        response = visitor.get(path)
        assert response.status == 200
        if response.getheader("X-Page-Cache") == "hit":
            return response
    raise AssertionError(f"{path} never served from the cache")


def test_an_edit_through_a_is_what_b_serves_next(a, b, staff_on_a):
    before = cached_on(b, PAGE)
    assert "renommée par A" not in title(before)
    rename(staff_on_a, "Union européenne renommée par A")
    after = b.get(PAGE)
    assert after.status == 200
    assert title(after) == "Union européenne renommée par A"
    assert cached_on(b, PAGE).text == after.text
    assert "renommée par A" in title(a.get(PAGE))


def test_public_reads_go_to_the_replica_and_the_admin_writes_to_the_primary(b, staff_on_a):
    assert sql(os.environ["MS_REPLICA_URL"], "SELECT pg_is_in_recovery()") == [(True,)]
    # Pages never seen (a new query string each): rendered, so read from the database.
    for n in range(4):
        assert b.get(f"/actors/?page=1&seen={time.time_ns()}{n}").status == 200
    readers = sql(
        os.environ["MS_REPLICA_URL"],
        "SELECT query FROM pg_stat_activity WHERE datname = current_database()"
        " AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
    )
    assert any(re.search(r'"(actors|clusters|ecosystem)_', query) for (query,) in readers), readers
    # The replica is read-only: the save went to the primary, and the staff member who
    # made it sees it at once (their reads go to the primary), in the admin and on the site.
    rename(staff_on_a, "Union européenne vue par son éditeur")
    staff_on_b = Visitor(os.environ["MS_B"])
    staff_on_b.cookies = dict(staff_on_a.cookies)
    change_form = staff_on_b.get(f"/admin/ecosystem/territory/{territory_pk()}/change/")
    assert "Union européenne vue par son éditeur" in change_form.text
    assert title(staff_on_b.get(PAGE)) == "Union européenne vue par son éditeur"
    [(on_replica,)] = sql(
        os.environ["MS_REPLICA_URL"],
        "SELECT name_fr FROM ecosystem_territory WHERE slug = 'europe'",
    )
    assert on_replica == "Union européenne vue par son éditeur"  # replayed before the bump


def servers(command: str) -> None:
    subprocess.run([str(SERVERS_SH), command], check=True, timeout=60)


def test_redis_stopped_every_answer_200_restarted_cached_again_no_stale_page(a, b, staff_on_a):
    cached_on(b, PAGE)
    cached_on(a, PAGE)
    servers("redis-stop")
    try:
        started = time.monotonic()
        statuses = [
            visitor.get(path).status
            for _ in range(3)
            for visitor in (a, b)
            for path in PUBLIC_PAGES
        ]
        assert set(statuses) == {200}, statuses
        assert time.monotonic() - started < 60
        health = b.get("/healthz")
        assert health.status == 200 and '"cache": "unavailable"' in health.text
        # The limits count nothing without their cache, rather than a 429 for everyone.
        for n in range(5):
            assert b.get(f"/actors/?unseen={time.time_ns()}{n}").status == 200
        Visitor(os.environ["MS_B"]).log_in()  # staff can log in
        rename(staff_on_a, "Union européenne renommée sans Redis")
        assert title(b.get(PAGE)) == "Union européenne renommée sans Redis"
    finally:
        servers("redis-start")  # its dump holds the pages cached before the edit
    # A worker that saw the outage bumps the version as Redis returns; one that saw
    # none relies on the others' probes, once a second (RETRY_SECONDS).
    time.sleep(1.5)
    for visitor in (b, a):
        assert title(visitor.get(PAGE)) == "Union européenne renommée sans Redis"
        assert title(cached_on(visitor, PAGE)) == "Union européenne renommée sans Redis"
    assert '"cache": "ok"' in b.get("/healthz").text
