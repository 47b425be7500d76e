"""Spreadsheet files of a list (CSV and XLSX), safe to open on the reviewer's machine.

Text a clerk typed may begin with "=", "+", "-" or "@"; a spreadsheet would run it as a
formula (`=HYPERLINK(…)`, or worse) when the district opens the file. The cells are written by
workbooks.cells (`csv_cell`, `put`), the one place that knows how: CSV cells that could be read
so get an apostrophe, XLSX cells are written as text, never as formulas.
"""

import csv
import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from workbooks.cells import csv_cell, put

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(headers: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM: spreadsheet software then reads the file as UTF-8
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(h) for h in headers])
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(sheet_title: str, title: str, headers: list[str], rows: list[list]) -> bytes:
    """A sheet a reviewer can use at once: a title row naming what and whose, a bold header that
    stays in view, a filter on every column, columns as wide as their text, dates as dates."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF0F3")
    widths = [len(h) for h in headers]
    for number, row in enumerate(rows, start=3):
        for index, value in enumerate(row):
            cell = sheet.cell(number, index + 1)
            put(cell, value)  # text stays text: "=…" is not a formula; dates show dd/mm/yyyy
            if isinstance(cell.value, datetime.date):
                widths[index] = max(widths[index], 10)
            elif isinstance(cell.value, str):
                widths[index] = max(widths[index], min(len(cell.value), 60))
            else:
                widths[index] = max(widths[index], len(str(cell.value or "")))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{max(sheet.max_row, 2)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
