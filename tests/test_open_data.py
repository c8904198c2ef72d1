"""Open data: CSV/JSON exports, JSON-LD, Open Graph, sitemap, robots.txt and feeds.

Exports must select exactly what the list page shows (same FilterSet, same
``.published()``), every row rather than one page, and never a draft — not
even the slug of a draft related to a published record.
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Actor, Person, Project, ProjectParticipation, Role
from clusters.models import Cluster, Membership
from config.urls import DATASETS
from ecosystem.models import (
    Concept,
    Domain,
    Event,
    KeyFigure,
    Milestone,
    Pillar,
    Policy,
    Source,
    Territory,
)
from ecosystem.opendata.exports import DATA_LICENSE_URL
from tests.conftest import needs_content
from tests.factories import make

pytestmark = pytest.mark.django_db


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def export_csv(client, key, params=None) -> list[dict]:
    response = client.get(reverse(f"exports:{key}_csv"), params or {})
    assert response.status_code == 200
    text = body(response)
    assert text.startswith("\ufeff"), "a BOM, so that spreadsheets read UTF-8"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def export_json(client, key, params=None) -> dict:
    response = client.get(reverse(f"exports:{key}_json"), params or {})
    assert response.status_code == 200
    return json.loads(body(response))


def page_slugs(client, url, params=None) -> set[str]:
    """Every record the HTML list selects (all pages), from the page's own paginator."""
    response = client.get(url, params or {})
    assert response.status_code == 200
    if "groups" in response.context:  # key figures: one page, grouped by subject
        return {obj.slug for _subject, figures in response.context["groups"] for obj in figures}
    return listed_slugs(response)


def listed_slugs(response) -> set[str]:
    """The slugs of every record a list page selects (a faceted list pages its keys)."""
    listed = list(response.context["page_obj"].paginator.object_list)
    if listed and not hasattr(listed[0], "slug"):
        model = response.context["filter"].queryset.model
        return set(model.objects.filter(pk__in=listed).values_list("slug", flat=True))
    return {obj.slug for obj in listed}


# --- Exports ---------------------------------------------------------------------------


def test_every_list_exports_the_same_records_as_its_page(client, world):
    for dataset in DATASETS:
        list_url = reverse(dataset.view)
        expected = page_slugs(client, list_url) if dataset.key != "hub_list" else None
        rows = export_csv(client, dataset.key)
        data = export_json(client, dataset.key)
        assert [row["slug"] for row in rows] == [row["slug"] for row in data["results"]]
        assert len(rows) == len({row["slug"] for row in rows}), f"{dataset.key}: duplicates"
        if expected is not None:
            assert {row["slug"] for row in rows} == expected, dataset.key
        assert data["license"]["url"] == DATA_LICENSE_URL
        assert data["source"] == "http://testserver" + list_url
        for row in rows:
            assert row["url"].startswith("http://testserver/"), dataset.key


@needs_content
@pytest.mark.parametrize("domain", ["hydrogene", "siderurgie", "ccu"])
def test_real_content_export_filters_like_the_page(client, domain):
    params = {"domain": domain, "pillar": "corporate"}
    expected = page_slugs(client, "/actors/", params)
    assert {row["slug"] for row in export_csv(client, "actor_list", params)} == expected
    assert {row["slug"] for row in export_json(client, "actor_list", params)["results"]} == (
        expected
    )
    if domain == "siderurgie":
        assert expected == {"aperam", "arcelormittal"}


def test_hydrogen_companies_as_csv(client, world):
    """Issue 9's « done when »: download the hydrogen companies as CSV."""
    response = client.get("/actors/export.csv?domain=hydrogene&pillar=corporate")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="cleantech-wallonie-actors-cc-by-4.0.csv"'
    )
    assert response["X-Data-License"] == f"CC BY 4.0 {DATA_LICENSE_URL}"
    assert f'<{DATA_LICENSE_URL}>; rel="license"' in response["Link"]
    rows = export_csv(client, "actor_list", {"domain": "hydrogene", "pillar": "corporate"})
    slugs = {row["slug"] for row in rows}
    assert "t-h2co" in slugs
    assert "t-h2lab" not in slugs and "t-draft-actor" not in slugs
    assert slugs == page_slugs(client, "/actors/", {"domain": "hydrogene", "pillar": "corporate"})
    h2co = next(row for row in rows if row["slug"] == "t-h2co")
    # Related records by slug, several joined by "|", drafts left out.
    assert h2co["domains"] == "hydrogene"
    assert h2co["clusters"] == "district-cleantech"
    assert h2co["territory"] == ""
    assert "t-draft-source" not in h2co["sources"] and h2co["sources"]
    assert h2co["url"] == "http://testserver/actors/t-h2co/"
    # A cell that starts like a formula (or a markdown list) is kept as text.
    assert h2co["description"] == "'- une liste en markdown"


def test_several_values_and_invalid_values_as_on_the_page(client, world):
    params = {"domain": ["hydrogene", "siderurgie"], "pillar": "corporate"}
    slugs = {row["slug"] for row in export_csv(client, "actor_list", params)}
    assert slugs == page_slugs(client, "/actors/", params)
    assert {"t-h2co", "aperam", "arcelormittal"} <= slugs
    # An unknown slug is ignored by the page; the export does the same, never a 500.
    hostile = {"domain": ["nope", "t-draft-domain"], "pillar": ["corporate", "<script>"]}
    slugs = {row["slug"] for row in export_csv(client, "actor_list", hostile)}
    assert slugs == page_slugs(client, "/actors/", hostile)
    assert client.get("/actors/export.xml").status_code == 404


def test_json_export_keeps_types_and_lists(client, world):
    data = export_json(client, "actor_list", {"domain": "hydrogene", "pillar": "corporate"})
    assert set(data) == {"license", "attribution", "source", "generated", "results"}
    assert data["source"] == "http://testserver/actors/?domain=hydrogene&pillar=corporate"
    h2co = next(row for row in data["results"] if row["slug"] == "t-h2co")
    assert h2co["domains"] == ["hydrogene"]
    assert h2co["clusters"] == ["district-cleantech"]
    assert h2co["territory"] is None
    assert h2co["description"] == "- une liste en markdown", "JSON has no formula problem"
    figures = export_json(client, "keyfigure_list")["results"]
    figure = next(row for row in figures if row["slug"] == "t-figure-of-draft")
    assert figure["value"] == 2 and figure["actor"] is None and figure["cluster"] is None


def test_drafts_never_leave_any_export(client, world):
    for dataset in DATASETS:
        for fmt in ("csv", "json"):
            text = body(client.get(reverse(f"exports:{dataset.key}_{fmt}")))
            assert "t-draft" not in text, f"{dataset.key}.{fmt} leaks a draft"
            assert "caché" not in text.lower(), f"{dataset.key}.{fmt} leaks a draft"


def test_download_links_keep_the_query_string(client, world):
    html = body(client.get("/actors/", {"domain": "hydrogene", "pillar": "corporate"}))
    assert 'href="/actors/export.csv?domain=hydrogene&amp;pillar=corporate"' in html
    assert 'href="/actors/export.json?domain=hydrogene&amp;pillar=corporate"' in html
    assert "Télécharger" in html
    for dataset in DATASETS:
        html = body(client.get(reverse(dataset.view)))
        assert f'href="{reverse(f"exports:{dataset.key}_csv")}"' in html, dataset.key
        assert f'href="{reverse(f"exports:{dataset.key}_json")}"' in html, dataset.key


def test_english_lists_link_to_their_exports(client, world):
    html = body(client.get("/en/actors/", {"pillar": "corporate"}))
    assert 'href="/en/actors/export.csv?pillar=corporate"' in html
    rows = export_csv(client, "actor_list", {"pillar": "corporate"})
    response = client.get("/en/actors/export.csv", {"pillar": "corporate"})
    assert response.status_code == 200
    assert len(body(response).splitlines()) == len(rows) + 1


def add_actors(n, prefix="t-extra"):
    hydrogene = Domain.objects.get(slug="hydrogene")
    district = Cluster.objects.get(slug="district-cleantech")
    territory = Territory.objects.published().first()
    source = Source.objects.published().first()
    for i in range(n):
        actor = make(
            Actor, f"{prefix}-{i}", name=f"Extra {i}", kind="company",
            pillar=Pillar.CORPORATE, territory=territory,
        )  # fmt: skip
        actor.domains.set([hydrogene])
        actor.sources.set([source])
        Membership.objects.create(actor=actor, cluster=district)
        project = make(Project, f"{prefix}-project-{i}", name=f"Projet extra {i}")
        project.domains.set([hydrogene])
        project.clusters.set([district])
        ProjectParticipation.objects.create(project=project, actor=actor, role="lead")
        person = make(Person, f"{prefix}-person-{i}", name=f"Personne {i}")
        Role.objects.create(person=person, title="Directeur", actor=actor)


def export_queries(client, key, params):
    with CaptureQueriesContext(connection) as context:
        body(client.get(reverse(f"exports:{key}_csv"), params))
    return len(context)


# What each export runs: the filters' validation (one query per model filter given),
# the rows, then one query per prefetched relation that has something to fetch.
# A full export (no filter) first counts its rows (streamed while its file is
# written, or written in the background), and reads the published documents
# when a row has excerpts (a draft's are left out).
EXPORT_QUERIES = {
    # domain validation, rows, territory, domains, memberships+cluster, sources
    ("actor_list", "domain=hydrogene&pillar=corporate"): 6,
    ("actor_list", ""): 7,
    # domain validation, rows, domains, clusters, participations+actor, sources
    # (no project has a territory: that prefetch has no key to look up)
    ("project_list", "domain=hydrogene"): 6,
    # count, rows with member counts, part_of, domains, territories, sources, documents
    ("cluster_list", ""): 7,
    # count, rows, roles, their organisations, their clusters, sources, documents
    ("person_list", ""): 7,
    # count, rows with actor counts, parent, sources, documents
    ("domain_list", ""): 5,
    # count, rows, then cluster, actor, project, territory, policy, event, sources, documents
    ("keyfigure_list", ""): 10,
}


@pytest.mark.parametrize(("key", "query"), list(EXPORT_QUERIES))
def test_export_query_count_does_not_grow(client, key, query):
    params = dict(pair.split("=") for pair in query.split("&") if pair)
    add_actors(5)
    few = export_queries(client, key, params)
    add_actors(45, prefix="t-more")
    many = export_queries(client, key, params)
    assert few == many == EXPORT_QUERIES[key, query], f"{key}: {few} then {many} queries"


# --- JSON-LD and Open Graph ------------------------------------------------------------


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def og(html: str) -> dict:
    return dict(re.findall(r'<meta property="og:(\w+)" content="([^"]*)">', html))


@needs_content
@pytest.mark.parametrize(
    ("model", "kind"),
    [
        (Actor, "Organization"),
        (Cluster, "Organization"),
        (Person, "Person"),
        (Project, "Project"),
        (Event, "Event"),
        (Territory, "Place"),
    ],
)
def test_json_ld_parses_with_the_right_type(client, model, kind):
    for obj in model.objects.published()[:10]:
        html = body(client.get(obj.get_absolute_url()))
        data = json_ld(html)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == kind
        assert data["name"] == obj.name
        assert data["url"] == "http://testserver" + obj.get_absolute_url()


@needs_content
def test_json_ld_of_district_cleantech(client):
    data = json_ld(body(client.get("/hubs/district-cleantech/")))
    members = {member["url"] for member in data["member"]}
    assert "http://testserver/actors/buildwise/" in members
    assert data["memberOf"][0]["name"] == "Alliance Cleantech Wallonia"


def test_json_ld_leaves_drafts_out(client, world):
    html = body(client.get("/actors/t-h2co/"))
    data = json_ld(html)
    assert data["knowsAbout"] == [world["real_hydrogene"].name]
    assert [org["name"] for org in data["memberOf"]] == ["District Cleantech"]
    assert "location" not in data
    assert "caché" not in html.lower()


def test_json_ld_cannot_close_its_script(client, world):
    world["h2co"].name = "H2 </script><script>alert(1)</script> & co"
    world["h2co"].save()
    html = body(client.get("/actors/t-h2co/"))
    assert "<script>alert(1)" not in html
    assert json_ld(html)["name"] == "H2 </script><script>alert(1)</script> & co"


def test_open_graph_on_every_page(client, world):
    home = og(body(client.get("/")))
    assert home["type"] == "website" and home["title"] and home["description"]
    assert home["url"] == "http://testserver/"
    listing = og(body(client.get("/actors/?pillar=corporate")))
    assert listing["url"] == "http://testserver/actors/?pillar=corporate"
    actor = og(body(client.get("/actors/t-h2co/")))
    assert actor["title"] == "H2 Company"
    assert actor["url"] == "http://testserver/actors/t-h2co/"
    assert actor["description"] == "une liste en markdown"
    world["h2co"].description_en = "A hydrogen company"
    world["h2co"].save()
    english = og(body(client.get("/en/actors/t-h2co/")))
    assert english["description"] == "A hydrogen company" and english["locale"] == "en_GB"
    assert english["url"] == "http://testserver/en/actors/t-h2co/"
    assert json_ld(body(client.get("/en/actors/t-h2co/")))["inLanguage"] == "en"
    person = og(body(client.get(Person.objects.published().first().get_absolute_url())))
    assert person["type"] == "profile"
    for model in (Domain, Concept, Policy, KeyFigure, Milestone, Source):
        obj = model.objects.published().first()
        if obj is not None:
            tags = og(body(client.get(obj.get_absolute_url())))
            assert tags["url"] == "http://testserver" + obj.get_absolute_url(), model


# --- Sitemap and robots.txt ------------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_sitemap_lists_published_pages_in_both_languages(client, world):
    sections = locations(client, "/sitemap.xml")
    assert "http://testserver/sitemap-actors.xml" in sections
    urls = [url for section in sections for url in locations(client, section)]
    assert "http://testserver/actors/t-h2co/" in urls
    assert "http://testserver/en/actors/t-h2co/" in urls
    assert "http://testserver/actors/" in urls and "http://testserver/" in urls
    assert "http://testserver/hubs/district-cleantech/" in urls
    assert not [url for url in urls if "t-draft" in url]
    expected = sum(model.objects.published().count() for model in (Actor, Cluster, Project))
    assert len([url for url in urls if re.search(r"/(actors|hubs|clusters|projects)/.", url)]) >= (
        2 * expected
    )


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text and "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


# --- Feeds -----------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_links(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return [item.findtext("link") for item in ET.fromstring(response.content).iter("item")]


def atom_links(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]


def test_feeds_list_the_latest_changes_first(client, world):
    actors = rss_links(client, "/feeds/actors/")
    assert actors[0] in {"http://testserver/actors/t-formula/", "http://testserver/actors/t-h2lab/"}
    aperam = Actor.objects.get(slug="aperam")
    aperam.save()  # a change brings it back to the top
    assert rss_links(client, "/feeds/actors/")[0] == "http://testserver/actors/aperam/"
    assert atom_links(client, "/feeds/actors/atom/")[0] == "http://testserver/actors/aperam/"
    assert not [link for link in actors if "t-draft" in link]
    project = Project.objects.published().first()
    project.save()
    assert rss_links(client, "/feeds/projects/")[0].endswith(project.get_absolute_url())
    assert atom_links(client, "/feeds/projects/atom/")[0].endswith(project.get_absolute_url())


def test_domain_feed(client, world):
    links = rss_links(client, "/feeds/domains/hydrogene/")
    assert "http://testserver/actors/t-h2co/" in links
    assert "http://testserver/actors/t-draft-actor/" not in links
    project = make(Project, "t-new-h2-project", name="Projet hydrogène")
    project.domains.set([world["real_hydrogene"]])
    links = atom_links(client, "/feeds/domains/hydrogene/atom/")
    assert links[0] == "http://testserver/projects/t-new-h2-project/"
    assert client.get("/feeds/domains/t-draft-domain/").status_code == 404
    assert client.get("/feeds/domains/nope/atom/").status_code == 404


def test_feeds_are_announced(client):
    html = body(client.get("/actors/"))
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/feeds/actors/"' in html and 'href="/feeds/actors/atom/"' in html
    assert 'href="/feeds/projects/"' in body(client.get("/projects/"))
    assert 'href="/feeds/domains/hydrogene/"' in body(client.get("/domains/hydrogene/"))
    footer = body(client.get("/"))
    assert 'href="/api/"' in footer and 'href="/feeds/actors/"' in footer
    assert "CC BY 4.0" in footer


# --- Feeds carry no markup from content -----------------------------------------------

HOSTILE_NAME = "<b>Gras</b> & Cie"
HOSTILE_TEXT = "Code `<script>alert(1)</script>` et &lt;script&gt;alert(2)&lt;/script&gt; **fin**"


def feed_items(client, url):
    root = ElementTree.fromstring(client.get(url).content)
    rss = root.findall("channel/item")
    if rss:
        return [(i.findtext("title"), i.findtext("description"), i) for i in rss]
    ns = {"a": "http://www.w3.org/2005/Atom"}
    return [
        (e.findtext("a:title", namespaces=ns), e.findtext("a:summary", namespaces=ns), e)
        for e in root.findall("a:entry", ns)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("atom", [False, True])
def test_feeds_carry_no_markup_from_content(client, atom):
    domain = make(Domain, "zz-dom", name="<i>Domaine</i>")
    actor = make(
        Actor,
        "zz-hostile",
        name=HOSTILE_NAME,
        description=HOSTILE_TEXT,
        kind=Actor.Kind.COMPANY,
        pillar=Pillar.CORPORATE,
    )
    actor.domains.add(domain)
    suffix = "atom/" if atom else ""
    for url in (f"/feeds/actors/{suffix}", f"/feeds/domains/zz-dom/{suffix}"):
        items = {title: summary for title, summary, _item in feed_items(client, url)}
        # Summaries are HTML: the text's "<script>" must arrive escaped, not as a tag.
        summary = next(s for s in items.values() if "alert(1)" in s)
        assert "<script" not in summary and "<b>" not in summary
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary
        assert "&lt;script&gt;alert(2)" in summary
        # RSS readers read titles as HTML; Atom's are text (no type attribute).
        expected = HOSTILE_NAME if atom else "&lt;b&gt;Gras&lt;/b&gt; &amp; Cie"
        assert expected in items
    channel_title = ElementTree.fromstring(
        client.get(f"/feeds/domains/zz-dom/{suffix}").content
    ).findtext("{http://www.w3.org/2005/Atom}title" if atom else "channel/title")
    assert ("<i>Domaine</i>" if atom else "&lt;i&gt;Domaine&lt;/i&gt;") in channel_title
