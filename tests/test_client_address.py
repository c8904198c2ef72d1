"""One place decides a client's address (issue 25, #12): ``ecosystem.core.limits.client_address``.

With DJANGO_BEHIND_PROXY=1 the application port may still be reachable directly.
X-Forwarded-For is read only when the request comes from one of the proxies named
in DJANGO_TRUSTED_PROXIES, and then its right-most address that is none of them is
the client: a client writing the header itself neither escapes the render limit
nor the API throttle, nor locks another address out of the admin.
"""

import runpy
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from ecosystem.core.limits import client_address

PROJECT_DIR = Path(__file__).resolve().parent.parent
PROXY = "10.0.0.1"
ATTACKER = "198.51.100.66"  # reaches the application port directly
STAFF = "203.0.113.5"  # comes through the proxy


@pytest.fixture
def behind_proxy(settings, monkeypatch):
    """The settings DJANGO_BEHIND_PROXY=1 with DJANGO_TRUSTED_PROXIES give, read from
    config/settings.py itself."""
    monkeypatch.setenv("DJANGO_BEHIND_PROXY", "1")
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", f"{PROXY}, 10.1.0.0/16, fd00::/8")
    production = runpy.run_path(str(PROJECT_DIR / "config" / "settings.py"))
    for name in ("AXES_CLIENT_IP_CALLABLE", "TRUSTED_PROXIES", "REST_FRAMEWORK"):
        setattr(settings, name, production[name])
    return settings


def forged(n: int) -> dict:
    """A direct request whose own X-Forwarded-For names another address each time."""
    return {"REMOTE_ADDR": ATTACKER, "HTTP_X_FORWARDED_FOR": f"192.0.2.{n % 250 + 1}"}


def via_proxy(forwarded: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": ATTACKER}, ATTACKER),
        (forged(1), ATTACKER),  # not from a proxy: the header is ignored
        (via_proxy(STAFF), STAFF),
        # What the client wrote before the address our proxy appended is not read.
        (via_proxy(f"192.0.2.9, {STAFF}"), STAFF),
        # A chain of trusted proxies: the right-most address that is none of them.
        (via_proxy(f"192.0.2.9, {STAFF}, 10.1.4.2, 10.1.0.7"), STAFF),
        (via_proxy(f"{STAFF},10.1.4.2"), STAFF),
        ({"REMOTE_ADDR": "fd00::5", "HTTP_X_FORWARDED_FOR": "2001:db8::7"}, "2001:db8::7"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "::ffff:203.0.113.5"}, STAFF),
        # Not an address where the client should be: the last proxy's word is kept.
        (via_proxy(f"{STAFF}, junk, 10.1.4.2"), "10.1.4.2"),
        (via_proxy(""), PROXY),
        ({"REMOTE_ADDR": PROXY}, PROXY),
        # A unix socket (gunicorn gives no REMOTE_ADDR) is this machine, not trusted here.
        ({"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": STAFF}, "127.0.0.1"),
    ],
)
def test_the_client_is_the_right_most_address_no_trusted_proxy_sent(behind_proxy, meta, expected):
    assert client_address(RequestFactory().get("/", **meta)) == expected


def test_the_default_trusts_a_proxy_on_this_machine_only(settings, monkeypatch):
    monkeypatch.setenv("DJANGO_BEHIND_PROXY", "1")
    monkeypatch.delenv("DJANGO_TRUSTED_PROXIES", raising=False)
    settings.TRUSTED_PROXIES = runpy.run_path(str(PROJECT_DIR / "config" / "settings.py"))[
        "TRUSTED_PROXIES"
    ]
    rf = RequestFactory()
    for local in ("127.0.0.1", "::1", ""):  # "": nginx through a unix socket
        request = rf.get("/", REMOTE_ADDR=local, HTTP_X_FORWARDED_FOR=STAFF)
        assert client_address(request) == STAFF
    assert client_address(rf.get("/", **forged(1))) == ATTACKER


def test_without_the_proxy_setting_the_header_is_never_read(settings):
    assert settings.TRUSTED_PROXIES == []
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=STAFF)
    assert client_address(request) == "127.0.0.1"


def test_a_trusted_proxy_that_is_no_address_stops_the_start(monkeypatch):
    monkeypatch.setenv("DJANGO_BEHIND_PROXY", "1")
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", "10.0.0.1,nginx")
    with pytest.raises(Exception, match="DJANGO_TRUSTED_PROXIES: 'nginx'"):
        runpy.run_path(str(PROJECT_DIR / "config" / "settings.py"))


@pytest.mark.django_db
def test_a_rotating_header_does_not_escape_the_render_limit(client, settings, behind_proxy):
    settings.PORTAL_RENDER_RATE = "3/m"
    statuses = [client.get("/actors/", {"n": n}, **forged(n)).status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    # The staff member behind the proxy has a count of their own.
    assert client.get("/actors/", {"n": "staff"}, **via_proxy(STAFF)).status_code == 200


@pytest.mark.django_db
def test_a_rotating_header_does_not_escape_the_api_throttle(client, monkeypatch, behind_proxy):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [client.get("/api/actors/", {"n": n}, **forged(n)).status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert client.get("/api/actors/", **via_proxy(STAFF)).status_code == 200


@pytest.mark.django_db
@pytest.mark.axes
def test_a_forged_header_does_not_lock_a_real_address_out(client, django_user_model, behind_proxy):
    django_user_model.objects.create_superuser("marie", "m@example.be", "right-password-123")
    login = reverse("admin:login")
    direct = {"REMOTE_ADDR": ATTACKER, "HTTP_X_FORWARDED_FOR": STAFF}
    for _ in range(behind_proxy.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "marie", "password": "wrong"}, **direct)
    # The lock fell on the attacker's own address...
    locked = client.post(login, {"username": "marie", "password": "right-password-123"}, **direct)
    assert locked.status_code == 429
    # ...not on the address the attacker wrote: the staff member logs in through the proxy.
    response = client.post(
        login, {"username": "marie", "password": "right-password-123"}, **via_proxy(STAFF)
    )
    assert response.status_code == 302
