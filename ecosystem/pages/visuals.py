"""Pictures of the ecosystem: the map, the network graph and the charts.

Every picture is SVG drawn on the server (no network, no JavaScript) and is
followed by the same data as a list or a table. Each view runs a bounded
number of queries whatever the number of records: counts are grouped,
listed names are capped per group with a window function.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, FilteredRelation, Model, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_filters import FilterSet

from actors.filters import ActorFilter, ProjectFilter
from actors.graphs import actor_graph, project_graph
from actors.models import Actor, Project
from clusters.filters import ClusterFilter
from clusters.graphs import cluster_graph
from clusters.models import Cluster
from ecosystem.core.i18n import title_order
from ecosystem.core.models import public_at
from ecosystem.directory.facets import build_facets, filter_panel
from ecosystem.directory.querystrings import PAGE_PARAM, query_string
from ecosystem.models import Territory
from ecosystem.visuals import maps

# How many records a map group lists by name before "and N more".
MAP_LIST_SIZE = 8
# Query parameters of the map that are not filters of a directory.
LAYER_PARAM = "layer"


@dataclass(frozen=True)
class Layer:
    """One kind of record on the map, filtered like its own directory."""

    key: str
    title: object
    model: type[Model]
    filterset: type[FilterSet]
    territory_path: str
    list_url_name: str

    def count_label(self, count: int) -> str:
        if self.key == "actors":
            return ngettext("%(n)s acteur", "%(n)s acteurs", count) % {"n": count}
        if self.key == "projects":
            return ngettext("%(n)s projet", "%(n)s projets", count) % {"n": count}
        return ngettext("%(n)s cluster ou hub", "%(n)s clusters ou hubs", count) % {"n": count}

    def note(self, obj) -> str:
        return obj.get_pillar_display() if self.key == "actors" else obj.get_kind_display()


LAYERS = (
    Layer("actors", _("Acteurs"), Actor, ActorFilter, "territory", "actors:actor_list"),
    Layer("projects", _("Projets"), Project, ProjectFilter, "territory", "actors:project_list"),
    Layer(
        "clusters",
        _("Clusters, pôles et hubs"),
        Cluster,
        ClusterFilter,
        "territories",
        "clusters:cluster_list",
    ),
)


def layer_params(params: QueryDict, layer: Layer, lenient: bool) -> QueryDict | None:
    """The query string's filters that ``layer``'s FilterSet declares.

    None when the query string filters on something the layer does not have
    (``pillar`` for projects): showing unfiltered projects under a pillar
    filter would mislead. ``lenient`` ignores such parameters instead.
    """
    known = set(layer.filterset.base_filters)
    result = QueryDict(mutable=True)
    for name, values in params.lists():
        values = [value for value in values if value.strip()]
        if name in {LAYER_PARAM, PAGE_PARAM} or not values:
            continue
        if name not in known:
            if lenient:
                continue
            return None
        result.setlist(name, values)
    return result


def _grouped(layer: Layer, base: QuerySet):
    """Records per public territory id (one grouped query) and the first names of each group.

    A draft territory is no place: a record linked to drafts only stands with
    the records without territory (None), and one linked to a public territory
    too stands there only, so that nothing tells a draft exists.
    """
    path = layer.territory_path
    public = public_at(path)
    placed = layer.model.objects.filter(public).values("pk")
    base = base.alias(place=FilteredRelation(path, condition=public)).filter(
        Q(place__isnull=False) | ~Q(pk__in=placed)
    )
    counts = {
        row["place"]: row["n"]
        for row in base.values("place").annotate(n=Count("pk", distinct=True)).order_by()
    }
    ranked = (
        base.annotate(
            place_id=F("place"),
            rank=Window(RowNumber(), partition_by=[F("place")], order_by=[F(title_order()).asc()]),
        )
        .filter(rank__lte=MAP_LIST_SIZE)
        .defer("description", "search_text", "notes")
        .order_by(title_order())
    )
    names: dict = {}
    for obj in ranked:
        names.setdefault(obj.place_id, []).append(obj)
    return counts, names


def layer_links(params: QueryDict, requested: set[str]) -> list[tuple[str, str, bool]]:
    """(label, URL, current) for "everything" and each layer alone, filters kept."""
    links = [(str(_("Tout")), query_string(params, **{LAYER_PARAM: None}), not requested)]
    for layer in LAYERS:
        url = query_string(params, **{LAYER_PARAM: layer.key})
        links.append((str(layer.title), url, requested == {layer.key}))
    return links


def _by_name(place: maps.Place) -> str:
    return place.name.casefold()


def map_view(request: HttpRequest) -> HttpResponse:
    """``/map/?domain=hydrogene&pillar=corporate``: the directory's filters, on the map."""
    params = request.GET
    requested = set(params.getlist(LAYER_PARAM)) & {layer.key for layer in LAYERS}
    actor_layer = LAYERS[0]
    actor_params = layer_params(params, actor_layer, lenient=True)
    actor_filter = ActorFilter(
        actor_params or None, queryset=Actor.objects.published(), request=request
    )

    shown = []  # (layer, params, filtered queryset)
    hidden = []  # layers the filters do not apply to
    for layer in LAYERS:
        if requested and layer.key not in requested:
            continue
        sub = layer_params(params, layer, lenient=False)
        if sub is None:
            hidden.append(layer)
            continue
        filterset = (
            actor_filter
            if layer is actor_layer
            else layer.filterset(sub or None, queryset=layer.model.objects.published())
        )
        # ?kind=hub is a valid cluster kind, not an actor kind: such a layer is left out.
        if filterset.is_bound and not filterset.is_valid():
            hidden.append(layer)
            continue
        shown.append((layer, sub, layer.model.objects.filter(pk__in=filterset.qs.values("pk"))))
    if not shown and actor_layer in hidden:
        # No layer takes these filters: show the actors as their directory would,
        # ignoring what it does not recognise (and saying so).
        hidden.remove(actor_layer)
        base = Actor.objects.filter(pk__in=actor_filter.qs.values("pk"))
        shown.append((actor_layer, actor_params, base))

    grouped = [(layer, sub, *_grouped(layer, base)) for layer, sub, base in shown]
    territory_ids = {tid for _l, _s, counts, _n in grouped for tid in counts if tid is not None}
    territories = {t.pk: t for t in Territory.objects.published().filter(pk__in=territory_ids)}

    frame = maps.projection()
    on_map: dict = {}
    off_map: dict = {}
    unlocated: dict = {}
    for layer, sub, counts, names in grouped:
        for tid, count in counts.items():
            territory = territories.get(tid)
            located = territory is not None and territory.latitude is not None
            located = located and territory.longitude is not None
            if located and frame.contains(float(territory.longitude), float(territory.latitude)):
                bucket = on_map
            elif located:
                bucket = off_map
            else:
                bucket = unlocated
            key = territory.pk if territory else None
            if key not in bucket:
                bucket[key] = maps.Place(
                    territory=territory,
                    name=territory.name if territory else str(_("Sans territoire")),
                )
            place = bucket[key]
            records = [
                maps.MapRecord(obj.name, obj.get_absolute_url(), layer.note(obj))
                for obj in names.get(tid, [])
            ]
            list_params = QueryDict(mutable=True)
            list_params.update(sub)
            if territory is not None:
                list_params.setlist("territory", [territory.slug])
            list_url = reverse(layer.list_url_name) + query_string(list_params)
            place.markers.append(
                maps.Marker(
                    layer.key, layer.count_label(count), count, records, list_url, place.name
                )
            )

    areas = sorted((p for p in on_map.values() if p.is_area), key=_by_name)
    points = [place for place in on_map.values() if not place.is_area]
    for place in points:
        place.x, place.y = frame.project(
            float(place.territory.longitude), float(place.territory.latitude)
        )
    # One drawing for wide screens, one for phones: the page shows the one that fits.
    band_title = str(_("Territoires entiers"))
    drawings = [maps.draw(points, areas, scale, band_title) for scale in maps.SCALES]

    facets = build_facets(actor_filter, Actor.objects.published(), ActorFilter.facets)
    actors_shown = any(layer is actor_layer for layer, _sub, _base in shown)
    places = sorted(on_map.values(), key=_by_name)
    return render(
        request,
        "ecosystem/map.html",
        {
            "drawings": drawings,
            "frame": frame,
            "provinces": maps.provinces(),
            "places": places,
            "off_map": sorted(off_map.values(), key=_by_name),
            # Records with no territory at all come last.
            "unlocated": sorted(
                unlocated.values(), key=lambda p: (p.territory is None, _by_name(p))
            ),
            "layers": [layer for layer, *_rest in shown],
            "hidden_layers": hidden,
            "all_layers": LAYERS,
            "layer_links": layer_links(params, requested),
            **filter_panel(actor_filter, facets, params, show_errors=actors_shown),
            "total": sum(place.count for place in places),
        },
    )


# kind: the model, the relations the centre needs (a cluster's alliance), the builder.
GRAPH_KINDS = {
    "actor": (Actor, (), actor_graph),
    "cluster": (Cluster, ("part_of",), cluster_graph),
    "project": (Project, (), project_graph),
}


def graph_view(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """``/graph/cluster/district-cleantech/``: a record's neighbourhood, as a graph and a list."""
    if kind not in GRAPH_KINDS:
        raise Http404
    model, relations, build = GRAPH_KINDS[kind]
    obj = get_object_or_404(model.objects.published().with_public(*relations), slug=slug)
    return render(request, "ecosystem/graph.html", {"obj": obj, "graph": build(obj)})
