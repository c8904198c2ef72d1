"""The shared cache (Redis or a cache folder) failing is not the portal failing.

A full or read-only cache folder, an unreachable or stopped Redis: pages, the
API and editors' saves answer as without a cache, the failure is logged once
per episode and /healthz reports it; when the cache comes back, nothing cached
before an edit made meanwhile is served. The Redis tests start a real
redis-server of their own (Debian's package; skipped where it is missing).

Over 450 lines because each failure is met at every surface (pages, API,
saves, /healthz) with the helpers that fake it, which no other module needs.
"""

import contextlib
import errno
import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from clusters.models import Cluster
from ecosystem.core import cache_backends
from ecosystem.core.cache import content_version
from ecosystem.core.page_cache import STATUS_HEADER
from ecosystem.models import Territory
from tests.multiserver.forms import changed, form_fields

# With the render and login limits on, as in production: a failing cache must not turn
# them into a 429 for everyone.
pytestmark = [pytest.mark.django_db, pytest.mark.production_limits]

REDIS_SERVER = shutil.which("redis-server")
# CI installs redis-server (.ci/run): there, a missing one fails instead of skipping.
needs_redis = pytest.mark.skipif(
    not REDIS_SERVER and not os.environ.get("CI"), reason="redis-server not installed"
)


@pytest.fixture(autouse=True)
def _fresh_episodes(monkeypatch, settings):
    """Each test starts with every cache healthy, and stops the probes it started."""
    monkeypatch.setattr(cache_backends, "RETRY_SECONDS", 0.05)
    cache_backends._episodes.clear()
    original = settings.CACHES
    yield
    # Back to the suite's caches before conftest clears them, not a failing one.
    settings.CACHES = original
    for episode in cache_backends._episodes.values():
        episode.down_since = None
    cache_backends._episodes.clear()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def use_caches(settings, backend: str, location, **extra):
    settings.CACHES = {
        alias: {"BACKEND": backend, "LOCATION": location(alias), **extra}
        for alias in ("default", "pages")
    }


@pytest.fixture
def hub():
    return Cluster.objects.create(
        slug="t-shared-hub", name="Hub partagé", kind=Cluster.Kind.HUB, is_published=True
    )


def rename_in_admin(client, territory: Territory, name: str):
    """What an editor does: open the change form, change the name, save."""
    url = f"/admin/ecosystem/territory/{territory.pk}/change/"
    html = client.get(url).content.decode()
    data = changed(form_fields(html, "territory_form"), name_fr=name)
    return client.post(url, dict(_multi(data)))


def _multi(pairs):
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return {name: values if len(values) > 1 else values[0] for name, values in grouped.items()}


def cache_warnings(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "ecosystem.core.cache_backends" and record.levelno == logging.WARNING
    ]


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS], ids=["full", "read-only"])
def test_a_failing_cache_folder_serves_pages_and_saves_without_it(
    settings, tmp_path, monkeypatch, caplog, admin_client, client, hub, error
):
    use_caches(
        settings,
        "ecosystem.core.cache_backends.FailSafeFileBasedCache",
        lambda alias: str(tmp_path / alias),
    )

    def no_room(*args, **kwargs):
        raise OSError(error, "cache folder failing")

    # Every write of Django's file cache starts with a temporary file.
    monkeypatch.setattr("django.core.cache.backends.filebased.tempfile.mkstemp", no_room)
    territory = Territory.objects.create(slug="t-shared-land", name="Terre", kind="province")
    caplog.set_level(logging.WARNING)

    for _ in range(3):
        page = client.get("/hubs/t-shared-hub/")
        assert page.status_code == 200 and page[STATUS_HEADER] == "miss"
        assert client.get("/actors/", {"pillar": "corporate"}).status_code == 200
        assert client.get("/search/", {"q": "hydrogène"}).status_code == 200
        assert client.get("/api/actors/").status_code == 200
    assert rename_in_admin(admin_client, territory, "Terre renommée").status_code == 302
    territory.refresh_from_db()
    assert territory.name == "Terre renommée"

    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    # Logged once per cache (default, pages), not once per request.
    warnings = cache_warnings(caplog)
    assert len(warnings) == 2, warnings
    assert all("unavailable" in message for message in warnings)


def test_an_unreachable_redis_serves_pages_and_saves_without_it(
    settings, caplog, admin_client, client, hub
):
    port = free_port()  # nothing listens there
    use_caches(
        settings,
        "ecosystem.core.cache_backends.FailSafeRedisCache",
        lambda alias: f"redis://127.0.0.1:{port}/0",
        KEY_PREFIX="t",
        OPTIONS={"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    )
    territory = Territory.objects.create(slug="t-shared-land", name="Terre", kind="province")
    caplog.set_level(logging.WARNING)
    started = time.monotonic()
    for _ in range(3):
        assert client.get("/hubs/t-shared-hub/").status_code == 200
        assert client.get("/api/actors/").status_code == 200
    assert rename_in_admin(admin_client, territory, "Terre renommée").status_code == 302
    assert time.monotonic() - started < 10
    response = client.get("/healthz")
    assert (response.status_code, response.json()["cache"]) == (200, "unavailable")
    assert 1 <= len(cache_warnings(caplog)) <= 2


def test_back_from_a_failure_no_page_from_before_an_edit_is_served(
    settings, tmp_path, monkeypatch, caplog, client, hub
):
    """The edit could not bump the version while the cache failed: coming back bumps it."""
    use_caches(
        settings,
        "ecosystem.core.cache_backends.FailSafeFileBasedCache",
        lambda alias: str(tmp_path / alias),
    )
    client.get("/hubs/t-shared-hub/")
    assert client.get("/hubs/t-shared-hub/")[STATUS_HEADER] == "hit"
    before = content_version()

    def no_room(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as failing:
        failing.setattr("django.core.cache.backends.filebased.tempfile.mkstemp", no_room)
        hub.name = "Hub renommé pendant la panne"
        hub.save()  # its bump is lost
        assert "Hub renommé" in client.get("/hubs/t-shared-hub/").content.decode()
    caplog.set_level(logging.WARNING)
    time.sleep(0.1)  # past RETRY_SECONDS

    response = client.get("/hubs/t-shared-hub/")
    assert "Hub renommé pendant la panne" in response.content.decode()
    assert content_version() != before
    assert client.get("/hubs/t-shared-hub/")[STATUS_HEADER] == "hit"
    assert any("back after" in message for message in cache_warnings(caplog))


@pytest.fixture
def redis_server(tmp_path):
    """A real redis-server, persisting to disk as Debian's does, on a free port."""
    port = free_port()
    command = [
        REDIS_SERVER,
        "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path),
        "--save", "3600 1", "--appendonly", "no",
    ]  # fmt: skip

    def start():
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return process
            except OSError:
                time.sleep(0.05)
        process.kill()
        raise RuntimeError("redis-server did not start")

    server = {"port": port, "process": start()}

    def stop():
        # SHUTDOWN SAVE: the pages come back at restart, as from a real restart.
        subprocess.run(
            ["redis-cli", "-p", str(port), "shutdown", "save"], capture_output=True, timeout=10
        )
        server["process"].wait(timeout=10)

    def cli(*arguments: str) -> str:
        return subprocess.run(
            ["redis-cli", "-p", str(port), *arguments],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()

    server["stop"] = stop
    server["restart"] = lambda: server.update(process=start())
    server["cli"] = cli
    yield server
    if server["process"].poll() is None:
        server["process"].send_signal(signal.SIGCONT)  # if a test paused it
        server["process"].kill()
        server["process"].wait()


def use_redis(settings, port: int, prefix: str = "t"):
    use_caches(
        settings,
        "ecosystem.core.cache_backends.FailSafeRedisCache",
        lambda alias: f"redis://127.0.0.1:{port}/0",
        OPTIONS={"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    )
    for alias in settings.CACHES:
        settings.CACHES[alias]["KEY_PREFIX"] = f"{prefix}:{alias}"


@needs_redis
def test_redis_stopped_then_restarted_serves_every_page_and_no_stale_one(
    settings, redis_server, caplog, client, hub
):
    use_redis(settings, redis_server["port"])
    client.get("/hubs/t-shared-hub/")
    assert client.get("/hubs/t-shared-hub/")[STATUS_HEADER] == "hit"
    caplog.set_level(logging.WARNING)

    redis_server["stop"]()
    hub.name = "Hub renommé sans Redis"
    hub.save()
    for _ in range(5):
        response = client.get("/hubs/t-shared-hub/")
        assert response.status_code == 200
        assert "Hub renommé sans Redis" in response.content.decode()
    assert client.get("/healthz").json()["cache"] == "unavailable"

    redis_server["restart"]()  # with the page cached before the edit
    time.sleep(0.1)
    response = client.get("/hubs/t-shared-hub/")
    assert "Hub renommé sans Redis" in response.content.decode()
    assert client.get("/hubs/t-shared-hub/")[STATUS_HEADER] == "hit"
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}
    warnings = cache_warnings(caplog)
    assert sum("unavailable" in message for message in warnings) == 2, warnings


@needs_redis
def test_redis_keys_are_namespaced_and_clear_keeps_other_portals_keys(settings, redis_server):
    use_redis(settings, redis_server["port"], prefix="portal-a")
    cache.set("k", "a")
    caches["pages"].set("k", "page a")
    other = caches.create_connection("default")  # same settings, other prefix below
    other.key_prefix = "portal-b:default"
    other.set("k", "b")
    assert (cache.get("k"), caches["pages"].get("k"), other.get("k")) == ("a", "page a", "b")
    cache.clear()
    assert (cache.get("k"), caches["pages"].get("k"), other.get("k")) == (None, "page a", "b")


def test_a_cache_folder_is_counted_now_and_then_and_stays_near_its_size(tmp_path):
    """The folder is listed at one set in CULL_EVERY, not at each (1 ms at 1,000 entries)."""
    size = 100
    folder = cache_backends.FailSafeFileBasedCache(
        str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": size}}
    )
    listed = []
    original = folder._list_cache_files
    folder._list_cache_files = lambda: listed.append(1) or original()
    sets = 8 * folder.CULL_EVERY
    for number in range(sets):
        folder.set(f"key-{number}", number)
    assert len(listed) == sets // folder.CULL_EVERY
    assert len(original()) < size + folder.CULL_EVERY
    assert folder.get(f"key-{sets - 1}") == sets - 1


@pytest.mark.parametrize("frequency", [3, 0])
def test_a_cache_folder_culled_keeps_the_content_version(tmp_path, frequency):
    """Losing it made everything cached stale at once (a new version, all recomputed)."""
    from ecosystem.core.cache import VERSION_KEY

    folder = cache_backends.FailSafeFileBasedCache(
        str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 40, "CULL_FREQUENCY": frequency}}
    )
    folder.set(VERSION_KEY, 1234, None)
    for number in range(40 * folder.CULL_EVERY):
        folder.set(f"key-{number}", number)
    assert folder.get(VERSION_KEY) == 1234


def test_a_cull_removes_a_few_entries_at_a_time(tmp_path, monkeypatch):
    """No request pays for deleting thousands of files: at most 2 × CULL_EVERY per cull."""
    folder = cache_backends.FailSafeFileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 100}})
    monkeypatch.setattr(folder, "CULL_EVERY", 10_000)  # fill it past its size first
    for number in range(400):
        folder.set(f"old-{number}", number)
    monkeypatch.setattr(folder, "CULL_EVERY", 32)
    folder._sets_since_cull = 0
    for number in range(32):
        folder.set(f"new-{number}", number)
    assert len(folder._list_cache_files()) == 400 + 32 - 2 * 32


# --- A failing cache locks nobody out (issue 25, #1) ------------------------------------


@pytest.fixture
def hung_server():
    """A server that accepts connections and never answers (a Redis hung, or its host)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted, stopping = [], threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stopping.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def nobody_locked_out(client, django_user_model) -> float:
    """Staff logging in, and anonymous renders: the seconds they took."""
    django_user_model.objects.create_superuser("marie", "m@example.be", "right-password-123")
    login = reverse("admin:login")
    started = time.monotonic()
    wrong = client.post(login, {"username": "marie", "password": "wrong"})
    assert wrong.status_code == 200 and "errornote" in wrong.content.decode()
    right = client.post(login, {"username": "marie", "password": "right-password-123"})
    assert right.status_code == 302, right.status_code
    assert client.get("/admin/").status_code == 200
    client.logout()
    # Each render a new query string: none can come from the page cache.
    statuses = [client.get("/actors/", {"seen": n}).status_code for n in range(12)]
    statuses += [client.get(path).status_code for path in ("/", "/hubs/t-shared-hub/", "/map/")]
    assert set(statuses) == {200}, statuses
    return time.monotonic() - started


@pytest.mark.axes
def test_a_hung_cache_server_locks_nobody_out(
    settings, monkeypatch, hung_server, client, django_user_model, hub
):
    monkeypatch.setattr(cache_backends, "RETRY_SECONDS", 1.0)  # production's
    use_caches(
        settings,
        "ecosystem.core.cache_backends.FailSafeRedisCache",
        lambda alias: f"redis://127.0.0.1:{hung_server}/0",
        KEY_PREFIX="t",
        OPTIONS={"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    )
    # A timeout per cache and second at most, not one per operation.
    assert nobody_locked_out(client, django_user_model) < 10
    assert client.get("/healthz").json()["cache"] == "unavailable"


@needs_redis
@pytest.mark.axes
@pytest.mark.parametrize("failure", ["stopped", "paused", "out of memory"])
def test_a_failing_redis_locks_nobody_out(
    settings, monkeypatch, redis_server, client, django_user_model, hub, failure
):
    monkeypatch.setattr(cache_backends, "RETRY_SECONDS", 1.0)  # production's
    use_redis(settings, redis_server["port"])
    assert client.get("/actors/").status_code == 200  # counted, cached: Redis works
    if failure == "stopped":
        redis_server["stop"]()
    elif failure == "paused":  # accepts connections (the kernel does), never answers
        redis_server["process"].send_signal(signal.SIGSTOP)
    else:  # every write refused with OOM, reads still answered
        redis_server["cli"]("config", "set", "maxmemory-policy", "noeviction")
        redis_server["cli"]("config", "set", "maxmemory", "1")
    try:
        assert nobody_locked_out(client, django_user_model) < 10
        assert client.get("/healthz").json()["cache"] == "unavailable"
    finally:
        redis_server["process"].send_signal(signal.SIGCONT)


# --- A cache folder that cannot be created (issue 25, #2) -------------------------------


@pytest.fixture(params=["under a file", "read-only"])
def uncreatable_folder(request, tmp_path, monkeypatch):
    """A cache folder whose creation fails (a path under a file, or a read-only mount),
    and what repairs it."""
    if request.param == "under a file":
        blocker = tmp_path / "a-file"
        blocker.write_text("")
        return blocker / "cache", blocker.unlink

    def read_only(path, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr("django.core.cache.backends.filebased.safe_makedirs", read_only)
    return tmp_path / "read-only" / "cache", monkeypatch.undo


def test_a_cache_folder_that_cannot_be_created_serves_everything_without_it(
    settings, uncreatable_folder, caplog, admin_client, client, hub
):
    folder, repair = uncreatable_folder
    use_caches(
        settings,
        "ecosystem.core.cache_backends.FailSafeFileBasedCache",
        lambda alias: str(folder / alias),
    )
    territory = Territory.objects.create(slug="t-shared-land", name="Terre", kind="province")
    caplog.set_level(logging.WARNING)
    for _ in range(2):
        assert client.get("/hubs/t-shared-hub/").status_code == 200
        assert client.get("/actors/", {"pillar": "corporate"}).status_code == 200
        assert client.get("/search/", {"q": "hydrogène"}).status_code == 200
        assert client.get("/api/actors/").status_code == 200
    assert rename_in_admin(admin_client, territory, "Terre renommée").status_code == 302
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    # One warning per cache, naming its folder.
    warnings = cache_warnings(caplog)
    assert len(warnings) == 2, warnings
    for alias in ("default", "pages"):
        assert any(str(folder / alias) in message for message in warnings), warnings

    repair()  # the folder can be created again: the cache comes back by itself
    time.sleep(0.1)  # past RETRY_SECONDS
    client.get("/hubs/t-shared-hub/")
    assert client.get("/hubs/t-shared-hub/")[STATUS_HEADER] == "hit"
    assert client.get("/healthz").json()["cache"] == "ok"
