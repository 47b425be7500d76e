"""Read an uploaded workbook: which council and year it says it is for, and each sheet's rows as
{column key: cell value}, with the row number Excel shows. What cannot be read is a `Problem`
(sheet, row, column, Vietnamese message), never an exception."""

import io
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from workbooks import cells
from workbooks.layout import INSTRUCTIONS, SLUG_LABEL, YEAR_LABEL
from workbooks.sheets import SHEETS

MAX_ROWS = 20_000  # per sheet: a council's year is a few hundred; more is not a year's records


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class Rows:
    """The rows of one sheet that hold anything: (row number, {column key: value})."""

    present: set = field(default_factory=set)  # the column keys the sheet has
    rows: list = field(default_factory=list)


@dataclass
class ReadWorkbook:
    slug: str = ""
    year: int | None = None
    sheets: dict = field(default_factory=dict)  # {sheet key: Rows}
    problems: list = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(rows.rows) for rows in self.sheets.values())


def read(data: bytes) -> ReadWorkbook:
    with translation.override("vi"):
        result = ReadWorkbook()
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # any file that is not a workbook: zip, XML, … errors alike
            result.problems.append(Problem("", None, "", _("Tệp này không đọc được như một sổ Excel (.xlsx).")))
            return result
        try:  # sheets are parsed as they are read (read-only mode): a broken or hostile one fails here
            _read_instructions(book, result)
            names = {cells.squeeze(name): name for name in book.sheetnames}
            for sheet in SHEETS:
                name = names.get(cells.squeeze(str(sheet.title)))
                if name is not None:
                    result.sheets[sheet.key] = _read_sheet(book[name], sheet, result.problems)
        except Exception:  # XML that is malformed, or declares entities (defusedxml refuses them)
            return ReadWorkbook(problems=[Problem("", None, "", _("Tệp này không đọc được như một sổ Excel (.xlsx)."))])
        finally:
            book.close()
        if not result.sheets and not result.problems:
            result.problems.append(Problem("", None, "", _("Tệp không có trang nào của mẫu (Kỳ họp, Nghị quyết, …).")))
        return result


def _read_instructions(book, result: ReadWorkbook) -> None:
    names = {cells.squeeze(name): name for name in book.sheetnames}
    name = names.get(cells.squeeze(str(INSTRUCTIONS)))
    if name is not None:
        for label, value, *_rest in book[name].iter_rows(min_row=1, max_row=12, max_col=2, values_only=True):
            if label is None:
                continue
            if cells.squeeze(str(label)) == cells.squeeze(str(SLUG_LABEL)):
                result.slug = cells.read_text(value)
            elif cells.squeeze(str(label)) == cells.squeeze(str(YEAR_LABEL)):
                try:
                    result.year = cells.read_int(value)
                except cells.CellError:
                    result.year = None
    if not result.slug or result.year is None:
        result.problems.append(
            Problem(
                str(INSTRUCTIONS),
                None,
                "",
                _("Tệp không ghi mã Hội đồng và năm trên trang “%(sheet)s”: hãy dùng mẫu tải từ trang của Hội đồng.")
                % {"sheet": INSTRUCTIONS},
            )
        )


def _read_sheet(ws, sheet, problems: list) -> Rows:
    title = str(sheet.title)
    by_header = {cells.squeeze(column.header): column.key for column in sheet.columns}
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions = {}
    for index, text in enumerate(header):
        key = by_header.get(cells.squeeze(cells.read_text(text))) if text is not None else None
        if key is not None and key not in positions.values():
            positions[index] = key
    result = Rows(present=set(positions.values()))
    for column in sheet.columns:
        if column.required and column.key not in result.present:
            message = _("Trang thiếu cột bắt buộc “%(c)s”.") % {"c": column.header}
            problems.append(Problem(title, 1, column.header, message))
    for number, values in enumerate(rows, start=2):
        picked = {key: values[index] for index, key in positions.items() if index < len(values)}
        if all(cells.is_blank(value) for value in picked.values()):
            continue
        if len(result.rows) == MAX_ROWS:
            problems.append(
                Problem(title, number, "", _("Trang có hơn %(n)s dòng: chia thành nhiều tệp.") % {"n": MAX_ROWS})
            )
            break
        result.rows.append((number, picked))
    return result
