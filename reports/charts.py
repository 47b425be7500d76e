"""Bar charts drawn as SVG on the server, with text labels: readable without JavaScript,
and the same markup goes into the PDF report."""

from dataclasses import dataclass

# Colours with enough contrast for print in black and white too.
PALETTE = ["#a31515", "#e8a33d", "#4a6fa5", "#6b8e23", "#7f7f7f"]
LABEL_WIDTH, ROW_HEIGHT, BAR_HEIGHT, VALUE_GAP = 190, 22, 14, 6


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    value: int


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    segments: list[Segment]
    total: int
    total_x: float


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    bars: list[Bar]
    legend: list[tuple[str, str, float]]  # (label, colour, x)
    legend_y: float
    text_y_offset: float = BAR_HEIGHT - 3


def bar_chart(title: str, series: list[str], rows: list[tuple[str, list[int]]], width: int = 640) -> Chart:
    """Horizontal stacked bars: one row per label, one segment per series."""
    top = 8
    biggest = max((sum(values) for _label, values in rows), default=0) or 1
    scale = (width - LABEL_WIDTH - 40) / biggest
    bars = []
    for i, (label, values) in enumerate(rows):
        x, segments = float(LABEL_WIDTH), []
        for j, value in enumerate(values):
            if value:
                segments.append(Segment(x, value * scale, PALETTE[j % len(PALETTE)], value))
                x += value * scale
        bars.append(Bar(label, top + i * ROW_HEIGHT, segments, sum(values), x + VALUE_GAP))
    legend_y = top + len(rows) * ROW_HEIGHT + 14
    legend = [(name, PALETTE[j % len(PALETTE)], LABEL_WIDTH + j * 150) for j, name in enumerate(series)]
    return Chart(title, width, int(legend_y + 16), bars, legend, legend_y)
