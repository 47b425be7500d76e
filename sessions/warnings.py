"""Warnings that are not errors: shown to the reviewer, never blocking the clerk."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from councils.models import Council
from sessions.models import Resolution
from sessions.selectors import work_counts

MIN_REGULAR_SESSIONS = 2  # Luật Tổ chức chính quyền địa phương: at least two regular sessions a year


def council_year_warnings(council: Council, year: int, today: datetime.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    warnings = []
    regular = work_counts(council, year).regular_sessions
    if year < today.year and regular < MIN_REGULAR_SESSIONS and _whole_year_in_one_term(council, year):
        warnings.append(
            _("Năm %(year)s chỉ có %(n)s kỳ họp thường lệ (luật quy định ít nhất %(min)s).")
            % {"year": year, "n": regular, "min": MIN_REGULAR_SESSIONS}
        )
    gaps = numbering_gaps(council, year)
    if gaps:
        warnings.append(
            _("Số nghị quyết bị bỏ trống trong năm %(year)s: %(gaps)s.")
            % {"year": year, "gaps": ", ".join(f"{n:02d}" for n in gaps[:20]) + ("…" if len(gaps) > 20 else "")}
        )
    return warnings


def _whole_year_in_one_term(council: Council, year: int) -> bool:
    """Partial years (a term or a unit starting or ending in the year) are not held to the minimum."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    term = council.term_on(first)
    return (
        term is not None and term.contains(last) and council.unit.is_valid_on(first) and council.unit.is_valid_on(last)
    )


def numbering_gaps(council: Council, year: int) -> list[int]:
    """Numbers missing in the year's sequence of individual resolutions, within the council's
    numbering scope (from 01 in a yearly scope; between the year's first and last in a term scope)."""
    numbers = sorted(
        set(
            Resolution.objects.for_council_year(council, year)
            .filter(kind=Resolution.Kind.CA_BIET)
            .values_list("number", flat=True)
        )
    )
    if not numbers:
        return []
    first = 1 if council.resolution_numbering == Council.Numbering.YEAR else numbers[0]
    return sorted(set(range(first, numbers[-1] + 1)) - set(numbers))
