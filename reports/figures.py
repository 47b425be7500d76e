"""The year's figures for a council and the councils below it: the one place that computes them.

The dashboard, the annual report and the exports read `year_figures()`; each figure carries
the link to the list of the records it counts (reports.lists), with the same filters.
"""

import datetime
import functools
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils import tree
from councils.models import LEVEL_ORDER, Council, Level, Submission, UnitChangeEvent
from councils.text import days_text, dmy, person_name
from oversight.models import FollowUpItem
from oversight.selectors import ConstituentWork
from reports import tallies
from reports.checks import Check, sessions_without_meeting_after, year_checks
from reports.specs import SPEC_BY_KEY, SPECS, TABLE_KEYS, FigureSpec, Trend, trend
from sessions.selectors import WorkCounts
from sessions.warnings import held_to_minimum, terms_by_council, warnings_by_council


@dataclass(frozen=True)
class Cell:
    value: int
    url: str


def cells(scope: dict, year: int, work: WorkCounts, constituent: ConstituentWork) -> dict[str, Cell]:
    """Every figure for one scope ({"pham_vi": "12"} or {"pham_vi": "12-duoi"}), each with its
    drill-down: the list's address with the scope, the year and the figure's own filters. (A
    province's page has ~3,500: the parts that repeat are built once, not reversed and encoded
    for each.)"""
    scope_query = urlencode(scope, doseq=True)
    return {
        spec.key: Cell(
            spec.value(work, constituent),
            f"{_list_path(spec.list_slug, get_script_prefix())}?{scope_query}&{_figure_query(spec.key, year)}",
        )
        for spec in SPECS
    }


@functools.lru_cache(maxsize=64)
def _list_path(list_slug: str, script_prefix: str) -> str:
    return reverse("record_list", args=[list_slug])


@functools.lru_cache(maxsize=512)
def _figure_query(key: str, year: int) -> str:
    return urlencode({"nam": year, **SPEC_BY_KEY[key].params}, doseq=True)


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
    cut: bool = False  # counts fewer days than it lived: below this council for a part of its year
    merged_into: Council | None = None  # the row's council merged during the year into this one

    @property
    def note(self) -> str:
        """What the row's name needs said: "đến 30/06/2025, sáp nhập vào xã A Mới"."""
        merged = _("sáp nhập vào %(unit)s") % {"unit": self.merged_into.unit.full_name} if self.merged_into else ""
        return ", ".join(part for part in (self.part, merged) if part)

    @property
    def state(self) -> str:
        return self.submission.get_status_display() if self.submission else _("Chưa gửi")

    @property
    def reviewed(self) -> str:
        """Who reviewed the year and when: "12/01/2024, Hà Thị Huyền" (empty before any review)."""
        submission = self.submission
        if submission is None or submission.reviewed_at is None:
            return ""
        who = person_name(submission.reviewed_by) if submission.reviewed_by else ""
        when = timezone.localtime(submission.reviewed_at).strftime("%d/%m/%Y")
        return f"{when}, {who}" if who else when


def part_of_year(first: datetime.date, last: datetime.date) -> str:
    """Which part of its year a row covers, when not all of it: "từ 01/07/2025" for a commune made
    by a merger, "đến 30/06/2025" for one merged away, or for a district's commune that then moved
    under the province. Empty for the whole year."""
    starts, ends = (first.month, first.day) != (1, 1), (last.month, last.day) != (12, 31)
    return days_text(first if starts else None, last if ends else None)


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
class LevelCell:
    """A figure of one level below (a province's districts, its communes), beside last year's."""

    cell: Cell
    before: int | None
    trend: Trend | None


@dataclass(frozen=True)
class HeadlineRow:
    spec: FigureSpec
    own: Cell
    own_before: int | None
    own_trend: Trend | None
    communes: Cell | None
    communes_before: int | None
    communes_trend: Trend | None
    by_level: list[LevelCell] = field(default_factory=list)  # when there are councils of two levels below


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
    def has_merged(self) -> bool:
        """Whether a council below merged into another during the year (the table says what moved)."""
        return any(row.merged_into for row in self.rows)

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
                    [self._level_cell(spec, total) for total in self.levels] if len(self.levels) > 1 else [],
                )
            )
        return rows

    def _level_cell(self, spec: FigureSpec, total: LevelTotal) -> LevelCell:
        before = total.previous[spec.key] if self.has_previous_data else None
        return LevelCell(total.cells[spec.key], before, trend(spec, total.cells[spec.key].value, before))

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
    `with_communes=False` for a reader who may not read the communes: their figures are left out.

    The councils below count for the days they were below (councils.tree), as in their lists: the
    2025 of a district that ended on 30/06/2025 counts its communes' records up to that day."""
    today = today or timezone.localdate()
    first, last = tree.year_bounds(year)
    before_first, before_last = tree.year_bounds(year - 1)
    entries = tree.below([council.unit_id], before_first, last) if with_communes else []
    now, before = tree.clipped(entries, first, last), tree.clipped(entries, before_first, before_last)
    known = list(Council.objects.with_unit().filter(pk__in={entry.council for entry in entries}))
    units = {c.pk: c.unit for c in known}
    # level by level (a province's districts, then its communes), each in Vietnamese order (Council.Meta)
    below_now = {entry.council for entry in now}
    communes = sorted((c for c in known if c.pk in below_now), key=lambda c: LEVEL_ORDER.index(c.unit.level))
    everyone = [council, *communes]
    counted = tallies.counts_in(council.pk, {year: now, year - 1: before}, units, today)
    (work, constituent), (last_work, last_constituent) = counted[year], counted[year - 1]
    # a council's warnings are about its own year, not the part of it spent below this council
    cut = tree.is_cut(now, units, first, last)
    terms = terms_by_council(everyone)
    warnings = warnings_by_council(everyone, year, today, counts=None if cut else work, terms=terms)
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
        level_now = {c.pk: c.unit.level for c in communes}
        level_before = {entry.council: entry.level for entry in before}

        def totals(scope: str, level: str | None = None):
            """The councils' figures summed (with their drill-down scope), last year's, and the
            summed constituent work (for the register's status)."""
            ids = [pk for pk, at in level_now.items() if level in (None, at)]
            ids_before = [pk for pk, at in level_before.items() if level in (None, at)]
            summed = sum((constituent[pk] for pk in ids), ConstituentWork())
            this_year = cells({"pham_vi": scope}, year, sum((work[pk] for pk in ids), WorkCounts()), summed)
            last_year = _values(
                sum((last_work[pk] for pk in ids_before), WorkCounts()),
                sum((last_constituent[pk] for pk in ids_before), ConstituentWork()),
            )
            return this_year, last_year, summed

        figures.communes, figures.communes_previous, below = totals(f"{council.pk}-duoi")
        for level in LEVEL_ORDER:
            if level in level_now.values():
                this_year, last_year, _summed = totals(f"{council.pk}-duoi-{level}", level)
                figures.levels.append(LevelTotal(level, this_year, last_year))
        missing_after = sessions_without_meeting_after(communes, year)
        days, cut_ids = tree.days(now), tree.cut(now, units, first, last)
        for commune in communes:
            first_day, last_day = days[commune.pk]
            scope = {"pham_vi": str(commune.pk)}
            if (first_day, last_day) != (first, last):  # its list shows the same days
                scope |= {"tu_ngay": dmy(first_day), "den_ngay": dmy(last_day)}
            w, submission = work[commune.pk], submissions.get(commune.pk)
            checks = year_checks(
                w,
                constituent[commune.pk],
                missing_after.get(commune.pk, 0),
                submission,
                warnings[commune.pk],
                held=held_to_minimum(commune, year, today, terms),
            )
            figures.rows.append(
                CommuneRow(
                    commune,
                    cells(scope, year, w, constituent[commune.pk]),
                    submission,
                    warnings[commune.pk],
                    checks,
                    part=_life_part(commune.unit, first_day, last_day),
                    cut=commune.pk in cut_ids,
                )
            )
        _group_merged(figures, year)
        _group_shared_warnings(figures)
        total = total + below
    figures.follow_up_status = {label: total.follow_up[value] for value, label in FollowUpItem.Status.choices}
    return figures


def _life_part(unit, first: datetime.date, last: datetime.date) -> str:
    """The row's label: its days within its unit's life ("từ 01/07/2025" for a commune made by a
    merger, though it counts from 01/01 the open work its predecessors handed over)."""
    return part_of_year(max(first, unit.valid_from), min(last, unit.valid_to or last))


def _group_merged(figures: YearFigures, year: int) -> None:
    """A commune made by a merger during the year is followed by those merged into it, so the
    year of the new commune reads as one group (its predecessors' figures up to the merger, its
    own after, and the open work they handed over to it: oversight.handover)."""
    ended = {row.council.unit_id: row for row in figures.rows if row.council.unit.valid_to}
    if not ended:
        return
    rows = {row.council.unit_id: row for row in figures.rows}
    pairs = UnitChangeEvent.objects.filter(
        effective_date__year__in=[year, year + 1], predecessors__in=list(ended)
    ).values_list("predecessors", "successors")
    followers = {}
    for predecessor, successor in pairs:
        if predecessor in ended and successor in rows and successor != predecessor:
            ended[predecessor].merged_into = rows[successor].council
            followers.setdefault(successor, []).append(ended[predecessor])
    order = {id(row): n for n, row in enumerate(figures.rows)}  # Vietnamese order, whatever the query's
    for group in followers.values():
        group.sort(key=lambda row: order[id(row)])
    moved = {id(row) for group in followers.values() for row in group}
    grouped = []
    for row in figures.rows:
        if id(row) not in moved:
            grouped += [row, *followers.get(row.council.unit_id, [])]
    figures.rows = grouped


SHARED = 3  # a warning given to this many communes or more is said once, with their number


def _group_shared_warnings(figures: YearFigures) -> None:
    """The same warning for 24 communes ("0 kỳ họp thường lệ") is one line, not 24."""
    counts = Counter(warning for row in figures.rows for warning in row.warnings)
    shared = {warning for warning, n in counts.items() if n >= SHARED}
    figures.shared_warnings = [(warning, counts[warning]) for warning in counts if warning in shared]
    for row in figures.rows:
        row.own_warnings = [warning for warning in row.warnings if warning not in shared]
