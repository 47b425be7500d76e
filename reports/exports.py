"""Spreadsheet files of a list (CSV and XLSX), safe to open on the reviewer's machine.

Text a clerk typed may begin with "=", "+", "-" or "@"; a spreadsheet would run it as a
formula (`=HYPERLINK(…)`, or worse) when the district opens the file. CSV cells that could be
read so are prefixed with an apostrophe (OWASP's advice: the cell then shows as typed); XLSX
cells are written as text, never as formulas.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_bytes(headers: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM: spreadsheet software then reads the file as UTF-8
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(h) for h in headers])
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(title: str, headers: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in [headers, *rows]:
        sheet.append([v if isinstance(v, int) else str(v) for v in row])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # text stays text: "=…" is not a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
