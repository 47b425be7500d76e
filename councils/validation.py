"""Checks shared by every council record: is this day one on which the council existed?"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
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


FIRST_PLAUSIBLE_YEAR = 1945  # the first People's Councils
YEARS_AHEAD = 10  # a deadline, a term's end: no further ahead than this


def check_plausible_day(day: datetime.date) -> str | None:
    """A Vietnamese message if `day` is a real date but not a plausible one for any day of a
    council's work (31/12/9999, 01/01/0001: a slip of the keyboard), else None."""
    first, last = FIRST_PLAUSIBLE_YEAR, timezone.localdate().year + YEARS_AHEAD
    if first <= day.year <= last:
        return None
    return _("Ngày %(day)s không hợp lệ: chỉ nhận các năm %(first)s–%(last)s.") % {
        "day": dmy(day),
        "first": first,
        "last": last,
    }


class PlausibleDates:
    """Model mixin: every date field holds a plausible day (`check_plausible_day`), checked with the
    fields, so that admin, forms and imports refuse it with the other errors. A record's own day
    (`date_path`) is held to the stricter years of `check_day_in_council_life` instead."""

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        skipped = {*(exclude or ()), *errors, getattr(self, "date_path", None)}
        for field in self._meta.concrete_fields:
            if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
                day = getattr(self, field.attname)
                problem = isinstance(day, datetime.date) and field.name not in skipped and check_plausible_day(day)
                if problem:
                    errors[field.name] = [problem]
        if errors:
            raise ValidationError(errors)


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


def own_dated_records(council) -> list[tuple[str, models.QuerySet]]:
    """(the day's field, the council's records) for each record type that holds its council and its
    own day (`CouncilRecord.own_day_path`: a session, a Standing Committee meeting, a petition…)."""
    found = []
    for relation in type(council)._meta.related_objects:
        path = getattr(relation.related_model, "own_day_path", lambda: None)()
        if path and relation.field.name == "council":
            found.append((path, relation.related_model._default_manager.filter(council=council)))
    return found


def days_changed(record, fields: tuple[str, ...]) -> bool:
    """Whether a stored record's `fields` (its days) differ from what is stored."""
    if record.pk is None:
        return False
    stored = type(record)._default_manager.filter(pk=record.pk).values_list(*fields).first()
    return stored is not None and stored != tuple(getattr(record, name) for name in fields)


def broken_dependant(parent, *, skip: tuple[str, ...] = ()) -> str | None:
    """The first record of the parent's council hanging on `parent` (a term's sessions; a session's
    questions and voter meetings) that its own rules refuse against `parent` as it now is, said
    with why; None if none. For a parent whose days changed: each was checked against the days it
    had when saved. `skip` names the relations (their accessors) checked with the parent on its
    own page and in its workbook (a session's resolutions, its inline rows). Another council's
    (a commune's meeting after the district's session) are theirs to correct, not the editor's."""
    council_id = getattr(parent, "council_id", None)
    for relation in type(parent)._meta.related_objects:
        model = relation.related_model
        if not relation.one_to_many or relation.get_accessor_name() in skip or not hasattr(model, "check_rules"):
            continue
        records = model._default_manager.filter(**{relation.field.name: parent.pk})
        if council_id is not None and getattr(model, "council_path", None) == "council":
            records = records.filter(council_id=council_id)
        for record in records:
            setattr(record, relation.field.name, parent)
            try:
                record.clean()
            except ValidationError as error:
                return dependant_message(record, " ".join(error.messages))
    return None


def dependant_message(record, why: str) -> str:
    """Why new days of what `record` hangs on are refused, and how to get there."""
    kind = record._meta.verbose_name
    return _(
        "%(kind)s “%(record)s” sẽ không còn hợp lệ: %(why)s Hãy sửa %(kind_again)s ấy trước (nếu ngày mới "
        "của nó nằm ngoài thời gian hiện nay: mở rộng thời gian trước, sửa nó, rồi thu hẹp lại)."
    ) % {"kind": capfirst(kind), "record": record, "why": why, "kind_again": kind}
