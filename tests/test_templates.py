"""Templates: every public page renders clean, and the shared includes say the right things.

The pages are the ones the sitemaps list (``/sitemap.xml`` → each section → each
``<loc>``), in both languages, on the real content loaded from fixtures/ by conftest;
a few pages the sitemaps leave out (map, graph, search, a filtered list, a 404) are
added.
"""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.template import engines

from tests.conftest import fixture_files

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not fixture_files(), reason="fixtures/ not written yet"),
]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# Pages rendered by templates that no sitemap lists.
NOT_IN_SITEMAPS = [
    "/map/",
    "/graph/cluster/district-cleantech/",
    "/en/graph/actor/aperam/",
    "/search/?q=hydrog%C3%A8ne",
    "/actors/?domain=hydrogene&pillar=corporate",
    "/projects/?kind=nothing",  # an unknown value: the filter-error notice
    "/en/clusters/?kind=pole",
]
MISSING = "/actors/no-such-actor/"

# Template syntax that reached the visitor: a {# #} comment over two lines
# (Django's short comments are one line only), a tag or variable left unparsed.
LEAKED_SYNTAX = re.compile(r"\{[#%{]")


def locations(client, url) -> list[str]:
    """The paths of the <loc> entries of a sitemap or sitemap index."""
    response = client.get(url)
    assert response.status_code == 200, url
    return [
        urlsplit(loc.text).path for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")
    ]


def sitemap_paths(client) -> list[str]:
    return [
        path for section in locations(client, "/sitemap.xml") for path in locations(client, section)
    ]


def html(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def leaks(text) -> list[str]:
    return [
        text[max(match.start() - 30, 0) : match.start() + 50]
        for match in LEAKED_SYNTAX.finditer(text)
    ]


def test_no_template_syntax_on_any_page(client):
    paths = sitemap_paths(client)
    # Every list and record kind, in French and in English.
    assert len(paths) > 500 and "/en/" in paths and "/domains/hydrogene/" in paths
    problems = {}
    for url in [*paths, *NOT_IN_SITEMAPS]:
        response = client.get(url)
        found = leaks(response.content.decode())
        if response.status_code != 200 or found:
            problems[url] = (response.status_code, found[:3])
    found = leaks(html(client, MISSING, status=404))
    if found:
        problems[MISSING] = (404, found[:3])
    assert not problems


def test_leak_check_sees_a_two_line_comment():
    """The check catches the bug it guards against: {# #} spread over two lines is printed."""
    template = engines["django"].from_string("<p>{# one line #}a</p>\n{# two\nlines #}<p>b</p>")
    assert leaks(template.render()) and "one line" not in template.render()


def feed_links(text) -> dict[str, str]:
    """type → href of the page's feed <link>s."""
    return dict(
        re.findall(r'<link rel="alternate" type="(application/\w+\+xml)"[^>]* href="([^"]+)"', text)
    )


@pytest.mark.parametrize(
    ("url", "feed"),
    [
        ("/projects/", "/feeds/projects/"),
        ("/en/projects/", "/en/feeds/projects/"),
        ("/projects/?kind=site", "/feeds/projects/"),
        ("/actors/", "/feeds/actors/"),
        ("/en/actors/", "/en/feeds/actors/"),
    ],
)
def test_directory_announces_its_own_feeds(client, url, feed):
    assert feed_links(html(client, url)) == {
        "application/rss+xml": feed,
        "application/atom+xml": f"{feed}atom/",
    }


def test_project_feed_titles_name_projects(client):
    assert 'title="Projets nouveaux ou modifiés (RSS)"' in html(client, "/projects/")
    assert 'title="New or changed projects (Atom)"' in html(client, "/en/projects/")
    assert "Acteurs nouveaux" not in html(client, "/projects/")


def test_cluster_list_has_no_feed(client):
    assert feed_links(html(client, "/clusters/")) == {}


@pytest.mark.parametrize("url", ["/actors/", "/projects/", "/clusters/"])
def test_directory_links_to_its_own_exports(client, url):
    text = html(client, f"{url}?q=a")
    assert f'href="{url}export.csv?q=a"' in text and f'href="{url}export.json?q=a"' in text
    assert len(re.findall(r'href="[^"]*/export\.(?:csv|json)', text)) == 2


def test_directory_header(client):
    text = html(client, "/projects/?kind=site")
    assert text.count("<h1>") == 1 and "<h1>Projets</h1>" in text
    assert re.search(r"<title>Projets \([^)]+\) — ", text)
    assert '<h2 id="results-title">' in text
    assert 'class="notice"' not in text
    assert 'class="notice"' in html(client, "/projects/?kind=nothing")


@pytest.mark.parametrize(
    ("url", "trail"),
    [
        ("/actors/aperam/", '<a href="/actors/">Acteurs</a></nav>'),
        (
            "/domains/hydrogene/",
            '<a href="/domains/">Domaines</a> › <a href="/domains/energie/">Énergie</a></nav>',
        ),
        ("/en/domains/hydrogene/", '<a href="/en/domains/">Domains</a> › '),
        (
            "/hubs/district-cleantech/",
            '<a href="/hubs/">Hubs</a> › <a href="/clusters/alliance-cleantech-wallonia/">',
        ),
        (
            "/graph/cluster/district-cleantech/",
            '<a href="/hubs/district-cleantech/">District Cleantech</a>',
        ),
    ],
)
def test_breadcrumb(client, url, trail):
    text = html(client, url)
    assert text.count('<nav class="breadcrumb"') == 1
    start = text.index('<nav class="breadcrumb"')
    crumb = " ".join(text[start : text.index("</nav>", start) + len("</nav>")].split())
    assert trail in crumb
    assert 'aria-label="Fil d’Ariane"' in crumb or 'aria-label="Breadcrumb"' in crumb


def test_a_choice_label_is_what_django_displays_in_each_language(world):
    from django.utils import translation

    from actors.models import Actor, Project
    from clusters.models import Cluster
    from ecosystem.templatetags.portal import choice_label

    records = [
        (Actor.objects.get(slug="t-acme"), ["pillar", "kind"]),
        (Project.objects.get(slug="t-site"), ["status", "kind"]),
        (Cluster.objects.get(slug="t-district"), ["kind"]),
    ]
    for language in ("fr", "en"):
        with translation.override(language):
            for record, fields in records:
                for field in fields:
                    expected = getattr(record, f"get_{field}_display")()
                    assert choice_label(record, field) == expected, (language, field)
    unknown = Actor(pillar="nowhere")
    assert choice_label(unknown, "pillar") == "nowhere"
