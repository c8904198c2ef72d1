"""Whole anonymous pages served from the cache, and never served stale or to the wrong visitor."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from actors.models import Actor
from clusters.models import Cluster, Membership
from ecosystem.core.page_cache import STATUS_HEADER, AnonymousPageCacheMiddleware
from ecosystem.models import Pillar

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Frame-Options",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "Content-Type",
    "Content-Language",
]


@pytest.fixture
def hub():
    hub = Cluster.objects.create(
        slug="t-cache-hub", name="Hub du cache", kind=Cluster.Kind.HUB, is_published=True
    )
    actor = Actor.objects.create(
        slug="t-cache-actor", name="Acteur du cache", pillar=Pillar.CORPORATE, is_published=True
    )
    Membership.objects.create(actor=actor, cluster=hub)
    return hub


def test_second_anonymous_visit_is_served_from_the_cache_without_a_query(client, hub):
    first = client.get("/hubs/t-cache-hub/")
    assert first[STATUS_HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/hubs/t-cache-hub/")
    assert second[STATUS_HEADER] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    for header in SECURITY_HEADERS:
        assert second[header] == first[header], header
    assert not second.cookies


def test_a_content_change_is_visible_at_once(client, hub):
    assert "Acteur du cache" in client.get("/hubs/t-cache-hub/").content.decode()
    actor = Actor.objects.get(slug="t-cache-actor")
    actor.name = "Acteur renommé"
    actor.save()
    response = client.get("/hubs/t-cache-hub/")
    assert response[STATUS_HEADER] == "miss"
    html = response.content.decode()
    assert "Acteur renommé" in html and "Acteur du cache" not in html
    # A many-to-many change (a domain removed, a member unlinked) too.
    Membership.objects.filter(cluster=hub).delete()
    assert "Acteur renommé" not in client.get("/hubs/t-cache-hub/").content.decode()


def test_each_address_language_and_query_has_its_own_entry(client, hub):
    french = client.get("/actors/", {"pillar": "corporate"})
    english = client.get("/en/actors/", {"pillar": "corporate"})
    other = client.get("/actors/", {"pillar": "university"})
    assert english[STATUS_HEADER] == other[STATUS_HEADER] == "miss"
    assert french.content != english.content != other.content
    assert client.get("/en/actors/", {"pillar": "corporate"}).content == english.content


def test_logged_in_staff_always_get_the_live_page(client, hub):
    client.get("/hubs/t-cache-hub/")
    client.force_login(User.objects.create_superuser("editor-cache", "e@example.be", "pw-Long-1"))
    response = client.get("/hubs/t-cache-hub/")
    assert STATUS_HEADER not in response
    assert response.context is not None  # rendered by the view


@pytest.mark.parametrize(
    "url",
    ["/admin/login/", "/api/actors/", "/healthz", "/actors/export.csv", "/no-such-page/"],
)
def test_admin_api_health_exports_and_errors_are_never_cached(client, url):
    client.get(url)
    assert STATUS_HEADER not in client.get(url)


def test_unpublished_page_is_not_cached_as_a_404_then_served(client, hub):
    hub.is_published = False
    hub.save()
    assert client.get("/hubs/t-cache-hub/").status_code == 404
    hub.is_published = True
    hub.save()
    assert client.get("/hubs/t-cache-hub/").status_code == 200


def test_a_page_that_uses_a_csrf_token_or_sets_a_cookie_is_not_stored(rf: RequestFactory):
    """Such a page belongs to one visitor: storing it would hand their token to others."""

    def view_with_token(request):
        return HttpResponse(f"token {get_token(request)}")

    def view_with_cookie(request):
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    for view in (view_with_token, view_with_cookie):
        middleware = AnonymousPageCacheMiddleware(view)
        request = rf.get("/actors/")
        request.resolver_match = resolve("/actors/")

        def get_response(request, view=view, middleware=middleware):
            return middleware.process_view(request, view, (), {}) or view(request)

        middleware.get_response = get_response
        assert STATUS_HEADER not in middleware(request)
        again = rf.get("/actors/")
        again.resolver_match = resolve("/actors/")
        assert middleware.process_view(again, view, (), {}) is None, view.__name__
