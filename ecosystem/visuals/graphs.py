"""The network graph of relations: a record's neighbourhood, laid out in rings.

A graph is built from relations already fetched (the views fetch them in a
bounded number of queries), then laid out deterministically: the record at
the centre, its direct relations on a first ring grouped by kind, the
relations of those on a second ring, each placed near what it is linked to.
The same relations are kept as nested lists for reading without the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.urls import reverse

# How many nodes a ring shows before "and N more" (a link to the full list).
RING_SIZE = 24
# Labels are cut to this many characters in the picture (the list has them whole).
LABEL_LENGTH = 26
CHAR_WIDTH = 7.4


@dataclass(eq=False)
class Node:
    kind: str  # "actor", "cluster" or "project"
    obj: object
    note: str = ""  # the relation as the documents word it: "membre", "porteur"…
    x: float = 0
    y: float = 0
    angle: float = 0
    ring: int = 0

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.obj.pk)

    @property
    def name(self) -> str:
        return self.obj.name

    @property
    def label(self) -> str:
        name = self.name
        return name if len(name) <= LABEL_LENGTH else name[: LABEL_LENGTH - 1] + "…"

    @property
    def url(self) -> str:
        return self.obj.get_absolute_url()

    @property
    def graph_url(self) -> str:
        return reverse("visuals:graph", args=[self.kind, self.obj.slug])

    @property
    def radius(self) -> int:
        return 14 if self.ring == 0 else 8 if self.ring == 1 else 6

    @property
    def label_transform(self) -> str:
        """Radial labels: written outwards, never upside down."""
        degrees = math.degrees(self.angle)
        gap = self.radius + 4
        x = round(self.x + gap * math.cos(self.angle), 1)
        y = round(self.y + gap * math.sin(self.angle), 1)
        if 90 < degrees % 360 < 270:
            return f"translate({x} {y}) rotate({round(degrees + 180, 1)})"
        return f"translate({x} {y}) rotate({round(degrees, 1)})"

    @property
    def label_anchor(self) -> str:
        return "end" if 90 < math.degrees(self.angle) % 360 < 270 else "start"


@dataclass
class Edge:
    source: Node
    target: Node


@dataclass
class Group:
    """Nodes of one kind of relation to the centre, for the list and the first ring."""

    title: str
    nodes: list[Node]
    total: int  # how many there are in all (more than shown when capped)
    more_url: str = ""

    @property
    def more(self) -> int:
        return self.total - len(self.nodes)


@dataclass(eq=False)
class Graph:
    centre: Node
    groups: list[Group] = field(default_factory=list)
    # Second ring: node -> the first-ring nodes it is linked to.
    outer: dict = field(default_factory=dict)
    outer_notes: dict = field(default_factory=dict)
    outer_more: int = 0
    box: tuple = (0, 0, 0, 0)

    def add_second_ring(self, first_ring: list[Node], links_of, via: str, node_of) -> None:
        """Second-ring nodes from link records (memberships, participations).

        ``links_of(keys)`` gives the links of the first-ring records with these
        primary keys, in order (capped here); ``via`` names a link's key to its
        first-ring record; ``node_of(link)`` is the node it brings.
        """
        by_key = {node.obj.pk: node for node in first_ring}
        for link in links_of(list(by_key))[: RING_SIZE * 4]:
            self.add_outer(node_of(link), by_key[getattr(link, via)], link.get_role_display())

    def add_outer(self, node: Node, linked_to: Node, note: str = "") -> None:
        """A second-ring node linked to a first-ring one (or the same node twice)."""
        if node.key == self.centre.key or node.key in self.inner_keys:
            return
        existing = next((n for n in self.outer if n.key == node.key), None)
        if existing is None and len(self.outer) >= RING_SIZE:
            self.outer_more += 1
            return
        node = existing or node
        self.outer.setdefault(node, [])
        if linked_to not in self.outer[node]:
            self.outer[node].append(linked_to)
            self.outer_notes[(node.key, linked_to.key)] = note

    @property
    def inner(self) -> list[Node]:
        return [node for group in self.groups for node in group.nodes]

    @property
    def inner_keys(self) -> set:
        return {node.key for node in self.inner}

    @property
    def nodes(self) -> list[Node]:
        return [*self.inner, *self.outer, self.centre]

    @property
    def edges(self) -> list[Edge]:
        edges = [Edge(self.centre, node) for node in self.inner]
        edges += [Edge(source, node) for node, sources in self.outer.items() for source in sources]
        return edges

    def children(self, node: Node) -> list[tuple[Node, str]]:
        """Second-ring nodes linked to a first-ring node, for the nested list."""
        return [
            (outer, self.outer_notes.get((outer.key, node.key), ""))
            for outer, sources in self.outer.items()
            if node in sources
        ]

    def tree(self) -> list[tuple[Group, list[tuple[Node, list[tuple[Node, str]]]]]]:
        """The graph as nested lists: each group, its nodes, and what each links to."""
        return [
            (group, [(node, self.children(node)) for node in group.nodes]) for group in self.groups
        ]

    @property
    def view_box(self) -> str:
        return " ".join(str(round(value)) for value in self.box)

    @property
    def width(self) -> int:
        return round(self.box[2])

    def layout(self) -> Graph:
        """Place the nodes on their rings; deterministic for the same relations."""
        self.centre.x = self.centre.y = 0
        self.centre.angle = math.pi / 2  # the centre's label goes below it
        inner = self.inner
        r1 = max(110.0, len(inner) * 26 / (2 * math.pi))
        for index, node in enumerate(inner):
            node.ring = 1
            node.angle = -math.pi / 2 + 2 * math.pi * index / max(len(inner), 1)
            node.x, node.y = _polar(r1, node.angle)
        if self.outer:
            # The second ring starts where the first ring's longest label ends.
            r2 = r1 + max(len(node.label) for node in inner) * CHAR_WIDTH + 40
            wanted = {
                node: _mean_angle([n.angle for n in links]) for node, links in self.outer.items()
            }
            ordered = sorted(self.outer, key=lambda node: (wanted[node], node.name))
            step = 2 * math.pi / max(len(ordered), 1)
            # Rotate the even spacing to sit as close as possible to the wanted angles.
            offset = _mean_angle([wanted[node] - i * step for i, node in enumerate(ordered)])
            if len(ordered) == 1:
                offset = wanted[ordered[0]]
            for index, node in enumerate(ordered):
                node.ring = 2
                node.angle = offset + index * step
                node.x, node.y = _polar(r2, node.angle)
        self.box = self._bounds()
        return self

    def _bounds(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) around the nodes and their labels, as estimated."""
        half = len(self.centre.label) * CHAR_WIDTH * 1.1 / 2
        xs = [-half, half]
        ys = [-self.centre.radius, self.centre.radius + 26]
        for node in [*self.inner, *self.outer]:
            reach = node.radius + 4 + len(node.label) * CHAR_WIDTH
            xs += [
                node.x - node.radius,
                node.x + node.radius,
                node.x + reach * math.cos(node.angle),
            ]
            ys += [
                node.y - node.radius,
                node.y + node.radius,
                node.y + reach * math.sin(node.angle),
            ]
        margin = 12
        left, top = min(xs) - margin, min(ys) - margin
        return (left, top, max(xs) + margin - left, max(ys) + margin - top)


def _polar(radius: float, angle: float) -> tuple[float, float]:
    return round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1)


def _mean_angle(angles: list[float]) -> float:
    if not angles:
        return 0.0
    return math.atan2(sum(map(math.sin, angles)), sum(map(math.cos, angles)))


def ring_graph(centre: Node, groups: list[Group]) -> Graph | None:
    """The first ring only, from relations a detail page already fetched: no query.

    Each group is cut to RING_SIZE nodes and keeps its total; the full
    neighbourhood lives at ``/graph/<kind>/<slug>/``. None when there is
    nothing to draw.
    """
    graph = Graph(centre)
    for group in groups:
        if group.nodes:
            graph.groups.append(
                Group(group.title, group.nodes[:RING_SIZE], group.total, group.more_url)
            )
    return graph.layout() if graph.groups else None
