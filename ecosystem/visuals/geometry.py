"""Shared by the pictures: sizes for the narrowest rendering, boxes, labels."""

from __future__ import annotations

from dataclasses import dataclass

from ecosystem.visuals.text import LINE_HEIGHT, text_width


@dataclass(frozen=True)
class Scale:
    """A drawing ``width`` units wide, shown at least ``min_px`` CSS pixels wide."""

    name: str
    width: int
    min_px: int

    def px(self, pixels: float) -> float:
        """``pixels`` CSS pixels at the narrowest rendering, in the drawing's units."""
        return round(pixels * self.width / self.min_px, 2)

    def zoom(self, base: float) -> float:
        """From a drawing ``base`` units wide to this one."""
        return self.width / base


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return round(self.x1 - self.x0, 1)

    @property
    def height(self) -> float:
        return round(self.y1 - self.y0, 1)

    def grow(self, by: float) -> Box:
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def within(self, other: Box) -> bool:
        return (
            other.x0 <= self.x0
            and self.x1 <= other.x1
            and other.y0 <= self.y0
            and self.y1 <= other.y1
        )

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def nearest(self, x: float, y: float) -> tuple[float, float]:
        return min(max(x, self.x0), self.x1), min(max(y, self.y0), self.y1)

    def crossed_by(self, x1: float, y1: float, x2: float, y2: float) -> bool:
        """Whether the segment passes through the box (Liang–Barsky clipping)."""
        low, high = 0.0, 1.0
        dx, dy = x2 - x1, y2 - y1
        for p, q in (
            (-dx, x1 - self.x0),
            (dx, self.x1 - x1),
            (-dy, y1 - self.y0),
            (dy, self.y1 - y1),
        ):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
        return True


@dataclass
class Label:
    text: str
    x: float
    y: float  # the middle of the line
    anchor: str  # "start", "middle" or "end"
    box: Box


def make_label(text: str, x: float, y: float, anchor: str, size: float, bold=False) -> Label:
    width = text_width(text, size, bold)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    height = size * LINE_HEIGHT
    box = Box(
        round(left, 1), round(y - height / 2, 1), round(left + width, 1), round(y + height / 2, 1)
    )
    return Label(text, round(x, 1), round(y, 1), anchor, box)
