"""Import a council's workbook: all or nothing, every row validated as the forms validate it.

Each row finds its record by its natural key (`Sheet.key_of_row`; rows of one key are matched
with the stored records of that key in order), takes the row's values and is saved through
`councils.records.save_record` (`full_clean()`: the model's `check_rules`, its constraints, the
lock of an accepted year; audited), each in a savepoint so that every error of every row is
found. Rows entered together are also checked against each other by the model's
`sibling_errors`, as a form's inline rows are. One error anywhere, or `dry_run`, and the whole
transaction is rolled back: nothing is written. A row that changes nothing is not saved at all.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from councils import access
from councils.models import Council, locked_period_message
from councils.records import describe_changes, snapshot
from councils.text import dmy
from councils.validation import broken_dependant, validate_year
from sessions.models import StandingCommitteeMeeting
from workbooks import reader, sheets
from workbooks.layout import Context, RowProblem, Sheet, read_cell
from workbooks.reader import Problem

CREATE, CHANGE, SAME = "create", "change", "same"


@dataclass
class Outcome:
    row: int
    label: str
    action: str
    changes: list = field(default_factory=list)  # [(label, before, after)]


@dataclass
class SheetResult:
    title: str
    outcomes: list = field(default_factory=list)
    absent: int = 0  # stored records of the year no row matched: left as they are

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    @property
    def created(self) -> int:
        return self.count(CREATE)

    @property
    def changed(self) -> int:
        return self.count(CHANGE)

    @property
    def unchanged(self) -> int:
        return self.count(SAME)


@dataclass
class ImportResult:
    council: Council
    year: int | None
    dry_run: bool
    problems: list = field(default_factory=list)
    sheets: list = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def total(self, action: str) -> int:
        return sum(sheet.count(action) for sheet in self.sheets)

    @property
    def total_created(self) -> int:
        return self.total(CREATE)

    @property
    def total_changed(self) -> int:
        return self.total(CHANGE)

    @property
    def total_unchanged(self) -> int:
        return self.total(SAME)


def import_workbook(
    data: bytes, council: Council, *, user=None, dry_run: bool = False, sees_personal_data: bool = True
) -> ImportResult:
    """Read the workbook and write its rows into `council`'s records, or nothing (see the module).
    Whether `user` may write to `council` is the caller's decision (councils.access)."""
    with translation.override("vi"):
        read = reader.read(data)
        result = ImportResult(council, read.year, dry_run, problems=list(read.problems), rows=read.row_count)
        if result.problems:
            return result
        if problem := _refusal(read, council, user):
            result.problems.append(Problem("", None, "", problem))
            return result
        with transaction.atomic():
            ctx = sheets.context(council, read.year, user=user, sees_personal_data=sees_personal_data)
            for sheet in sheets.SHEETS:
                if sheet.key in read.sheets:
                    result.sheets.append(_import_sheet(sheet, read.sheets[sheet.key].rows, ctx, result.problems))
                    ctx.forget_sessions()
            if not result.problems:
                _check_what_hangs_on_moved(ctx, result.problems)
            if result.problems or dry_run:
                transaction.set_rollback(True)
        order = {str(sheet.title): index for index, sheet in enumerate(sheets.SHEETS)}
        result.problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0))  # as the clerk reads the file
        return result


def _refusal(read: reader.ReadWorkbook, council: Council, user) -> str | None:
    """Why this workbook cannot go into this council at all: another council's, a year out of
    range, a year `user` does not read whole (a commune that came under their district during
    it, or after), or a year the council above has accepted."""
    if read.slug != council.slug:
        return _("Tệp này là sổ của Hội đồng có mã “%(slug)s”, không phải của %(council)s (mã “%(own)s”).") % {
            "slug": read.slug,
            "council": council,
            "own": council.slug,
        }
    try:
        validate_year(read.year)
    except ValidationError as error:
        return " ".join(error.messages)
    if user is not None and not access.reads_in_year(user, council, read.year):
        return _(
            "Năm %(year)s, %(council)s không trực thuộc Hội đồng của bạn trọn năm: không nhập được số liệu năm ấy."
        ) % {"year": read.year, "council": council}
    # The lock's own message, asked of any record of that year.
    return locked_period_message(StandingCommitteeMeeting(council=council, date=datetime.date(read.year, 1, 1)))


def _import_sheet(sheet: Sheet, rows: list, ctx: Context, problems: list) -> SheetResult:
    title = str(sheet.title)
    result = SheetResult(title)
    stored = defaultdict(list)
    for record in sheet.records(ctx).order_by("pk"):
        stored[sheet.key_of_record(record, ctx)].append(record)
    seen, numbers, pending = Counter(), {}, []
    failed = ctx.failed.setdefault(sheet.key, set())
    matched = 0

    def report(row, column, message):
        problems.append(Problem(title, row, column, str(message)))

    for row, raw in rows:
        values, bad = _read_row(sheet, row, raw, ctx, report)
        stt = values.get("stt")
        if sheet.has_stt and stt is not None:
            if stt in numbers:
                message = _("STT %(n)s đã dùng ở dòng %(row)s.") % {"n": stt, "row": numbers[stt]}
                report(row, sheet.column("stt").header, message)
                bad = True
            numbers.setdefault(stt, row)
        if not bad:
            try:
                resolved = sheet.resolve(values, ctx)
            except RowProblem as problem:
                report(row, problem.column, problem.message)
                bad = True
        if bad:
            if stt is not None:
                failed.add(stt)
            continue
        key = sheet.key_of_row(values, resolved, ctx)
        record = None
        if key is not None:
            candidates, index = stored.get(key, []), seen[key]
            seen[key] += 1
            record = candidates[index] if index < len(candidates) else None
        before = None if record is None else snapshot(record)
        matched += record is not None
        record = record or sheet.new_record(values, ctx)
        sheet.apply(record, values, resolved, ctx)
        if before is not None and _unchanged(before, snapshot(record)):  # as save_record would: not saved
            try:
                if _hangs_on_written(record, ctx):
                    record.clean()  # unchanged, but what it hangs on changed (its session's days)
            except ValidationError as error:
                _report_error(sheet, row, error, report)
                if stt is not None:
                    failed.add(stt)
                continue
            if stt is not None:
                ctx.refs.setdefault(sheet.key, {})[stt] = record
            result.outcomes.append(Outcome(row, str(record), SAME))
            continue
        pending.append((row, stt, record, before))

    pending = _checked_together(sheet, pending, failed, report)
    for row, stt, record, before in pending:
        try:
            with transaction.atomic():
                saved = sheet.save(record, ctx)
        except ValidationError as error:
            _report_error(sheet, row, error, report)
            if stt is not None:
                failed.add(stt)
            continue
        if stt is not None:
            ctx.refs.setdefault(sheet.key, {})[stt] = saved
        ctx.written.add((saved._meta.label, saved.pk))
        if before is not None and _days_moved(before, saved):
            ctx.moved[saved] = (str(sheet.title), row)
        result.outcomes.append(_outcome(row, saved, before))
    result.absent = sum(len(records) for records in stored.values()) - matched
    return result


def _days_moved(before: dict, record) -> bool:
    after = snapshot(record)
    return any(
        before.get(f.attname) != after.get(f.attname)
        for f in record._meta.concrete_fields
        if isinstance(f, models.DateField)
    )


def _check_what_hangs_on_moved(ctx: Context, problems: list) -> None:
    """A record whose days the load changed still holds what hangs on it and has no row in the
    file (a resolution of a moved session left out of the file, or in next year's): said on the
    moved record's row. Those with a row were checked on theirs (`_hangs_on_written`)."""
    for record, (title, row) in ctx.moved.items():
        if problem := broken_dependant(record):
            problems.append(Problem(title, row, "", problem))


def _hangs_on_written(record, ctx: Context) -> bool:
    """Whether a record refers to one this load changed (a resolution to its moved session)."""
    return any(
        (field.related_model._meta.label, getattr(record, field.attname)) in ctx.written
        for field in record._meta.concrete_fields
        if field.is_relation
    )


def _report_error(sheet: Sheet, row: int, error: ValidationError, report) -> None:
    for name, messages in _by_field(error).items():
        for message in messages:
            report(row, sheet.column_of_error(name), message)


def _read_row(sheet: Sheet, row: int, raw: dict, ctx: Context, report) -> tuple[dict, bool]:
    values, bad = {}, False
    for column in sheet.columns:
        if column.key not in raw:
            continue
        try:
            values[column.key] = read_cell(column, raw[column.key], ctx)
        except ValueError as error:
            report(row, column.header, str(error))
            bad = True
            continue
        if column.required and not column.sets_field and values[column.key] is None:
            report(row, column.header, _("Ô này không được để trống."))
            bad = True
    day = values.get(sheet.date_key) if sheet.date_key else None
    if day and day.year != ctx.year:
        report(
            row,
            sheet.column(sheet.date_key).header,
            _("Ngày %(day)s không thuộc năm %(year)s của tệp này.") % {"day": dmy(day), "year": ctx.year},
        )
        bad = True
    return values, bad


def _checked_together(sheet: Sheet, pending: list, failed: set, report) -> list:
    """Rows of a model with `sibling_errors` (two resolutions with one number) checked against
    each other, after each was validated on its own — as a form's inline rows are."""
    check = getattr(sheet.model, "sibling_errors", None)
    if check is None:
        return pending
    valid = []
    for entry in pending:
        row, stt, record, _before = entry
        try:
            record.full_clean()
        except ValidationError as error:
            _report_error(sheet, row, error, report)
            if stt is not None:
                failed.add(stt)
            continue
        valid.append(entry)
    clashes = check([record for _row, _stt, record, _before in valid])
    for index, errors in clashes.items():
        row, stt = valid[index][0], valid[index][1]
        for name, message in errors.items():
            report(row, sheet.column_of_error(name), message)
        if stt is not None:
            failed.add(stt)
    return [entry for index, entry in enumerate(valid) if index not in clashes]


def _by_field(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def _unchanged(before: dict, after: dict) -> bool:
    return {k: v for k, v in before.items() if k != "version"} == {k: v for k, v in after.items() if k != "version"}


def _outcome(row: int, record, before: dict | None) -> Outcome:
    if before is None:
        return Outcome(row, str(record), CREATE)
    after = snapshot(record)
    changes = {
        name: [before.get(name), value]
        for name, value in after.items()
        if name != "version" and before.get(name) != value
    }
    if not changes:
        return Outcome(row, str(record), SAME)
    return Outcome(row, str(record), CHANGE, describe_changes(record, changes))
