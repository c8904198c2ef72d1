"""A first visit without rough edges: results before filters, an icon, no 404 on the way."""

import pytest
from django.urls import reverse

from tests.conftest import needs_content

pytestmark = [pytest.mark.django_db, needs_content]

DIRECTORIES = ["actors:actor_list", "actors:project_list", "clusters:cluster_list"]


@pytest.mark.parametrize("route", DIRECTORIES)
def test_results_come_before_the_filters(client, route):
    """On a phone the page reads top to bottom: the results first, a link down to the filters."""
    html = client.get(reverse(route)).content.decode()
    results = html.index('id="results-title"')
    assert results < html.index('href="#facets-title"') < html.index('id="facets-title"')
    assert html.index('class="cards"') < html.index('id="facets-title"')


def test_the_site_has_an_icon(client):
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_about_page_says_what_the_portal_is_and_how_to_correct_it(client, prefix):
    html = client.get(f"{prefix}/about/").content.decode()
    for anchor in ("knowledge", "method", "licence", "corrections"):
        assert f'id="{anchor}"' in html
    # The knowledge base, reachable from every page's main menu.
    assert f'href="{prefix}/concepts/"' in html
    assert f'href="{prefix}/about/#knowledge"' in client.get(f"{prefix}/").content.decode()


def test_about_page_gives_the_contact_address_when_set(client, settings):
    settings.CONTACT_EMAIL = "corrections@example.be"
    assert 'href="mailto:corrections@example.be"' in client.get("/about/").content.decode()


@pytest.mark.parametrize("url", ["/", "/actors/", "/en/hubs/", "/about/", "/search/?q=h2"])
def test_public_pages_set_no_cookie(client, url):
    """What the about page promises: no cookie for visitors."""
    assert not client.get(url).cookies


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_an_empty_list_names_what_the_domain_does_gather(client, prefix):
    """No actor of the hydrogen domain here, but District Cleantech works on hydrogen."""
    html = client.get(f"{prefix}/actors/?domain=hydrogene").content.decode()
    assert 'class="elsewhere"' in html
    assert f'href="{prefix}/hubs/district-cleantech/"' in html
    assert f'href="{prefix}/domains/hydrogene/"' in html
    # A list with results does not add it.
    assert 'class="elsewhere"' not in client.get(f"{prefix}/actors/").content.decode()
