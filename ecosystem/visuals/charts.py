"""Chart geometry for server-rendered SVG: pillar balance bars and figures over time.

Functions here turn numbers already fetched into coordinates; templates draw
them, each chart followed by its data as a table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from ecosystem.core.i18n import format_number
from ecosystem.visuals.geometry import Scale
from ecosystem.visuals.text import LINE_HEIGHT, text_width, wrap

# Horizontal bar charts, one row per pillar or per record: the name on its own
# line(s) above the bar, full width, so that no name is cut; drawn for a 335 px
# phone (text 11.5 px there) and shown at most at its own size on a desktop.
CHART = Scale("chart", 380, 335)
FONT = CHART.px(11.5)
BAR_HEIGHT = round(CHART.px(15))
VALUE_ROOM = CHART.px(44)  # right of the longest bar, for its value
ROW_GAP = CHART.px(9)
LABEL_LINES = 2
# A little room left of the names: some letters' ink starts before their origin.
LABEL_X = CHART.px(2)


@dataclass
class Bar:
    key: str  # the pillar's value, for the colour class
    label: str
    value: int
    x: float
    y: float
    width: float
    row: Row | None = None

    @property
    def text_y(self) -> float:
        return round(self.y + BAR_HEIGHT / 2, 1)

    @property
    def bottom(self) -> float:
        return round(self.y + BAR_HEIGHT, 1)

    @property
    def value_x(self) -> float:
        return round(self.x + self.width + CHART.px(5), 1)


@dataclass
class Row:
    """A row's name, wrapped above its bar: (text, middle of its line) pairs."""

    lines: list[tuple[str, float]]
    bar_y: float


def _rows(labels: list[str]) -> tuple[list[Row], float]:
    """Each label's lines and the top of its bar; the chart's height."""
    line = FONT * LINE_HEIGHT
    rows = []
    y = 0.0
    for label in labels:
        lines = wrap(label, FONT, CHART.width - 2 * LABEL_X, LABEL_LINES)
        rows.append(
            Row([(text, round(y + line * (i + 0.5), 1)) for i, text in enumerate(lines)], 0)
        )
        y += line * len(lines) + CHART.px(2)
        rows[-1].bar_y = round(y, 1)
        y += BAR_HEIGHT + ROW_GAP
    return rows, round(y - ROW_GAP + 1, 1)


@dataclass
class BarChart:
    bars: list[Bar]
    width: int
    height: float
    rows: list[Row]
    font_size: float = FONT
    label_x: float = LABEL_X


def pillar_bars(row) -> BarChart:
    """One bar per pillar for one BalanceRow; a missing pillar is a zero-length bar."""
    largest = max((count for _pillar, count in row.counts), default=0) or 1
    rows, height = _rows([str(pillar.label) for pillar, _count in row.counts])
    bars = []
    for (pillar, count), placed in zip(row.counts, rows, strict=True):
        width = round((CHART.width - VALUE_ROOM) * count / largest, 1)
        bars.append(Bar(pillar.value, str(pillar.label), count, 0, placed.bar_y, width, placed))
    return BarChart(bars, CHART.width, height, rows)


@dataclass
class Stack:
    """One row of a stacked bar chart: an object and its pillar segments."""

    obj: object
    label: str
    total: int
    y: float
    segments: list[Bar]
    missing: list[str]
    row: Row | None = None

    @property
    def text_y(self) -> float:
        return round(self.y + BAR_HEIGHT / 2, 1)

    @property
    def total_x(self) -> float:
        end = self.segments[-1].x + self.segments[-1].width if self.segments else 0
        return round(end + CHART.px(5), 1)


def pillar_stacks(rows, label=str) -> tuple[list[Stack], BarChart]:
    """Stacked bars comparing several BalanceRows on the same scale."""
    largest = max((row.total for row in rows), default=0) or 1
    placed, height = _rows([label(row.obj) for row in rows])
    stacks = []
    for row, place in zip(rows, placed, strict=True):
        x = 0.0
        segments = []
        for pillar, count in row.counts:
            width = round((CHART.width - VALUE_ROOM) * count / largest, 1)
            if count:
                segments.append(
                    Bar(pillar.value, str(pillar.label), count, round(x, 1), place.bar_y, width)
                )
            x += width
        missing = [str(p.label) for p in row.missing]
        stacks.append(
            Stack(row.obj, label(row.obj), row.total, place.bar_y, segments, missing, place)
        )
    return stacks, BarChart([], CHART.width, height, placed)


# Figures over time ---------------------------------------------------------------

# As wide as the bar charts, for the same reason; the left margin fits the
# widest value written on the axis.
SERIES_WIDTH = CHART.width
SERIES_HEIGHT = round(CHART.px(200))
SERIES_MARGIN = (CHART.px(14), CHART.px(16), CHART.px(30))  # top, right, bottom
TICK_FONT = CHART.px(11)


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

    @property
    def text(self) -> str:
        return format_number(Decimal(str(round(self.value, 6))))


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
    left: float = 0
    font_size: float = TICK_FONT

    @property
    def path(self) -> str:
        return "M" + " L".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def baseline(self) -> float:
        return round(SERIES_HEIGHT - SERIES_MARGIN[2], 1)

    @property
    def tick_x(self) -> float:
        return round(self.left - CHART.px(5), 1)

    @property
    def year_y(self) -> float:
        return round(self.baseline + CHART.px(16), 1)

    @property
    def right(self) -> float:
        return round(SERIES_WIDTH - SERIES_MARGIN[1], 1)


def _nice_step(span: float, count: int = 4) -> float:
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def layout_series(series: Series) -> Series:
    """Points on a time axis (proportional to the years), values from zero up."""
    top, right, bottom = SERIES_MARGIN
    figures = sorted(series.figures, key=lambda f: f.year)
    values = [float(f.value) for f in figures]
    low = min(0.0, min(values))
    step = _nice_step((max(values) - low) or 1)
    high = math.ceil(max(values) / step) * step or step
    first, last = figures[0].year, figures[-1].year
    count = int(round((high - low) / step))
    series.ticks = [Tick(low + i * step, 0) for i in range(count + 1)]
    # The widest value on the axis, and room for a half year label left of the first point.
    widest = max(text_width(tick.text, TICK_FONT) for tick in series.ticks)
    left = series.left = round(max(widest + CHART.px(9), text_width("2000", TICK_FONT)), 1)

    def y_of(value: float) -> float:
        return round(top + (high - value) / (high - low) * (SERIES_HEIGHT - top - bottom), 1)

    def x_of(year: int) -> float:
        return round(left + (year - first) / (last - first) * (SERIES_WIDTH - left - right), 1)

    series.points = [Point(f, f.year, f.value, x_of(f.year), y_of(float(f.value))) for f in figures]
    for tick in series.ticks:
        tick.y = y_of(tick.value)
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
