"""Geometry for the results charts, drawn as inline SVG by the templates.

No JavaScript library: the server computes every bar's position here and the
template writes the ``<rect>`` and ``<text>`` elements (escaped as any text).
Pure functions over numbers; nothing here touches the database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    label: str  # the axis label ("Q3", "40–49%")
    value_text: str  # what the bar shows, as text ("72%", "5")
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    label_x: float
    label_y: float
    tone: str = ""  # a CSS modifier: "low", "mid", "high", "none"
    title: str = ""  # a tooltip (<title>) for the bar


@dataclass(frozen=True)
class Tick:
    text: str
    x1: float
    y1: float
    x2: float
    y2: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    axis_label: str
    axis_x: float
    axis_y: float


def facility_tone(facility: float | None) -> str:
    """Moodle's bands, coarsened: under 35% difficult, over 80% easy."""
    if facility is None:
        return "none"
    if facility < 0.35:
        return "low"
    if facility > 0.8:
        return "high"
    return "mid"


def facility_chart(
    rows: Sequence[tuple[str, str, float | None, str]], *, width: float = 640
) -> Chart:
    """One horizontal bar per question.

    Each row: (label, title, facility 0..1 or None, the text shown for None).
    """
    left, right, top, row_height = 56.0, 96.0, 28.0, 26.0
    plot = width - left - right
    bars = []
    for n, (label, title, facility, empty) in enumerate(rows):
        y = top + n * row_height
        length = 0.0 if facility is None else plot * max(0.0, min(1.0, facility))
        value_text = empty if facility is None else f"{facility * 100:.0f}%"
        bars.append(
            Bar(
                label=label,
                value_text=value_text,
                x=left,
                y=y + 4,
                width=round(length, 1),
                height=row_height - 8,
                text_x=round(left + length + 6, 1),
                text_y=y + row_height / 2 + 5,
                label_x=left - 8,
                label_y=y + row_height / 2 + 5,
                tone=facility_tone(facility),
                title=f"{label}: {title} — facility {value_text}",
            )
        )
    bottom = top + len(rows) * row_height
    ticks = tuple(
        Tick(
            text=f"{p}%",
            x1=round(left + plot * p / 100, 1),
            y1=top - 4,
            x2=round(left + plot * p / 100, 1),
            y2=bottom,
            text_x=round(left + plot * p / 100, 1),
            text_y=top - 10,
        )
        for p in (0, 25, 50, 75, 100)
    )
    return Chart(
        width=width,
        height=bottom + 30,
        bars=tuple(bars),
        ticks=ticks,
        axis_label="Facility index: mean score on the question",
        axis_x=left + plot / 2,
        axis_y=bottom + 22,
    )


@dataclass(frozen=True)
class Bin:
    label: str
    low: int  # percent, inclusive
    high: int  # percent, exclusive (the last bin includes 100)
    count: int


def score_bins(scores: Sequence[Decimal], *, size: int = 10) -> list[Bin]:
    """Counted scores (0..1) in bins of ``size`` percent; 100% joins the top bin."""
    edges = list(range(0, 100, size))
    counts = [0] * len(edges)
    for score in scores:
        percent = float(score) * 100
        index = min(int(percent // size), len(edges) - 1)
        counts[max(index, 0)] += 1
    return [
        Bin(
            label=f"{low}–{min(low + size, 100) - (0 if low + size >= 100 else 1)}%",
            low=low,
            high=low + size,
            count=count,
        )
        for low, count in zip(edges, counts, strict=True)
    ]


def histogram_chart(bins: Sequence[Bin], *, width: float = 640) -> Chart:
    """Vertical bars: how many students' counted scores fall in each bin."""
    left, right, top, bottom_margin, plot_height = 44.0, 12.0, 16.0, 52.0, 180.0
    plot = width - left - right
    tallest = max((b.count for b in bins), default=0)
    # Whole-number gridlines, at most five: 0, step, 2 step, ... up to the top.
    tick_step = max(1, math.ceil(tallest / 4))
    scale_top = max(tick_step * math.ceil(tallest / tick_step), 1)
    slot = plot / max(len(bins), 1)
    bars = []
    for n, b in enumerate(bins):
        height = plot_height * b.count / scale_top
        x = left + n * slot
        bars.append(
            Bar(
                label=b.label,
                value_text=str(b.count),
                x=round(x + 3, 1),
                y=round(top + plot_height - height, 1),
                width=round(slot - 6, 1),
                height=round(height, 1),
                text_x=round(x + slot / 2, 1),
                text_y=round(top + plot_height - height - 4, 1),
                label_x=round(x + slot / 2, 1),
                label_y=top + plot_height + 16,
                tone="mid",
                title=f"{b.count} student{'s' if b.count != 1 else ''} scored {b.label}",
            )
        )
    ticks = []
    for value in range(0, scale_top + 1, tick_step):
        y = round(top + plot_height - plot_height * value / scale_top, 1)
        ticks.append(
            Tick(
                text=str(value),
                x1=left - 4,
                y1=y,
                x2=width - right,
                y2=y,
                text_x=left - 8,
                text_y=y + 4,
            )
        )
    return Chart(
        width=width,
        height=top + plot_height + bottom_margin,
        bars=tuple(bars),
        ticks=tuple(ticks),
        axis_label="Final score that counts",
        axis_x=left + plot / 2,
        axis_y=top + plot_height + 40,
    )
