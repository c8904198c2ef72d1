"""The directory lists: filters (OR within one, AND across), facet counts, the active
filters, hostile values, pagination and its depth limit (the facet index's counts and
pages against SQL: test_facet_index.py).

Most tests read the world's records (conftest); those marked ``needs_content`` read
the documents' content loaded from fixtures/.
"""

import re

import pytest
from django.http import QueryDict

from actors.models import Actor, Project
from clusters.models import Cluster
from ecosystem.core.page_cache import page_cache
from ecosystem.models import Pillar
from tests.conftest import clear_caches, needs_content
from tests.factories import grow, make
from tests.html import assert_well_formed, names_listed, page

pytestmark = pytest.mark.django_db


def test_actor_filters_narrow_or_within_and_across(client, world):
    html = page(client, "/actors/", domain="t-hydrogene", pillar="corporate")
    assert names_listed(html) == {"Acme Hydrogène"}
    html = page(client, "/actors/", domain=["t-hydrogene", "t-ccu"])
    assert names_listed(html) >= {
        "Acme Hydrogène",
        "Université test",
        "Région test",
        "Jeune pousse test",
        "Gasco test",
    }
    assert "Acteur caché" not in html
    html = page(client, "/actors/", domain=["t-hydrogene", "t-ccu"], pillar="university")
    assert names_listed(html) == {"Université test"}
    html = page(client, "/actors/", cluster="t-district")
    assert names_listed(html) == {"Acme Hydrogène", "Université test", "Région test"}
    html = page(client, "/actors/", territory="t-mons", kind="startup")
    assert names_listed(html) == {"Jeune pousse test"}
    html = page(client, "/actors/", q="acme wallonie")
    assert names_listed(html) == {"Acme Hydrogène"}, "aliases are searchable"


def rendered(client, url, params=None):
    """The page as its view renders it, not from the page cache: tests read its context."""
    page_cache().clear()
    return client.get(url, params or {})


def facet_counts(response, name):
    facet = next(f for f in response.context["facets"] if f.name == name)
    return {value.value: value.count for value in facet.values}


def test_facet_counts_use_the_other_filters(client, world):
    response = client.get("/actors/", {"cluster": "t-district", "domain": "t-hydrogene"})
    pillars = facet_counts(response, "pillar")
    assert pillars == {
        "corporate": 1,  # Acme: the draft company is not counted
        "university": 1,
        "investor": 0,
        "government": 0,
        "entrepreneur": 0,
    }
    domains = facet_counts(response, "domain")
    assert domains["t-hydrogene"] == 2 and domains["t-ccu"] == 2
    assert "t-draft-domain" not in domains
    clusters = facet_counts(response, "cluster")
    assert clusters["t-district"] == 2 and clusters["t-heart"] == 2
    assert "t-draft-cluster" not in clusters
    html = response.content.decode()
    # A zero-count value is shown as such, not as a link.
    assert re.search(r'<span class="facet-value zero">Investisseurs \(capital à risque\)', html)


def test_facet_counts_are_recomputed_after_a_save(client, world):
    """Facet counts are cached per content version: a save or an unpublish invalidates them."""
    params = {"cluster": "t-district", "domain": "t-hydrogene"}
    before = facet_counts(rendered(client, "/actors/", params), "pillar")
    assert before["corporate"] == 1 and before["investor"] == 0
    # Same request again: counts served from the facet cache, the same.
    assert facet_counts(rendered(client, "/actors/", params), "pillar") == before

    world["acme"].pillar = Pillar.INVESTOR
    world["acme"].save()
    after = facet_counts(rendered(client, "/actors/", params), "pillar")
    assert after["corporate"] == 0 and after["investor"] == 1

    hydrogene = facet_counts(rendered(client, "/actors/"), "domain")["t-hydrogene"]
    world["acme"].is_published = False
    world["acme"].save()
    hidden = facet_counts(rendered(client, "/actors/", params), "pillar")
    assert hidden["investor"] == 0 and hidden["university"] == 1
    assert facet_counts(rendered(client, "/actors/"), "domain")["t-hydrogene"] == hydrogene - 1

    world["umons"].domains.remove(world["hydrogene"])
    assert facet_counts(rendered(client, "/actors/"), "domain")["t-hydrogene"] == hydrogene - 2


def test_active_filters_are_removable_one_by_one(client, world):
    response = rendered(
        client, "/actors/", {"domain": ["t-hydrogene", "t-ccu"], "pillar": "corporate"}
    )
    urls = {a.label: a.url for a in response.context["active_filters"]}
    assert urls["Hydrogène test"] == "?domain=t-ccu&pillar=corporate"
    assert urls["Entreprises"] == "?domain=t-hydrogene&domain=t-ccu"
    html = response.content.decode()
    assert "Effacer tous les filtres" in html


def test_empty_result_says_so_and_offers_to_clear(client, world):
    html = page(client, "/actors/", pillar="investor", territory="t-mons")
    assert "Aucun résultat ne correspond à ces filtres." in html
    assert 'href="/actors/">Effacer tous les filtres' in html


def test_cluster_filters(client, world):
    html = page(client, "/clusters/", kind="hub")
    assert {"District test", "Heart test"} <= names_listed(html)
    assert "Pôle test" not in names_listed(html)
    html = page(client, "/clusters/", kind="pole", domain="t-ccu")
    assert names_listed(html) == set()
    html = page(client, "/clusters/", territory="t-charleroi")
    assert names_listed(html) == {"District test"}
    response = rendered(client, "/clusters/", {"territory": "t-charleroi"})
    assert facet_counts(response, "kind")["hub"] == 1


def test_project_filters(client, world):
    html = page(client, "/projects/", domain="t-hydrogene", cluster="t-district")
    assert names_listed(html) == {"Site test"}
    assert "Projet caché" not in page(client, "/projects/")


HOSTILE = [
    {"pillar": "<script>alert(1)</script>"},
    {"domain": "\x00"},
    {"domain": "%00"},
    {"q": "\x00acme"},
    {"page": "-1"},
    {"page": "99999"},
    {"page": "abc"},
    {"page": "1.5"},
    {"domain": ["t-hydrogene", "t-hydrogene", "nope"], "pillar": ["corporate", "corporate"]},
    {"cluster": "'; DROP TABLE actors_actor; --"},
    {"status": "../../etc/passwd"},
]


@pytest.mark.parametrize("url", ["/actors/", "/clusters/", "/projects/"])
@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_filter_values_never_break_a_list(client, world, url, params):
    response = client.get(url, params)
    html = assert_well_formed(response)
    assert "<script>alert" not in html


# Over the bounds of ecosystem/core/limits.py: a clear 400, before any render.
OVERSIZED = [
    {"page": "9" * 5000},
    {"kind": "x" * 10000},
    {"territory": ["t-mons"] * 200},
]


@pytest.mark.parametrize("url", ["/actors/", "/clusters/", "/projects/"])
@pytest.mark.parametrize("params", OVERSIZED)
def test_oversized_filter_values_get_a_clear_400(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 400
    assert "Demande trop longue" in response.content.decode()


def test_unknown_filter_value_gives_a_visible_message(client, world):
    html = page(client, "/actors/", pillar="alien", domain="t-hydrogene")
    assert "ont été ignorés" in html
    assert names_listed(html) >= {"Acme Hydrogène", "Université test"}


def test_pagination_keeps_filters_and_tolerates_bad_pages(client, world, settings):
    settings.PAGE_SIZE = 2
    html = page(client, "/actors/", domain=["t-hydrogene", "t-ccu"])
    assert 'href="?domain=t-hydrogene&amp;domain=t-ccu&amp;page=2"' in html
    last = client.get("/actors/", {"domain": "t-hydrogene", "page": "99999"}).context["page_obj"]
    assert last.number == last.paginator.num_pages == 2
    assert client.get("/actors/", {"page": "abc"}).context["page_obj"].number == 1
    assert client.get("/actors/", {"page": "-1"}).context["page_obj"].number >= 1
    # Choosing a filter value goes back to page 1.
    response = client.get("/actors/", {"domain": "t-hydrogene", "page": "2"})
    pillar = next(f for f in response.context["facets"] if f.name == "pillar")
    assert all("page=" not in value.url for value in pillar.values)


def test_lists_stop_at_the_depth_limit_with_a_message(client, world, settings):
    settings.PAGE_SIZE = 2
    settings.MAX_PAGES = 2
    grow(world, n=10)
    total = Actor.objects.published().count()
    assert total > 4
    response = client.get("/actors/", {"page": "2000"})
    page_obj = response.context["page_obj"]
    assert page_obj.number == page_obj.paginator.num_pages == 2
    assert page_obj.paginator.count == total  # the heading still gives the true total
    html = response.content.decode()
    assert f"{total} résultats" in html
    assert f"elle montre les 4 premiers résultats sur {total}" in html
    assert 'rel="next"' not in html
    # Page 1 has no message; a list that fits has none either.
    assert "La liste s'arrête ici" not in page(client, "/actors/")
    fits = client.get("/actors/", {"territory": "t-mons", "page": "2"})
    assert fits.context["page_obj"].paginator.count <= 4
    assert "La liste s'arrête ici" not in fits.content.decode()


# The documents' content ---------------------------------------------------------


@needs_content
def test_real_content_the_six_poles(client):
    html = page(client, "/clusters/", kind="pole")
    poles = set(Cluster.objects.published().filter(kind="pole").values_list("name", flat=True))
    assert names_listed(html) == poles
    assert len(poles) == 6 and "Greenwin" in poles


@needs_content
@pytest.mark.parametrize("domain", ["hydrogene", "siderurgie", "ccu"])
def test_real_content_domain_and_pillar(client, domain):
    html = page(client, "/actors/", domain=domain, pillar="corporate")
    expected = set(
        Actor.objects.published()
        .filter(domains__slug=domain, pillar=Pillar.CORPORATE)
        .values_list("name", flat=True)
    )
    assert names_listed(html) == expected
    if not expected:
        assert "Aucun résultat ne correspond à ces filtres." in html
    if domain == "siderurgie":
        assert expected == {"Aperam", "ArcelorMittal"}


@pytest.mark.parametrize(
    "url",
    [
        "/actors/?domain=t-hydrogene&sort=updated",
        "/en/actors/?pillar=corporate&pillar=university",
        "/projects/",
        "/en/clusters/?kind=hub&sort=connected",
    ],
)
def test_cards_and_facets_from_the_cache_are_the_page_rendered_afresh(client, world, url):
    """A list served from its cached cards and facets panel is, byte for byte, the page
    rendered from the database (directory/cards.py, facets_panel)."""
    clear_caches()
    afresh = client.get(url).content
    page_cache().clear()
    from_fragments = client.get(url).content
    assert from_fragments == afresh
    assert b'class="card' in afresh or b"0 r" in afresh


def test_an_edit_reaches_the_cached_card(client, world):
    client.get("/actors/")
    actor = Actor.objects.get(slug="t-acme")
    actor.name = "Acme Hydrogène renommée"
    actor.save()
    page_cache().clear()
    html = client.get("/actors/").content.decode()
    assert "Acme Hydrogène renommée" in html


@pytest.mark.parametrize(
    "url",
    ["/hubs/t-district/", "/en/clusters/t-alliance/", "/actors/t-acme/", "/en/actors/t-umons/"],
)
def test_a_detail_page_from_its_cached_body_is_the_page_rendered_afresh(client, world, url):
    """A hub or actor page whose body and structured data come from the cache is,
    byte for byte, the page rendered from the database ({% cache %} in its template)."""
    clear_caches()
    afresh = client.get(url).content
    page_cache().clear()
    from_fragments = client.get(url).content
    assert from_fragments == afresh
    assert b"application/ld+json" in afresh and b"<h1" in afresh


def test_an_edit_reaches_the_cached_detail_pages(client, world):
    """The hub's body, cached, shows its member's new name at once (the content version)."""
    client.get("/hubs/t-district/")
    client.get("/actors/t-acme/")
    actor = Actor.objects.get(slug="t-acme")
    actor.name = "Acme Hydrogène renommée"
    actor.save()
    page_cache().clear()
    assert "Acme Hydrogène renommée" in client.get("/hubs/t-district/").content.decode()
    assert "Acme Hydrogène renommée" in client.get("/actors/t-acme/").content.decode()


def test_a_long_facet_folds_all_but_its_first_values_and_keeps_the_chosen_one_open():
    from ecosystem.directory.facets import VALUES_SHOWN, Facet, FacetValue

    values = [
        FacetValue(value=f"v{i}", label=f"Valeur {i:02}", count=1, selected=False, url="?")
        for i in range(VALUES_SHOWN + 4)
    ]
    values[-1].selected = True
    facet = Facet(name="domain", label="Domaine", values=values)
    assert [v.value for v in facet.shown] == [f"v{i}" for i in range(VALUES_SHOWN)] + [
        f"v{VALUES_SHOWN + 3}"
    ]
    assert [v.value for v in facet.more] == [f"v{VALUES_SHOWN + i}" for i in range(3)]


@needs_content
def test_the_domain_facet_folds_on_the_real_directory(client):
    html = client.get("/actors/").content.decode()
    assert '<details class="facet-more">' in html
    assert "autres valeurs" in html


def test_an_empty_list_names_what_each_filter_removed_would_give(client, world):
    html = page(client, "/actors/", domain="t-hydrogene", pillar="investor")
    assert "Aucun résultat ne correspond à ces filtres." in html
    assert "Ce qui existe en retirant un filtre" in html
    offers = re.findall(r'<li><a href="([^"]+)">sans « [^<]+ » — (\d+) résultats?</a></li>', html)
    assert len(offers) == 2
    for url, count in offers:
        relaxed = client.get("/actors/" + url.replace("&amp;", "&")).context["page_obj"]
        assert relaxed.paginator.count == int(count) > 0


def test_an_empty_list_names_the_first_projects_of_the_domain_and_where_the_rest_are(client, world):
    """A domain may gather thousands of projects: the empty list names the first few."""
    from ecosystem.models import NEIGHBOURS_SHOWN, Domain

    domain = Domain.objects.get(slug="t-hydrogene")
    for number in range(NEIGHBOURS_SHOWN + 3):
        make(Project, f"t-h2-project-{number:02}", name=f"Projet H2 {number:02}").domains.add(
            domain
        )
    html = client.get("/actors/?domain=t-hydrogene&kind=trade_union").content.decode()
    section = html[html.index('class="elsewhere"') :]
    shown = re.findall(r"Projet H2 (\d\d)", section)
    assert shown == [f"{number:02}" for number in range(NEIGHBOURS_SHOWN)]
    assert "et d'autres, sur la page du domaine" in section
    assert 'href="/domains/t-hydrogene/"' in section


def test_a_link_changes_its_own_parameter_in_place_and_adds_a_new_one_last():
    from ecosystem.directory.querystrings import query_string, toggle_query

    params = QueryDict("domain=ccu&page=3&pillar=corporate&pillar=university&q=")
    assert query_string(params) == "?domain=ccu&page=3&pillar=corporate&pillar=university"
    assert query_string(params, page=None, sort="updated", domain=["h2", "ccu"]) == (
        "?domain=h2&domain=ccu&pillar=corporate&pillar=university&sort=updated"
    )
    assert toggle_query(params, "pillar", "corporate") == "?domain=ccu&pillar=university"
    assert toggle_query(params, "kind", "startup") == (
        "?domain=ccu&pillar=corporate&pillar=university&kind=startup"
    )
    assert query_string(QueryDict(""), q=None) == "?"
    assert params.getlist("pillar") == ["corporate", "university"]  # left as it was


@needs_content
def test_an_empty_list_in_many_domains_says_what_three_of_them_gather(client):
    """Each domain costs a query per kind of neighbour: a hand-made address with many
    domains does not make the page run hundreds."""
    slugs = ["hydrogene", "energie", "siderurgie", "biotechnologie", "ccu", "tic"]
    query = "&".join(f"domain={slug}" for slug in slugs) + "&kind=trade_union&pillar=investor"
    html = client.get(f"/actors/?{query}").content.decode()
    assert "Aucun résultat" in html
    assert html.count('<section class="elsewhere"') == 3
