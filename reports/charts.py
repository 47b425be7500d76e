"""Bar charts drawn as SVG on the server, with text labels: readable without JavaScript,
and the same markup goes into the PDF report."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from councils.models import Level
from reports.wording import Levels

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

    @property
    def annex_width_mm(self) -> int:
        """Printed width on a landscape A4 annex page: at most 200 mm wide and 140 mm tall, so a
        chart of 25 communes keeps to one page with its title."""
        return int(min(200, 140 * self.width / self.height))


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


MAX_BARS = 30  # more councils below than this (a province's 170 communes): a spread, not a bar each
MOST_SESSIONS = 6  # the spread's last bar: this many sessions or more


def _sessions_spread(figures) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """How many councils below held 0, 1, 2… sessions in the year, level by level: readable for 170
    communes, where a bar per commune would not be (one who held none stands out either way)."""
    levels = list(dict.fromkeys(row.council.unit.level for row in figures.rows))
    spread = {n: [0] * len(levels) for n in range(MOST_SESSIONS + 1)}
    for row in figures.rows:
        spread[min(row.cells["sessions"].value, MOST_SESSIONS)][levels.index(row.council.unit.level)] += 1
    rows = [
        (_("%(n)s kỳ họp") % {"n": n} if n < MOST_SESSIONS else _("%(n)s kỳ họp trở lên") % {"n": n}, counts)
        for n, counts in spread.items()
    ]
    return [str(Level(level).label) for level in levels], rows


def year_charts(figures, *, width: int = 640, dated: bool = False) -> dict[str, Chart]:
    """The year's charts from `reports.figures.YearFigures`, for the dashboard and the report alike:
    sessions by kind per commune (when there are communes), petitions by type, follow-up status.
    `dated` puts the year in the sessions chart's title, as the printed report wants."""
    charts, levels = {}, Levels.of_figures(figures)
    if len(figures.rows) > MAX_BARS:
        units = {"units": levels.below_units, "year": figures.year}
        title = _("HĐND %(units)s theo số kỳ họp năm %(year)s") if dated else _("HĐND %(units)s theo số kỳ họp")
        charts["sessions"] = bar_chart(title % units, *_sessions_spread(figures), width=width)
    elif figures.rows:
        title = (
            _("Kỳ họp HĐND %(units)s năm %(year)s theo loại") % {"units": levels.below_units, "year": figures.year}
            if dated
            else _("Kỳ họp HĐND %(units)s theo loại") % {"units": levels.below_units}
        )
        charts["sessions"] = bar_chart(
            title,
            [_("Thường lệ"), _("Chuyên đề"), _("Đột xuất")],
            [
                (
                    row.council.unit.name,
                    [row.cells[key].value for key in ("regular_sessions", "thematic_sessions", "other_sessions")],
                )
                for row in figures.rows
            ],
            width=width,
        )
    own, communes = figures.own, figures.communes
    kinds = [
        ("complaints", _("Khiếu nại")),
        ("denunciations", _("Tố cáo")),
        ("recommendation_petitions", _("Kiến nghị")),
        ("reflections", _("Phản ánh")),
    ]
    charts["petitions"] = bar_chart(
        _("Đơn thư tiếp nhận theo loại"),
        [levels.own.capitalize(), levels.below.capitalize()] if communes else [_("Số đơn")],
        [(label, [own[key].value, communes[key].value] if communes else [own[key].value]) for key, label in kinds],
        width=width,
    )
    charts["follow_up"] = bar_chart(
        _("Kiến nghị, cam kết theo tình trạng"),
        [_("Số kiến nghị, cam kết")],
        [(str(label), [n]) for label, n in figures.follow_up_status.items()],
        width=width,
    )
    return charts
