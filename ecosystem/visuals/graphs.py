"""The network graph of relations: a record's neighbourhood, laid out in rings.

A graph is built from relations already fetched (the views fetch them in a
bounded number of queries), then laid out deterministically: the record at
the centre, its direct relations on a first ring grouped by kind, the
relations of those on a second ring, each placed near what it is linked to.
The same relations are kept as nested lists for reading without the picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ecosystem.visuals.geometry import Box, Label, Scale, make_label
from ecosystem.visuals.text import LINE_HEIGHT, text_width, wrap

# The heading of the relations of relations.
OUTER_TITLE = _("Leurs relations")

# How many nodes a ring shows before "and N more" (a link to the full list).
RING_SIZE = 24


@dataclass(eq=False)
class Node:
    kind: str  # "actor", "cluster" or "project"
    obj: object
    note: str = ""  # the relation as the documents word it: "membre", "porteur"…

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.obj.pk)

    @property
    def name(self) -> str:
        return self.obj.name

    @property
    def url(self) -> str:
        return self.obj.get_absolute_url()

    @property
    def graph_url(self) -> str:
        return reverse("visuals:graph", args=[self.kind, self.obj.slug])


def kind_node(record) -> Node:
    """A cluster or a project, noted with its kind (« pôle de compétitivité », « site »…)."""
    return Node(record._meta.model_name, record, record.get_kind_display())


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
    # Laid out: one drawing for a wide column, one for a phone.
    drawings: list = field(default_factory=list)

    def add_second_ring(self, first_ring: list[Node], links_of, via: str, node_of) -> None:
        """Second-ring nodes from link records (memberships, participations).

        ``links_of(keys)`` gives the links of the first-ring records with these
        primary keys, in order (capped here); ``via`` names a link's key to its
        first-ring record; ``node_of(link)`` is the node it brings.
        """
        by_key = {node.obj.pk: node for node in first_ring}
        for link in links_of(list(by_key))[: RING_SIZE * 4]:
            self.add_outer(node_of(link), by_key[getattr(link, via)], link.relation)

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

    def layout(self) -> Graph:
        """Lay the graph out for each width it is shown at; deterministic."""
        self.drawings = [draw(self, scale) for scale in SCALES]
        return self


# Layout -----------------------------------------------------------------------------
#
# Every node is a labelled pill: the name written in full (wrapped) inside the
# link, so that no label is cut, turned or crossed by a line, and every target
# is at least 28 px high. Lines run between columns of pills, from side to
# side: they never cross a pill.
#
# Wide: the centre in the middle, its relations in a column on each side; when
# relations of relations are known, the centre on the left, then its relations,
# then theirs. Narrow (a phone): the centre on top, its relations below, joined
# by a trunk on the left, and the relations of relations in a second column.

WIDE = Scale("wide", 760, 700)
NARROW = Scale("narrow", 360, 335)
SCALES = (WIDE, NARROW)

# Sizes in CSS pixels at the narrowest rendering.
FONT_PX = 12.5
CENTRE_FONT_PX = 13.5
HEADING_PX = 12
PAD_X_PX = 8
PAD_Y_PX = 5
MARK_PX = 14  # room for the kind's shape, before the name
TARGET_PX = 28
GAP_PX = 6  # between two pills of a column
GROUP_GAP_PX = 12  # before a group's heading
FAN_PX = 56  # between two columns, where the lines run
TRUNK_PX = 14  # the narrow layout's trunk, left of the first ring
MARGIN_PX = 6
MAX_LINES = 4
BRACKETS_PX = 36  # the narrow layout's room for brackets, right of the column
# What a pill holds besides the name: its padding and the kind's shape.
FRAME_PX = 2 * PAD_X_PX + MARK_PX
# Wide: the widest name in a pill, in CSS pixels.
WIDE_TEXT_PX = 190
WIDE_CENTRE_TEXT_PX = 170


@dataclass
class Pill:
    """A node drawn as a rounded box holding its kind's shape and its name."""

    node: Node
    lines: list[str]
    size: float  # font size, in the drawing's units
    width: float
    height: float
    scale: Scale
    centre: bool = False
    x: float = 0
    y: float = 0

    @property
    def box(self) -> Box:
        return Box(self.x, self.y, self.x + self.width, self.y + self.height)

    @property
    def middle(self) -> float:
        return round(self.y + self.height / 2, 1)

    @property
    def mark(self) -> tuple[float, float, float]:
        """(x, y, radius) of the kind's shape: a circle, square or diamond."""
        radius = self.scale.px(4.5)
        return round(self.x + self.scale.px(PAD_X_PX) + radius, 1), self.middle, radius

    @property
    def square(self) -> tuple[float, float, float]:
        x, y, radius = self.mark
        return round(x - radius, 1), round(y - radius, 1), round(2 * radius, 1)

    @property
    def diamond(self) -> str:
        x, y, radius = self.mark
        r = radius * 1.3
        points = ((x, y - r), (x + r, y), (x, y + r), (x - r, y))
        return " ".join(f"{round(px, 1)},{round(py, 1)}" for px, py in points)

    @property
    def text_x(self) -> float:
        return round(self.x + self.scale.px(PAD_X_PX + MARK_PX), 1)

    @property
    def baselines(self) -> list[tuple[str, float]]:
        """Each line and the middle of its line box."""
        line = self.size * LINE_SPACING
        top = self.middle - line * len(self.lines) / 2
        return [(text, round(top + line * (i + 0.5), 1)) for i, text in enumerate(self.lines)]


# Between two lines of a pill's name, in ems.
LINE_SPACING = 1.25


def _pill(node: Node, scale: Scale, text_px: float, centre: bool = False) -> Pill:
    size = scale.px(CENTRE_FONT_PX if centre else FONT_PX)
    lines = wrap(node.name, size, scale.px(text_px), MAX_LINES, bold=centre)
    text = max(text_width(line, size, centre) for line in lines)
    width = text + scale.px(FRAME_PX)
    height = max(scale.px(TARGET_PX), len(lines) * size * LINE_SPACING + scale.px(2 * PAD_Y_PX))
    return Pill(node, lines, size, round(width, 1), round(height, 1), scale, centre)


@dataclass
class Column:
    """Pills stacked under their group's heading, left- or right-aligned on ``x``."""

    groups: list[tuple[str, list[Pill]]]
    align: str = "left"
    limit: float = 0  # the widest a heading may be, in the drawing's units (0: no limit)
    headings: list[Label] = field(default_factory=list)

    @property
    def pills(self) -> list[Pill]:
        return [pill for _title, pills in self.groups for pill in pills]

    def heading_lines(self, title: str, scale: Scale) -> list[str]:
        size = scale.px(HEADING_PX)
        if not title:
            return []
        if not self.limit:
            return [title]
        return wrap(title, size, self.limit, 2, bold=True)

    def width(self, scale: Scale) -> float:
        size = scale.px(HEADING_PX)
        headings = [
            text_width(line, size, bold=True)
            for title, _pills in self.groups
            for line in self.heading_lines(title, scale)
        ]
        return max([pill.width for pill in self.pills] + headings, default=0)

    def stack(self, x: float, top: float, scale: Scale) -> float:
        """Place the pills from ``top``; the column's bottom."""
        self.headings = []
        y = top
        size = scale.px(HEADING_PX)
        line = size * LINE_HEIGHT
        anchor = "start" if self.align == "left" else "end"
        for index, (title, pills) in enumerate(self.groups):
            if index:
                y += scale.px(GROUP_GAP_PX)
            lines = self.heading_lines(title, scale)
            for text in lines:
                self.headings.append(make_label(text, x, y + line / 2, anchor, size, bold=True))
                y += line
            if lines:
                y += scale.px(GAP_PX / 2)
            for pill in pills:
                pill.x = round(x if self.align == "left" else x - pill.width, 1)
                pill.y = round(y, 1)
                y += pill.height + scale.px(GAP_PX)
        return y - scale.px(GAP_PX)

    def height(self, scale: Scale) -> float:
        probe = Column(self.groups, self.align, self.limit)
        return probe.stack(0, 0, scale)


@dataclass
class GraphDrawing:
    scale: Scale
    width: float
    height: float
    pills: list[Pill]
    edges: list[str]  # SVG path data
    headings: list[Label]

    @property
    def name(self) -> str:
        return self.scale.name

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def heading_size(self) -> float:
        return self.scale.px(HEADING_PX)


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    """A line leaving and reaching its ends horizontally."""
    middle = round((x1 + x2) / 2, 1)
    return f"M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}"


def _outer(graph: Graph, first: Column, scale: Scale, text_px: float):
    """The relations of relations, ordered by where the pills they are linked to stand.

    ``first`` is stacked already. Gives the column and the middle each pill wants.
    """
    placed = {pill.node: pill for pill in first.pills}
    wanted = {
        node: sum(placed[n].middle for n in links) / len(links)
        for node, links in graph.outer.items()
    }
    order = sorted(graph.outer, key=lambda node: (wanted[node], node.name))
    pills = [_pill(node, scale, text_px) for node in order]
    column = Column([(str(OUTER_TITLE), pills)], limit=scale.px(text_px + FRAME_PX))
    return column, wanted


def _settle(column: Column, x: float, top: float, scale: Scale, wanted: dict) -> float:
    """Stack a column, then lower each pill towards its wanted middle; the bottom."""
    column.stack(x, top, scale)
    gap = scale.px(GAP_PX)
    floor = top
    for pill in column.pills:
        pill.y = round(max(pill.y, floor, wanted[pill.node] - pill.height / 2), 1)
        floor = pill.y + pill.height + gap
    return floor - gap


def _outer_edges(graph: Graph, first: Column, outer: Column) -> list[str]:
    pills = {pill.node: pill for pill in first.pills}
    return [
        _curve(round(source.x + source.width, 1), source.middle, pill.x, pill.middle)
        for pill in outer.pills
        for source in (pills[node] for node in graph.outer[pill.node])
    ]


def _groups(graph: Graph, scale: Scale, text_px: float) -> list[tuple[str, list[Pill]]]:
    return [
        (str(group.title), [_pill(node, scale, text_px) for node in group.nodes])
        for group in graph.groups
    ]


def draw(graph: Graph, scale: Scale) -> GraphDrawing:
    """The graph laid out for ``scale``: wide columns, or the narrow tree."""
    return (_draw_narrow if scale is NARROW else _draw_wide)(graph, scale)


def _drawing(scale: Scale, width: float, centre: Pill, columns, edges) -> GraphDrawing:
    pills = [centre, *(pill for column in columns for pill in column.pills)]
    headings = [label for column in columns for label in column.headings]
    bottom = max([pill.y + pill.height for pill in pills] + [label.box.y1 for label in headings])
    height = round(bottom + scale.px(MARGIN_PX), 1)
    return GraphDrawing(scale, round(width, 1), height, pills, edges, headings)


def _draw_wide(graph: Graph, scale: Scale) -> GraphDrawing:
    margin, fan = scale.px(MARGIN_PX), scale.px(FAN_PX)
    centre = _pill(graph.centre, scale, WIDE_CENTRE_TEXT_PX, centre=True)
    groups = _groups(graph, scale, WIDE_TEXT_PX)
    if graph.outer:
        # The centre, its relations, theirs: left to right.
        first = Column(groups, limit=scale.px(WIDE_TEXT_PX + FRAME_PX))
        first_x = margin + centre.width + fan
        bottom = first.stack(first_x, margin, scale)
        outer, wanted = _outer(graph, first, scale, WIDE_TEXT_PX)
        outer_x = first_x + first.width(scale) + fan
        _settle(outer, outer_x, margin, scale, wanted)
        centre.x = margin
        centre.y = round(max(margin, margin + (bottom - margin - centre.height) / 2), 1)
        edges = [
            _curve(round(centre.x + centre.width, 1), centre.middle, pill.x, pill.middle)
            for pill in first.pills
        ]
        edges += _outer_edges(graph, first, outer)
        return _drawing(scale, outer_x + outer.width(scale) + margin, centre, [first, outer], edges)
    # The centre between two columns, groups shared out to balance them; a group that
    # would leave one side much longer is split, its heading on both sides.
    limit = scale.px(WIDE_TEXT_PX + FRAME_PX)
    right, left = Column([], limit=limit), Column([], align="right", limit=limit)
    for title, pills in groups:
        shorter = right if len(right.pills) <= len(left.pills) else left
        longer = left if shorter is right else right
        gap = len(shorter.pills) + len(pills) - len(longer.pills)
        if gap > 3 and len(pills) > 1:
            cut = len(pills) - gap // 2
            shorter.groups.append((title, pills[:cut]))
            longer.groups.append((title, pills[cut:]))
        else:
            shorter.groups.append((title, pills))
    height = max(right.height(scale), left.height(scale), centre.height)
    centre.x = round(margin + (left.width(scale) + fan if left.pills else 0), 1)
    centre.y = round(margin + (height - centre.height) / 2, 1)
    centre_right = round(centre.x + centre.width, 1)
    right.stack(centre_right + fan, margin + (height - right.height(scale)) / 2, scale)
    left.stack(centre.x - fan, margin + (height - left.height(scale)) / 2, scale)
    edges = [_curve(centre_right, centre.middle, pill.x, pill.middle) for pill in right.pills]
    edges += [
        _curve(centre.x, centre.middle, round(pill.x + pill.width, 1), pill.middle)
        for pill in left.pills
    ]
    width = centre_right + (fan + right.width(scale) if right.pills else 0) + margin
    return _drawing(scale, width, centre, [left, right], edges)


def _draw_narrow(graph: Graph, scale: Scale) -> GraphDrawing:
    """One column under the centre: its relations joined by a trunk on the left, then
    theirs, each joined to the pills it is linked to by a bracket on the right."""
    margin = scale.px(MARGIN_PX)
    trunk_x = round(margin + scale.px(TRUNK_PX), 1)
    first_x = trunk_x + scale.px(TRUNK_PX)
    brackets = scale.px(BRACKETS_PX) if graph.outer else 0
    per_px = scale.min_px / scale.width
    text_px = (scale.width - first_x - margin - brackets) * per_px - FRAME_PX
    centre_text_px = (scale.width - 2 * margin) * per_px - FRAME_PX
    centre = _pill(graph.centre, scale, centre_text_px, centre=True)
    centre.x, centre.y = margin, margin
    first = Column(_groups(graph, scale, text_px), limit=scale.px(text_px + FRAME_PX))
    top = centre.y + centre.height + scale.px(GAP_PX)
    bottom = first.stack(first_x, top, scale)
    edges = []
    if first.pills:
        # A trunk down from the centre, a branch to each of its relations.
        centre_bottom = round(centre.y + centre.height, 1)
        edges.append(f"M{trunk_x},{centre_bottom} V{first.pills[-1].middle}")
        edges += [f"M{trunk_x},{pill.middle} H{pill.x}" for pill in first.pills]
    columns = [first]
    if graph.outer:
        outer, _wanted = _outer(graph, first, scale, text_px)
        outer.stack(first_x, bottom + scale.px(GROUP_GAP_PX), scale)
        columns.append(outer)
        right = first_x + max(first.width(scale), outer.width(scale))
        placed = {pill.node: pill for pill in first.pills}
        links = [(placed[node], pill) for pill in outer.pills for node in graph.outer[pill.node]]
        for index, (source, pill) in enumerate(links):
            # Out to the right, down, back in: a bracket beside the column crosses no pill.
            x = round(right + scale.px(8 + 5 * (index % 5)), 1)
            edges.append(
                f"M{round(source.x + source.width, 1)},{source.middle} H{x} V{pill.middle} "
                f"H{round(pill.x + pill.width, 1)}"
            )
    return _drawing(scale, scale.width, centre, columns, edges)


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
