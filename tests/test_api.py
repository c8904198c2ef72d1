"""The read API under /api/: lists, details by slug, the directory's filters, pagination,
links between records, no drafts, bounded queries, and an OpenAPI schema that validates
and whose every endpoint answers."""

import json

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from rest_framework.throttling import AnonRateThrottle

from actors.models import Actor, Person, Project, ProjectParticipation, Role
from clusters.models import Cluster, Membership
from config.wsgi import application
from ecosystem.models import Domain, Pillar, Territory
from tests.conftest import clear_caches, needs_content
from tests.factories import make
from tests.test_open_data import listed_slugs

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "clusters": Cluster,
    "actors": Actor,
    "projects": Project,
    "people": Person,
    "domains": Domain,
    "territories": Territory,
}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The throttle counts requests in the cache: each test starts with a clean slate."""
    clear_caches()


def get(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, (url, response.content[:300])
    return response.json()


def all_results(client, url, params=None) -> list[dict]:
    """Every page of a list, following the ``next`` links."""
    data = get(client, url, {**(params or {}), "page_size": 100})
    results = data["results"]
    while data["next"]:
        data = get(client, data["next"])
        results += data["results"]
    return results


def test_root_lists_the_endpoints(client):
    data = get(client, "/api/")
    assert set(data) == set(ENDPOINTS)
    assert data["actors"] == "http://testserver/api/actors/"


@pytest.mark.parametrize(("name", "model"), ENDPOINTS.items())
def test_lists_give_every_published_record(client, world, name, model):
    data = get(client, f"/api/{name}/")
    assert data["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert data["count"] == model.objects.published().count()
    slugs = {record["slug"] for record in all_results(client, f"/api/{name}/")}
    assert slugs == set(model.objects.published().values_list("slug", flat=True))
    assert not [slug for slug in slugs if slug.startswith("t-draft")]


def test_detail_by_slug_and_links_between_records(client, world):
    actor = get(client, "/api/actors/t-h2co/")
    assert actor["url"] == "http://testserver/api/actors/t-h2co/"
    assert actor["page"] == "http://testserver/actors/t-h2co/"
    assert actor["aliases"] == ["H2C", "HydroCo"]
    # Drafts are left out, as links and as foreign keys.
    assert [d["slug"] for d in actor["domains"]] == ["hydrogene"]
    assert [m["cluster"]["slug"] for m in actor["clusters"]] == ["district-cleantech"]
    assert actor["territory"] is None
    # Every link leads to the related record, which links back.
    cluster = get(client, actor["clusters"][0]["cluster"]["url"])
    assert "t-h2co" in {member["actor"]["slug"] for member in cluster["members"]}
    assert cluster["member_count"] == len(cluster["members"])
    domain = get(client, actor["domains"][0]["url"])
    assert domain["slug"] == "hydrogene" and domain["actor_count"] >= 1
    project = get(client, actor["projects"][0]["project"]["url"])
    assert [p["actor"]["slug"] for p in project["participants"]] == ["t-h2co"]
    assert [c["slug"] for c in project["clusters"]] == ["district-cleantech"]
    person = get(client, "/api/people/t-person/")
    assert person["roles"] == [
        {
            "title": "Directrice",
            "actor": {
                "url": "http://testserver/api/actors/t-h2co/",
                "slug": "t-h2co",
                "name": "H2 Company",
            },
            "cluster": None,
            "start_year": None,
            "end_year": None,
            "excerpts": [],
            "inference": "",
            "inference_en": "",
        }
    ]


def test_drafts_answer_404(client, world):
    for url in (
        "/api/actors/t-draft-actor/",
        "/api/domains/t-draft-domain/",
        "/api/clusters/t-draft-cluster/",
        "/api/territories/t-draft-territory/",
        "/api/actors/nope/",
    ):
        assert client.get(url).status_code == 404, url
    for name in ENDPOINTS:
        text = json.dumps(all_results(client, f"/api/{name}/"))
        assert "t-draft" not in text and "caché" not in text, name


def test_filters_are_the_directory_filters(client, world):
    """Issue 9's « done when »: query the API for the hydrogen companies."""
    params = {"domain": "hydrogene", "pillar": "corporate"}
    api = {a["slug"] for a in all_results(client, "/api/actors/", params)}
    assert api == listed_slugs(client.get("/actors/", params))
    assert "t-h2co" in api and "t-draft-actor" not in api
    # OR within one filter, AND across filters.
    both = {"domain": ["hydrogene", "siderurgie"], "pillar": "corporate"}
    api = {a["slug"] for a in all_results(client, "/api/actors/", both)}
    assert {"t-h2co", "aperam", "arcelormittal"} <= api
    assert all(a["pillar"] == "corporate" for a in all_results(client, "/api/actors/", both))
    poles = all_results(client, "/api/clusters/", {"kind": "pole"})
    assert len(poles) == Cluster.objects.published().filter(kind="pole").count()
    projects = all_results(client, "/api/projects/", {"cluster": "district-cleantech"})
    assert "t-h2-project" in {p["slug"] for p in projects}
    found = all_results(client, "/api/actors/", {"q": "hydroco"})
    assert [a["slug"] for a in found] == ["t-h2co"]


def test_unknown_filter_values_are_a_400_never_a_500(client, world):
    data = get(client, "/api/actors/", {"domain": "nope"}, status=400)
    assert "domain" in data
    get(client, "/api/actors/", {"domain": "t-draft-domain"}, status=400)
    get(client, "/api/clusters/", {"kind": "<script>"}, status=400)


def test_pagination(client, world):
    total = Actor.objects.published().count()
    first = get(client, "/api/actors/", {"page_size": 2})
    assert first["count"] == total and len(first["results"]) == 2
    assert first["next"] == "http://testserver/api/actors/?page=2&page_size=2"
    second = get(client, first["next"])
    assert second["previous"] and second["results"][0]["slug"] != first["results"][0]["slug"]
    capped = get(client, "/api/actors/", {"page_size": 1000})
    assert len(capped["results"]) == min(total, 100)
    default = get(client, "/api/actors/")
    assert len(default["results"]) == min(total, 24)
    assert client.get("/api/actors/", {"page": 999}).status_code == 404
    assert client.get("/api/actors/", {"page": "x"}).status_code == 404


def test_anonymous_read_only_and_open_to_other_sites(client, world):
    response = client.get("/api/actors/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    assert client.post("/api/actors/", {"name": "x"}).status_code == 405
    assert client.delete("/api/actors/t-h2co/").status_code == 405


def test_throttling(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [client.get("/api/domains/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def add_rows(world, n, prefix):
    for i in range(n):
        actor = make(
            Actor, f"{prefix}-{i}", name=f"{prefix} {i}", kind="company",
            pillar=Pillar.CORPORATE, territory=Territory.objects.published().first(),
        )  # fmt: skip
        actor.domains.set([world["real_hydrogene"], world["draft_domain"]])
        Membership.objects.create(actor=actor, cluster=world["real_district"])
        ProjectParticipation.objects.create(project=world["h2_project"], actor=actor)
        person = make(Person, f"{prefix}-person-{i}", name=f"Personne {i}")
        Role.objects.create(person=person, title="Directeur", actor=actor)


def list_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


# What each list page runs: filter validation (one query per model filter given), the
# count, the page of records, then one query per prefetched relation; and, once per
# content version, the published documents whose excerpts may be shown (public_excerpts).
API_QUERIES = {
    # domain validation, count, page, territory, domains, memberships+cluster,
    # participations+project, roles+person, sources
    "/api/actors/?domain=hydrogene&pillar=corporate&page_size=100": 9,
    # count, page with member counts, part_of, domains, territories,
    # memberships+actor, roles+person, sources, published documents
    "/api/clusters/?page_size=100": 9,
    # count, page, territory, domains, clusters, participations+actor, sources, documents
    "/api/projects/?page_size=100": 8,
    # count, page, roles, roles' actors, roles' clusters, sources, published documents
    "/api/people/?page_size=100": 7,
    # count, page with actor counts, parent, sources, published documents
    "/api/domains/?page_size=100": 5,
}


@pytest.mark.parametrize("url", list(API_QUERIES))
def test_list_query_count_does_not_grow(client, world, url):
    add_rows(world, 5, "t-few")
    few = list_queries(client, url)
    add_rows(world, 45, "t-many")
    many = list_queries(client, url)
    assert few == many == API_QUERIES[url], f"{url}: {few} then {many} queries"


def test_detail_query_count(client, world, django_assert_num_queries):
    # actor, then territory, domains, memberships, participations, roles, sources
    with django_assert_num_queries(7):
        client.get("/api/actors/t-h2co/")


# --- OpenAPI ---------------------------------------------------------------------------


def test_schema_validates_without_warnings(tmp_path):
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    assert "/api/actors/{slug}/" in path.read_text()


def test_schema_is_served_and_documents_the_filters(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    actors = schema["paths"]["/api/actors/"]["get"]
    names = {parameter["name"] for parameter in actors["parameters"]}
    assert {"domain", "pillar", "kind", "territory", "cluster", "q", "page", "page_size"} <= names
    pillar = next(p for p in actors["parameters"] if p["name"] == "pillar")
    assert set(pillar["schema"]["items"]["enum"]) == set(Pillar.values)


@needs_content
def test_every_documented_endpoint_answers(client):
    """Each path of the schema, with a real slug where it takes one, answers 200."""
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)
    paths = list(schema["paths"])
    assert len(paths) == 2 * len(ENDPOINTS)
    for path in paths:
        model = ENDPOINTS[path.split("/")[2]]
        slug = model.objects.published().values_list("slug", flat=True).first()
        url = path.replace("{slug}", slug)
        assert client.get(url).status_code == 200, url


# Schemathesis generates requests from the schema (valid and hostile filter values,
# page numbers, slugs) and checks that none is a server error and that every documented
# answer matches its schema.
@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Calling the WSGI app directly would close the test's database connection at the end
    of each request, as a real request does; Django's test client disconnects this too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@needs_content
def test_schemathesis(monkeypatch, wsgi_keeps_the_test_connection):
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    monkeypatch.setattr(AnonRateThrottle, "allow_request", lambda *args: True)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 2 * len(ENDPOINTS)
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

        check()
