"""Lists can be sorted (``?sort=name|updated|connected``), the order kept in the URL;
people file under their family name."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Person, Project
from ecosystem.core.text import family_name_first, sort_text
from ecosystem.directory.sorting import DEFAULT_SORTS, chosen_sort
from ecosystem.models import Event
from tests.conftest import clear_caches
from tests.factories import grow, make
from tests.test_queries import LIST_QUERIES

pytestmark = pytest.mark.django_db

# Each sortable list and the orders it offers, its default first.
SORTED_LISTS = {
    "actors:actor_list": ["name", "updated", "connected"],
    "actors:project_list": ["name", "updated", "connected"],
    "clusters:cluster_list": ["name", "updated", "connected"],
    "actors:person_list": ["name", "updated"],
    "ecosystem:domain_list": ["name", "updated", "connected"],
    "ecosystem:territory_list": ["name", "updated", "connected"],
    "ecosystem:concept_list": ["name", "updated"],
    "ecosystem:policy_list": ["name", "updated"],
    "ecosystem:milestone_list": ["date", "name", "updated"],
    "ecosystem:event_list": ["date", "name", "updated"],
}


@pytest.fixture(autouse=True)
def _one_page(settings):
    """Every record of a list on one page, so that a test reads the whole order."""
    settings.PAGE_SIZE = 500


def sort_links(html: str) -> list[tuple[str, bool]]:
    """(href, is current) of each link of the page's sort choices."""
    block = re.search(r'<div class="sort-links">(.*?)</div>', html, re.S)
    assert block, "no sort links"
    return [
        (href.replace("&amp;", "&"), bool(current))
        for href, current in re.findall(r'<a href="([^"]*)"( aria-current="true")?', block[1])
    ]


def titles(html: str, prefix: str) -> list[str]:
    """The slugs of the records under ``prefix`` linked from the page's results, in order."""
    end = html.find('id="facets-title"')
    main = html[html.index("<main") : end if end > 0 else None]
    return re.findall(rf'href="{prefix}([a-z0-9-]+)/"', main)


@pytest.mark.parametrize(("route", "values"), SORTED_LISTS.items())
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_list_offers_its_orders(client, world, route, values, language):
    prefix = "/en" if language == "en" else ""
    path = prefix + reverse(route)
    links = sort_links(client.get(path).content.decode())
    # The default order has no parameter: the list keeps one address as it first shows.
    assert links[0] == ("?", True)
    assert [href for href, _current in links[1:]] == [f"?sort={value}" for value in values[1:]]
    for value in values[1:]:
        html = client.get(path, {"sort": value}).content.decode()
        current = [href for href, is_current in sort_links(html) if is_current]
        assert current == [f"?sort={value}"], (route, value)


@pytest.mark.parametrize("route", SORTED_LISTS)
def test_an_unknown_order_gives_the_default(client, world, route):
    default = client.get(reverse(route)).content.decode()
    for value in ("bogus", "", "-modified", "name;drop", "NAME"):
        response = client.get(reverse(route), {"sort": value})
        assert response.status_code == 200
        html = response.content.decode()
        # The default order is the current one, and the list is the default list.
        assert sort_links(html)[0] == ("?", True)
        assert titles(html, "/") == titles(default, "/")


def test_chosen_sort_falls_back_to_the_first():
    from django.http import QueryDict

    assert chosen_sort(QueryDict("sort=updated"), DEFAULT_SORTS).value == "updated"
    assert chosen_sort(QueryDict("sort=nope"), DEFAULT_SORTS) is DEFAULT_SORTS[0]
    assert chosen_sort(QueryDict(""), DEFAULT_SORTS) is DEFAULT_SORTS[0]


def test_sort_links_keep_the_filters_and_go_back_to_page_one(client, world):
    query = {"cluster": "t-district", "kind": ["university", "company"], "page": "2"}
    html = client.get("/actors/", query).content
    for href, _current in sort_links(html.decode()):
        assert "cluster=t-district" in href
        assert "kind=university&kind=company" in href
        assert "page=" not in href


def test_filters_keep_the_order(client, world):
    html = client.get("/actors/", {"sort": "connected"}).content.decode()
    facet_links = re.findall(r'class="facet-value" href="([^"]+)"', html)
    assert facet_links and all("sort=connected" in href for href in facet_links)
    # The keyword form carries the order too.
    assert '<input type="hidden" name="sort" value="connected">' in html


def test_actors_by_name_updated_and_connections(client, world):
    url = "/actors/?cluster=t-district"
    by_name = titles(client.get(url).content.decode(), "/actors/")
    # Acme Hydrogène, Région test, Université test: accents and case left out.
    assert by_name == ["t-acme", "t-region", "t-umons"]

    world["region"].description = "Modifié à l'instant."
    world["region"].save()
    updated = titles(client.get(url + "&sort=updated").content.decode(), "/actors/")
    assert updated[0] == "t-region"

    # Université test: two clusters and a project; Acme: one cluster and one public
    # project (its draft project does not count); Région test: one cluster.
    connected = titles(client.get(url + "&sort=connected").content.decode(), "/actors/")
    assert connected == ["t-umons", "t-acme", "t-region"]


def test_clusters_by_members(client, world):
    html = client.get("/clusters/?kind=hub&sort=connected").content.decode()
    found = [slug for slug in titles(html, "/hubs/") if slug.startswith("t-")]
    # District test: three public members (the draft actor is not counted); Heart test: two.
    assert found == ["t-district", "t-heart"]


def test_projects_by_partners(client, world):
    html = client.get("/projects/?sort=connected").content.decode()
    order = titles(html, "/projects/")
    # Site test: Acme and Université test (its draft partner is not counted); Projet H2:
    # H2 Company alone (the same draft partner not counted either).
    assert order.index("t-site") < order.index("t-h2-project")
    counts = dict(
        Project.objects.with_partner_count()
        .filter(slug__in=["t-site", "t-h2-project"])
        .values_list("slug", "partner_count")
    )
    assert counts == {"t-site": 2, "t-h2-project": 1}


def test_places_by_actor_count(client, world):
    html = client.get("/domains/?sort=connected").content.decode()
    counts = [int(n) for n in re.findall(r"(\d+) acteurs?</span>", html)]
    assert counts == sorted(counts, reverse=True)


FACETED_LISTS = {"actors:actor_list", "actors:project_list", "clusters:cluster_list"}


@pytest.mark.parametrize(
    ("url", "route"),
    [
        ("/actors/?sort=connected", "actors:actor_list"),
        ("/actors/?sort=updated", "actors:actor_list"),
        ("/projects/?sort=connected", "actors:project_list"),
        ("/clusters/?sort=connected", "clusters:cluster_list"),
        ("/domains/?sort=connected", "ecosystem:domain_list"),
        ("/people/?sort=updated", "actors:person_list"),
        ("/events/?sort=name", "ecosystem:event_list"),
    ],
)
def test_sorting_adds_no_query(client, world, url, route, django_assert_num_queries):
    """The order is the page query's own ORDER BY, a count a subquery of that query.

    A faceted list reads its default order's keys from its facet index: another
    order asks SQL for them, one query more than the list's default page.
    """
    count = LIST_QUERIES[route] + (route in FACETED_LISTS)
    clear_caches()
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200
    grow(world)
    clear_caches()
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("name", "filed"),
    [
        ("Marc Van Den Neste", "Van Den Neste, Marc"),
        ("P-A Van Binst", "Van Binst, P-A"),
        ("Charles de Gaulle", "Gaulle, Charles de"),
        ("Ludwig van Beethoven", "Beethoven, Ludwig van"),
        ("Jean d’Ormesson", "Ormesson, Jean d’"),
        ("Roberta Dall’Olio", "Dall’Olio, Roberta"),
        ("Jan-Philip Kramer", "Kramer, Jan-Philip"),
        ("Sylvia Russell", "Russell, Sylvia"),
        ("Porter", "Porter"),
        ("De Smet", "De Smet"),
        ("Smith, John", "Smith, John"),
    ],
)
def test_family_name_first(name, filed):
    assert family_name_first(name) == filed


def test_people_are_listed_by_family_name(client):
    for slug, name in [
        ("t-zoe", "Zoé Aalst"),
        ("t-marc", "Marc Van Den Neste"),
        ("t-anne", "Anne de Bruyne"),
        ("t-irena", "Irena Łobocka"),
    ]:
        make(Person, slug, name=name)
    for prefix in ("", "/en"):
        html = client.get(f"{prefix}/people/").content.decode()
        order = [slug for slug in titles(html, f"{prefix}/people/") if slug.startswith("t-")]
        # Aalst, Bruyne (« de » files after the given name), Łobocka under L, Van Den Neste.
        assert order == ["t-zoe", "t-anne", "t-irena", "t-marc"], prefix
    assert Person.objects.get(slug="t-marc").sort_key_en == sort_text("Van Den Neste, Marc")


def test_real_people_by_family_name(client):
    names = [person.name for person in Person.objects.published()]
    assert names.index("Jakub Boratynski") < names.index("Sophie Bourez")
    assert names.index("Irena Łobocka") < names.index("Vincent Michel")
    assert names.index("Ingrid Willems") == len(names) - 1
    assert names.index("Marc Van Den Neste") > names.index("Valeria Tudisco")


def test_events_upcoming_first_then_past_latest_first(client):
    today = timezone.localdate()
    make(Event, "t-soon", name="Bientôt", start_date=today + timedelta(days=10))
    make(Event, "t-later", name="Plus tard", start_date=today + timedelta(days=300))
    make(
        Event,
        "t-now",
        name="En cours",
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=1),
    )
    make(Event, "t-past", name="L'an passé", start_date=today - timedelta(days=365))
    make(Event, "t-old", name="Il y a longtemps", start_date=today - timedelta(days=4000))
    make(Event, "t-undated", name="Sans date", date_note="Un jour")
    html = client.get("/events/").content.decode()
    order = [slug for slug in titles(html, "/events/") if slug.startswith("t-")]
    assert order == ["t-now", "t-soon", "t-later", "t-past", "t-old", "t-undated"]
    headings = re.findall(r'<h2 class="list-group-title">([^<]+)</h2>', html)
    assert headings == ["À venir", "Passés", "Date non précisée"]
    # By name: no groups.
    by_name = client.get("/events/?sort=name").content.decode()
    assert "list-group-title" not in by_name
