"""The public portal: URL contract, filters and facets, relations both ways, drafts, queries.

Most tests build a small world of their own (slugs start with ``t-`` so they never
meet the real content); the tests marked ``needs_content`` check the documents'
content loaded from fixtures/ by conftest.
"""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Actor, Person, Project, ProjectParticipation, Quote, Role
from clusters.models import Cluster, Membership
from ecosystem.core.page_cache import page_cache
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
from tests.conftest import clear_caches, fixture_files

pytestmark = pytest.mark.django_db

needs_content = pytest.mark.skipif(not fixture_files(), reason="fixtures/ not written yet")


def make(model, slug, published=True, sources=(), **fields):
    obj = model.objects.create(slug=slug, is_published=published, **fields)
    if sources:
        obj.sources.set(sources)
    return obj


@pytest.fixture
def world():
    """A hub with members of three pillars, an alliance, a pôle, drafts everywhere."""
    w = {}
    source = make(Source, "t-source", title="Document de test", publisher="Éditeur test")
    w["source"] = source
    w["draft_source"] = make(Source, "t-draft-source", published=False, title="Brouillon source")
    energie = make(Domain, "t-energie", name="Énergie test")
    w["hydrogene"] = make(Domain, "t-hydrogene", name="Hydrogène test", parent=energie)
    w["ccu"] = make(Domain, "t-ccu", name="CCU test", sources=[source])
    w["draft_domain"] = make(Domain, "t-draft-domain", published=False, name="Domaine caché")
    w["charleroi"] = make(Territory, "t-charleroi", name="Charleroi test", kind="city")
    w["mons"] = make(Territory, "t-mons", name="Mons test", kind="city")
    w["draft_territory"] = make(
        Territory, "t-draft-territory", published=False, name="Territoire caché", kind="city"
    )

    alliance = make(Cluster, "t-alliance", name="Alliance test", kind=Cluster.Kind.ALLIANCE)
    district = make(
        Cluster,
        "t-district",
        name="District test",
        kind=Cluster.Kind.HUB,
        part_of=alliance,
        sources=[source],
    )
    district.domains.set([w["hydrogene"], w["ccu"], w["draft_domain"]])
    district.territories.set([w["charleroi"]])
    heart = make(Cluster, "t-heart", name="Heart test", kind=Cluster.Kind.HUB, part_of=alliance)
    pole = make(Cluster, "t-pole", name="Pôle test", kind=Cluster.Kind.POLE)
    draft_cluster = make(
        Cluster, "t-draft-cluster", published=False, name="Cluster caché", kind=Cluster.Kind.POLE
    )
    w.update(alliance=alliance, district=district, heart=heart, pole=pole)
    w["draft_cluster"] = draft_cluster

    def actor(slug, name, pillar, kind, domains, territory, clusters, published=True):
        obj = make(
            Actor,
            slug,
            published=published,
            name=name,
            pillar=pillar,
            kind=kind,
            territory=territory,
            sources=[source],
        )
        obj.domains.set(domains)
        for cluster, role in clusters:
            Membership.objects.create(actor=obj, cluster=cluster, role=role)
        return obj

    founder, member = Membership.Role.FOUNDER, Membership.Role.MEMBER
    w["acme"] = actor(
        "t-acme",
        "Acme Hydrogène",
        Pillar.CORPORATE,
        Actor.Kind.COMPANY,
        [w["hydrogene"], w["draft_domain"]],
        w["draft_territory"],
        [(district, founder)],
    )
    w["acme"].aliases = "ACME SA\nAcme Wallonie"
    w["acme"].description = 'Produit de l\'hydrogène **"vert"** <script>alert(1)</script>'
    w["acme"].save()
    w["umons"] = actor(
        "t-umons",
        "Université test",
        Pillar.UNIVERSITY,
        Actor.Kind.UNIVERSITY,
        [w["hydrogene"], w["ccu"]],
        w["mons"],
        [(district, member), (heart, member)],
    )
    w["region"] = actor(
        "t-region",
        "Région test",
        Pillar.GOVERNMENT,
        Actor.Kind.PUBLIC_AUTHORITY,
        [w["ccu"]],
        w["charleroi"],
        [(district, Membership.Role.FUNDER)],
    )
    w["startup"] = actor(
        "t-startup",
        "Jeune pousse test",
        Pillar.ENTREPRENEUR,
        Actor.Kind.STARTUP,
        [w["hydrogene"]],
        w["mons"],
        [(heart, member)],
    )
    w["gasco"] = actor(
        "t-gasco",
        "Gasco test",
        Pillar.CORPORATE,
        Actor.Kind.COMPANY,
        [w["ccu"]],
        w["charleroi"],
        [(pole, member), (draft_cluster, member)],
    )
    w["draft_actor"] = actor(
        "t-draft-actor",
        "Acteur caché",
        Pillar.INVESTOR,
        Actor.Kind.INVESTOR,
        [w["hydrogene"], w["ccu"]],
        w["charleroi"],
        [(district, member), (heart, member), (pole, member)],
        published=False,
    )

    alice = make(Person, "t-alice", name="Alice Test", sources=[source])
    Role.objects.create(person=alice, title="Directrice d'Acme", actor=w["acme"])
    Role.objects.create(person=alice, title="Présidente du District test", cluster=district)
    Quote.objects.create(person=alice, text="Nous construisons des usines.", source=source)
    draft_person = make(Person, "t-draft-person", published=False, name="Personne cachée")
    Role.objects.create(person=draft_person, title="Animatrice cachée", cluster=district)
    w.update(alice=alice, draft_person=draft_person)

    site = make(
        Project,
        "t-site",
        name="Site test",
        territory=w["charleroi"],
        area_hectares=Decimal("12.5"),
        budget_eur=Decimal("3000000"),
        sources=[source],
    )
    site.domains.set([w["hydrogene"]])
    site.clusters.set([district, draft_cluster])
    lead, partner = ProjectParticipation.Role.LEAD, ProjectParticipation.Role.PARTNER
    ProjectParticipation.objects.create(project=site, actor=w["acme"], role=lead)
    ProjectParticipation.objects.create(project=site, actor=w["umons"], role=partner)
    ProjectParticipation.objects.create(project=site, actor=w["draft_actor"], role=partner)
    w["site"] = site
    w["draft_project"] = make(Project, "t-draft-project", published=False, name="Projet caché")
    ProjectParticipation.objects.create(project=w["draft_project"], actor=w["acme"], role=lead)

    w["figure"] = make(
        KeyFigure,
        "t-figure",
        label="Membres du District test",
        value=Decimal("80"),
        qualifier="plus de",
        unit="membres",
        year=2024,
        cluster=district,
        sources=[source],
    )
    w["draft_figure"] = make(
        KeyFigure,
        "t-draft-figure",
        published=False,
        label="Chiffre caché",
        value=1,
        cluster=district,
    )
    w["milestone"] = make(Milestone, "t-milestone", name="Création du District test", year=2021)
    w["milestone"].clusters.set([district])
    w["milestone"].actors.set([w["acme"]])
    w["concept"] = make(Concept, "t-concept", name="Vallée test", definition="Une définition.")
    w["concept"].domains.set([w["hydrogene"]])
    w["policy"] = make(Policy, "t-policy", name="Plan test", territory=w["charleroi"])
    w["policy"].domains.set([w["ccu"]])
    w["event"] = make(Event, "t-event", name="Rencontre test", territory=w["charleroi"])
    w["event"].speakers.set([alice])
    w["event"].clusters.set([district])
    make(Concept, "t-draft-concept", published=False, name="Notion cachée", definition="x")
    make(Policy, "t-draft-policy", published=False, name="Plan caché")
    make(Event, "t-draft-event", published=False, name="Événement caché")
    make(Milestone, "t-draft-milestone", published=False, name="Fait caché")
    for key in DETAIL_OBJECTS:
        if key != "source":
            w[key].sources.add(source, w["draft_source"])
    return w


LIST_URLS = [
    "ecosystem:home",
    "ecosystem:pillars",
    "clusters:hub_list",
    "clusters:cluster_list",
    "actors:actor_list",
    "actors:project_list",
    "actors:person_list",
    "ecosystem:domain_list",
    "ecosystem:territory_list",
    "ecosystem:concept_list",
    "ecosystem:policy_list",
    "ecosystem:keyfigure_list",
    "ecosystem:event_list",
    "ecosystem:milestone_list",
    "ecosystem:source_list",
]

DETAIL_OBJECTS = [
    "district",
    "alliance",
    "pole",
    "acme",
    "alice",
    "site",
    "hydrogene",
    "charleroi",
    "concept",
    "policy",
    "figure",
    "event",
    "milestone",
    "source",
]

# Every detail route, with a published record of the world and a draft of the same model.
DRAFTS = {
    "clusters:cluster_detail": "t-draft-cluster",
    "clusters:hub_detail": "t-draft-cluster",
    "actors:actor_detail": "t-draft-actor",
    "actors:person_detail": "t-draft-person",
    "actors:project_detail": "t-draft-project",
    "ecosystem:domain_detail": "t-draft-domain",
    "ecosystem:territory_detail": "t-draft-territory",
    "ecosystem:concept_detail": "t-draft-concept",
    "ecosystem:policy_detail": "t-draft-policy",
    "ecosystem:keyfigure_detail": "t-draft-figure",
    "ecosystem:event_detail": "t-draft-event",
    "ecosystem:milestone_detail": "t-draft-milestone",
    "ecosystem:source_detail": "t-draft-source",
}


def assert_well_formed(response):
    """One <main>, one <h1>, French, a real title and a meta description."""
    html = response.content.decode()
    assert response.status_code == 200, response.request["PATH_INFO"]
    assert html.count("<main") == 1
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<html lang="fr">' in html
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    assert not title.startswith("—"), title
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert description.strip()
    assert 'action="/search/"' in html
    assert "CC BY 4.0" in html
    # No script but JSON-LD data blocks, which browsers never run.
    assert not re.search(r'<script(?! type="application/ld\+json">)', html)
    assert "style=" not in html
    return html


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return response.content.decode()


def names_listed(html):
    """The card titles of a directory page."""
    return set(re.findall(r'class="card-title"><a href="[^"]*">([^<]*)</a>', html))


# URL contract -------------------------------------------------------------------


@pytest.mark.parametrize("name", LIST_URLS)
def test_every_list_page_answers(client, world, name):
    assert_well_formed(client.get(reverse(name)))


@pytest.mark.parametrize("key", DETAIL_OBJECTS)
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


@pytest.mark.parametrize("route", sorted(DRAFTS))
def test_unknown_and_draft_slugs_give_404(client, world, route):
    assert client.get(reverse(route, args=["nothing-here"])).status_code == 404
    assert client.get(reverse(route, args=[DRAFTS[route]])).status_code == 404


def test_hub_and_cluster_addresses_redirect_to_the_canonical_one(client, world):
    response = client.get(reverse("clusters:cluster_detail", args=["t-district"]))
    assert response.status_code == 302 and response["Location"] == "/hubs/t-district/"
    response = client.get(reverse("clusters:hub_detail", args=["t-pole"]))
    assert response.status_code == 302 and response["Location"] == "/clusters/t-pole/"


# Filters and facets -------------------------------------------------------------


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
        "corporate": 1,
        "university": 1,
        "investor": 0,  # the draft investor is not counted
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
    {"page": "9" * 5000},
    {"domain": ["t-hydrogene", "t-hydrogene", "nope"], "pillar": ["corporate", "corporate"]},
    {"cluster": "'; DROP TABLE actors_actor; --"},
    {"kind": "x" * 10000},
    {"territory": ["t-mons"] * 200},
    {"status": "../../etc/passwd"},
]


@pytest.mark.parametrize("url", ["/actors/", "/clusters/", "/projects/"])
@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_filter_values_never_break_a_list(client, world, url, params):
    response = client.get(url, params)
    html = assert_well_formed(response)
    assert "<script>alert" not in html


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
    add_rows(world, n=10)
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


# Relations both ways ------------------------------------------------------------


def test_hub_page_groups_members_by_pillar(client, world):
    response = client.get("/hubs/t-district/")
    groups = {
        group.pillar.value: [m.actor.slug for m in group.memberships]
        for group in response.context["member_groups"]
    }
    assert groups == {
        "corporate": ["t-acme"],
        "university": ["t-umons"],
        "investor": [],
        "government": ["t-region"],
        "entrepreneur": [],
    }
    html = response.content.decode()
    assert "Aucun membre du pilier « Investisseurs (capital à risque) »" in html
    assert 'class="missing"' in html
    for text in (
        "Alliance test",  # part of
        "Hydrogène test",
        "Charleroi test",
        "Site test",
        "Alice Test",
        "Présidente du District test",
        "plus de 80 membres",
        "Création du District test",
        "fondateur",
    ):
        assert text in html, text
    for hidden in ("Acteur caché", "Domaine caché", "Personne cachée", "Chiffre caché"):
        assert hidden not in html


def test_hub_page_caps_members_per_pillar_and_projects(client, world):
    """Thousands of members must not make a hub page huge: a dozen per pillar, then a link."""
    from clusters.views import MEMBERS_PER_PILLAR, PROJECTS_SHOWN

    hub = world["district"]
    extra = MEMBERS_PER_PILLAR + 3
    for i in range(extra):
        actor = make(Actor, f"t-many-{i:02}", name=f"Zz membre {i:02}", pillar="investor")
        Membership.objects.create(actor=actor, cluster=hub)
    hidden_member = make(Actor, "t-many-draft", published=False, name="Zz brouillon")
    Membership.objects.create(actor=hidden_member, cluster=hub)
    for i in range(PROJECTS_SHOWN + 2):
        make(Project, f"t-many-project-{i:02}", name=f"Zz projet {i:02}").clusters.add(hub)

    response = client.get("/hubs/t-district/")
    groups = {group.pillar.value: group for group in response.context["member_groups"]}
    investors = groups["investor"]
    assert investors.total == extra
    assert [m.actor.name for m in investors.memberships] == [
        f"Zz membre {i:02}" for i in range(MEMBERS_PER_PILLAR)
    ]
    assert groups["corporate"].hidden == 0
    html = response.content.decode()
    assert f"Voir les {extra} membres du pilier « Investisseurs (capital à risque) »" in html
    assert "/actors/?cluster=t-district&amp;pillar=investor" in html
    assert f"Zz membre {MEMBERS_PER_PILLAR:02}" not in html
    assert "Zz brouillon" not in html
    # The balance and the heading count every published member, not only those shown.
    assert response.context["member_count"] == extra + 3
    projects = Project.objects.published().filter(clusters=hub).count()
    assert f"Voir les {projects} projets" in html
    assert "/projects/?cluster=t-district" in html
    assert len(response.context["cluster"].shown_projects) == PROJECTS_SHOWN
    assert f"Zz projet {PROJECTS_SHOWN + 1:02}" not in html  # the last by name


@pytest.mark.parametrize("kind", ["domain", "territory"])
def test_domain_and_territory_pages_cap_their_projects(client, world, kind):
    from clusters.views import PROJECTS_SHOWN

    record = world["hydrogene"] if kind == "domain" else world["charleroi"]
    for i in range(PROJECTS_SHOWN + 2):
        project = make(
            Project, f"t-cap-{i:02}", name=f"Zz projet {i:02}", territory=world["charleroi"]
        )
        project.domains.add(world["hydrogene"])
    response = client.get(record.get_absolute_url())
    html = response.content.decode()
    total = (
        Project.objects.published()
        .filter(**{"domains" if kind == "domain" else kind: record})
        .count()
    )
    assert len(response.context["projects"]) == PROJECTS_SHOWN
    assert response.context["project_count"] == total
    assert f"Voir les {total} projets" in html
    assert f"/projects/?{kind}={record.slug}" in html
    assert f"Zz projet {PROJECTS_SHOWN + 1:02}" not in html


def test_alliance_page_lists_its_parts(client, world):
    html = page(client, "/clusters/t-alliance/")
    assert "District test" in html and "Heart test" in html


def test_actor_page_shows_its_relations(client, world):
    html = page(client, "/actors/t-acme/")
    # Markdown descriptions: bold in the page, plain and escaped in the meta description.
    assert "<strong>&quot;vert&quot;</strong>" in html or '<strong>"vert"</strong>' in html
    assert 'content="Produit de l&#x27;hydrogène &quot;vert&quot;"' in html
    for text in (
        "District test",
        "fondateur",
        "Site test",
        "porteur",
        "Alice Test",
        "Directrice d&#x27;Acme",
        "Hydrogène test",
        "ACME SA",
        "Nous construisons des usines.",
        "Création du District test",
    ):
        assert text in html, text
    for hidden in ("Projet caché", "Domaine caché", "Territoire caché"):
        assert hidden not in html
    html = page(client, "/actors/t-gasco/")
    assert "Pôle test" in html and "Cluster caché" not in html


def test_project_page_shows_leads_partners_and_figures(client, world):
    response = client.get("/projects/t-site/")
    roles = [(p.actor.slug, p.role) for p in response.context["participations"]]
    assert roles == [("t-acme", "lead"), ("t-umons", "partner")]
    html = response.content.decode()
    assert "12,5 ha" in html and "3" in html and "€" in html
    assert "District test" in html and "Cluster caché" not in html and "Acteur caché" not in html


def test_domain_page_lists_everything_in_it(client, world):
    html = page(client, "/domains/t-hydrogene/")
    for text in ("Acme Hydrogène", "Université test", "District test", "Site test", "Vallée test"):
        assert text in html, text
    assert "Acteur caché" not in html
    html = page(client, "/domains/t-energie/")
    assert "Hydrogène test" in html, "child domains"


def test_person_page_shows_roles_and_quotes(client, world):
    html = page(client, "/people/t-alice/")
    assert "Directrice d&#x27;Acme" in html and "Acme Hydrogène" in html
    assert "Nous construisons des usines." in html and "Rencontre test" in html


def test_pillar_page_compares_hubs_and_domains(client, world):
    response = client.get("/pillars/")
    rows = {
        row.obj.slug: {p.value: n for p, n in row.counts}
        for _label, group in response.context["cluster_groups"]
        for row in group
    }
    assert rows["t-district"] == {
        "corporate": 1,
        "university": 1,
        "investor": 0,
        "government": 1,
        "entrepreneur": 0,
    }
    assert rows["t-heart"]["entrepreneur"] == 1 and "t-draft-cluster" not in rows
    domains = {row.obj.slug: row.total for row in response.context["domain_rows"]}
    assert domains["t-hydrogene"] == 3 and "t-draft-domain" not in domains


def test_source_page_lists_what_cites_it(client, world):
    html = page(client, "/sources/t-source/")
    assert "Acme Hydrogène" in html and "District test" in html and "Acteur caché" not in html
    assert "Brouillon source" not in page(client, "/sources/")


def test_drafts_appear_in_no_list(client, world):
    hidden = ["Acteur caché", "Cluster caché", "Projet caché", "Personne cachée", "Domaine caché"]
    for name in LIST_URLS:
        html = page(client, reverse(name))
        for text in hidden:
            assert text not in html, (name, text)


# Query counts -------------------------------------------------------------------

QUERY_PAGES = [
    "/",
    "/hubs/",
    "/pillars/",
    "/clusters/",
    "/clusters/?kind=hub&domain=t-hydrogene",
    "/actors/",
    "/actors/?domain=t-hydrogene&pillar=corporate&cluster=t-district",
    "/projects/",
    "/people/",
    "/domains/",
    "/territories/",
    "/key-figures/",
    "/sources/",
    "/hubs/t-district/",
    "/clusters/t-alliance/",
    "/actors/t-acme/",
    "/actors/t-umons/",
    "/projects/t-site/",
    "/people/t-alice/",
    "/domains/t-hydrogene/",
    "/territories/t-charleroi/",
    "/sources/t-source/",
    "/events/t-event/",
]

# The most any page may run: the actor directory validates its filters (one query
# per model filter given), counts each facet (one grouped query, plus one for the
# labels of a facet over another model), counts and fetches the page and prefetches
# domains.
MAX_QUERIES = 15


def count_queries(client, url):
    # Counted cold: cached facet counts and search groups would hide the queries.
    clear_caches()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def add_rows(world, n=60):
    """n more published actors, each in two domains and two clusters, plus projects."""
    for i in range(n):
        actor = make(
            Actor,
            f"t-extra-{i}",
            name=f"Extra {i}",
            pillar=list(Pillar)[i % 5],
            kind=Actor.Kind.COMPANY,
            territory=world["charleroi"],
            sources=[world["source"]],
        )
        actor.domains.set([world["hydrogene"], world["ccu"]])
        Membership.objects.create(actor=actor, cluster=world["district"])
        Membership.objects.create(actor=actor, cluster=world["alliance"])
        project = make(Project, f"t-extra-project-{i}", name=f"Projet extra {i}")
        project.domains.set([world["hydrogene"]])
        ProjectParticipation.objects.create(project=project, actor=actor)
        ProjectParticipation.objects.create(project=world["site"], actor=actor)


@pytest.mark.parametrize("url", QUERY_PAGES)
def test_query_count_is_bounded_and_does_not_grow(
    client, world, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)
    before = count_queries(client, url)
    add_rows(world)
    after = count_queries(client, url)
    assert after == before, f"{url}: {before} queries, then {after} with 60 more actors"


# The documents' content ---------------------------------------------------------


@needs_content
def test_real_content_pages_answer(client):
    for name in LIST_URLS:
        assert_well_formed(client.get(reverse(name)))
    for model in (Cluster, Actor, Project, Person, Domain, Territory, Source):
        for obj in model.objects.published()[:50]:
            assert_well_formed(client.get(obj.get_absolute_url()))


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


@needs_content
def test_real_content_district_cleantech_members_by_pillar(client):
    response = client.get("/hubs/district-cleantech/")
    groups = {
        group.pillar.value: {m.actor.slug for m in group.memberships}
        for group in response.context["member_groups"]
    }
    assert {"buildwise", "siris"} <= groups["corporate"]
    html = response.content.decode()
    assert "Alliance Cleantech Wallonia" in html
    if not groups["investor"]:
        assert "Aucun membre du pilier « Investisseurs (capital à risque) »" in html
    alliance = page(client, "/clusters/alliance-cleantech-wallonia/")
    assert "District Cleantech" in alliance and "Heart for Cleantech" in alliance


REAL_QUERY_PAGES = [
    "/hubs/district-cleantech/",
    "/clusters/greenwin/",
    "/clusters/alliance-cleantech-wallonia/",
    "/actors/region-wallonne/",
    "/actors/?domain=siderurgie&pillar=corporate",
    "/projects/porte-ouest-site/",
    "/domains/energie/",
    "/territories/wallonie/",
    "/sources/uwe-clustering-2014/",
]


def add_real_rows(n=60):
    """n more actors tied to the real hub, pôle, alliance, domain, territory, source, project."""
    source = Source.objects.get(slug="uwe-clustering-2014")
    territory = Territory.objects.get(slug="wallonie")
    domains = list(Domain.objects.filter(slug__in=["energie", "siderurgie"]))
    clusters = list(
        Cluster.objects.filter(
            slug__in=["district-cleantech", "greenwin", "alliance-cleantech-wallonia"]
        )
    )
    project = Project.objects.get(slug="porte-ouest-site")
    region = Actor.objects.get(slug="region-wallonne")
    for i in range(n):
        actor = make(
            Actor,
            f"t-real-extra-{i}",
            name=f"Extra réel {i}",
            pillar=list(Pillar)[i % 5],
            kind=Actor.Kind.COMPANY,
            territory=territory,
            sources=[source],
        )
        actor.domains.set(domains)
        for cluster in clusters:
            Membership.objects.create(actor=actor, cluster=cluster)
        ProjectParticipation.objects.create(project=project, actor=actor)
        person = make(Person, f"t-real-person-{i}", name=f"Personne {i}")
        Role.objects.create(person=person, title=f"Fonction {i}", actor=region)


@needs_content
@pytest.mark.parametrize("url", REAL_QUERY_PAGES)
def test_real_content_query_counts(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)
    before = count_queries(client, url)
    add_real_rows()
    assert count_queries(client, url) == before
