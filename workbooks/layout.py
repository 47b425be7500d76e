"""What a workbook sheet is: its columns, how a row finds its record (the natural key), how a
record becomes a row and a row a record. The sheets themselves are in workbooks/sheets/.

A column that sets a model field takes its header, its kind and its list from the field
(`field_column`), so the sheet says what the form says. Headers are Vietnamese in every UI
language: the workbook is read and written under `translation.override("vi")`.
"""

import datetime
from dataclasses import dataclass, field
from typing import ClassVar

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from councils import access
from councils.models import Council
from councils.records import save_record
from sessions.models import Session
from workbooks import cells

TEXT, DATE, INT, BOOL, CHOICE, LIST = "text", "date", "int", "bool", "choice", "list"


@dataclass(frozen=True)
class Column:
    key: str  # the model field it sets, or the name of a reference the sheet resolves
    header: str
    kind: str = TEXT
    help: str = ""
    required: bool = False
    sets_field: bool = True
    choices: tuple = ()  # (code, label) for CHOICE columns
    list_name: str = ""  # for LIST columns: a list the workbook builds per council (Context.lists)
    width: int = 16


def field_column(model, name: str, *, help: str = "", required: bool | None = None, width: int | None = None):
    """A column that sets `model.name`, headed and typed as the model's field."""
    f = model._meta.get_field(name)
    if f.choices:
        kind = CHOICE
    elif isinstance(f, models.DateField):
        kind = DATE
    elif isinstance(f, models.BooleanField):
        kind = BOOL
    elif isinstance(f, models.IntegerField):
        kind = INT
    else:
        kind = TEXT
    if required is None:
        required = not f.blank and not f.has_default()
    header = str(f.verbose_name)
    help = help or str(f.help_text or "")
    if f.has_default() and f.get_default() not in (None, "") and kind in (CHOICE, BOOL, INT):
        default = f.get_default()
        shown = dict(f.flatchoices).get(default, default) if kind == CHOICE else default
        if kind == BOOL:
            shown = _("Có") if default else _("Không")
        help = f"{help} {_('Để trống là “%(value)s”.') % {'value': shown}}".strip()
    default_width = {DATE: 13, INT: 10, BOOL: 10, CHOICE: 24}.get(kind, 40 if isinstance(f, models.TextField) else 24)
    return Column(
        key=name,
        header=header[:1].upper() + header[1:],
        kind=kind,
        help=help,
        required=required,
        choices=tuple((code, str(label)) for code, label in f.choices) if f.choices else (),
        width=width or default_width,
    )


def stt_column(help: str) -> Column:
    return Column("stt", str(_("STT")), INT, help, required=True, sets_field=False, width=6)


class RowProblem(Exception):
    """A row that cannot become a record before validation: a reference that leads nowhere."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


@dataclass
class Context:
    """What the sheets of one workbook share: whose and which year, who is writing, the lists the
    drop-downs offer, and the rows of earlier sheets that later ones refer to by their STT."""

    council: Council
    year: int
    user: object = None
    sees_personal_data: bool = True
    numbers: dict = field(default_factory=dict)  # export: {sheet key: {record pk: STT}}
    refs: dict = field(default_factory=dict)  # import: {sheet key: {STT: saved record}}
    failed: dict = field(default_factory=dict)  # import: {sheet key: {STT of a row with errors}}
    written: set = field(default_factory=set)  # import: (model label, pk) of each record it changed
    moved: dict = field(default_factory=dict)  # import: {record whose days it changed: (sheet title, row)}
    lists: dict = field(default_factory=dict)  # {list name: [(value, label)]}
    _sessions: dict = field(default_factory=dict)

    def session(self, council_id: int, ordinal: int, day: datetime.date | None):
        """The council's session with this ordinal nearest to `day` (ordinals restart each term,
        five years apart), or None."""
        if council_id not in self._sessions:
            self._sessions[council_id] = list(Session.objects.filter(council_id=council_id).select_related("term"))
        found = [s for s in self._sessions[council_id] if s.ordinal == ordinal]
        if not found:
            return None
        return min(found, key=lambda s: abs((s.start_date - day).days) if day else 0)

    def readable(self, records):
        """The records of `records` the workbook's reader may read, as every page reads them
        (councils.access.readable_records: a former district's communes only for the days they were
        its); all of them where no one is named (a command run on the server)."""
        return records if self.user is None else access.readable_records(self.user, records)

    def forget_sessions(self) -> None:
        self._sessions.clear()

    def referenced(self, sheet_key: str, title: str, number: int | None, column: str):
        """The record of row STT `number` of an earlier sheet, or a RowProblem saying why not."""
        if number is None:
            return None
        if number in self.failed.get(sheet_key, ()):
            raise RowProblem(
                column,
                _("Dòng STT %(n)s của trang “%(sheet)s” có lỗi, nên dòng này chưa nhập được.")
                % {"n": number, "sheet": title},
            )
        record = self.refs.get(sheet_key, {}).get(number)
        if record is None:
            raise RowProblem(column, _("Trang “%(sheet)s” không có dòng STT %(n)s.") % {"sheet": title, "n": number})
        return record


class Sheet:
    """One sheet of the workbook and the record type its rows are.

    Subclasses name the model and columns and say how a row finds its record (`key_of_record`,
    `key_of_row`: rows with the same key are matched with the stored records of that key in order)
    and how references (a session's ordinal, another sheet's STT) are read and written."""

    key: ClassVar[str]
    title: ClassVar[str]
    model: ClassVar[type]
    about: ClassVar[str] = ""
    date_key: ClassVar[str | None] = None  # the column with the day that places the row in the year
    error_columns: ClassVar[dict] = {}  # a model error's field -> the column it is shown under
    has_stt: ClassVar[bool] = False

    def build_columns(self) -> list[Column]:
        raise NotImplementedError

    @property
    def columns(self) -> list[Column]:
        """The sheet's columns, built once per language (their headers are the fields' labels)."""
        language = translation.get_language()
        cache = self.__dict__.setdefault("_columns", {})
        if language not in cache:
            cache[language] = self.build_columns()
        return cache[language]

    def records(self, ctx: Context):
        """The council's records of the year, in the order the sheet lists them."""
        raise NotImplementedError

    def key_of_record(self, record, ctx: Context) -> tuple:
        raise NotImplementedError

    def key_of_row(self, values: dict, ctx: Context) -> tuple:
        raise NotImplementedError

    def new_record(self, values: dict, ctx: Context):
        return self.model(council=ctx.council)

    def resolve(self, values: dict, ctx: Context) -> dict:
        """References of the row turned into records ({field: record}); RowProblem if one is missing."""
        return {}

    def reference_values(self, record, ctx: Context) -> dict:
        """The reference columns of a record's row (the opposite of `resolve`)."""
        return {}

    def apply(self, record, values: dict, resolved: dict, ctx: Context) -> None:
        for column in self.columns:
            if column.sets_field and column.key in values:
                setattr(record, column.key, self._stored_value(column.key, values[column.key]))
        for name, value in resolved.items():
            setattr(record, name, value)

    def _stored_value(self, name: str, value):
        if value is not None:
            return value
        f = self.model._meta.get_field(name)
        if not f.null and f.has_default():
            return f.get_default()
        if isinstance(f, (models.CharField, models.TextField)):
            return ""
        return None

    def row_values(self, record, ctx: Context) -> dict:
        values = {c.key: getattr(record, c.key) for c in self.columns if c.sets_field}
        values.update(self.reference_values(record, ctx))
        return values

    def save(self, record, ctx: Context):
        return save_record(record, user=ctx.user)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def column_of_error(self, field_name: str) -> str:
        key = self.error_columns.get(field_name, field_name)
        found = next((c for c in self.columns if c.key == key), None)
        return found.header if found else ""


def read_cell(column: Column, raw, ctx: Context):
    """A cell's value as its column holds it (CellError when it cannot be)."""
    if column.kind == DATE:
        return cells.read_date(raw)
    if column.kind == INT:
        return cells.read_int(raw)
    if column.kind == BOOL:
        return cells.read_bool(raw)
    if column.kind == CHOICE:
        return cells.read_choice(raw, list(column.choices))
    if column.kind == LIST:
        return cells.read_choice(raw, ctx.lists.get(column.list_name, []))
    return cells.read_text(raw)


def shown_value(column: Column, value, ctx: Context):
    """A value as the sheet shows it: a list's label, Có/Không, a date, a number or text."""
    if value is None or value == "":
        return None
    if column.kind == CHOICE:
        return dict(column.choices).get(value, value)
    if column.kind == LIST:
        return dict(ctx.lists.get(column.list_name, [])).get(value, value)
    if column.kind == BOOL:
        return str(_("Có")) if value else str(_("Không"))
    return value


YES_NO = (("1", gettext_lazy("Có")), ("0", gettext_lazy("Không")))

# The instructions sheet names the workbook's council and year in these rows (label in column A,
# value in column B): import refuses a workbook of another council, and reads its year there.
INSTRUCTIONS = gettext_lazy("Hướng dẫn")
LISTS = gettext_lazy("Danh mục")
COUNCIL_LABEL = gettext_lazy("Hội đồng nhân dân")
SLUG_LABEL = gettext_lazy("Mã Hội đồng")
YEAR_LABEL = gettext_lazy("Năm")
