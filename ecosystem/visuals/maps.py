"""The map's geometry: Belgium's provinces and the portal's places projected to SVG.

Everything is drawn on the server from ``static/data/belgium-provinces.geojson``
(Natural Earth, public domain): the map works with no network and no JavaScript.
The projection is equirectangular, scaled by the cosine of the middle latitude,
which at Belgium's size is indistinguishable from a conformal projection.

An SVG scales as a whole: text and markers sized for a desktop would be 5 px
on a phone. So the map is laid out twice, for the narrowest width each
drawing is shown at (``Scale``): markers keep a 26 px target (WCAG 2.2 asks
24) and labels 12.5 px there. Each place's markers and name are put where
they hide nothing else — at the place itself if there is room, else nearby
with a leader line to a dot at the place.

Over 450 lines because it lays out one drawing: the projection, the markers,
the labels and their leader lines share the same boxes, scale and places.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings

from ecosystem.core.i18n import active_language
from ecosystem.visuals.geometry import Box, Label, Scale, make_label
from ecosystem.visuals.text import LINE_HEIGHT, text_width

BOUNDARY_FILE = Path(settings.BASE_DIR) / "static" / "data" / "belgium-provinces.geojson"

# The base drawing's width in SVG units; its height follows from the projection.
WIDTH = 800
MARGIN = 24


@dataclass(frozen=True)
class Projection:
    west: float
    east: float
    south: float
    north: float
    width: int = WIDTH
    margin: int = MARGIN

    @property
    def x_scale(self) -> float:
        return (self.width - 2 * self.margin) / (self.east - self.west)

    @property
    def y_scale(self) -> float:
        middle = math.radians((self.north + self.south) / 2)
        return self.x_scale / math.cos(middle)

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.y_scale + 2 * self.margin)

    def contains(self, longitude: float, latitude: float) -> bool:
        return self.west <= longitude <= self.east and self.south <= latitude <= self.north

    def project(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = self.margin + (longitude - self.west) * self.x_scale
        y = self.margin + (self.north - latitude) * self.y_scale
        return round(x, 1), round(y, 1)


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    name_en: str
    region: str
    path: str
    label_x: float
    label_y: float
    rings: tuple  # the projected rings, to keep a label inside

    @property
    def label(self) -> str:
        return self.name_en if active_language() == "en" else self.name

    def contains(self, x: float, y: float) -> bool:
        """Whether the point (in the base drawing's units) is inside the province."""
        inside = False
        for ring in self.rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
        return inside


@cache
def _boundaries() -> dict:
    return json.loads(BOUNDARY_FILE.read_text(encoding="utf-8"))


def _rings(feature) -> list[list[list[float]]]:
    return [polygon[0] for polygon in feature["geometry"]["coordinates"]]


# Around Wallonia's provinces, in degrees: enough of Brussels and Flanders to
# situate it, while Wallonia fills the drawing.
FRAME_PADDING = 0.12


@cache
def projection() -> Projection:
    """Wallonia's bounding box, padded: the frame of the map."""
    points = [
        point
        for f in _boundaries()["features"]
        if f["properties"]["region"] == "wallonia"
        for ring in _rings(f)
        for point in ring
    ]
    return Projection(
        west=min(p[0] for p in points) - FRAME_PADDING,
        east=max(p[0] for p in points) + FRAME_PADDING,
        south=min(p[1] for p in points) - FRAME_PADDING / 2,
        north=max(p[1] for p in points) + FRAME_PADDING,
    )


@cache
def provinces() -> tuple[Province, ...]:
    """Each province as an SVG path, with a label point at its largest ring's centre."""
    frame = projection()
    result = []
    for feature in _boundaries()["features"]:
        parts = []
        rings = []
        for ring in _rings(feature):
            xy = [frame.project(lon, lat) for lon, lat in ring]
            rings.append(tuple(xy))
            parts.append("M" + " L".join(f"{x},{y}" for x, y in xy) + " Z")
        largest = max(_rings(feature), key=len)
        label = frame.project(
            sum(p[0] for p in largest) / len(largest), sum(p[1] for p in largest) / len(largest)
        )
        props = feature["properties"]
        result.append(
            Province(
                props["code"], props["name"], props["name_en"], props["region"], " ".join(parts),
                *label, tuple(rings),
            )
        )  # fmt: skip
    return tuple(result)


@dataclass
class MapRecord:
    name: str
    url: str
    note: str = ""


@dataclass
class Marker:
    """One layer's records at one place: a single record, or a group with a count."""

    layer: str
    label: str  # "acteurs", "projets"…: the layer's name for the count
    count: int
    records: list[MapRecord]
    list_url: str  # the directory filtered on this place
    place_name: str = ""

    @property
    def url(self) -> str:
        return self.records[0].url if self.count == 1 and self.records else self.list_url

    @property
    def more(self) -> int:
        return self.count - len(self.records)


@dataclass
class Place:
    territory: object
    name: str
    x: float | None = None  # where it is, in the base drawing's units
    y: float | None = None
    markers: list[Marker] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(marker.count for marker in self.markers)

    @property
    def anchor(self) -> str:
        """The id of the place in the list under the map."""
        return f"place-{self.territory.slug}" if self.territory is not None else ""

    @property
    def is_area(self) -> bool:
        """A region, province or country: a point at its centre would mislead."""
        return self.territory is not None and self.territory.kind in AREA_KINDS


AREA_KINDS = {"region", "country", "province"}


# Layout ----------------------------------------------------------------------------


# Desktop: shown where the map's column is at least 720 px wide (CSS container
# query in visuals.css); phones and narrow windows: from 335 px (a 375 px phone).
WIDE = Scale("wide", WIDTH, 720)
NARROW = Scale("narrow", WIDTH // 2, 335)
SCALES = (WIDE, NARROW)
# On a phone, one marker per place, its records of every layer together, leading
# to the place in the list under the map: there is no room for one per layer.
ONE_MARKER_PER_PLACE = {NARROW}

# Sizes in CSS pixels at the narrowest rendering.
TARGET_PX = 26  # a marker's clickable square
GROUP_RADIUS_PX = 11  # a marker with a count written in it
SINGLE_RADIUS_PX = 6.5  # a marker for one record
LABEL_PX = 12.5
COUNT_PX = 11.5
PROVINCE_PX = 13
TITLE_PX = 12
DOT_PX = 3.5  # the dot at a place whose markers stand aside
GAP_PX = 4


def _segments_cross(a, b) -> bool:
    (x1, y1, x2, y2), (x3, y3, x4, y4) = a, b

    def side(ax, ay, bx, by, cx, cy):
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)

    d1, d2 = side(x3, y3, x4, y4, x1, y1), side(x3, y3, x4, y4, x2, y2)
    d3, d4 = side(x1, y1, x2, y2, x3, y3), side(x1, y1, x2, y2, x4, y4)
    return d1 * d2 < 0 and d3 * d4 < 0


@dataclass
class MarkerSpot:
    """A marker where one drawing puts it: the shape of its layer, in a target square."""

    marker: Marker
    x: float
    y: float
    target: float  # the side of the clickable square
    radius: float

    @property
    def hit(self) -> tuple[float, float, float]:
        half = self.target / 2
        return round(self.x - half, 1), round(self.y - half, 1), round(self.target, 1)

    # Each layer has its own shape, so that colour is never the only cue:
    # actors are circles, projects squares, clusters diamonds.
    @property
    def square(self) -> tuple[float, float, float]:
        """(x, y, side) of a square of about the circle's area."""
        side = round(self.radius * 1.77, 1)
        return round(self.x - side / 2, 1), round(self.y - side / 2, 1), side

    @property
    def diamond(self) -> str:
        """SVG polygon points of a diamond around the marker's centre."""
        r = self.radius * 1.15
        x, y = self.x, self.y
        points = ((x, y - r), (x + r, y), (x, y + r), (x - r, y))
        return " ".join(f"{round(px, 1)},{round(py, 1)}" for px, py in points)


@dataclass
class Spot:
    """A place in one drawing: its markers side by side, its name, a leader line if moved."""

    place: Place
    markers: list[MarkerSpot]
    label: Label
    dot: tuple[float, float] | None = None  # where the place is, when its markers stand aside
    leader: tuple[float, float, float, float] | None = None


@dataclass
class Drawing:
    scale: Scale
    width: int
    height: int
    map_height: float
    spots: list[Spot]
    province_labels: list[Label]
    band: Box | None = None
    band_title: Label | None = None

    @property
    def name(self) -> str:
        return self.scale.name

    @property
    def zoom(self) -> float:
        return self.scale.zoom(WIDTH)

    # Font sizes and the dot's radius, in the drawing's units.
    @property
    def label_size(self) -> float:
        return self.scale.px(LABEL_PX)

    @property
    def province_size(self) -> float:
        return self.scale.px(PROVINCE_PX)

    @property
    def count_size(self) -> float:
        return self.scale.px(COUNT_PX)

    @property
    def title_size(self) -> float:
        return self.scale.px(TITLE_PX)

    @property
    def dot_radius(self) -> float:
        return self.scale.px(DOT_PX)

    @property
    def markers(self) -> list[MarkerSpot]:
        return [spot for place in self.spots for spot in place.markers]

    @property
    def labels(self) -> list[Label]:
        return [spot.label for spot in self.spots]


class _Layout:
    """What is already drawn: boxes nothing else may overlap, dots, leader lines."""

    def __init__(self, area: Box, pad: float):
        self.area = area
        self.pad = pad
        self.boxes: list[Box] = []
        self.dots: list[tuple[Place, Box]] = []
        self.leaders: list[tuple] = []

    def free(self, box: Box, owner: Place | None = None) -> bool:
        if not box.within(self.area):
            return False
        grown = box.grow(self.pad)
        if any(grown.overlaps(other) for other in self.boxes):
            return False
        if any(grown.overlaps(dot) for place, dot in self.dots if place is not owner):
            return False
        return not any(box.crossed_by(*leader) for leader in self.leaders)

    def clear_path(self, leader, own: list[Box]) -> bool:
        if any(other.grow(self.pad).crossed_by(*leader) for other in self.boxes):
            return False
        if any(box.crossed_by(*leader) for box in own):
            return False
        return not any(_segments_cross(leader, other) for other in self.leaders)


# Around a place, where its markers may go: rings of growing radius (in
# targets), 16 directions each; the name right of the markers, else left,
# below or above.
RINGS = 14
DIRECTIONS = 16
SIDE_COST = {"right": 0.0, "left": 0.3, "below": 0.6, "above": 0.6}
CLEARANCES = (DOT_PX + GAP_PX, TARGET_PX * 0.5, TARGET_PX * 0.75, TARGET_PX)


def _step(scale: Scale) -> float:
    """From one marker of a place to the next: a target and a pixel between two targets."""
    return scale.px(TARGET_PX + 1)


def _half_group(place: Place, scale: Scale) -> float:
    """Half the width of a place's markers side by side."""
    return ((len(place.markers) - 1) * _step(scale) + scale.px(TARGET_PX)) / 2


def _spot_at(place: Place, cx: float, cy: float, side: str, scale: Scale) -> Spot:
    target = scale.px(TARGET_PX)
    gap = scale.px(GAP_PX)
    size = scale.px(LABEL_PX)
    first = cx - _half_group(place, scale) + target / 2
    markers = [
        MarkerSpot(
            marker,
            round(first + index * _step(scale), 1),
            round(cy, 1),
            target,
            scale.px(GROUP_RADIUS_PX if marker.count > 1 else SINGLE_RADIUS_PX),
        )
        for index, marker in enumerate(place.markers)
    ]
    half_width = _half_group(place, scale)
    if side == "right":
        label = make_label(place.name, cx + half_width + gap, cy, "start", size)
    elif side == "left":
        label = make_label(place.name, cx - half_width - gap, cy, "end", size)
    else:
        direction = 1 if side == "below" else -1
        offset = target / 2 + gap / 2 + size * LINE_HEIGHT / 2
        label = make_label(place.name, cx, cy + direction * offset, "middle", size)
    return Spot(place, markers, label)


def _group_box(spot: Spot) -> Box:
    first, last = spot.markers[0].hit, spot.markers[-1].hit
    return Box(first[0], first[1], last[0] + last[2], last[1] + last[2])


def _place_spots(places: list[Place], layout: _Layout, scale: Scale, clearance: float):
    """Each place's spot, in the order given, the places that found no room, the cost.

    ``clearance`` is kept free around every other place's point, so that its
    markers can still leave it.
    """
    zoom = scale.zoom(WIDTH)
    target = scale.px(TARGET_PX)
    for place in places:
        x, y = place.x * zoom, place.y * zoom
        layout.dots.append((place, Box(x - clearance, y - clearance, x + clearance, y + clearance)))
    gap = scale.px(GAP_PX)
    line = scale.px(LABEL_PX) * LINE_HEIGHT
    spots = []
    failed = []
    total = 0.0
    for place in places:
        px, py = place.x * zoom, place.y * zoom
        half = _half_group(place, scale)
        width = text_width(place.name, scale.px(LABEL_PX))
        best = None
        for ring in range(RINGS + 1):
            radius = ring * target / 2
            directions = 1 if ring == 0 else DIRECTIONS
            for step in range(directions):
                angle = 2 * math.pi * step / directions
                cx, cy = px + radius * math.cos(angle), py + radius * math.sin(angle)
                group = Box(cx - half, cy - target / 2, cx + half, cy + target / 2)
                if not layout.free(group, place):
                    continue
                moved = not group.contains(px, py)
                leader = None
                if moved:
                    leader = (
                        round(px, 1),
                        round(py, 1),
                        *(round(v, 1) for v in group.nearest(px, py)),
                    )
                for side, side_cost in SIDE_COST.items():
                    if side == "right":
                        label = Box(
                            group.x1 + gap, cy - line / 2, group.x1 + gap + width, cy + line / 2
                        )
                    elif side == "left":
                        label = Box(
                            group.x0 - gap - width, cy - line / 2, group.x0 - gap, cy + line / 2
                        )
                    elif side == "below":
                        label = Box(
                            cx - width / 2,
                            group.y1 + gap / 2,
                            cx + width / 2,
                            group.y1 + gap / 2 + line,
                        )
                    else:
                        label = Box(
                            cx - width / 2,
                            group.y0 - gap / 2 - line,
                            cx + width / 2,
                            group.y0 - gap / 2,
                        )
                    if not layout.free(label, place):
                        continue
                    if leader and not layout.clear_path(leader, [label]):
                        continue
                    cost = radius / target + side_cost + (0.5 if moved else 0)
                    if best is None or cost < best[0]:
                        best = (cost, (cx, cy, side), leader)
            # A farther ring only costs more: stop once something fits.
            if best is not None and best[0] <= (ring + 1) / 2:
                break
        if best is None:
            # Nowhere free (far more places than room): at the place, as it comes.
            failed.append(place)
            best = (0, (px, py, "right"), None)
        cost, (cx, cy, side), leader = best
        total += cost
        spot = _spot_at(place, cx, cy, side, scale)
        if leader:
            spot.dot = (round(px, 1), round(py, 1))
            spot.leader = leader
            layout.leaders.append(leader)
        layout.boxes += [_group_box(spot), spot.label.box]
        spots.append(spot)
    return spots, failed, total


def _place_province_labels(layout: _Layout, scale: Scale) -> list[Label]:
    """Walloon provinces' names near their middle, inside them, over nothing else."""
    zoom = scale.zoom(WIDTH)
    size = scale.px(PROVINCE_PX)
    step = scale.px(TARGET_PX) / 2
    labels = []
    for province in provinces():
        if province.region != "wallonia":
            continue
        chosen = None
        for ring in range(RINGS + 1):
            directions = 1 if ring == 0 else DIRECTIONS
            for index in range(directions):
                angle = 2 * math.pi * index / directions
                x = province.label_x * zoom + ring * step * math.cos(angle)
                y = province.label_y * zoom + ring * step * math.sin(angle)
                label = make_label(province.label, x, y, "middle", size)
                if province.contains(x / zoom, y / zoom) and layout.free(label.box):
                    chosen = label
                    break
            if chosen:
                break
        if chosen:
            layout.boxes.append(chosen.box)
            labels.append(chosen)
    return labels


def _place_band(areas: list[Place], top: float, scale: Scale, title: str):
    """Whole regions and countries in a band under the map, flowing in rows."""
    target = scale.px(TARGET_PX)
    gap = scale.px(GAP_PX)
    margin = scale.px(8)
    title_size = scale.px(TITLE_PX)
    title_label = make_label(
        title,
        margin * 2,
        top + margin + title_size * LINE_HEIGHT / 2,
        "start",
        title_size,
        bold=True,
    )
    row_top = title_label.box.y1 + gap
    x = margin * 2
    spots = []
    for place in areas:
        width = 2 * _half_group(place, scale) + gap + text_width(place.name, scale.px(LABEL_PX))
        if x > margin * 2 and x + width > scale.width - margin * 2:
            x = margin * 2
            row_top += target + gap
        cx = x + _half_group(place, scale)
        spots.append(_spot_at(place, cx, row_top + target / 2, "right", scale))
        x += width + 3 * gap
    bottom = row_top + target + margin
    band = Box(margin, top, scale.width - margin, bottom)
    return spots, band, title_label


def _merged(place: Place) -> Place:
    """The place with one marker for all its records, leading to it in the list."""
    records = [record for marker in place.markers for record in marker.records]
    marker = Marker(
        "places",
        ", ".join(marker.label for marker in place.markers),
        place.count,
        records,
        f"#{place.anchor}",
        place.name,
    )
    return Place(place.territory, place.name, place.x, place.y, [marker])


def draw(places: list[Place], areas: list[Place], scale: Scale, band_title: str) -> Drawing:
    """Lay out the places (projected in the base drawing) and whole areas at ``scale``."""
    if scale in ONE_MARKER_PER_PLACE:
        places = [_merged(place) for place in places]
        areas = [_merged(place) for place in areas]
    frame = projection()
    map_height = frame.height * scale.zoom(WIDTH)
    area = Box(0, 0, scale.width, map_height)
    # The places with most records first: they get their own spot. A place that
    # found no room (others closed around it) goes first in the next attempt.
    # Greedy placement depends on the order: try a few, keep the layout that moves
    # places least. Around other places' points, little room is kept at first;
    # more when that leaves a place with no room at all.
    orders = [
        sorted(places, key=key)
        for key in (
            lambda p: (-p.count, p.y, p.x),
            lambda p: (p.x, p.y),
            lambda p: (-p.x, p.y),
            lambda p: (p.y, p.x),
            lambda p: (-p.y, p.x),
        )
    ]
    best = None
    for clearance in CLEARANCES:
        for order in orders:
            for _attempt in range(len(order) + 1):
                layout = _Layout(area, pad=scale.px(2))
                spots, failed, cost = _place_spots(order, layout, scale, scale.px(clearance))
                score = (len(failed), cost)
                if best is None or score < best[0]:
                    best = (score, layout, spots)
                if not failed:
                    break
                order = failed + [place for place in order if place not in failed]
        if best[0][0] == 0:
            break
    _score, layout, spots = best
    province_labels = _place_province_labels(layout, scale)
    band = band_label = None
    height = map_height
    if areas:
        band_spots, band, band_label = _place_band(
            areas, map_height + scale.px(6), scale, band_title
        )
        spots += band_spots
        height = band.y1 + scale.px(6)
    return Drawing(
        scale, scale.width, math.ceil(height), map_height, spots, province_labels, band, band_label
    )
