"""Chart geometry for server-rendered SVG: pillar balance bars and figures over time.

Functions here turn numbers already fetched into coordinates; templates draw
them, each chart followed by its data as a table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

# Horizontal bar charts: room for the labels on the left, the value on the right.
BAR_LABEL_WIDTH = 230
BAR_AREA_WIDTH = 360
BAR_HEIGHT = 22
BAR_GAP = 8


@dataclass
class Bar:
    key: str  # the pillar's value, for the colour class
    label: str
    value: int
    x: float
    y: float
    width: float

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2

    @property
    def value_x(self) -> float:
        return round(self.x + self.width + 6, 1)


@dataclass
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_x: int


def pillar_bars(row) -> BarChart:
    """One bar per pillar for one BalanceRow; a missing pillar is a zero-length bar."""
    largest = max((count for _pillar, count in row.counts), default=0) or 1
    bars = []
    for index, (pillar, count) in enumerate(row.counts):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = round(BAR_AREA_WIDTH * count / largest, 1)
        bars.append(Bar(pillar.value, str(pillar.label), count, BAR_LABEL_WIDTH, y, width))
    height = len(bars) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(bars, BAR_LABEL_WIDTH + BAR_AREA_WIDTH + 110, height, BAR_LABEL_WIDTH - 8)


@dataclass
class Stack:
    """One row of a stacked bar chart: an object and its pillar segments."""

    obj: object
    label: str
    total: int
    y: float
    segments: list[Bar]
    missing: list[str]

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2

    @property
    def total_x(self) -> float:
        end = self.segments[-1].x + self.segments[-1].width if self.segments else BAR_LABEL_WIDTH
        return round(end + 6, 1)


def pillar_stacks(rows, label=str) -> tuple[list[Stack], BarChart]:
    """Stacked bars comparing several BalanceRows on the same scale."""
    largest = max((row.total for row in rows), default=0) or 1
    stacks = []
    for index, row in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        x = BAR_LABEL_WIDTH
        segments = []
        for pillar, count in row.counts:
            width = round(BAR_AREA_WIDTH * count / largest, 1)
            if count:
                segments.append(Bar(pillar.value, str(pillar.label), count, x, y, width))
            x += width
        stacks.append(
            Stack(
                row.obj, label(row.obj), row.total, y, segments, [str(p.label) for p in row.missing]
            )
        )
    height = len(rows) * (BAR_HEIGHT + BAR_GAP)
    return stacks, BarChart([], BAR_LABEL_WIDTH + BAR_AREA_WIDTH + 60, height, BAR_LABEL_WIDTH - 8)


# Figures over time ---------------------------------------------------------------

SERIES_WIDTH = 560
SERIES_HEIGHT = 240
SERIES_MARGIN = (20, 24, 36, 64)  # top, right, bottom, left


@dataclass
class Point:
    figure: object
    year: int
    value: Decimal
    x: float
    y: float


@dataclass
class Tick:
    value: float
    y: float


@dataclass
class Series:
    """The same measure about the same subject in several years."""

    label: str
    unit: str
    figures: list
    points: list[Point] | None = None
    ticks: list[Tick] | None = None
    width: int = SERIES_WIDTH
    height: int = SERIES_HEIGHT

    @property
    def path(self) -> str:
        return "M" + " L".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def baseline(self) -> float:
        return SERIES_HEIGHT - SERIES_MARGIN[2]

    @property
    def left(self) -> float:
        return SERIES_MARGIN[3]

    @property
    def right(self) -> float:
        return SERIES_WIDTH - SERIES_MARGIN[1]


def _nice_step(span: float, count: int = 4) -> float:
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def layout_series(series: Series) -> Series:
    """Points on a time axis (proportional to the years), values from zero up."""
    top, right, bottom, left = SERIES_MARGIN
    figures = sorted(series.figures, key=lambda f: f.year)
    values = [float(f.value) for f in figures]
    low = min(0.0, min(values))
    step = _nice_step((max(values) - low) or 1)
    high = math.ceil(max(values) / step) * step or step
    first, last = figures[0].year, figures[-1].year

    def y_of(value: float) -> float:
        return round(top + (high - value) / (high - low) * (SERIES_HEIGHT - top - bottom), 1)

    def x_of(year: int) -> float:
        return round(left + (year - first) / (last - first) * (SERIES_WIDTH - left - right), 1)

    series.points = [Point(f, f.year, f.value, x_of(f.year), y_of(float(f.value))) for f in figures]
    count = int(round((high - low) / step))
    series.ticks = [Tick(low + i * step, y_of(low + i * step)) for i in range(count + 1)]
    return series


def figure_series(figures) -> list[Series]:
    """Group dated figures into series of at least two years, each laid out."""
    groups: dict = {}
    for figure in figures:
        if figure.year is None:
            continue
        groups.setdefault(figure.measure, {}).setdefault(figure.year, figure)
    result = []
    for by_year in groups.values():
        if len(by_year) >= 2:
            figures_ = list(by_year.values())
            result.append(layout_series(Series(figures_[0].label, figures_[0].unit, figures_)))
    return sorted(result, key=lambda s: s.label.casefold())
