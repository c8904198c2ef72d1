"""Pictures: the map, the network graph and the charts, on the real content.

The documents cite no hydrogen company, so the hydrogen tests add a few (slugs
start with ``t-``); everything else reads the content loaded by conftest.
"""

import re
from decimal import Decimal

import pytest

from actors.models import Actor, Project, ProjectParticipation
from clusters.models import Cluster, Membership
from ecosystem.models import Domain, KeyFigure, Pillar, Territory
from ecosystem.visuals import maps
from tests.conftest import needs_content

pytestmark = [pytest.mark.django_db, needs_content]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert html.count("<main") == 1, url
    assert len(re.findall(r"<h1[\s>]", html)) == 1, url
    # No script (JSON-LD data blocks aside) and no inline style: the CSP stays strict.
    assert not re.search(r'<script(?! type="application/ld\+json")', html), url
    assert "style=" not in html, url
    return html


def actor(slug, pillar=Pillar.CORPORATE, territory=None, published=True, domains=()):
    obj = Actor.objects.create(
        slug=slug,
        name=slug.replace("-", " ").title(),
        kind=Actor.Kind.COMPANY,
        pillar=pillar,
        territory=Territory.objects.get(slug=territory) if territory else None,
        is_published=published,
    )
    obj.domains.set(Domain.objects.filter(slug__in=domains))
    return obj


@pytest.fixture
def hydrogen():
    """Hydrogen companies: two in Charleroi, one in Liège, a draft, an unlocated one."""
    return {
        "a": actor("t-h2-alpha", territory="charleroi", domains=["hydrogene"]),
        "b": actor("t-h2-beta", territory="charleroi", domains=["hydrogene"]),
        "liege": actor("t-h2-liege", territory="liege", domains=["hydrogene"]),
        "draft": actor("t-h2-draft", territory="mons", domains=["hydrogene"], published=False),
        "nowhere": actor("t-h2-nowhere", domains=["hydrogene"]),
        "university": actor(
            "t-h2-uni", Pillar.UNIVERSITY, territory="namur", domains=["hydrogene"]
        ),
        "other": actor("t-not-h2", territory="mons", domains=["energie"]),
    }


class TestMap:
    def test_hydrogen_companies_on_the_map(self, client, hydrogen):
        html = get(client, "/map/?domain=hydrogene&pillar=corporate")
        svg = html[html.index("<svg") : html.index("</svg>")]
        # Two companies in Charleroi: one marker with their count, linking to the
        # directory filtered on Charleroi with the same filters.
        group = re.search(
            r'<a class="marker marker-actors" href="([^"]+)">\s*<title>Charleroi', svg
        )
        assert group, svg
        assert group.group(1) == (
            "/actors/?domain=hydrogene&amp;pillar=corporate&amp;territory=charleroi"
        )
        assert ">2</text>" in svg
        # Alone in Liège: the marker links to the record itself.
        assert f'href="{hydrogen["liege"].get_absolute_url()}"' in svg
        # The list below the map names every located company, with its link.
        listing = html[html.index('id="map-list-title"') :]
        for key in ("a", "b", "liege"):
            assert f'href="{hydrogen[key].get_absolute_url()}"' in listing
        assert hydrogen["nowhere"].get_absolute_url() in html[html.index("unlocated-title") :]
        for key in ("draft", "other", "university"):
            assert hydrogen[key].get_absolute_url() not in html
        assert "/actors/?domain=hydrogene&amp;pillar=corporate&amp;territory=mons" not in html
        # Projects and clusters have no pillar: not shown rather than shown unfiltered.
        assert "marker-projects" not in svg and "marker-clusters" not in svg

    def test_whole_map_places_hubs_projects_and_actors(self, client):
        html = get(client, "/map/")
        svg = html[html.index("<svg") : html.index("</svg>")]
        assert 'href="/hubs/district-cleantech/"' in svg  # alone at Charleroi among clusters
        assert "marker-projects" in svg and "marker-actors" in svg
        # Wallonia as a whole is in the inset, not on Namur.
        assert "map-inset" in svg
        # Sofia and Cambridge are off the map; actors without territory are listed.
        assert 'id="off-map-title"' in html and 'id="unlocated-title"' in html
        off_map = html[html.index('id="off-map-title"') : html.index('id="unlocated-title"')]
        assert "Sofia" in off_map

    def test_one_layer_and_filters_that_fit_only_clusters(self, client):
        html = get(client, "/map/?kind=hub")
        svg = html[html.index("<svg") : html.index("</svg>")]
        assert "marker-clusters" in svg and "marker-actors" not in svg
        html = get(client, "/map/?layer=projects")
        svg = html[html.index("<svg") : html.index("</svg>")]
        assert "marker-projects" in svg and "marker-actors" not in svg

    @pytest.mark.parametrize(
        "query", ["?domain=nope", "?pillar=%00", "?layer=x&kind=y", "?territory=x&territory=y"]
    )
    def test_hostile_filters_never_fail(self, client, query):
        get(client, "/map/" + query)

    def test_projection_keeps_wallonia_in_the_frame(self):
        frame = maps.projection()
        for longitude, latitude in ((4.444, 50.411), (5.567, 50.633), (3.389, 50.607)):
            x, y = frame.project(longitude, latitude)
            assert 0 < x < frame.width and 0 < y < frame.height
        assert not frame.contains(23.3, 42.7)  # Sofia
        assert {p.region for p in maps.provinces()} == {"wallonia", "flanders", "brussels"}


class TestGraph:
    def test_district_cleantech_shows_its_alliance_members_and_projects(self, client):
        html = get(client, "/graph/cluster/district-cleantech/")
        svg = html[html.index('<svg class="graph-svg"') : html.index("</svg>")]
        assert 'href="/graph/cluster/alliance-cleantech-wallonia/"' in svg
        members = Membership.objects.filter(cluster__slug="district-cleantech")
        assert members.exists()
        for membership in members:
            assert f'href="/graph/actor/{membership.actor.slug}/"' in svg
            assert membership.actor.name in html
        for project in Project.objects.published().filter(clusters__slug="district-cleantech"):
            assert f'href="/graph/project/{project.slug}/"' in svg
        # The same relations as nested lists, with links to the records.
        listing = html[html.index('id="graph-list-title"') :]
        assert 'href="/clusters/alliance-cleantech-wallonia/"' in listing
        assert "<ul" in listing[listing.index("<ul") + 3 :]

    def test_members_projects_on_the_second_ring(self, client):
        hub = Cluster.objects.get(slug="district-cleantech")
        member = actor("t-member", territory="charleroi")
        Membership.objects.create(actor=member, cluster=hub)
        project = Project.objects.create(
            slug="t-project", name="Projet du membre", is_published=True
        )
        ProjectParticipation.objects.create(project=project, actor=member)
        draft = Project.objects.create(slug="t-draft-project", name="Projet caché")
        ProjectParticipation.objects.create(project=draft, actor=member)
        html = get(client, "/graph/cluster/district-cleantech/")
        assert 'href="/graph/project/t-project/"' in html
        assert "t-draft-project" not in html and "Projet caché" not in html

    def test_actor_and_project_neighbourhoods(self, client):
        participation = ProjectParticipation.objects.filter(
            project__is_published=True, actor__is_published=True
        ).first()
        html = get(client, f"/graph/actor/{participation.actor.slug}/")
        assert f'href="/graph/project/{participation.project.slug}/"' in html
        html = get(client, f"/graph/project/{participation.project.slug}/")
        assert f'href="/graph/actor/{participation.actor.slug}/"' in html

    @pytest.mark.parametrize(
        "url", ["/graph/person/x/", "/graph/cluster/no-such-hub/", "/graph/actor/t-secret/"]
    )
    def test_unknown_kinds_slugs_and_drafts_are_404(self, client, url):
        actor("t-secret", published=False)
        assert client.get(url).status_code == 404

    def test_detail_pages_draw_their_relations(self, client):
        html = get(client, "/hubs/district-cleantech/")
        assert 'class="graph-svg"' in html
        assert 'href="/graph/cluster/district-cleantech/"' in html


class TestCharts:
    def test_pillar_chart_beside_each_balance_table(self, client):
        for url in ("/pillars/", "/hubs/district-cleantech/", "/domains/energie/", "/hubs/"):
            html = get(client, url)
            chart = html.index('<figure class="chart">')
            assert html.index('<table class="balance">', chart) > chart, url
        html = get(client, "/pillars/")
        assert "bar-segment bar-government" in html  # the regional clusters' members
        html = get(client, "/hubs/district-cleantech/")
        assert 'class="chart-missing"' in html  # a missing pillar is written, not only drawn

    def test_key_figures_over_time_with_their_table(self, client):
        html = get(client, "/key-figures/")
        assert "Au fil des années" not in html  # the documents give one year per measure
        base = KeyFigure.objects.get(slug="wallonie-chomage-2013")
        KeyFigure.objects.create(
            slug="t-chomage-2015",
            label=base.label,
            value=Decimal("12.5"),
            unit=base.unit,
            year=2015,
            territory=base.territory,
            is_published=True,
        )
        KeyFigure.objects.create(
            slug="t-chomage-2016",
            label=base.label,
            value=Decimal("99"),
            unit=base.unit,
            year=2016,
            territory=base.territory,
        )  # a draft: never on the chart
        html = get(client, "/key-figures/")
        section = html[html.index("Au fil des années") :]
        assert 'class="series-line"' in section
        table = section[section.index("<table") : section.index("</table>")]
        assert "2013" in table and "2015" in table and "12,5" in table
        assert "2016" not in section[: section.index("</section>")]


def add_rows(n, batch):
    """n more hydrogen companies in Charleroi, members of District Cleantech, each with a
    project; the first company ever added is a partner in all of them."""
    hub = Cluster.objects.get(slug="district-cleantech")
    charleroi = Territory.objects.get(slug="charleroi")
    hydrogene = Domain.objects.get(slug="hydrogene")
    first = Actor.objects.filter(slug="t-extra-a-0").first()
    for i in range(n):
        obj = Actor.objects.create(
            slug=f"t-extra-{batch}-{i}",
            name=f"Extra {batch} {i}",
            kind=Actor.Kind.COMPANY,
            pillar=list(Pillar)[i % 5],
            territory=charleroi,
            is_published=True,
        )
        first = first or obj
        obj.domains.set([hydrogene])
        Membership.objects.create(actor=obj, cluster=hub)
        project = Project.objects.create(
            slug=f"t-extra-project-{batch}-{i}",
            name=f"Projet {batch} {i}",
            territory=charleroi,
            is_published=True,
        )
        project.domains.set([hydrogene])
        project.clusters.set([hub])
        ProjectParticipation.objects.create(project=project, actor=obj)
        if obj != first:
            ProjectParticipation.objects.create(project=project, actor=first)


# What each picture runs, the same with 5 or 55 more hydrogen companies. A map layer
# is a count by territory and the first names at each; a graph ring, its first
# records and their count.
VISUAL_QUERIES = {
    # the actor, project and cluster layers; the territories; facets pillar,
    # domain + labels, kind, cluster + labels, territory + labels
    "/map/": 15,
    # the domain looked up; the actor layer only (projects and clusters have no
    # pillar); the territories; the facets
    "/map/?domain=hydrogene&pillar=corporate": 12,
    # the domain looked up by each layer's filters (3); the three layers; the
    # territories; the facets
    "/en/map/?domain=hydrogene": 18,
    # the hub; its alliance; rings: its parts, its members, its projects; the
    # members' projects
    "/graph/cluster/district-cleantech/": 9,
    # the actor; rings: its clusters (and their alliance), its projects; the
    # projects' other partners
    "/graph/actor/t-extra-a-0/": 7,
    # the project; rings: its partners, its clusters (and their alliance); the
    # partners' clusters
    "/graph/project/t-extra-project-a-1/": 7,
    # as tests/test_queries.py counts it
    "/hubs/district-cleantech/": 13,
    # clusters, then their members by pillar; domains, then their actors by pillar
    "/pillars/": 4,
    # as tests/test_queries.py counts it: every figure, each subject, sources, measures
    "/key-figures/": 9,
}


@pytest.mark.parametrize(("url", "count"), VISUAL_QUERIES.items())
def test_query_count_does_not_grow(client, url, count, django_assert_num_queries):
    add_rows(5, "a")
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200, url
    add_rows(50, "b")
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200, url


def test_key_figure_page_charts_its_measure_over_time(client):
    base = KeyFigure.objects.get(slug="wallonie-emploi-2013")
    assert "Au fil des années" not in get(client, base.get_absolute_url())
    KeyFigure.objects.create(
        slug="t-emploi-2010",
        label=base.label,
        value=Decimal("60.1"),
        unit=base.unit,
        year=2010,
        territory=base.territory,
        is_published=True,
    )
    html = get(client, base.get_absolute_url())
    section = html[html.index("Au fil des années") :]
    assert 'class="series-line"' in section and "60,1" in section and "2013" in section
