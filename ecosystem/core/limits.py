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
  address.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django_ratelimit.core import is_ratelimited

from ecosystem.core.page_cache import CACHED_NAMESPACES

# The largest query a page of the portal makes, with room to spare.
MAX_QUERY_LENGTH = 2048
MAX_PARAMETERS = 20
MAX_VALUES = 30
MAX_VALUE_LENGTH = 200

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def client_address(request: HttpRequest) -> str:
    """The visitor's address, as django-axes sees it (behind the proxy: ipware, settings)."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "")


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
        elif match.app_name in CACHED_NAMESPACES and not request.user.is_authenticated:
            group, rate = "render", settings.PORTAL_RENDER_RATE
        else:
            return None
        if rate in ("", "0"):
            return None
        # key="ip" reads RATELIMIT_IP_META_KEY: client_address above.
        if not is_ratelimited(request, group=group, key="ip", rate=rate, increment=True):
            return None
        retry_after = rate_period(rate)
        response = HttpResponse(
            render_to_string("429.html", {"retry_minutes": -(-retry_after // 60)}, request),
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response
