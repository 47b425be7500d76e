"""Exporting a workbook, and the commands: what is written is what import reads back, text never
becomes a formula, and a petitioner's identity goes only to the council's own people."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from councils import access
from councils.records import save_record
from oversight.models import Petition, PetitionType
from sessions.models import StandingCommitteeMeeting
from tests.workbooks.books import fill, sheet_rows, template
from workbooks import export, sheets
from workbooks.importer import import_workbook

D = datetime.date


def petition(council, **extra):
    values = {
        "type": PetitionType.DENUNCIATION,
        "received_on": D(2023, 5, 8),
        "sender_name": "Nguyễn Văn An",
        "sender_address": "Thôn 2",
        "subject": "Tố cáo việc lấn chiếm đất công",
    }
    return save_record(Petition(council=council, **{**values, **extra}))


def test_text_that_looks_like_a_formula_is_written_as_text(pho_chau):
    save_record(StandingCommitteeMeeting(council=pho_chau, date=D(2023, 3, 5), content='=HYPERLINK("http://x","y")'))

    book = load_workbook(io.BytesIO(export.workbook_bytes(sheets.context(pho_chau, 2023))))

    cell = book["Phiên họp Thường trực"]["C2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert book["Phiên họp Thường trực"]["A2"].number_format == "DD/MM/YYYY"
    columns = book["Phiên họp Thường trực"].column_dimensions
    assert (columns["A"].number_format, columns["C"].number_format) == ("DD/MM/YYYY", "@")  # rows typed later


def test_the_district_exports_a_communes_petitions_without_the_sender(pho_chau, reviewer, clerk):
    petition(pho_chau)
    for user, shown in [(clerk, "Nguyễn Văn An"), (reviewer, None)]:
        sees = access.sees_personal_data(user)(pho_chau.pk)
        data = export.workbook_bytes(sheets.context(pho_chau, 2023, user=user, sees_personal_data=sees))
        [row] = sheet_rows(data, "Đơn thư")
        assert (row["Người gửi"], row["Loại đơn"], row["Nội dung đơn"]) == (
            shown,
            "Tố cáo",
            "Tố cáo việc lấn chiếm đất công",
        )


def test_a_reviewer_reimporting_a_communes_workbook_leaves_the_senders_alone(pho_chau, reviewer):
    petition(pho_chau)
    context = {"user": reviewer, "sees_personal_data": False}
    exported = export.workbook_bytes(sheets.context(pho_chau, 2023, **context))
    typed = fill(
        exported,
        {
            "Đơn thư": [
                {
                    "Ngày nhận đơn": "20/11/2023",
                    "Loại đơn": "Kiến nghị",
                    "Người gửi": "Trần Thị Bình",
                    "Nội dung đơn": "Kiến nghị sửa đường",
                }
            ]
        },
    )
    book = load_workbook(io.BytesIO(typed))
    book["Đơn thư"]["E2"].value = "Người khác"  # the hidden sender of the stored petition, typed over
    buffer = io.BytesIO()
    book.save(buffer)

    result = import_workbook(buffer.getvalue(), pho_chau, **context)

    assert result.problems == []
    assert (result.total("create"), result.total("change"), result.total("same")) == (1, 0, 1)
    assert sorted(Petition.objects.values_list("sender_name", flat=True)) == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_export_and_import_commands(pho_chau, clerk, other_clerk, tmp_path):
    save_record(StandingCommitteeMeeting(council=pho_chau, date=D(2023, 3, 5), content="Chuẩn bị kỳ họp"))
    path = tmp_path / "pho-chau-2023.xlsx"
    out = io.StringIO()
    call_command("export_workbook", council="pho-chau", year=2023, output=str(path), stdout=out)
    assert f"Đã ghi {path}" in out.getvalue()

    out = io.StringIO()
    call_command("import_workbook", str(path), council="pho-chau", dry_run=True, user=clerk.username, stdout=out)
    assert "Phiên họp Thường trực: 0 tạo mới, 0 thay đổi, 1 giữ nguyên" in out.getvalue()
    assert "Thử (không ghi): sẽ tạo 0, sửa 0, giữ nguyên 1." in out.getvalue()

    with pytest.raises(CommandError, match="không được nhập số liệu cho HĐND thị trấn Phố Châu"):
        call_command("import_workbook", str(path), council="pho-chau", user=other_clerk.username)

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(fill(path.read_bytes(), {"Phiên họp Thường trực": [{"Ngày họp": "5/13/2023", "Nội dung": "x"}]}))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Có 1 lỗi: không ghi dòng nào."):
        call_command("import_workbook", str(bad), council="pho-chau", stdout=io.StringIO(), stderr=err)
    assert (
        err.getvalue().strip() == "Phiên họp Thường trực, dòng 3, cột “Ngày họp”: Ngày “5/13/2023” không có trên lịch."
    )


def test_an_empty_template_imports_as_nothing(pho_chau):
    result = import_workbook(template(pho_chau), pho_chau)
    assert result.ok and result.rows == 0 and len(result.sheets) == 11


def test_a_petition_from_last_years_reception_keeps_it_through_its_workbook(pho_chau, clerk):
    """A petition handed in at the reception of 29/12/2022 and received on 03/01/2023: the 2023
    workbook has no row for that reception, so its STT cell was empty and loading the workbook
    back cut the petition from its reception (a change, audited, but the link lost)."""
    from oversight.models import CitizenReception

    reception = save_record(
        CitizenReception(council=pho_chau, date=D(2022, 12, 29), receiver="Chủ tịch HĐND", place="Trụ sở")
    )
    stored = petition(pho_chau, received_on=D(2023, 1, 3), reception=reception)
    context = sheets.context(pho_chau, 2023, user=clerk, sees_personal_data=True)
    [row] = sheet_rows(export.workbook_bytes(context), "Đơn thư")

    result = import_workbook(export.workbook_bytes(context), pho_chau, user=clerk)

    assert result.problems == [] and (result.total("change"), result.total("same")) == (0, 1), row
    stored.refresh_from_db()
    assert stored.reception == reception
