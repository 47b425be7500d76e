"""Workbooks for tests: the template of a council's year, filled in as a clerk would in Excel."""

import io

from openpyxl import load_workbook

from workbooks import export, sheets


def template(council, year: int = 2023, **context) -> bytes:
    return export.workbook_bytes(sheets.context(council, year, **context), template=True)


def fill(data: bytes, rows: dict[str, list[dict]], *, meta: dict | None = None) -> bytes:
    """Add rows ({header: cell value}) below what each sheet holds; `meta` overwrites the
    instructions sheet's values by label ("Mã Hội đồng", "Năm")."""
    book = load_workbook(io.BytesIO(data))
    for title, items in rows.items():
        ws = book[title]
        columns = {cell.value: cell.column for cell in ws[1] if cell.value}
        for item in items:
            row = ws.max_row + 1
            for header, value in item.items():
                ws.cell(row, columns[header]).value = value
    for label, value in (meta or {}).items():
        ws = book["Hướng dẫn"]
        for cells in ws.iter_rows(min_row=1, max_row=12, max_col=2):
            if cells[0].value == label:
                cells[1].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_rows(data: bytes, title: str) -> list[dict]:
    """A sheet's rows as {header: value}."""
    ws = load_workbook(io.BytesIO(data))[title]
    headers = [cell.value for cell in ws[1]]
    return [dict(zip(headers, values, strict=False)) for values in ws.iter_rows(min_row=2, values_only=True)]
