"""How many queries each public page runs, and which: the same number for the world
(conftest) as with 60 more actors — no query per row.

Counted cold: cached facet counts, search groups and pages would hide queries, so
the caches are emptied before each count. The pages marked ``needs_content`` are
the documents' content loaded from fixtures/.

A list's facets each run one grouped count, plus one query for the labels of a
facet over another model ("+ labels"); a filter on another model first looks up
the values given. "Their X" is one prefetch query for the whole page; "with X"
is a join or an annotation of the same query.
"""

import pytest
from django.urls import reverse

from actors.models import Actor, Person, Project, ProjectParticipation, Role
from clusters.models import Cluster, Membership
from ecosystem.core.page_cache import page_cache
from ecosystem.models import Domain, Pillar, Source, Territory
from tests.conftest import clear_caches, needs_content
from tests.factories import grow, make
from tests.urls import LIST_PAGES

pytestmark = pytest.mark.django_db

# The most any page may run: the actor directory validates its filters (one query
# per model filter given), builds its facet index on a cold start (the records, one
# query per facet, the default order in each language), reads the labels of each
# facet over another model and its page's cards; the map does so without cards but
# with its three layers.
MAX_QUERIES = 18

# Every page of tests/urls.py's LIST_PAGES.
LIST_QUERIES = {
    # hubs, alliances and pôles with member counts, their alliance, their domains,
    # their figures counting members (source named); actors by pillar; when the content
    # was first loaded, then the 6 latest actors, clusters and projects added since; the
    # key figures and their sources; the top-level domains with actor counts
    "ecosystem:home": 12,
    # with no query, the hubs and top-level domains it offers
    "ecosystem:search": 2,
    # clusters, then their members by pillar; domains, then their actors by pillar
    "ecosystem:pillars": 4,
    # actors, projects and clusters: for each, a count by territory and the first names
    # at each; the territories; the actors' facet index (the actors, then pillar,
    # domain, kind, cluster, territory, then the order in French and in English) and
    # the labels of domain, cluster, territory
    "visuals:map": 18,
    # hubs with member counts, their alliance, their domains, their figures counting
    # members; alliances with member counts, their domains, their figures counting
    # members; the members of both by pillar
    "clusters:hub_list": 8,
    # the facet index (the clusters, then kind, status, domain, territory, then the
    # order in each language) and the labels of domain, territory; its records with
    # member counts,
    # their alliance, their domains, their figures counting members (the cards, on a
    # cold cache)
    "clusters:cluster_list": 13,
    # the facet index (the actors, then pillar, domain, kind, cluster, territory, then
    # the order in each language: the page's keys are read there) and the labels of
    # domain, cluster, territory; its records, their territory, their domains (the
    # cards)
    "actors:actor_list": 14,
    # the facet index (the projects, then status, kind, domain, cluster, territory,
    # then the order in each language) and the labels of domain, cluster, territory;
    # its records, their territory, domains, lead partners
    "actors:project_list": 15,
    # the count, the page, their roles, the roles' actors, the roles' clusters
    "actors:person_list": 5,
    # the count, the page with actor counts, their parent
    "ecosystem:domain_list": 3,
    "ecosystem:territory_list": 3,
    # the count, the page
    "ecosystem:concept_list": 2,
    # the count, the page, their parent, their territory
    "ecosystem:policy_list": 4,
    # every figure (one page, grouped by subject), then each subject prefetched public:
    # cluster, actor, project, territory, policy, event; their sources; the measures
    # over the years
    "ecosystem:keyfigure_list": 9,
    # the count, the page, their territory; how many have no date (left out of the
    # calendar export, said beside its link); how many are upcoming, and when none
    # is, the last one
    "ecosystem:event_list": 6,
    # the count, the page
    "ecosystem:milestone_list": 2,
    "ecosystem:source_list": 2,
}

# Filtered lists and the world's detail pages. Every detail page also reads the
# public documents its excerpts link to (one query, cached per content version).
PAGE_QUERIES = {
    # the domain looked up; then as the cluster list
    "/clusters/?kind=hub&domain=t-hydrogene": 14,
    # the domain and the cluster looked up; then as the actor list
    "/actors/?domain=t-hydrogene&pillar=corporate&cluster=t-district": 16,
    # the hub (for the page's head); then, rendering its body: the hub again with its
    # parts with member counts; its roles with their people; its alliance; its
    # domains, territories, key figures, milestones, sources; its members by pillar
    # and the first of each pillar; its first projects and their count
    "/hubs/t-district/": 15,
    # as a hub, with its parts' domains and figures counting members instead of an
    # alliance of its own
    "/clusters/t-alliance/": 16,
    # the actor (for the page's head); then, rendering its body: the actor again with
    # its memberships, participations and roles with their other end; its territory,
    # domains, sources, key figures, milestones; the events it organises, those it
    # takes part in; the quotes of its people
    "/actors/t-acme/": 14,
    "/actors/t-umons/": 14,
    # the project; its participations with their actor; its clusters with member
    # counts; its territory, domains, sources, key figures, milestones; its clusters'
    # domains and figures counting members
    "/projects/t-site/": 11,
    # the person; their roles, the roles' actors, the roles' clusters; their quotes
    # with the source; their sources; the events where they speak
    "/people/t-alice/": 8,
    # the domain; its children with actor counts; its clusters with member counts; its
    # parent; its sources, concepts, policies, events; its first actors and their
    # count; its first projects and their count; its actors by pillar
    "/domains/t-hydrogene/": 14,
    # the territory; its clusters with member counts; its sources; the territories
    # within; its policies, events, key figures, milestones; its first actors and their
    # count; its first projects and their count
    "/territories/t-charleroi/": 13,
    # the source; what cites it, one query per model (clusters, actors, projects,
    # people, domains, territories, concepts, policies, key figures, events, milestones,
    # and the links: memberships, roles, participations, each with its ends)
    "/sources/t-source/": 15,
    # the event; its territory, sources, organisers, participants, speakers, clusters,
    # domains, key figures
    "/events/t-event/": 10,
}

WORLD_QUERIES = {
    **{reverse(name): count for name, count in LIST_QUERIES.items()},
    **PAGE_QUERIES,
}

# The same pages on the documents' content.
REAL_QUERIES = {
    "/hubs/district-cleantech/": 15,  # as /hubs/t-district/
    "/clusters/greenwin/": 14,  # as a hub, with no alliance to fetch
    "/clusters/alliance-cleantech-wallonia/": 16,  # as /clusters/t-alliance/
    "/actors/region-wallonne/": 14,  # as /actors/t-acme/
    # the domain looked up; then as the actor list
    "/actors/?domain=siderurgie&pillar=corporate": 15,
    "/projects/porte-ouest-site/": 11,  # as /projects/t-site/
    "/domains/energie/": 14,  # as /domains/t-hydrogene/
    "/territories/wallonie/": 14,  # as /territories/t-charleroi/, and its parent
    "/sources/uwe-clustering-2014/": 15,  # as /sources/t-source/
}


def test_every_list_page_has_its_count():
    assert set(LIST_QUERIES) == set(LIST_PAGES)


def test_no_page_runs_more_than_the_most_allowed():
    counts = {**WORLD_QUERIES, **REAL_QUERIES}
    assert max(counts.values()) <= MAX_QUERIES, counts


def get_cold(client, url):
    clear_caches()
    assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(("url", "count"), WORLD_QUERIES.items())
def test_query_count_does_not_grow(client, world, url, count, django_assert_num_queries):
    with django_assert_num_queries(count):
        get_cold(client, url)
    grow(world)
    with django_assert_num_queries(count):
        get_cold(client, url)


# A list page nobody asked for yet, once its cards, facets panel and facet index
# are there (a new page of a list, a tracking tag, the first visit in a while): the
# chosen records looked up to validate the filters, and nothing else (the count and
# the page's keys come from the facet index).
WARM_MISS_QUERIES = {
    "/actors/?domain=t-hydrogene&pillar=corporate&cluster=t-district": 2,
    "/actors/": 0,
    "/projects/?domain=t-hydrogene": 1,
    "/clusters/?kind=hub": 0,
}


@pytest.mark.parametrize(("url", "count"), WARM_MISS_QUERIES.items())
def test_a_page_cache_miss_of_a_known_list_only_validates_its_filters(
    client, world, url, count, django_assert_num_queries
):
    tagged = url + ("&" if "?" in url else "?") + "utm_source=newsletter"

    def miss():
        get_cold(client, url)
        page_cache().clear()
        with django_assert_num_queries(count):
            assert client.get(tagged).status_code == 200

    miss()
    grow(world)
    miss()


# A detail page nobody asked for at this address (a tracking tag, the first
# visit in a while) once its body and structured data are cached: the record
# alone, for the page's head.
WARM_DETAIL_QUERIES = {"/hubs/t-district/": 1, "/clusters/t-alliance/": 1, "/actors/t-acme/": 1}


@pytest.mark.parametrize(("url", "count"), WARM_DETAIL_QUERIES.items())
def test_a_page_cache_miss_of_a_known_record_reads_only_the_record(
    client, world, url, count, django_assert_num_queries
):
    get_cold(client, url)
    page_cache().clear()
    with django_assert_num_queries(count):
        assert client.get(url + "?utm_source=newsletter").status_code == 200


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
@pytest.mark.parametrize(("url", "count"), REAL_QUERIES.items())
def test_real_content_query_counts(client, url, count, django_assert_num_queries):
    with django_assert_num_queries(count):
        get_cold(client, url)
    add_real_rows()
    with django_assert_num_queries(count):
        get_cold(client, url)
