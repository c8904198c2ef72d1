"""How many queries each public page runs: bounded, and the same with 60 more actors.

The first pages are the world's (conftest); those marked ``needs_content`` are the
documents' content loaded from fixtures/.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor, Person, Project, ProjectParticipation, Role
from clusters.models import Cluster, Membership
from ecosystem.models import Domain, Pillar, Source, Territory
from tests.conftest import clear_caches, needs_content
from tests.factories import grow, make

pytestmark = pytest.mark.django_db

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


@pytest.mark.parametrize("url", QUERY_PAGES)
def test_query_count_is_bounded_and_does_not_grow(
    client, world, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)
    before = count_queries(client, url)
    grow(world)
    after = count_queries(client, url)
    assert after == before, f"{url}: {before} queries, then {after} with 60 more actors"


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
