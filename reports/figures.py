"""The year's figures for a council and the councils below it: the one place that computes them.

The dashboard, the annual report and the exports read `year_figures()`; each figure carries
the link to the list of the records it counts (reports.lists), with the same filters.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.models import LEVEL_ORDER, Council, Level, Submission
from councils.text import dmy
from oversight.models import FollowUpItem, PetitionType
from oversight.selectors import ConstituentWork, constituent_work_by_council
from reports.checks import Check, sessions_without_meeting_after, year_checks
from sessions.models import Session
from sessions.selectors import WorkCounts, work_counts_by_council
from sessions.warnings import warnings_by_council


@dataclass(frozen=True)
class FigureSpec:
    key: str
    label: str
    list_slug: str
    params: dict
    value: Callable[[WorkCounts, ConstituentWork], int]
    better: str = "none"  # which way is good news: "more", "less", or "none" (petitions received)


@dataclass(frozen=True)
class Trend:
    """How a figure moved since last year, and whether that is good news."""

    arrow: str  # ▲ or ▼
    meaning: str  # "good", "bad" or "neutral"
    label: str


def trend(spec: FigureSpec, now: int, before: int | None) -> Trend | None:
    if before is None or now == before:
        return None
    up = now > before
    meaning = "neutral" if spec.better == "none" else ("good" if up == (spec.better == "more") else "bad")
    change = _("tăng %(n)s so với năm trước") if up else _("giảm %(n)s so với năm trước")
    return Trend("▲" if up else "▼", meaning, change % {"n": abs(now - before)})


SPECS = [
    FigureSpec("sessions", _("Kỳ họp"), "ky-hop", {}, lambda w, c: w.sessions),
    FigureSpec(
        "regular_sessions", _("— kỳ họp thường lệ"), "ky-hop", {"loai": "THUONG_LE"}, lambda w, c: w.regular_sessions
    ),
    FigureSpec(
        "thematic_sessions", _("— kỳ họp chuyên đề"), "ky-hop", {"loai": "CHUYEN_DE"}, lambda w, c: w.thematic_sessions
    ),
    FigureSpec(
        "other_sessions",
        _("— kỳ họp giải quyết công việc đột xuất"),
        "ky-hop",
        {"loai": [Session.Kind.URGENT, Session.Kind.EXTRAORDINARY]},
        lambda w, c: w.other_sessions,
    ),
    FigureSpec("resolutions", _("Nghị quyết"), "nghi-quyet", {}, lambda w, c: w.resolutions),
    FigureSpec("sc_meetings", _("Phiên họp Thường trực"), "phien-hop", {}, lambda w, c: w.sc_meetings),
    FigureSpec("questions", _("Lượt chất vấn"), "chat-van", {}, lambda w, c: w.questions),
    FigureSpec(
        "thematic_oversight",
        _("Giám sát chuyên đề"),
        "giam-sat",
        {"hinh_thuc": "CHUYEN_DE"},
        lambda w, c: c.thematic_oversight,
        better="more",
    ),
    FigureSpec("surveys", _("Khảo sát"), "giam-sat", {"hinh_thuc": "KHAO_SAT"}, lambda w, c: c.surveys),
    FigureSpec("voter_meetings", _("Cuộc tiếp xúc cử tri"), "tiep-xuc", {}, lambda w, c: c.voter_meeting_total),
    FigureSpec("opinions_raised", _("Ý kiến, kiến nghị cử tri"), "y-kien", {}, lambda w, c: c.opinions_raised),
    FigureSpec(
        "opinions_answered",
        _("— đã được trả lời"),
        "y-kien",
        {"da_tra_loi": "true"},
        lambda w, c: c.opinions_answered,
        better="more",
    ),
    FigureSpec("petitions", _("Đơn thư tiếp nhận"), "don-thu", {}, lambda w, c: c.petition_total),
    *[
        FigureSpec(key, label, "don-thu", {"loai": kind}, lambda w, c, kind=kind: c.petitions[kind])
        for key, label, kind in [
            ("complaints", _("— khiếu nại"), PetitionType.COMPLAINT),
            ("denunciations", _("— tố cáo"), PetitionType.DENUNCIATION),
            ("recommendation_petitions", _("— kiến nghị"), PetitionType.RECOMMENDATION),
            ("reflections", _("— phản ánh"), PetitionType.REFLECTION),
        ]
    ],
    FigureSpec(
        "petitions_overdue",
        _("Đơn thư quá hạn xử lý"),
        "don-thu",
        {"qua_han": "true"},
        lambda w, c: c.petitions_overdue,
        better="less",
    ),
    FigureSpec(
        "follow_up_overdue",
        _("Kiến nghị, cam kết quá hạn"),
        "kien-nghi",
        {"qua_han": "true"},
        lambda w, c: c.follow_up_overdue,
        better="less",
    ),
]
SPEC_BY_KEY = {spec.key: spec for spec in SPECS}
# The per-commune table: the same figures, fewer columns.
TABLE_KEYS = [
    "regular_sessions",
    "thematic_sessions",
    "sessions",
    "resolutions",
    "sc_meetings",
    "thematic_oversight",
    "voter_meetings",
    "opinions_raised",
    "opinions_answered",
    "petitions",
    "follow_up_overdue",
]


@dataclass(frozen=True)
class Cell:
    value: int
    url: str


def list_url(list_slug: str, params: dict) -> str:
    return f"{reverse('record_list', args=[list_slug])}?{urlencode(params, doseq=True)}"


def cells(scope: dict, year: int, work: WorkCounts, constituent: ConstituentWork) -> dict[str, Cell]:
    """Every figure for one scope ({"pham_vi": "12"} or {"pham_vi": "12-duoi"}), each with its drill-down."""
    return {
        spec.key: Cell(spec.value(work, constituent), list_url(spec.list_slug, {**scope, "nam": year, **spec.params}))
        for spec in SPECS
    }


@dataclass
class CommuneRow:
    council: Council
    cells: dict[str, Cell]
    submission: Submission | None
    warnings: list[str]
    checks: list[Check]

    @property
    def table_cells(self) -> list[Cell]:
        return [self.cells[key] for key in TABLE_KEYS]

    own_warnings: list[str] = field(default_factory=list)  # those not shared by many (see YearFigures)
    part: str = ""  # "từ 01/07/2025" for a unit that began during the year (see part_of_year)

    @property
    def state(self) -> str:
        return self.submission.get_status_display() if self.submission else _("Chưa gửi")

    @property
    def reviewed(self) -> str:
        """Who reviewed the year and when: "12/01/2024, Hà Thị Huyền" (empty before any review)."""
        submission = self.submission
        if submission is None or submission.reviewed_at is None:
            return ""
        who = (
            submission.reviewed_by.get_full_name() or submission.reviewed_by.username if submission.reviewed_by else ""
        )
        when = timezone.localtime(submission.reviewed_at).strftime("%d/%m/%Y")
        return f"{when}, {who}" if who else when


def part_of_year(unit, year: int) -> str:
    """For a unit that began or ended during the year (a merger on 01/07/2025): which part of the
    year its figures cover, "từ 01/07/2025" or "đến 30/06/2025"; empty for the whole year."""
    if unit.valid_to and unit.valid_to.year == year:
        return _("đến %(day)s") % {"day": dmy(unit.valid_to)}
    if unit.valid_from.year == year and (unit.valid_from.month, unit.valid_from.day) != (1, 1):
        return _("từ %(day)s") % {"day": dmy(unit.valid_from)}
    return ""


@dataclass
class LevelTotal:
    """The councils below at one level: a province's districts, or its communes."""

    level: str
    cells: dict[str, Cell]
    previous: dict[str, int]

    @property
    def label(self) -> str:
        return Level(self.level).label


@dataclass(frozen=True)
class HeadlineRow:
    spec: FigureSpec
    own: Cell
    own_before: int | None
    own_trend: Trend | None
    communes: Cell | None
    communes_before: int | None
    communes_trend: Trend | None
    by_level: list[Cell] = field(default_factory=list)  # when there are councils of two levels below


@dataclass
class YearFigures:
    council: Council
    year: int
    own: dict[str, Cell]
    own_previous: dict[str, int]
    communes: dict[str, Cell] | None = None
    communes_previous: dict[str, int] | None = None
    rows: list[CommuneRow] = field(default_factory=list)
    own_warnings: list[str] = field(default_factory=list)
    own_submission: Submission | None = None
    follow_up_status: dict[str, int] = field(default_factory=dict)
    shared_warnings: list[tuple[str, int]] = field(default_factory=list)  # (warning, how many communes)
    levels: list[LevelTotal] = field(default_factory=list)  # the councils below, level by level

    @property
    def has_communes(self) -> bool:
        return self.communes is not None

    @property
    def has_previous_data(self) -> bool:
        """Whether last year has any record to compare with (else every change would read "0 ▲")."""
        return any(self.own_previous.values()) or any((self.communes_previous or {}).values())

    @property
    def headline(self) -> list["HeadlineRow"]:
        """The figures in report order, each beside last year's and how it moved."""
        rows = []
        for spec in SPECS:
            own_before = self.own_previous[spec.key] if self.has_previous_data else None
            communes = self.communes[spec.key] if self.communes else None
            communes_before = (
                self.communes_previous[spec.key] if self.communes_previous and self.has_previous_data else None
            )
            rows.append(
                HeadlineRow(
                    spec,
                    self.own[spec.key],
                    own_before,
                    trend(spec, self.own[spec.key].value, own_before),
                    communes,
                    communes_before,
                    trend(spec, communes.value, communes_before) if communes else None,
                    [total.cells[spec.key] for total in self.levels] if len(self.levels) > 1 else [],
                )
            )
        return rows

    @property
    def table_headers(self) -> list[str]:
        return [SPEC_BY_KEY[key].label.lstrip("— ").capitalize() for key in TABLE_KEYS]

    @property
    def totals(self) -> list[Cell]:
        return [self.communes[key] for key in TABLE_KEYS] if self.communes else []


def _values(work: WorkCounts, constituent: ConstituentWork) -> dict[str, int]:
    return {spec.key: spec.value(work, constituent) for spec in SPECS}


def year_figures(
    council: Council, year: int, today: datetime.date | None = None, *, with_communes: bool = True
) -> YearFigures:
    """The council's figures for the year and, for a district, each commune's and their total,
    with last year's for comparison. A fixed number of queries whatever the number of communes.
    `with_communes=False` for a reader who may not read the communes: their figures are left out."""
    today = today or timezone.localdate()
    below = Council.objects.with_unit().below(council, year)  # Vietnamese order (Council.Meta)
    # level by level (a province's districts, then its communes), each in Vietnamese order
    communes = sorted(below, key=lambda c: LEVEL_ORDER.index(c.unit.level)) if with_communes else []
    everyone = [council, *communes]
    work = work_counts_by_council(everyone, year)
    constituent = constituent_work_by_council(everyone, year, today)
    last_work = work_counts_by_council(everyone, year - 1)
    last_constituent = constituent_work_by_council(everyone, year - 1, today)
    warnings = warnings_by_council(everyone, year, today, counts=work)
    submissions = {
        s.council_id: s
        for s in Submission.objects.filter(council__in=everyone, year=year).select_related("reviewed_by")
    }

    figures = YearFigures(
        council=council,
        year=year,
        own=cells({"pham_vi": str(council.pk)}, year, work[council.pk], constituent[council.pk]),
        own_previous=_values(last_work[council.pk], last_constituent[council.pk]),
        own_warnings=warnings[council.pk],
        own_submission=submissions.get(council.pk),
    )
    total = constituent[council.pk]
    if communes:

        def totals(scope: str, councils: list[Council]):
            """The councils' figures summed (with their drill-down scope), last year's, and the
            summed constituent work (for the register's status)."""
            summed = sum((constituent[c.pk] for c in councils), ConstituentWork())
            this_year = cells({"pham_vi": scope}, year, sum((work[c.pk] for c in councils), WorkCounts()), summed)
            last_year = _values(
                sum((last_work[c.pk] for c in councils), WorkCounts()),
                sum((last_constituent[c.pk] for c in councils), ConstituentWork()),
            )
            return this_year, last_year, summed

        figures.communes, figures.communes_previous, below = totals(f"{council.pk}-duoi", communes)
        for level in LEVEL_ORDER:
            if at_level := [c for c in communes if c.unit.level == level]:
                this_year, last_year, _summed = totals(f"{council.pk}-duoi-{level}", at_level)
                figures.levels.append(LevelTotal(level, this_year, last_year))
        missing_after = sessions_without_meeting_after(communes, year)
        finished = year < today.year
        for commune in communes:
            w, submission = work[commune.pk], submissions.get(commune.pk)
            checks = year_checks(
                w,
                constituent[commune.pk],
                missing_after.get(commune.pk, 0),
                submission,
                warnings[commune.pk],
                finished=finished,
            )
            figures.rows.append(
                CommuneRow(
                    commune,
                    cells({"pham_vi": str(commune.pk)}, year, w, constituent[commune.pk]),
                    submission,
                    warnings[commune.pk],
                    checks,
                    part=part_of_year(commune.unit, year),
                )
            )
        _group_shared_warnings(figures)
        total = total + below
    figures.follow_up_status = {label: total.follow_up[value] for value, label in FollowUpItem.Status.choices}
    return figures


SHARED = 3  # a warning given to this many communes or more is said once, with their number


def _group_shared_warnings(figures: YearFigures) -> None:
    """The same warning for 24 communes ("0 kỳ họp thường lệ") is one line, not 24."""
    counts = Counter(warning for row in figures.rows for warning in row.warnings)
    shared = {warning for warning, n in counts.items() if n >= SHARED}
    figures.shared_warnings = [(warning, counts[warning]) for warning in counts if warning in shared]
    for row in figures.rows:
        row.own_warnings = [warning for warning in row.warnings if warning not in shared]
