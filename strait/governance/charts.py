"""Bar charts for the committee report, as geometry the template draws as inline SVG.

Only numbers and the labels leave here: the template writes ``<rect>`` and ``<text>`` from them
with Django's autoescape on, so a label never becomes markup. In Arabic the charts mirror (the
first column at the right, bars growing from the right), as the page does. SVG text holds only
digits (years, values): labels in words are HTML, laid out right to left by the text engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 520  # SVG user units; the template scales the chart to the column's width


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    # Where the value and the label are written, and their anchors.
    value_x: float
    value_y: float
    label_x: float
    label_y: float
    anchor: str
    value_anchor: str
    highlight: bool = False


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    baseline: tuple[float, float, float, float]  # x1, y1, x2, y2

    @property
    def empty(self) -> bool:
        return not any(b.value for b in self.bars)


def columns(
    items: Sequence[tuple[str, int]],
    *,
    rtl: bool = False,
    height: int = 120,
    highlight: Sequence[str] = (),
) -> Chart:
    """Vertical bars, one per item (years, in order): the first at the left, at the right in
    Arabic."""
    top, bottom = 16.0, 18.0  # room for the values above and the labels below
    n = max(len(items), 1)
    slot = WIDTH / n
    bar_width = min(slot * 0.6, 40.0)
    most = max((value for _, value in items), default=0) or 1
    usable = height - top - bottom
    bars = []
    for i, (label, value) in enumerate(items):
        position = n - 1 - i if rtl else i
        centre = slot * position + slot / 2
        bar_height = usable * value / most
        y = top + usable - bar_height
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(centre - bar_width / 2, 1),
                y=round(y, 1),
                width=round(bar_width, 1),
                height=round(bar_height, 1),
                value_x=round(centre, 1),
                value_y=round(y - 3, 1),
                label_x=round(centre, 1),
                label_y=round(height - 5, 1),
                anchor="middle",
                value_anchor="middle",
                highlight=label in highlight,
            )
        )
    return Chart(WIDTH, height, bars, (0, top + usable, WIDTH, top + usable))


@dataclass(frozen=True)
class Row:
    label: str
    value: int
    length: float  # the bar's length, 0 to 100 (the longest is 100)
    x: float  # where the bar starts in a 0..100 box: at the right in Arabic


def rows(items: Sequence[tuple[str, int]], *, rtl: bool = False) -> list[Row]:
    """Horizontal bars, one per item. The labels are written in HTML beside them (WeasyPrint
    writes SVG text without joining Arabic letters nor ordering them right to left); each bar
    is a small SVG of its own, growing from the right in Arabic."""
    most = max((value for _, value in items), default=0) or 1
    found = []
    for label, value in items:
        length = round(100 * value / most, 1)
        found.append(Row(label, value, length, round(100 - length, 1) if rtl else 0.0))
    return found
