"""Checks shared by every council record: is this day one on which the council existed?"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.text import dmy


def year_range() -> tuple[int, int]:
    """The years the system holds records for: from the 2015 law's first year to next year."""
    return settings.RECORDS_FIRST_YEAR, timezone.localdate().year + 1


def validate_year(value: int) -> None:
    first, last = year_range()
    if not first <= value <= last:
        raise ValidationError(
            _("Năm %(year)s không hợp lệ: chỉ các năm %(first)s–%(last)s."),
            params={"year": value, "first": first, "last": last},
            code="year_out_of_range",
        )


def check_day_in_council_life(council, day: datetime.date, *, need_term: bool = False) -> str | None:
    """A Vietnamese message if `day` cannot be a day of this council's work, else None.

    Catches typed years that are real dates but not plausible ones (2203 for 2023),
    days outside the unit's existence (a merged commune after 31/12/2019; a day before a merger
    is a day of the new unit's work when the merged units existed then) and, where
    asked, days outside every term of the council.
    """
    first, last = year_range()
    if not first <= day.year <= last:
        return _("Năm %(year)s không hợp lệ: hồ sơ phải thuộc các năm %(first)s–%(last)s.") % {
            "year": day.year,
            "first": first,
            "last": last,
        }
    unit = council.unit
    if not unit.is_valid_on(day) and not unit.merged_from_units_valid_on(day):
        until = dmy(unit.valid_to) if unit.valid_to else "nay"
        return _("Ngày %(day)s nằm ngoài thời gian tồn tại của %(unit)s (%(start)s – %(end)s).") % {
            "day": dmy(day),
            "unit": unit.full_name,
            "start": dmy(unit.valid_from),
            "end": until,
        }
    if need_term and council.term_on(day) is None:
        return _("Ngày %(day)s không thuộc nhiệm kỳ nào của %(council)s.") % {
            "day": dmy(day),
            "council": council,
        }
    return None
