"""Exports and sitemaps that hold at 100,000 actors (issue 25 #7).

A full export is written to a file once per content version and served from it
(a long one by a thread in the background); filtered exports stream, a few at a
time; a file cut short, even by the worker's timeout (SystemExit), says so;
sitemaps come in files of URLS_PER_FILE addresses, each reading only its
records, cached until the content changes.
"""

import json
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from ecosystem.opendata import exports
from ecosystem.opendata.exports import INCOMPLETE, Dataset
from ecosystem.opendata.sitemaps import URLS_PER_FILE, RecordSitemap

pytestmark = pytest.mark.django_db

FULL = "/actors/export.csv"
FILTERED = "/actors/export.csv?pillar=corporate"


def read(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_full_export_is_written_once_then_served_from_its_file(client, world):
    first = client.get(FULL)
    text = read(first)
    assert "t-h2co" in text and INCOMPLETE not in text

    with CaptureQueriesContext(connection) as queries:
        again = client.get(FULL)
    assert again.status_code == 200 and len(queries) == 0
    assert int(again["Content-Length"]) == len(text.encode("utf-8"))
    assert read(again) == text
    assert again["X-Data-License"].startswith("CC BY 4.0")

    # A save bumps the content version: the next download has it.
    actor = Actor.objects.get(slug="t-h2co")
    actor.name = "H2 Company renamed"
    actor.save()
    assert "H2 Company renamed" in read(client.get(FULL))


def test_a_query_string_that_narrows_nothing_gets_the_full_file(client, world):
    """Unknown parameters and invalid values are ignored by the list: the export is the
    full one, from its file, and says so (no query string in its source)."""
    full = read(client.get(FULL))
    ignored = client.get(FULL + "?pillar=no-such-pillar&utm_source=newsletter")
    assert ignored.has_header("Content-Length") and read(ignored) == full
    read(client.get("/actors/export.json?utm_source=newsletter"))  # written
    data = client.get("/actors/export.json?utm_source=newsletter")
    assert data.has_header("Content-Length")
    assert json.loads(read(data))["source"] == "http://testserver/actors/"


class RunAtOnce:
    """threading.Thread for the background build, its target run at start() in the test's
    thread (another connection would not see the test's uncommitted records), without the
    thread's last step, closing its connections (here, the test's)."""

    def __init__(self, target, args, **kwargs):
        self.target, self.args = target, args

    def start(self):
        with mock.patch.object(connections, "close_all"):
            self.target(*self.args)

    def is_alive(self):
        return False


def test_long_full_export_is_written_in_the_background(client, world, monkeypatch):
    monkeypatch.setattr(exports, "FULL_EXPORT_LIVE_ROWS", 0)
    monkeypatch.setattr(exports.threading, "Thread", RunAtOnce)

    first = client.get(FULL)
    assert first.status_code == 503 and first["Retry-After"] == str(exports.RETRY_AFTER_BUILD)
    built = client.get(FULL)
    assert built.status_code == 200 and "t-h2co" in (old := read(built))

    actor = Actor.objects.get(slug="t-h2co")
    actor.name = "H2 Company renamed"
    actor.save()
    # The file being written again, the previous one is served meanwhile ...
    assert read(client.get(FULL)) == old
    # ... then the new one.
    assert "H2 Company renamed" in read(client.get(FULL))


@contextmanager
def stopped_by_the_worker_timeout():
    """gunicorn's timeout raises SystemExit in the worker, once the first row is out."""
    rows_of = Dataset.rows

    def rows(dataset, request):
        names, all_rows = rows_of(dataset, request)

        def first_then_timeout():
            yield next(all_rows)
            raise SystemExit(1)

        return names, first_then_timeout()

    with mock.patch.object(Dataset, "rows", rows):
        yield


@pytest.mark.parametrize("url", [FULL, FILTERED])
def test_export_stopped_by_the_worker_timeout_says_so(client, world, url):
    with stopped_by_the_worker_timeout():
        response = client.get(url)
        chunks = []
        with pytest.raises(SystemExit):
            for chunk in response.streaming_content:
                chunks.append(chunk)
    assert INCOMPLETE in b"".join(chunks).decode().splitlines()[-1]
    # A file cut short is not kept: the next download is whole.
    text = read(client.get(url))
    assert INCOMPLETE not in text and "t-h2co" in text


def test_filtered_exports_stream_a_few_at_a_time(client, world):
    held = [client.get(FILTERED) for _ in range(exports.LIVE_STREAMS)]
    try:
        refused = client.get(FILTERED)
        assert refused.status_code == 503 and refused["Retry-After"] == "10"
        # The full export is a file: never refused for that.
        assert client.get(FULL).status_code == 200
    finally:
        texts = [read(response) for response in held]
    assert all("t-h2co" in text for text in texts)
    assert client.get(FILTERED).status_code == 200


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_sitemaps_are_paged_and_each_file_reads_only_its_records(client, world, monkeypatch):
    assert URLS_PER_FILE <= 10_000
    monkeypatch.setattr(RecordSitemap, "limit", 6)
    pages = [url for url in locations(client, "/sitemap.xml") if "sitemap-actors" in url]
    published = Actor.objects.published().count()
    assert len(pages) == -(-2 * published // 6), "two languages, six addresses a file"
    assert pages[1] == "http://testserver/sitemap-actors.xml?p=2"

    urls = []
    for page in pages:
        path = page.removeprefix("http://testserver")
        with CaptureQueriesContext(connection) as queries:
            found = locations(client, path)
        assert 0 < len(found) <= 6
        rows = [q["sql"] for q in queries if re.match(r'SELECT "actors_actor"', q["sql"])]
        assert rows and all(re.search(r"LIMIT \d+", sql) for sql in rows), rows
        urls += found
    expected = {
        f"http://testserver{prefix}{actor.get_absolute_url().removeprefix('/')}"
        for actor in Actor.objects.published()
        for prefix in ("/", "/en/")
    }
    assert len(urls) == len(set(urls)) and set(urls) == expected


def test_sitemaps_are_cached_until_the_content_changes(client, world):
    first = client.get("/sitemap-actors.xml")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/sitemap-actors.xml")
    assert len(queries) == 0 and again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["X-Robots-Tag"] == first["X-Robots-Tag"]

    actor = Actor.objects.get(slug="t-h2co")
    actor.slug = "t-h2co-renamed"
    actor.save()
    assert b"/actors/t-h2co-renamed/" in client.get("/sitemap-actors.xml").content
