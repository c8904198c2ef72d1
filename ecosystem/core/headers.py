"""Response hygiene that Django leaves to the server: Permissions-Policy, bodiless HEAD."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

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
