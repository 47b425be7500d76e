"""Write a council's year as the workbook (docs/import-format.md): an instructions sheet that names
the council and year, one sheet per record type with a drop-down list on every enumeration, and
the lists themselves. With no records it is the template a clerk fills in.

What is written is what import reads back: export → import changes nothing.
"""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from workbooks import cells
from workbooks.layout import (
    BOOL,
    CHOICE,
    COUNCIL_LABEL,
    DATE,
    INSTRUCTIONS,
    LIST,
    LISTS,
    SLUG_LABEL,
    TEXT,
    YEAR_LABEL,
    YES_NO,
    Context,
    shown_value,
)
from workbooks.sheets import SHEETS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BLANK_ROWS = 1000  # rows below the last record that still offer the drop-downs
HEADER_FILL = PatternFill("solid", fgColor="EEF0F3")


def filename(ctx: Context, *, template: bool = False) -> str:
    kind = "mau-nhap" if template else "so-lieu"
    return f"{kind}-{ctx.council.slug}-{ctx.year}.xlsx"


def workbook_bytes(ctx: Context, *, template: bool = False) -> bytes:
    """The workbook of `ctx.council`'s year `ctx.year`; `template=True` leaves the sheets empty."""
    with translation.override("vi"):
        book = Workbook()
        _instructions(book.active, ctx)
        lists = book.create_sheet(str(LISTS))
        ranges = _write_lists(lists, ctx)
        for sheet in SHEETS:
            records = [] if template else list(ctx.readable(sheet.records(ctx)))
            if sheet.has_stt:
                ctx.numbers[sheet.key] = {record.pk: n for n, record in enumerate(records, start=1)}
            _data_sheet(book.create_sheet(str(sheet.title)), sheet, records, ctx, ranges)
        book.move_sheet(lists, offset=len(book.sheetnames))
        lists.sheet_state = "hidden"
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()


def _instructions(ws, ctx: Context) -> None:
    ws.title = str(INSTRUCTIONS)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 110
    rows = [
        (_("SỔ SỐ LIỆU HỘI ĐỒNG NHÂN DÂN"), ""),
        (str(COUNCIL_LABEL), str(ctx.council)),
        (str(SLUG_LABEL), ctx.council.slug),
        (str(YEAR_LABEL), ctx.year),
        ("", ""),
        (_("Cách dùng"), _("Mỗi trang một loại hồ sơ, mỗi dòng một hồ sơ; dòng 1 là tên cột, không sửa tên cột.")),
        ("", _("Ngày ghi dd/mm/yyyy (ví dụ 05/07/2023) hoặc ô kiểu ngày; số ghi 6 hay 06 đều được.")),
        ("", _("Cột có danh sách chọn: chọn trong danh sách. Tên cột in đỏ là cột bắt buộc.")),
        ("", _("Mọi dòng phải thuộc năm ghi ở trên. Các dòng được kiểm tra như khi nhập trên biểu mẫu;")),
        ("", _("có một lỗi thì không dòng nào được ghi, và mọi lỗi được liệt kê theo trang, dòng, cột.")),
        ("", _("Nhập lại cùng một tệp không tạo thêm gì: hồ sơ đã có được nhận ra và chỉ sửa khi dòng đã đổi.")),
        ("", _("Không đổi mã Hội đồng và năm ở trên: tệp chỉ nhập được vào Hội đồng và năm này.")),
    ]
    for sheet in SHEETS:
        rows.append(("", ""))
        rows.append((str(sheet.title), str(sheet.about)))
        for column in sheet.columns:
            mark = _(" (bắt buộc)") if column.required else ""
            rows.append((f"  {column.header}{mark}", column.help))
    for label, value in rows:
        ws.append([None, None])
        cells.put(ws.cell(ws.max_row, 1), label or None)
        cells.put(ws.cell(ws.max_row, 2), value if value != "" else None)
    ws["A1"].font = Font(bold=True, size=14)
    for row in range(2, 5):
        ws.cell(row, 1).font = Font(bold=True)
        ws.cell(row, 2).font = Font(bold=True)
    for row in ws.iter_rows(min_row=6):
        if row[0].value and not str(row[0].value).startswith("  "):
            row[0].font = Font(bold=True)


def _write_lists(ws, ctx: Context) -> dict:
    lists = {"yes_no": [str(label) for _code, label in YES_NO]}
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.kind == CHOICE:
                lists.setdefault(f"{sheet.key}.{column.key}", [label for _code, label in column.choices])
            elif column.kind == LIST:
                lists.setdefault(column.list_name, [label for _code, label in ctx.lists.get(column.list_name, [])])
    return write_lists(ws, lists)


def write_lists(ws, lists: dict) -> dict:
    """One column per list ({key: [label]}); {key: "'Danh mục'!$A$2:$A$5"} for the drop-downs."""
    ranges = {}
    for index, (name, labels) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        cells.put(ws.cell(1, index), name)
        for row, label in enumerate(labels, start=2):
            cells.put(ws.cell(row, index), label)
        last = max(len(labels) + 1, 2)
        ranges[name] = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${last}"
    return ranges


def list_key(column, prefix: str) -> str | None:
    """Which list of the lists sheet a column's drop-down offers (`prefix`: the sheet's key)."""
    if column.kind == CHOICE:
        return f"{prefix}.{column.key}"
    if column.kind == LIST:
        return column.list_name
    if column.kind == BOOL:
        return "yes_no"
    return None


def _data_sheet(ws, sheet, records: list, ctx: Context, ranges: dict) -> None:
    rows = []
    for number, record in enumerate(records, start=1):
        values = sheet.row_values(record, ctx)
        if sheet.has_stt:
            values["stt"] = number
        rows.append({column.key: shown_value(column, values.get(column.key), ctx) for column in sheet.columns})
    write_table(ws, sheet.columns, rows, {c.key: ranges.get(list_key(c, sheet.key)) for c in sheet.columns})


def write_table(ws, columns: list, rows: list[dict], drop_downs: dict) -> None:
    """A header (required columns in red, each column's note as a comment), the rows as shown
    ({column key: value}), a drop-down list where `drop_downs` names one, dates as dd/mm/yyyy."""
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(1, index)
        cells.put(cell, column.header)
        cell.font = Font(bold=True, color="C00000" if column.required else None)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.help:
            cell.comment = Comment(column.help, "hdnd", width=300, height=120)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for row, values in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            cells.put(ws.cell(row, index), values.get(column.key))
    last = len(rows) + 1 + BLANK_ROWS
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if column.kind == DATE:  # dates typed below the records show as dd/mm/yyyy too
            ws.column_dimensions[letter].number_format = "DD/MM/YYYY"
        elif column.kind == TEXT:  # text typed there stays text: a phone keeps its leading 0, "05/07" is no date
            ws.column_dimensions[letter].number_format = "@"
        if drop_downs.get(column.key):
            check = DataValidation(
                type="list",
                formula1=drop_downs[column.key],
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("Giá trị không có trong danh sách"),
                error=_("Chọn một giá trị trong danh sách của cột “%(column)s”.") % {"column": column.header},
            )
            ws.add_data_validation(check)
            check.add(f"{letter}2:{letter}{last}")
    ws.freeze_panes = "A2"
