"""Pictures: the map, the network graph and the charts, on the real content.

The documents cite no hydrogen company, so the hydrogen tests add a few (slugs
start with ``t-``); everything else reads the content loaded by conftest.

Over 450 lines because the three pictures share the helpers that fetch a page
and cut its drawing out, and each is tested for its content and its legibility.
"""

import re
from decimal import Decimal

import pytest

from actors.models import Actor, Project, ProjectParticipation
from clusters.models import Cluster, Membership
from ecosystem.balance import balance_rows, presence
from ecosystem.models import Domain, KeyFigure, Pillar, Territory
from ecosystem.visuals import maps
from ecosystem.visuals.geometry import Box
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


def svg_of(html, name, kind="map"):
    """One of the page's two drawings (``wide`` or ``narrow``) of a map or a graph."""
    start = html.index(f'<svg class="{kind}-svg {kind}-{name}"')
    return html[start : html.index("</svg>", start)]


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
        svg = svg_of(html, "wide")
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
        svg = svg_of(html, "wide")
        assert 'href="/hubs/district-cleantech/"' in svg  # alone at Charleroi among clusters
        assert "marker-projects" in svg and "marker-actors" in svg
        # Wallonia as a whole is in the band under the map, not on Namur.
        assert "map-band" in svg
        # Sofia and Cambridge are off the map; actors without territory are listed.
        assert 'id="off-map-title"' in html and 'id="unlocated-title"' in html
        off_map = html[html.index('id="off-map-title"') : html.index('id="unlocated-title"')]
        assert "Sofia" in off_map

    def test_one_layer_and_filters_that_fit_only_clusters(self, client):
        html = get(client, "/map/?kind=hub")
        svg = svg_of(html, "wide")
        assert "marker-clusters" in svg and "marker-actors" not in svg
        html = get(client, "/map/?layer=projects")
        svg = svg_of(html, "wide")
        assert "marker-projects" in svg and "marker-actors" not in svg

    @pytest.mark.parametrize(
        "query", ["?domain=nope", "?pillar=%00", "?layer=x&kind=y", "?territory=x&territory=y"]
    )
    def test_hostile_filters_never_fail(self, client, query):
        get(client, "/map/" + query)

    @pytest.mark.parametrize("language", ["", "/en"])
    @pytest.mark.parametrize(
        "query",
        [
            "?domain=hydrogene&layer=projects",
            "?domain=hydrogene&layer=clusters",
            "?pillar=corporate&layer=clusters",
            "?domain=nope&pillar=corporate&layer=projects",
        ],
    )
    def test_a_layer_alone_under_actor_filters(self, client, language, query):
        """The actor filters are read for the panel even when the actor layer is not drawn
        (issue 25, item 6: a 500); every layer link the page gives works too."""
        response = client.get(f"{language}/map/{query}")
        assert response.status_code == 200
        html, context = response.content.decode(), response.context
        layer = query.rsplit("layer=", 1)[1]
        # A layer the filters do not apply to (a pillar for projects) is said to be hidden.
        drawn = [shown.key for shown in context["layers"]]
        hidden = [shown.key for shown in context["hidden_layers"]]
        assert (drawn, hidden) == (([], [layer]) if "pillar" in query else ([layer], []))
        assert "marker-actors" not in svg_of(html, "wide")
        for link in set(re.findall(r'href="(\?[^"]*layer=[^"]*)"', html)):
            get(client, f"{language}/map/" + link.replace("&amp;", "&"))

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
        svg = svg_of(html, "wide", "graph")
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
        assert 'class="graph-svg graph-wide"' in html and 'class="graph-svg graph-narrow"' in html
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
    # the actor, project and cluster layers; the territories; the actors' facet index
    # (the actors, one query per facet, the order in each language) and the labels
    # of domain, cluster, territory
    "/map/": 18,
    # the domain looked up; the actor layer only (projects and clusters have no
    # pillar); the territories; the facets
    "/map/?domain=hydrogene&pillar=corporate": 15,
    # the domain looked up by each layer's filters (3); the three layers; the
    # territories; the facets
    "/en/map/?domain=hydrogene": 21,
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
    "/hubs/district-cleantech/": 15,
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


# Legibility: what a picture may not do on a 335 px phone or a desktop column ------------


def overlaps(boxes):
    """The pairs of named boxes that overlap."""
    return [
        (name, other)
        for index, (name, box) in enumerate(boxes)
        for other, second in boxes[index + 1 :]
        if box.overlaps(second)
    ]


def map_boxes(drawing):
    """Everything a map drawing writes or lets click: markers' targets, names, titles."""
    boxes = [
        (f"{spot.marker.layer} at {spot.marker.place_name}", Box(x, y, x + side, y + side))
        for spot in drawing.markers
        for x, y, side in [spot.hit]
    ]
    boxes += [(f"label {label.text}", label.box) for label in drawing.labels]
    boxes += [(f"province {label.text}", label.box) for label in drawing.province_labels]
    if drawing.band_title:
        boxes.append(("band title", drawing.band_title.box))
    return boxes


class TestMapLegibility:
    @pytest.mark.parametrize("language", ["", "/en"])
    def test_every_filter_gives_a_map_where_nothing_overlaps(self, client, language):
        queries = ["", "?layer=actors", "?layer=projects", "?layer=clusters", "?kind=hub"]
        queries += [f"?domain={slug}" for slug in Domain.objects.values_list("slug", flat=True)]
        queries += [f"?pillar={pillar.value}" for pillar in Pillar]
        for query in queries:
            response = client.get(f"{language}/map/{query}")
            for drawing in response.context["drawings"]:
                scale = drawing.scale
                where = f"{query} ({drawing.name})"
                assert not overlaps(map_boxes(drawing)), where
                frame = Box(0, 0, drawing.width, drawing.height)
                for name, box in map_boxes(drawing):
                    assert box.within(frame), (where, name)
                # At the narrowest width the drawing is shown at, in CSS pixels.
                for spot in drawing.markers:
                    assert spot.target * scale.min_px / scale.width >= 24, where
                for size in (drawing.label_size, drawing.province_size, drawing.count_size):
                    assert size * scale.min_px / scale.width >= 11, where

    def test_charleroi_and_chatelet_no_longer_print_over_each_other(self, client):
        response = client.get("/map/")
        for drawing in response.context["drawings"]:
            labels = {label.text: label.box for label in drawing.labels}
            assert not labels["Charleroi"].overlaps(labels["Châtelet"])
            provinces = {label.text for label in drawing.province_labels}
            if drawing.name == "wide":
                assert provinces == {"Hainaut", "Namur", "Liège", "Luxembourg", "Brabant wallon"}

    def test_a_place_moved_aside_keeps_a_line_to_where_it_is(self, client):
        response = client.get("/map/")
        moved = [spot for d in response.context["drawings"] for spot in d.spots if spot.leader]
        assert moved  # Charleroi, Châtelet and Charleroi Métropole are a few km apart
        for spot in moved:
            assert spot.leader[:2] == spot.dot
            x, y, side = spot.markers[0].hit
            last_x, _y, _side = spot.markers[-1].hit
            group = Box(x, y, last_x + side, y + side)
            nearest = group.nearest(*spot.dot)
            assert all(abs(a - b) < 0.2 for a, b in zip(nearest, spot.leader[2:], strict=True))

    def test_phone_map_has_one_marker_per_place_leading_to_its_list(self, client):
        response = client.get("/map/")
        html = response.content.decode()
        narrow = svg_of(html, "narrow")
        assert "marker-places" in narrow and "marker-actors" not in narrow
        anchors = re.findall(r'<a class="marker marker-places" href="#(place-[\w-]+)"', narrow)
        assert "place-charleroi" in anchors
        for anchor in anchors:
            assert f'id="{anchor}"' in html
        # A place with one record leads to the record itself.
        narrow_drawing = response.context["drawings"][1]
        single = [s.marker for s in narrow_drawing.markers if s.marker.count == 1]
        for marker in single:
            assert not marker.url.startswith("#")

    @pytest.mark.parametrize("language", ["", "/en"])
    def test_results_first_and_the_list_beside_the_facets(self, client, language):
        html = get(client, f"{language}/map/")
        results = html.index('class="results"')
        assert results < html.index('id="map-list-title"') < html.index('class="facets"')
        assert 'class="map-more"' in html
        # The coordinates are the team's, not the documents': the page says so.
        assert 'class="map-coordinates"' in html
        if not language:
            assert "Positions approximatives ajoutées par l'équipe" in html

    def test_provinces_drawn_once_for_both_drawings(self, client):
        html = get(client, "/map/")
        assert html.count('<g id="map-provinces">') == 1
        assert html.count('<use href="#map-provinces"') == 2


def graph_boxes(drawing):
    boxes = [(f"pill {pill.node.name}", pill.box) for pill in drawing.pills]
    return boxes + [(f"heading {label.text}", label.box) for label in drawing.headings]


def check_graph(graph):
    for drawing in graph.drawings:
        scale = drawing.scale
        assert not overlaps(graph_boxes(drawing)), drawing.name
        frame = Box(0, 0, drawing.width, drawing.height)
        per_px = scale.min_px / scale.width
        for name, box in graph_boxes(drawing):
            assert box.within(frame), (drawing.name, name)
        for pill in drawing.pills:
            assert pill.height * per_px >= 24 and pill.size * per_px >= 11
            # The name is whole, wrapped, never turned or cut (up to four lines).
            written = " ".join(pill.lines)
            assert written == " ".join(pill.node.name.split()) or written.endswith("…")
            assert len(pill.lines) <= 4
        assert drawing.heading_size * per_px >= 11


def path_points(path):
    """The points an SVG path of M, H, V and C commands goes through (control points too)."""
    points, x, y = [], 0.0, 0.0
    for command, args in re.findall(r"([MHVC])([^MHVC]*)", path):
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", args)]
        if command == "H":
            x = numbers[0]
        elif command == "V":
            y = numbers[0]
        else:
            pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
            points += pairs[:-1]
            x, y = pairs[-1]
        points.append((x, y))
    return points


class TestGraphLegibility:
    def test_every_record_s_graph_is_legible(self, client):
        for model, kind in ((Cluster, "cluster"), (Actor, "actor"), (Project, "project")):
            for slug in model.objects.published().values_list("slug", flat=True):
                response = client.get(f"/graph/{kind}/{slug}/")
                assert response.status_code == 200, slug
                check_graph(response.context["graph"])

    def test_a_crowded_graph_is_legible(self, client):
        add_rows(30, "c")
        response = client.get("/graph/cluster/district-cleantech/")
        graph = response.context["graph"]
        assert len(graph.inner) > 24 and graph.outer
        check_graph(graph)

    def test_no_line_reaches_into_the_centre(self, client):
        response = client.get("/graph/actor/buildwise/")
        for drawing in response.context["graph"].drawings:
            # The lines start at the centre's edge (to a tenth of a unit).
            centre = drawing.pills[0].box.grow(-0.5)
            for path in drawing.edges:
                points = path_points(path)
                inside = [
                    (x, y)
                    for x, y in points
                    if centre.x0 < x < centre.x1 and centre.y0 < y < centre.y1
                ]
                assert not inside, (drawing.name, path)

    def test_explore_the_neighbourhood_only_where_there_is_one(self, client):
        link = "Explorer le voisinage complet"
        # District Cleantech's members have no project of their own: nothing more to see.
        assert link not in get(client, "/hubs/district-cleantech/")
        # Buildwise's project has other partners: relations of relations.
        html = get(client, "/actors/buildwise/")
        assert link in html and 'href="/graph/actor/buildwise/"' in html
        english = get(client, "/en/actors/buildwise/")
        assert 'href="/en/graph/actor/buildwise/"' in english

    def test_has_neighbours_says_what_the_full_graph_shows(self):
        from actors.graphs import actor_graph, project_graph
        from clusters.graphs import cluster_graph

        builders = ((Cluster, cluster_graph, ("part_of",)), (Actor, actor_graph, ()))
        builders += ((Project, project_graph, ()),)
        with_more = 0
        for model, build, relations in builders:
            for obj in model.objects.published().for_detail():
                full = build(model.objects.published().with_public(*relations).get(pk=obj.pk))
                assert obj.has_neighbours == bool(full.outer), obj.slug
                with_more += obj.has_neighbours
        assert 0 < with_more < 12  # a few: most records have no relations of relations


class TestChartLegibility:
    def test_labels_are_whole_and_fit_a_phone(self):
        from ecosystem.balance import balance_rows
        from ecosystem.visuals.charts import CHART, pillar_bars, pillar_stacks
        from ecosystem.visuals.text import text_width

        rows = balance_rows(Cluster.objects.published())
        _stacks, chart = pillar_stacks(rows, label=lambda obj: obj.name)
        charts = [chart, pillar_bars(rows[0])]
        for drawn in charts:
            assert drawn.font_size * CHART.min_px / CHART.width >= 11
            for row in drawn.rows:
                for text, _y in row.lines:
                    assert text_width(text, drawn.font_size) <= drawn.width
        # « Grappe d'exportation Aéroports et Ports » was cut on the left: now whole.
        lines = {" ".join(text for text, _y in row.lines) for row in charts[0].rows}
        assert "Grappe d’exportation Aéroports et Ports" in lines

    @pytest.mark.parametrize("language", ["", "/en"])
    def test_pillars_page_shows_what_exists_and_sums_up_the_gaps(self, client, language):
        html = get(client, f"{language}/pillars/")
        # No wall of « 0 absent »: only the summary marks a pillar present nowhere, once
        # for the clusters and once for the domains.
        assert 'class="missing-note"' not in html
        summary = html[html.index('id="summary-title"') : html.index("</table>")]
        clusters = [row for row in balance_rows(Cluster.objects.published()) if row.total]
        domains = [row for row in balance_rows(Domain.objects.published()) if row.total]
        nowhere = [
            count for rows in (clusters, domains) for _pillar, count in presence(rows) if not count
        ]
        assert nowhere  # the documents leave pillars out: the page must say where
        assert html.count('class="missing"') == summary.count('class="missing"') == len(nowhere)
        # The export grappes have no member: named in a sentence, not as rows.
        grappe = Cluster.objects.get(slug="grappe-export-sucriere")
        assert f'href="{language}/clusters/{grappe.slug}/"' in html
        assert f'<th scope="row"><a href="{language}/clusters/{grappe.slug}/"' not in html

    def test_home_offers_no_domain_without_actors(self, client):
        html = get(client, "/")
        section = html[html.index('id="domains-title"') : html.index('id="pillars-title"')]
        assert "0 acteur" not in section
        for domain in Domain.objects.published().filter(parent__isnull=True).with_actor_count():
            listed = f'href="{domain.get_absolute_url()}"' in section
            assert listed == bool(domain.actor_count), domain.slug
        assert 'href="/domains/"' in section  # the others, counted, through the list


class TestReportedMembers:
    def test_units_that_count_members(self):
        figure = KeyFigure.objects.get(slug="district-cleantech-membres")
        assert figure.counts_members
        assert list(KeyFigure.objects.counting_members()) == [figure]
        assert not KeyFigure.objects.get(slug="uwe-membres").counts_members  # an actor's

    @pytest.mark.parametrize("url", ["/", "/hubs/", "/clusters/?kind=hub"])
    def test_cards_say_both_counts(self, client, url):
        html = get(client, url)
        # District Cleantech's two linked actors are partners: the document's count alone.
        assert (
            "<span>plus de 80 membres selon "
            "«\u00a0From Industrial Legacy to Innovation Hub\u00a0»</span>"
        ) in html
        assert "<span>2 membres</span>" not in html and "0 répertorié" not in html

    def test_hub_page_says_both_and_links_the_figure_and_its_source(self, client):
        html = get(client, "/hubs/district-cleantech/")
        sentence = html[html.index('class="reported-members"') :]
        sentence = sentence[: sentence.index("</p>")]
        # Its two linked actors are partners, not members: counted as what they are.
        assert "aucun n'y est nommé comme membre" in sentence
        assert 'href="/key-figures/district-cleantech-membres/">plus de 80 membres</a>' in sentence
        assert "partenaire : 2" in html
        english = get(client, "/en/hubs/district-cleantech/")
        assert 'href="/en/key-figures/district-cleantech-membres/">more than 80 members</a>' in (
            english
        )

    def test_no_card_says_zero_members(self, client):
        html = get(client, "/")
        assert "<span>0 membres</span>" not in html
        alliance = Cluster.objects.get(slug="alliance-cleantech-wallonia")
        parts = Cluster.objects.published().filter(part_of=alliance).count()
        assert not alliance.memberships.exists() and parts
        card = html[html.index(">Alliance Cleantech Wallonia<") :]
        assert f"<span>{parts} composantes</span>" in card[:600]
        quiet = Cluster.objects.published().for_card().filter(kind="hub", member_count=0)
        for hub in quiet:
            card = html[html.index(f">{hub.name}<") :]
            assert "<span>aucun membre répertorié</span>" in card[:600]

    def test_a_cluster_without_such_a_figure_says_its_members_only(self, client):
        html = get(client, "/clusters/greenwin/")
        assert 'class="reported-members"' not in html
        html = get(client, "/")
        greenwin = html[html.index(">Greenwin<") :]
        # Its one link is the Walloon Region as funder: linked, not a member.
        assert "1 acteur lié" in greenwin[:400] and "répertorié" not in greenwin[:400]
