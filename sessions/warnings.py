"""Warnings that are not errors: shown to the reviewer, never blocking the clerk."""

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from councils.models import Council, Term
from councils.text import dmy
from sessions.models import Resolution
from sessions.selectors import WorkCounts, work_counts_by_council

MIN_REGULAR_SESSIONS = 2  # Luật Tổ chức chính quyền địa phương: at least two regular sessions a year


def terms_by_council(councils: list[Council]) -> dict[int, list[Term]]:
    terms = defaultdict(list)
    for term in Term.objects.filter(council__in=councils):
        terms[term.council_id].append(term)
    return terms


def held_to_minimum(council: Council, year: int, today: datetime.date, terms: dict[int, list[Term]]) -> bool:
    """Whether the council's year must have had MIN_REGULAR_SESSIONS: a year that is over, spent
    whole in one term by a unit that lasted it (partial years are not held to it). The warning
    and the checklists (reports.checks) ask this."""
    return year < today.year and _whole_year_in_one_term(council, terms, year)


def warnings_by_council(
    councils: list[Council],
    year: int,
    today: datetime.date | None = None,
    counts: dict[int, WorkCounts] | None = None,
    terms: dict[int, list[Term]] | None = None,
) -> dict[int, list[str]]:
    """{council id: warnings for the year}, in a fixed number of queries (pass `counts` and
    `terms` if you have them)."""
    today = today or timezone.localdate()
    counts = counts if counts is not None else work_counts_by_council(councils, year)
    terms = terms if terms is not None else terms_by_council(councils)
    resolutions = list(
        Resolution.objects.for_councils(councils)
        .in_year(year)
        .values_list("session__council", "scope_key", "kind", "number", "code", "adopted_on")
        .order_by("adopted_on", "pk")
    )
    numbers = defaultdict(set)
    for council_id, _scope, kind, number, _code, _day in resolutions:
        if kind == Resolution.Kind.INDIVIDUAL:
            numbers[council_id].add(number)
    duplicates = _stored_duplicates(resolutions)
    warnings = {}
    for council in councils:
        found = []
        regular = counts[council.pk].regular_sessions
        if regular < MIN_REGULAR_SESSIONS and held_to_minimum(council, year, today, terms):
            found.append(
                (
                    _("Năm %(year)s chỉ có %(n)s kỳ họp thường lệ (luật quy định ít nhất %(min)s).")
                    if regular
                    else _("Năm %(year)s chưa có kỳ họp thường lệ nào (luật quy định ít nhất %(min)s).")
                )
                % {"year": year, "n": regular, "min": MIN_REGULAR_SESSIONS}
            )
        found += duplicates[council.pk]
        gaps, missing = _gaps(numbers[council.pk], council.resolution_numbering)
        if gaps:
            shown = ", ".join(f"{n:02d}" for n in gaps) + ("…" if missing > len(gaps) else "")
            found.append(_("Số nghị quyết bị bỏ trống trong năm %(year)s: %(gaps)s.") % {"year": year, "gaps": shown})
        warnings[council.pk] = found
    return warnings


def _stored_duplicates(resolutions: list[tuple]) -> dict[int, list[str]]:
    """Numbers stored more than once in one scope (from before the database refused them: see the
    migration that set the scope keys) — one warning each, naming the resolutions' dates."""
    groups = defaultdict(list)
    for council_id, scope, kind, number, code, adopted_on in resolutions:
        groups[(council_id, scope.partition("#")[0], kind, number)].append((code, adopted_on))
    found = defaultdict(list)
    for (council_id, _scope, _kind, _number), same in groups.items():
        if len(same) > 1:
            found[council_id].append(
                _("Số %(code)s được dùng cho %(n)s nghị quyết (ngày %(days)s): hãy sửa số cho đúng.")
                % {"code": same[0][0], "n": len(same), "days": ", ".join(dmy(day) for _code, day in same)}
            )
    return found


def council_year_warnings(council: Council, year: int, today: datetime.date | None = None) -> list[str]:
    return warnings_by_council([council], year, today)[council.pk]


def _whole_year_in_one_term(council: Council, terms: dict, year: int) -> bool:
    """Partial years (a term or a unit starting or ending in the year) are not held to the minimum."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    in_one_term = any(term.contains(first) and term.contains(last) for term in terms[council.pk])
    return in_one_term and council.unit.is_valid_on(first) and council.unit.is_valid_on(last)


def _gaps(numbers: set[int], numbering: str, shown: int = 20) -> tuple[list[int], int]:
    """The first `shown` numbers missing in the year's individual resolutions, and how many are
    missing in all: from 01 in a yearly scope; between the year's first and last in a term scope
    (earlier numbers belong to earlier years). Its cost follows the numbers stored, not their
    size: one resolution numbered 20000000 costs no more than one numbered 20."""
    if not numbers:
        return [], 0
    ordered = sorted(numbers)
    first = 1 if numbering == Council.Numbering.YEAR else ordered[0]
    missing_total = ordered[-1] - first + 1 - sum(1 for n in ordered if n >= first)
    missing, expected = [], first
    for number in ordered:
        while expected < number and len(missing) < shown:
            missing.append(expected)
            expected += 1
        if len(missing) == shown:
            break
        expected = max(expected, number + 1)
    return missing, missing_total


def numbering_gaps(council: Council, year: int) -> list[int]:
    numbers = set(
        Resolution.objects.for_council_year(council, year)
        .filter(kind=Resolution.Kind.INDIVIDUAL)
        .values_list("number", flat=True)
    )
    return _gaps(numbers, council.resolution_numbering)[0]
