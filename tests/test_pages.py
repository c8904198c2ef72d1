"""Every public page: the URL contract, well-formed HTML, and drafts nowhere.

The world (conftest) gives each page a published record and a draft; the tests
marked ``needs_content`` walk the documents' content loaded from fixtures/.
"""

import pytest
from django.urls import reverse

from actors.models import Actor, Person, Project
from clusters.models import Cluster
from ecosystem.models import Domain, Source, Territory
from tests.conftest import clear_caches, needs_content
from tests.factories import make
from tests.html import assert_well_formed, page
from tests.urls import DRAFT_PAGES, LIST_PAGES, WORLD_PAGES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_list_page_answers(client, world, name):
    assert_well_formed(client.get(reverse(name)))


@pytest.mark.parametrize("key", WORLD_PAGES)
def test_every_detail_page_answers(client, world, key):
    obj = world[key]
    html = assert_well_formed(client.get(obj.get_absolute_url()))
    assert "Document de test" in html, "every detail page lists its sources"
    assert "Brouillon source" not in html


def test_contract_paths_are_stable():
    assert reverse("clusters:hub_detail", args=["x"]) == "/hubs/x/"
    assert reverse("clusters:cluster_detail", args=["x"]) == "/clusters/x/"
    assert reverse("actors:actor_list") == "/actors/"
    assert reverse("actors:project_detail", args=["x"]) == "/projects/x/"
    assert reverse("ecosystem:domain_detail", args=["x"]) == "/domains/x/"
    assert reverse("ecosystem:keyfigure_list") == "/key-figures/"


@pytest.mark.parametrize("route", sorted(DRAFT_PAGES))
def test_unknown_and_draft_slugs_give_404(client, world, route):
    assert client.get(reverse(route, args=["nothing-here"])).status_code == 404
    assert client.get(reverse(route, args=[DRAFT_PAGES[route]])).status_code == 404


def test_hub_and_cluster_addresses_redirect_to_the_canonical_one(client, world):
    response = client.get(reverse("clusters:cluster_detail", args=["t-district"]))
    assert response.status_code == 302 and response["Location"] == "/hubs/t-district/"
    response = client.get(reverse("clusters:hub_detail", args=["t-pole"]))
    assert response.status_code == 302 and response["Location"] == "/clusters/t-pole/"


def test_drafts_appear_in_no_list(client, world):
    hidden = ["Acteur caché", "Cluster caché", "Projet caché", "Personne cachée", "Domaine caché"]
    for name in LIST_PAGES:
        html = page(client, reverse(name))
        for text in hidden:
            assert text not in html, (name, text)


@needs_content
def test_real_content_pages_answer(client):
    for name in LIST_PAGES:
        assert_well_formed(client.get(reverse(name)))
    for model in (Cluster, Actor, Project, Person, Domain, Territory, Source):
        for obj in model.objects.published()[:50]:
            assert_well_formed(client.get(obj.get_absolute_url()))


# --- A draft territory is no place on the map -----------------------------------------


@pytest.mark.django_db
def test_a_draft_territory_is_neither_counted_nor_placed_on_the_map(client):
    public = make(Territory, "zz-public", name="Ville publique", latitude=50.5, longitude=4.8)
    draft = make(Territory, "zz-draft", published=False, name="Ville brouillon")
    only_draft = make(Cluster, "zz-only-draft", name="Cluster Brouillon Seul")
    both = make(Cluster, "zz-both", name="Cluster Double")
    only_draft.territories.add(draft)
    both.territories.add(public, draft)
    actor = make(
        Actor, "zz-actor", name="Acteur Brouillon", kind=Actor.Kind.COMPANY, territory=draft
    )

    def map_page():
        response = client.get("/map/")
        assert response.status_code == 200
        return response.content.decode()

    with_drafts = map_page()
    assert "Ville brouillon" not in with_drafts
    # The page is the very one shown were the draft territory not linked at all.
    only_draft.territories.clear()
    both.territories.remove(draft)
    Actor.objects.filter(pk=actor.pk).update(territory=None)
    clear_caches()
    assert map_page() == with_drafts


def test_the_home_page_s_latest_additions_are_what_came_after_the_documents(client):
    """Records loaded together from the documents are not « latest »; one added later is."""
    from actors.models import Actor

    page = client.get("/").content.decode()
    assert "Derniers ajouts" not in page
    Actor.objects.create(
        slug="t-nouvelle", name="Nouvelle société", kind="company", pillar="corporate",
        is_published=True,
    )  # fmt: skip
    page = client.get("/").content.decode()
    assert "Derniers ajouts" in page and "Nouvelle société" in page


def test_an_undated_event_s_note_does_not_end_twice_in_the_list(client):
    """« (dates exactes non données)., Charleroi » read as a typo."""
    page = client.get("/events/").content.decode()
    assert "., " not in page.split("<main", 1)[1]


def test_a_domain_without_actors_says_so_once(client):
    """Not « 0 acteurs » over a table of zeros: one sentence, then what exists."""
    from ecosystem.models import Domain

    Domain.objects.create(slug="t-vide", name="Domaine vide", is_published=True)
    page = client.get("/domains/t-vide/").content.decode()
    assert "Les documents ne rattachent encore aucun acteur à ce domaine." in page
    assert "0 acteur" not in page and 'class="balance"' not in page
