"""What one client may ask of the portal: a query of bounded size, renders the page cache
does not answer at a rate per address, login attempts at a rate per address, an account
locked after repeated failures; behind the proxy, each client counted on its own address.

The limits are off for the rest of the suite (conftest): these tests set them, or take
them as production has them (marker ``production_limits``)."""

import runpy
from pathlib import Path

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
from django.urls import reverse

from ecosystem.core.page_cache import STATUS_HEADER

PROJECT_DIR = Path(__file__).resolve().parent.parent
PROXY = "10.0.0.1"
PROXY_SETTINGS = ("AXES_CLIENT_IP_CALLABLE", "TRUSTED_PROXIES")


@pytest.fixture
def behind_proxy(settings, monkeypatch):
    """The settings DJANGO_BEHIND_PROXY=1 and DJANGO_TRUSTED_PROXIES=<the proxy> give,
    read from config/settings.py itself."""
    monkeypatch.setenv("DJANGO_BEHIND_PROXY", "1")
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", PROXY)
    production = runpy.run_path(str(PROJECT_DIR / "config" / "settings.py"))
    for name in PROXY_SETTINGS:
        setattr(settings, name, production[name])
    return settings


def via_proxy(client_address: str, sent: str = "") -> dict:
    """What the proxy hands on: its own address, the client's appended to X-Forwarded-For."""
    forwarded = f"{sent}, {client_address}" if sent else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


# --- Logins: the lockout sees the real client behind the proxy, a rate per address ----


def test_behind_the_proxy_the_client_address_is_the_one_the_proxy_saw(behind_proxy):
    rf = RequestFactory()
    assert get_client_ip_address(rf.get("/", **via_proxy("203.0.113.5"))) == "203.0.113.5"
    # What a client writes in the header itself is not believed.
    spoofed = rf.get("/", **via_proxy("203.0.113.5", sent="198.51.100.9"))
    assert get_client_ip_address(spoofed) == "203.0.113.5"
    assert get_client_ip_address(rf.get("/", REMOTE_ADDR="192.0.2.4")) == "192.0.2.4"


@pytest.mark.django_db
@pytest.mark.axes
def test_a_stranger_cannot_lock_staff_out_from_their_own_address(
    client, django_user_model, behind_proxy
):
    django_user_model.objects.create_superuser("marie", "m@example.be", "right-password-123")
    login_url = reverse("admin:login")
    stranger, staff = via_proxy("198.51.100.66"), via_proxy("203.0.113.5")
    for _ in range(behind_proxy.AXES_FAILURE_LIMIT):
        client.post(login_url, {"username": "marie", "password": "wrong"}, **stranger)
    locked = client.post(
        login_url, {"username": "marie", "password": "right-password-123"}, **stranger
    )
    assert locked.status_code == 429
    # The same user name from the staff member's own address is not locked.
    response = client.post(
        login_url, {"username": "marie", "password": "right-password-123"}, **staff
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_login_attempts_are_limited_per_address_whatever_the_user_name(client, settings):
    settings.PORTAL_LOGIN_RATE = "3/h"
    login_url = reverse("admin:login")
    statuses = [
        client.post(login_url, {"username": f"user{i}", "password": "x"}).status_code
        for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    # Another address is not concerned.
    other = client.post(login_url, {"username": "x", "password": "x"}, REMOTE_ADDR="192.0.2.8")
    assert other.status_code == 200


@pytest.mark.django_db
@pytest.mark.axes
@pytest.mark.production_limits
def test_repeated_failed_logins_lock_the_account(client, django_user_model, settings):
    django_user_model.objects.create_superuser("editor", "e@example.be", "right-password-123")
    login_url = reverse("admin:login")
    statuses = [
        client.post(login_url, {"username": "editor", "password": "wrong"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    # The usual form error, until the limit is reached.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = client.post(login_url, {"username": "editor", "password": "right-password-123"})
    assert locked.status_code == 429
    assert "Connexion temporairement bloquée" in locked.content.decode()
    # Another account from the same address is not locked.
    django_user_model.objects.create_superuser("other", "o@example.be", "other-password-123")
    other = client.post(login_url, {"username": "other", "password": "other-password-123"})
    assert other.status_code == 302


# --- Bounded queries and a render limit per address -----------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "&".join(f"kind={i % 10}" for i in range(600)),  # the 4 KB attack
        "&".join(f"domain=d{i}" for i in range(31)),  # too many values of one filter
        "q=" + "x" * 201,  # an over-long value
        "&".join(f"p{i}=1" for i in range(21)),  # too many parameters
    ],
)
def test_oversized_queries_are_refused_before_anything_is_cached(client, query):
    response = client.get(f"/map/?{query}")
    assert response.status_code == 400
    assert "Demande trop longue" in response.content.decode()
    assert STATUS_HEADER not in response
    english = client.get(f"/en/map/?{query}")
    assert english.status_code == 400
    assert "Request too long" in english.content.decode()


@pytest.mark.django_db
def test_a_full_filter_panel_is_still_served(client):
    query = "&".join(f"domain=d{i}" for i in range(30)) + "&kind=company&pillar=corporate"
    assert client.get(f"/actors/?{query}").status_code == 200


@pytest.mark.django_db
def test_renders_the_cache_does_not_answer_are_limited_per_address(client, settings):
    settings.PORTAL_RENDER_RATE = "3/m"
    statuses = [client.get(f"/actors/?utm={i}").status_code for i in range(3)]
    assert statuses == [200, 200, 200]
    limited = client.get("/actors/?utm=new")
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert "Trop de demandes" in limited.content.decode()
    english = client.get("/en/actors/?utm=newer")
    assert english.status_code == 429
    assert "Too many requests" in english.content.decode()
    # Pages the cache holds are still served; another address has its own count.
    assert client.get("/actors/?utm=0")[STATUS_HEADER] == "hit"
    assert client.get("/actors/?utm=x", REMOTE_ADDR="192.0.2.8").status_code == 200


@pytest.mark.django_db
def test_a_fake_session_cookie_does_not_escape_the_limit(client, settings):
    settings.PORTAL_RENDER_RATE = "2/m"
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    statuses = [client.get("/actors/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_staff_and_the_limit_off(client, settings, django_user_model):
    settings.PORTAL_RENDER_RATE = "1/m"
    client.force_login(django_user_model.objects.create_superuser("s", "s@example.be", "pw"))
    assert [client.get("/actors/").status_code for _ in range(3)] == [200] * 3
    client.logout()
    settings.PORTAL_RENDER_RATE = "0"
    assert [client.get(f"/actors/?n={i}").status_code for i in range(3)] == [200] * 3


@pytest.mark.django_db
def test_behind_the_proxy_the_limit_counts_each_client(client, settings, behind_proxy):
    settings.PORTAL_RENDER_RATE = "1/m"
    assert client.get("/actors/?a", **via_proxy("203.0.113.5")).status_code == 200
    assert client.get("/actors/?b", **via_proxy("203.0.113.5")).status_code == 429
    assert client.get("/actors/?c", **via_proxy("203.0.113.6")).status_code == 200


def test_the_benchmark_turns_the_limit_off():
    assert "PORTAL_RENDER_RATE=0" in (PROJECT_DIR / "bench" / "run.sh").read_text()
