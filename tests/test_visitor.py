"""A first visit without rough edges: results before filters, an icon, no 404 on the way."""

import gzip
import re

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


def facet_sections(html: str) -> dict[str, str]:
    """Each facet's markup by its name."""
    return dict(
        re.findall(
            r'<section class="facet" aria-labelledby="facet-(\w+)">(.*?)</section>', html, re.S
        )
    )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_an_empty_list_folds_every_facet_alike(client, prefix):
    """With no result, no facet lists a wall of zeros: each folds its zero rows."""
    html = client.get(f"{prefix}/actors/?domain=hydrogene").content.decode()
    assert "0 résultat" in html or "0 result" in html
    sections = facet_sections(html)
    assert set(sections) == {"pillar", "domain", "kind", "cluster", "territory"}
    for name, section in sections.items():
        outside = re.sub(r"<details.*?</details>", "", section, flags=re.S)
        assert 'class="facet-value zero"' not in outside, name
        assert '<details class="facet-empty">' in section, name
    # The chosen value stays visible, as a link that removes it.
    assert re.search(r'<a class="facet-value selected" href="[^"]*"[^>]*>', sections["domain"])
    outside = re.sub(r"<details.*?</details>", "", sections["domain"], flags=re.S)
    assert "Hydrogène" in outside or "Hydrogen" in outside


def test_a_list_with_results_folds_its_zero_rows_too(client):
    html = client.get("/actors/?pillar=investor").content.decode()
    for name, section in facet_sections(html).items():
        outside = re.sub(r"<details.*?</details>", "", section, flags=re.S)
        assert 'class="facet-value zero"' not in outside, name


def test_no_download_for_an_empty_list(client):
    empty = client.get("/actors/?domain=hydrogene").content.decode()
    assert 'class="downloads"' not in empty
    full = client.get("/actors/?pillar=corporate").content.decode()
    assert 'href="/actors/export.csv?pillar=corporate"' in full


@pytest.mark.parametrize("url", ["/", "/actors/", "/search/?q=hydrog%C3%A8ne", "/en/projects/"])
def test_each_search_landmark_has_its_own_name(client, url):
    """axe landmark-unique: two search landmarks never share a name."""
    html = client.get(url).content.decode()
    forms = re.findall(r'<form[^>]*role="search"[^>]*>', html)
    assert forms
    names = [re.search(r'aria-label="([^"]+)"', form)[1] for form in forms]
    assert len(names) == len(set(names)), names


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_search_page_has_one_search_box(client, prefix):
    html = client.get(f"{prefix}/search/?q=hydrog%C3%A8ne").content.decode()
    assert html.count('type="search"') == 1
    assert 'id="search-page-q"' in html and 'id="site-search-q"' not in html
    # Every other page keeps the header's.
    assert 'id="site-search-q"' in client.get(f"{prefix}/actors/").content.decode()


@pytest.mark.parametrize("url", ["/", "/actors/", "/en/events/", "/hubs/district-cleantech/"])
def test_pages_are_sent_compressed(client, url):
    plain = client.get(url)
    response = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content) == plain.content
    assert len(response.content) < len(plain.content) / 2
    assert "Content-Encoding" not in plain


def test_page_cache_hits_are_compressed_too(client):
    client.get("/actors/")
    response = client.get("/actors/", headers={"accept-encoding": "gzip"})
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Encoding"] == "gzip"


def test_a_page_with_a_csrf_token_is_not_compressed(client):
    """BREACH: the admin's login form holds a CSRF token; it is sent as it is."""
    response = client.get("/admin/login/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "Content-Encoding" not in response


@pytest.mark.parametrize("url", ["/actors/export.csv", "/api/actors/", "/events/calendar.ics"])
def test_only_html_is_compressed(client, url):
    """Exports stream (and end a cut file with a plain line); the API, feeds, calendars
    are left to a proxy."""
    response = client.get(url, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response


@pytest.mark.parametrize(
    ("url", "visuals"),
    [
        ("/actors/", False),
        ("/people/", False),
        ("/events/", False),
        ("/search/?q=h2", False),
        ("/map/", True),
        ("/pillars/", True),
        ("/hubs/district-cleantech/", True),
        ("/", True),
    ],
)
def test_the_pictures_stylesheet_only_where_pictures_are(client, url, visuals):
    html = client.get(url).content.decode()
    assert 'href="/static/css/site.css"' in html
    assert ('href="/static/css/visuals.css"' in html) is visuals
