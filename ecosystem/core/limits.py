"""Bounds on what one request may ask, and on how often one address gets a page rendered.

Two middleware stand around the page cache (``config/settings.py``, MIDDLEWARE):

- ``QueryBoundsMiddleware``, above it, answers 400 to a query string with too
  many values for one parameter, too many parameters or an over-long value,
  before anything runs or is cached. No page of the portal builds such a URL
  (a facet offers a few dozen values at most), so a clear refusal is better
  than silently keeping some of the values: the visitor sees what went wrong,
  and a 4 KB query can no longer make a 700 KB page that fills the cache.
- ``RenderRateLimitMiddleware``, below it, counts the public pages the cache did
  not answer: a new query string per request, or a fake session cookie, skips
  the cache and costs a full render. One client address may have
  ``PORTAL_RENDER_RATE`` of them (django-ratelimit, over the default cache),
  then gets a 429 page with ``Retry-After``. Cache hits and logged-in staff are
  never counted. Admin login attempts have their own per-address limit
  (``PORTAL_LOGIN_RATE``), beside django-axes' lockout of a user name from one
  address (in the database).

A cache that cannot count (Redis stopped, hung or out of memory, a cache folder
read-only or impossible to create) counts nothing: no limit, rather than a 429
for everyone and the staff locked out of the admin (``RATELIMIT_FAIL_OPEN``).
"""

from __future__ import annotations

import functools
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django_ratelimit.core import is_ratelimited
from rest_framework.throttling import AnonRateThrottle

from ecosystem.core.registry import public_namespaces

# The largest query a page of the portal makes, with room to spare.
MAX_QUERY_LENGTH = 2048
MAX_PARAMETERS = 20
MAX_VALUES = 30
MAX_VALUE_LENGTH = 200

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


# A unix socket's peer (gunicorn gives an empty REMOTE_ADDR) is on this machine.
LOCAL_PEER = IPv4Address("127.0.0.1")


def _address(text: str) -> IPv4Address | IPv6Address | None:
    try:
        address = ip_address(text.strip())
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


@functools.cache
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ip_network(proxy, strict=False) for proxy in proxies)


def client_address(request: HttpRequest) -> str:
    """The visitor's address: the one place that decides it, for every per-address count
    (the render and login limits, django-axes' lockout, the API throttle).

    The connection's peer, unless it is one of ``TRUSTED_PROXIES``
    (DJANGO_TRUSTED_PROXIES, with DJANGO_BEHIND_PROXY=1): then the right-most
    address of X-Forwarded-For that is not one of them, the one our proxies
    received the request from. What a client writes in the header itself is never
    read; a client reaching the application directly is its own address.
    """
    peer = _address(request.META.get("REMOTE_ADDR", "")) or LOCAL_PEER
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))
    if not any(peer in network for network in trusted):
        return str(peer)
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(entry)
        if address is None:
            break  # not an address: the last proxy's word is all there is
        peer = address
        if not any(address in network for network in trusted):
            break
    return str(peer)


def rate_period(rate: str) -> int:
    """Seconds in the period of a django-ratelimit rate: ``120/m`` → 60, ``30/2h`` → 7200."""
    period = rate.partition("/")[2]
    return int(period[:-1] or 1) * PERIODS[period[-1]]


def query_too_large(request: HttpRequest) -> bool:
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return True
    params = request.GET
    if len(params) > MAX_PARAMETERS:
        return True
    return any(
        len(values) > MAX_VALUES or any(len(value) > MAX_VALUE_LENGTH for value in values)
        for _name, values in params.lists()
    )


class QueryBoundsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if query_too_large(request):
            context = {"max_values": MAX_VALUES, "max_length": MAX_QUERY_LENGTH}
            return HttpResponse(
                render_to_string("query_too_large.html", context, request), status=400
            )
        return self.get_response(request)


def too_many_requests(request: HttpRequest, rate: str) -> HttpResponse:
    """The 429 page, saying when to come back (``Retry-After``: the rate's period)."""
    retry_after = rate_period(rate)
    response = HttpResponse(
        render_to_string("429.html", {"retry_minutes": -(-retry_after // 60)}, request),
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def over_limit(request: HttpRequest, group: str, rate: str) -> bool:
    """Count one more request of ``group`` from this client; True past ``rate``
    ("" or "0": no limit). A cache that cannot count counts nothing (fails open)."""
    if rate in ("", "0"):
        return False
    # key="ip" reads RATELIMIT_IP_META_KEY: client_address above.
    return is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)


class RenderRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        """Count a render the page cache did not answer (it sits above and answers first)."""
        match = request.resolver_match
        if match.view_name == "admin:login" and request.method == "POST":
            group, rate = "admin-login", settings.PORTAL_LOGIN_RATE
        elif match.app_name in public_namespaces() and not request.user.is_authenticated:
            group, rate = "render", settings.PORTAL_RENDER_RATE
        else:
            return None
        if not over_limit(request, group, rate):
            return None
        return too_many_requests(request, rate)


class ClientAddressAnonRateThrottle(AnonRateThrottle):
    """The API's throttle, per ``client_address`` (DRF reads X-Forwarded-For from anyone)."""

    def get_ident(self, request) -> str:
        return client_address(request)
