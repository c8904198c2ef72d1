"""Every cache layer lets an edit through: docs/caching.md cites these tests.

Each test fills a layer by rendering a page as an anonymous visitor, then
changes the content and renders again. To show that the layer itself is in
play (not the page cache, nor a fresh computation), most tests first change
the database without a signal (``QuerySet.update``, ``bulk_create``: no
content-version bump) and find the old value still served at an address
nobody asked for (a page-cache miss: ``?v=…``); then they make the same change
as the admin does (``save``, a link added or removed) and find the new value
at once.
"""

import itertools
import json
import re

import pytest

from actors.models import Actor, Project
from clusters.models import Membership
from ecosystem.models import Domain, Source, Territory

pytestmark = pytest.mark.django_db

_fresh = itertools.count()


def unseen(url: str) -> str:
    """``url`` at an address never asked for: the page cache misses, every layer below answers."""
    return f"{url}{'&' if '?' in url else '?'}v={next(_fresh)}"


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def cards_of(html: str) -> str:
    """The results column of a directory page: its count and its cards."""
    return html[html.index('<section class="results"') : html.index('<aside class="facets"')]


def panel_of(html: str) -> str:
    """The facets panel of a directory page."""
    return html[html.index('<aside class="facets"') : html.index("</aside>")]


def facet_count(html: str, name: str, label: str) -> int:
    """The count the panel gives beside ``label`` in facet ``name``."""
    facet = panel_of(html).split(f'id="facet-{name}"', 1)[1].split("</section>", 1)[0]
    found = re.search(re.escape(label) + r"\D*?(\d+)", facet)
    assert found, (name, label)
    return int(found.group(1))


def results_count(html: str) -> int:
    return int(re.search(r'<h2 id="results-title">(\d+) résultat', html).group(1))


def structured_data(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


# --- The page cache, and every layer below it at once ---------------------------------


def test_unpublishing_a_record_reaches_every_cached_page(client, world):
    """Its page, its list, its hub and the search, all served from the page cache, drop it."""
    pages = ["/actors/t-acme/", "/actors/", "/hubs/t-district/", "/search/?q=acme"]
    for url in pages:
        assert "/actors/t-acme/" in html_of(client, url), url
        assert client.get(url)["X-Page-Cache"] == "hit", url
    acme = world["acme"]
    acme.is_published = False
    acme.save()
    assert client.get("/actors/t-acme/").status_code == 404
    for url in pages[1:]:
        assert "/actors/t-acme/" not in html_of(client, url), url
    acme.is_published = True
    acme.save()
    assert "Acme Hydrogène" in html_of(client, "/actors/t-acme/")
    for url in pages[1:]:
        assert "/actors/t-acme/" in html_of(client, url), url


# --- {% cache %} fragments of the detail pages ------------------------------------------


def test_a_membership_saved_reaches_the_cached_hub_body(client, world):
    """A link row, not the records it joins: the hub's cached body lists the new member."""
    assert "Gasco test" not in html_of(client, "/hubs/t-district/")
    Membership.objects.bulk_create([Membership(actor=world["gasco"], cluster=world["district"])])
    assert "Gasco test" not in html_of(client, unseen("/hubs/t-district/")), "fragment answers"
    Membership.objects.filter(actor=world["gasco"], cluster=world["district"]).delete()
    Membership.objects.create(actor=world["gasco"], cluster=world["district"])
    assert "Gasco test" in html_of(client, unseen("/hubs/t-district/"))
    Membership.objects.filter(actor=world["gasco"], cluster=world["district"]).delete()
    assert "Gasco test" not in html_of(client, unseen("/hubs/t-district/"))


def test_an_edit_reaches_the_cached_structured_data(client, world):
    """The JSON-LD fragment (actor_data): a domain linked, a cluster joined, both shown."""
    data = structured_data(html_of(client, "/actors/t-gasco/"))
    assert data["knowsAbout"] == ["CCU test"]
    gasco = world["gasco"]
    Actor.domains.through.objects.bulk_create(
        [Actor.domains.through(actor=gasco, domain=world["hydrogene"])]
    )
    data = structured_data(html_of(client, unseen("/actors/t-gasco/")))
    assert data["knowsAbout"] == ["CCU test"], "fragment answers"
    gasco.domains.remove(world["hydrogene"])
    gasco.domains.add(world["hydrogene"])
    Membership.objects.create(actor=gasco, cluster=world["heart"])
    data = structured_data(html_of(client, unseen("/actors/t-gasco/")))
    assert sorted(data["knowsAbout"]) == ["CCU test", "Hydrogène test"]
    assert any("/hubs/t-heart/" in str(member) for member in data["memberOf"])


def test_the_cached_structured_data_is_kept_per_host(client, world):
    """Its addresses are absolute: a second host does not get the first one's."""
    first = html_of(client, "/actors/t-acme/")
    second = client.get("/actors/t-acme/", HTTP_HOST="127.0.0.1").content.decode()
    assert "http://testserver/actors/t-acme/" in first
    assert "http://127.0.0.1/actors/t-acme/" in second
    assert "testserver" not in json.dumps(structured_data(second))


def test_a_new_project_reaches_the_cached_elsewhere_section(client, world):
    """« Ce qui existe pour … » of an empty list, cached per domains: a project renamed,
    then one more project of the domain."""
    url = "/actors/?domain=t-hydrogene&kind=trade_union"
    section = html_of(client, url).split('class="elsewhere"', 1)[1]
    assert "Site test" in section
    Project.objects.filter(pk=world["site"].pk).update(name="Site renommé")
    assert "Site test" in html_of(client, unseen(url)), "fragment answers"
    site = Project.objects.get(pk=world["site"].pk)
    site.save()
    html = html_of(client, unseen(url))
    assert "Site renommé" in html and "Site test" not in html
    project = Project.objects.create(slug="t-h2-new", name="Projet H2 neuf", is_published=True)
    project.domains.add(world["hydrogene"])
    assert "Projet H2 neuf" in html_of(client, unseen(url)).split('class="elsewhere"', 1)[1]


# --- The directory's layers: cards, facets panel, labels, counts, facet index ----------


def test_an_edit_of_a_linked_record_reaches_the_cached_cards(client, world):
    """A card shows its domains and territory: renaming the territory (another record)
    reaches every card that names it."""
    url = "/actors/?domain=t-hydrogene"
    assert "Mons test" in cards_of(html_of(client, url))
    territory = world["mons"]
    Territory.objects.filter(pk=territory.pk).update(name="Mons renommé")
    cards = cards_of(html_of(client, unseen(url)))
    assert "Mons test" in cards and "Mons renommé" not in cards, "cards answer"
    territory.name = "Mons renommé"
    territory.save()
    cards = cards_of(html_of(client, unseen(url)))
    assert "Mons renommé" in cards and "Mons test" not in cards


def test_a_domain_linked_reaches_the_cached_facet_panel(client, world):
    """A link added (many-to-many) changes a count of the cached panel of the same list."""
    url = "/actors/?pillar=corporate"
    before = facet_count(html_of(client, url), "domain", "CCU test")
    Actor.domains.through.objects.bulk_create(
        [Actor.domains.through(actor=world["acme"], domain=world["ccu"])]
    )
    assert facet_count(html_of(client, unseen(url)), "domain", "CCU test") == before, "panel"
    world["acme"].domains.remove(world["ccu"])
    world["acme"].domains.add(world["ccu"])
    assert facet_count(html_of(client, unseen(url)), "domain", "CCU test") == before + 1


def test_a_renamed_domain_reaches_the_cached_facet_labels(client, world):
    """The facets' values are read once per content version for every state of a list:
    a list state nobody asked for yet shows the new name."""
    html_of(client, "/actors/")
    Domain.objects.filter(pk=world["ccu"].pk).update(name="Captage renommé")
    panel = panel_of(html_of(client, "/actors/?pillar=university"))
    assert "CCU test" in panel and "Captage renommé" not in panel, "labels answer"
    ccu = Domain.objects.get(pk=world["ccu"].pk)
    ccu.save()
    panel = panel_of(html_of(client, "/actors/?pillar=entrepreneur"))
    assert "Captage renommé" in panel and "CCU test" not in panel


def test_a_record_published_reaches_the_facet_index(client, world):
    """Counts and pages without a text searched come from the index in memory: a record
    published shows in a filter combination nobody asked for yet."""
    html = html_of(client, "/actors/?pillar=corporate")
    before = results_count(html)
    draft = world["draft_actor"]
    Actor.objects.filter(pk=draft.pk).update(is_published=True)
    html = html_of(client, "/actors/?pillar=corporate&domain=t-ccu")
    assert "Acteur caché" not in html, "the index answers"
    draft.is_published = True
    draft.save()
    html = html_of(client, "/actors/?pillar=corporate&domain=t-hydrogene")
    assert "Acteur caché" in cards_of(html)
    assert results_count(html_of(client, unseen("/actors/?pillar=corporate"))) == before + 1


def test_a_record_published_reaches_the_cached_sql_counts(client, world):
    """With a text searched, the counts are SQL's, cached per list state: the results'
    count and the facets of a state nobody asked for yet both count the new record."""
    new = Actor.objects.create(
        slug="t-new-test", name="Nouvel acteur test", pillar="corporate", is_published=False
    )
    url = "/actors/?q=test"
    html = html_of(client, url)
    before, corporate = results_count(html), facet_count(html, "pillar", "Entreprises")
    Actor.objects.filter(pk=new.pk).update(is_published=True)
    assert results_count(html_of(client, unseen(url))) == before, "the count answers"
    # A pillar chosen: that facet is counted under the other filters, the text alone.
    html = html_of(client, f"{url}&pillar=university")
    assert facet_count(html, "pillar", "Entreprises") == corporate, "the facet counts answer"
    new.is_published = True
    new.save()
    html = html_of(client, unseen(url))
    assert results_count(html) == before + 1
    assert facet_count(html, "pillar", "Entreprises") == corporate + 1
    html = html_of(client, f"{url}&pillar=entrepreneur")
    assert facet_count(html, "pillar", "Entreprises") == corporate + 1


# --- Documents and search ------------------------------------------------------------


def test_a_withdrawn_document_leaves_the_cached_pages(client, world):
    """The published documents are read once per content version: an excerpt of a
    document withdrawn leaves the page that quoted it and a page rendered afresh."""
    for name in ("acme", "umons"):
        world[name].excerpts = [{"source": "t-source", "text": "des mots du document"}]
        world[name].save()
    assert "des mots du document" in html_of(client, "/actors/t-acme/")
    Source.objects.filter(slug="t-source").update(is_published=False)
    assert "des mots du document" in html_of(client, "/actors/t-umons/"), "documents answer"
    source = Source.objects.get(slug="t-source")
    source.save()
    for url in ["/actors/t-acme/", unseen("/actors/t-umons/")]:
        html = html_of(client, url)
        assert "des mots du document" not in html and "Document de test" not in html, url
    assert client.get("/sources/t-source/").status_code == 404


def test_an_edit_reaches_the_cached_search_groups(client, world):
    """The groups of a query are cached per query: a record renamed leaves them."""
    assert "/actors/t-gasco/" in html_of(client, "/search/?q=gasco")
    gasco = world["gasco"]
    Actor.objects.filter(pk=gasco.pk).update(name="Zetagaz", search_text="zetagaz")
    assert "/actors/t-gasco/" in html_of(client, unseen("/search/?q=gasco")), "groups answer"
    gasco.name = "Zetagaz"
    gasco.save()
    assert "/actors/t-gasco/" not in html_of(client, unseen("/search/?q=gasco"))
    assert "/actors/t-gasco/" in html_of(client, "/search/?q=zetagaz")
