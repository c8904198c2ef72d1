"""Response hygiene that Django leaves to the server: Permissions-Policy, bodiless HEAD,
compression."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware

# Powerful browser features, none of which the portal uses: denied to the
# site and to anything it might ever embed.
DISABLED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DISABLED_FEATURES)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response; above the page cache, so on its hits too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class HeadWithoutBodyMiddleware:
    """A HEAD answer goes out without its body, Content-Length kept.

    Django answers HEAD with the GET's body and leaves removing it to the
    server (runserver and the test client do); gunicorn drops it too, but warns
    once per response ("WSGI app sent body bytes on a no-body response"), so
    every HEAD — page cache hits first, as they are the cheap ones monitors
    poll — wrote a warning. Outermost but for WhiteNoise (which answers HEAD for
    static files itself), so that CommonMiddleware has already set the GET's
    Content-Length, which HEAD may carry.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                # An export's rows are not even fetched past the first chunk.
                response.streaming_content = ()
            else:
                response.content = b""
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """HTML pages gzipped for browsers that accept it, except those that hold a secret.

    A list page shrinks about five-fold (37 KB to 7 KB). BREACH recovers a
    secret from the size of compressed responses that also reflect the
    attacker's input; the public pages reflect input (a search, a filter) but
    hold no secret: no CSRF token (only the admin and its login have forms),
    no session data. A response that carries a CSRF token — Django then sets
    its cookie — is sent uncompressed, which covers every admin page (each has
    the logout form), whatever Django's own length masking (``max_random_bytes``)
    is worth. Only HTML is compressed: streamed exports end a file cut midway
    with a plain-text line, which a gzip stream would leave unreadable, and the
    API, feeds and calendars are left to a proxy's own compression.

    Placed inside HeadWithoutBodyMiddleware (a HEAD gets the compressed GET's
    Content-Length) and outside the page cache, which stores the plain page
    and serves it compressed or not as each visitor's Accept-Encoding says.
    WhiteNoise, above it, serves the static files precompressed itself.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or settings.CSRF_COOKIE_NAME in response.cookies
        ):
            return response
        return super().process_response(request, response)
