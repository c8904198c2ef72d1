"""The map's geometry: Belgium's provinces and the portal's places projected to SVG.

Everything is drawn on the server from ``static/data/belgium-provinces.geojson``
(Natural Earth, public domain): the map works with no network and no JavaScript.
The projection is equirectangular, scaled by the cosine of the middle latitude,
which at Belgium's size is indistinguishable from a conformal projection.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings

BOUNDARY_FILE = Path(settings.BASE_DIR) / "static" / "data" / "belgium-provinces.geojson"

# The drawing's width in SVG units; its height follows from the projection.
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
        for ring in _rings(feature):
            xy = [frame.project(lon, lat) for lon, lat in ring]
            parts.append("M" + " L".join(f"{x},{y}" for x, y in xy) + " Z")
        largest = max(_rings(feature), key=len)
        label = frame.project(
            sum(p[0] for p in largest) / len(largest), sum(p[1] for p in largest) / len(largest)
        )
        props = feature["properties"]
        result.append(
            Province(
                props["code"], props["name"], props["name_en"], props["region"], " ".join(parts),
                *label,
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
    x: float = 0
    y: float = 0

    @property
    def url(self) -> str:
        return self.records[0].url if self.count == 1 and self.records else self.list_url

    @property
    def more(self) -> int:
        return self.count - len(self.records)

    @property
    def radius(self) -> float:
        return round(min(6 + 2.4 * math.sqrt(self.count - 1), 20), 1)

    # Each layer has its own shape, so that colour is never the only cue:
    # actors are circles, projects squares, clusters diamonds.
    @property
    def square(self) -> tuple[float, float, float]:
        """(x, y, side) of a square of the same area as the circle."""
        side = round(self.radius * 1.77, 1)
        return round(self.x - side / 2, 1), round(self.y - side / 2, 1), side

    @property
    def diamond(self) -> str:
        """SVG polygon points of a diamond around the marker's centre."""
        r = round(self.radius * 1.25, 1)
        x, y = self.x, self.y
        return f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"


@dataclass
class Place:
    territory: object
    name: str
    x: float | None = None
    y: float | None = None
    markers: list[Marker] = field(default_factory=list)
    label_x: float = 0
    label_y: float = 0
    label_anchor: str = "start"

    @property
    def count(self) -> int:
        return sum(marker.count for marker in self.markers)

    @property
    def is_area(self) -> bool:
        """A region, province or country: a point at its centre would mislead."""
        return self.territory is not None and self.territory.kind in AREA_KINDS


AREA_KINDS = {"region", "country", "province"}

# Where each layer's marker sits around a place shared by several layers.
LAYER_ANGLES = {"actors": -90, "projects": 30, "clusters": 150}


def place_markers(place: Place) -> None:
    """Spread a place's markers around its point so that none hides another."""
    if len(place.markers) == 1:
        place.markers[0].x, place.markers[0].y = place.x, place.y
        return
    for marker in place.markers:
        angle = math.radians(LAYER_ANGLES.get(marker.layer, 0))
        distance = marker.radius + 2
        marker.x = round(place.x + distance * math.cos(angle), 1)
        marker.y = round(place.y + distance * math.sin(angle), 1)


# The inset where whole regions and countries are shown: bottom left, over France.
INSET_X = 44
INSET_STEP = 46
# An estimate of the labels' size in SVG units (12px system font).
CHAR_WIDTH = 6.6
LINE_HEIGHT = 15


@dataclass
class Inset:
    x: float
    y: float
    width: float
    height: float


def place_areas(places: list[Place], frame: Projection) -> Inset | None:
    """Stack whole regions and countries in an inset instead of at their centre."""
    if not places:
        return None
    height = len(places) * INSET_STEP + 34
    top = frame.height - height - 8
    for index, place in enumerate(places):
        place.x, place.y = INSET_X, top + 52 + index * INSET_STEP
        place_markers(place)
    width = max(len(place.name) for place in places) * CHAR_WIDTH + 2 * INSET_X + 10
    return Inset(8, top, round(max(width, 150), 1), height)


def _extent(place: Place) -> float:
    return max(marker.radius for marker in place.markers) + 4


def place_labels(places: list[Place]) -> None:
    """Name each place beside its markers, trying right, left, below, above.

    Greedy and deterministic: places are taken from top to bottom and each
    label takes the first position that overlaps no label already placed.
    """
    # Markers count as taken: a label must not hide a marker either.
    taken = [
        (m.x - m.radius, m.y - m.radius, m.x + m.radius, m.y + m.radius)
        for place in places
        for m in place.markers
    ]

    def free(box):
        return all(
            box[2] <= other[0] or other[2] <= box[0] or box[3] <= other[1] or other[3] <= box[1]
            for other in taken
        )

    for place in sorted(places, key=lambda p: (p.y, p.x)):
        width = len(place.name) * CHAR_WIDTH
        gap = _extent(place)
        options = [
            (place.x + gap, place.y, "start"),
            (place.x - gap, place.y, "end"),
            (place.x, place.y + gap + LINE_HEIGHT / 2, "middle"),
            (place.x, place.y - gap - LINE_HEIGHT / 2, "middle"),
            (place.x + gap, place.y + LINE_HEIGHT, "start"),
            (place.x + gap, place.y - LINE_HEIGHT, "start"),
        ]
        chosen = options[0]
        for x, y, anchor in options:
            left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
            box = (left, y - LINE_HEIGHT / 2, left + width, y + LINE_HEIGHT / 2)
            if free(box):
                chosen = (x, y, anchor)
                break
        else:
            x, y, anchor = chosen
            left = x
            box = (left, y - LINE_HEIGHT / 2, left + width, y + LINE_HEIGHT / 2)
        taken.append(box)
        place.label_x, place.label_y, place.label_anchor = (
            round(chosen[0], 1), round(chosen[1], 1), chosen[2],
        )  # fmt: skip
