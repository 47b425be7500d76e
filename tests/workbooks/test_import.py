"""Importing a workbook: rows read as a clerk's Excel holds them, validated as the forms validate,
all or nothing, every error placed by sheet, row and column, natural keys for idempotence."""

import datetime
import io
import unicodedata
import zipfile

from openpyxl import load_workbook

from councils.models import AuditEntry, Submission
from councils.records import save_record
from oversight.models import CitizenReception, FollowUpItem, VoterMeeting
from sessions.models import Resolution, Session
from tests.workbooks.books import fill, template
from workbooks.importer import import_workbook
from workbooks.layout import BOOL, CHOICE, LIST
from workbooks.reader import Problem
from workbooks.sheets import SHEETS

D = datetime.date
SESSION = {
    "Kỳ họp thứ": "07",
    "Loại kỳ họp": "Thường lệ (thường kỳ)",
    "Ngày khai mạc": "10/07/2023",
    "Ngày bế mạc": datetime.datetime(2023, 7, 11),
    "Địa điểm": "Hội trường thị trấn",
}
NFD_SUMMARY = unicodedata.normalize("NFD", "Về dự toán ngân sách năm 2024")


def resolution(code="05/NQ-HĐND", **extra):
    return {
        "Kỳ họp thứ": 7,
        "Số, ký hiệu": code,
        "Ngày thông qua": "11/7/2023",
        "Trích yếu": NFD_SUMMARY,
        "Lĩnh vực": "ngân sách,  tài chính",  # case and spaces as typed
        "Loại nghị quyết": "Cá biệt",
        **extra,
    }


def problems_at(result):
    return [(p.sheet, p.row, p.column) for p in result.problems]


def test_a_filled_template_creates_records_read_as_the_forms_would(pho_chau, clerk):
    book = fill(template(pho_chau), {"Kỳ họp": [SESSION], "Nghị quyết": [resolution()]})

    result = import_workbook(book, pho_chau, user=clerk)

    assert result.problems == []
    assert (result.total("create"), result.total("change"), result.total("same")) == (2, 0, 0)
    session = Session.objects.get(council=pho_chau)
    assert (session.ordinal, session.start_date, session.end_date) == (7, D(2023, 7, 10), D(2023, 7, 11))
    assert session.term == pho_chau.term_on(D(2023, 7, 10))
    stored = Resolution.objects.get(session=session)
    assert stored.summary == "Về dự toán ngân sách năm 2024" != NFD_SUMMARY  # NFC
    assert (stored.number, stored.field, stored.adopted_on) == (5, Resolution.Field.BUDGET, D(2023, 7, 11))
    entries = AuditEntry.objects.filter(council=pho_chau, action=AuditEntry.Action.CREATE)
    assert entries.count() == 2 and {e.user for e in entries} == {clerk}


def test_the_same_workbook_again_creates_and_changes_nothing(pho_chau, clerk):
    book = fill(template(pho_chau), {"Kỳ họp": [SESSION], "Nghị quyết": [resolution()]})
    import_workbook(book, pho_chau, user=clerk)
    audited = AuditEntry.objects.count()

    again = import_workbook(book, pho_chau, user=clerk)

    assert (again.total("create"), again.total("change"), again.total("same")) == (0, 0, 2)
    assert AuditEntry.objects.count() == audited
    assert Resolution.objects.count() == 1


def test_a_changed_row_updates_its_record_through_the_audited_path(pho_chau, clerk):
    import_workbook(fill(template(pho_chau), {"Kỳ họp": [SESSION], "Nghị quyết": [resolution()]}), pho_chau)
    changed = fill(
        template(pho_chau),
        {"Kỳ họp": [SESSION], "Nghị quyết": [resolution(**{"Trích yếu": "Về kế hoạch đầu tư công năm 2024"})]},
    )

    result = import_workbook(changed, pho_chau, user=clerk)

    assert (result.total("create"), result.total("change"), result.total("same")) == (0, 1, 1)
    outcome = next(o for sheet in result.sheets for o in sheet.outcomes if o.action == "change")
    assert outcome.row == 2
    assert outcome.changes == [("trích yếu", "Về dự toán ngân sách năm 2024", "Về kế hoạch đầu tư công năm 2024")]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    assert entry.user == clerk and entry.changes["summary"][1] == "Về kế hoạch đầu tư công năm 2024"
    assert Resolution.objects.get().summary == "Về kế hoạch đầu tư công năm 2024"


def test_every_error_is_reported_by_sheet_row_and_column_and_nothing_is_written(pho_chau):
    book = fill(
        template(pho_chau),
        {
            "Kỳ họp": [
                SESSION,
                {**SESSION, "Kỳ họp thứ": 8, "Ngày khai mạc": "31/02/2023"},  # no such day
                {**SESSION, "Kỳ họp thứ": 9, "Ngày khai mạc": "05/12/2023", "Ngày bế mạc": "04/12/2023"},
                {**SESSION, "Kỳ họp thứ": 10, "Loại kỳ họp": "Hằng tuần", "Ngày khai mạc": "20/12/2023"},
            ],
            "Nghị quyết": [
                resolution(),
                resolution("5/NQ-HĐND"),  # numbers below 10 are written 05
                resolution("06/NQ-HĐND", **{"Kỳ họp thứ": 3}),  # no session 3
                resolution("07/NQ-HĐND", **{"Trích yếu": None}),
            ],
        },
    )

    result = import_workbook(book, pho_chau)

    assert not result.ok and not result.written
    assert problems_at(result) == [
        ("Kỳ họp", 3, "Ngày khai mạc"),
        ("Kỳ họp", 4, "Ngày bế mạc"),
        ("Kỳ họp", 5, "Loại kỳ họp"),
        ("Nghị quyết", 3, "Số, ký hiệu"),
        ("Nghị quyết", 4, "Kỳ họp thứ"),
        ("Nghị quyết", 5, "Trích yếu"),
    ]
    messages = [p.message for p in result.problems]
    assert messages[0] == "Ngày “31/02/2023” không có trên lịch."
    assert messages[1] == "Ngày bế mạc không được trước ngày khai mạc."
    assert messages[2].startswith("“Hằng tuần” không có trong danh sách. Chọn một trong: Thường lệ (thường kỳ); ")
    assert "thêm số 0 phía trước" in messages[3]
    assert messages[4].endswith("không có kỳ họp thứ 3 (trên trang Kỳ họp hay đã nhập trước).")
    assert messages[5] == "Không được để trống trường này."  # Django's, as locale_overrides/vi words it
    assert Session.objects.filter(council=pho_chau).count() == Resolution.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_two_rows_with_one_number_are_refused_by_the_sibling_check(pho_chau):
    book = fill(template(pho_chau), {"Kỳ họp": [SESSION], "Nghị quyết": [resolution(), resolution("05/NQ-HĐND")]})

    result = import_workbook(book, pho_chau)

    assert result.problems == [
        Problem(
            "Nghị quyết", 3, "Số, ký hiệu", "Số 05/NQ-HĐND đã được dùng cho nghị quyết ngày 11/07/2023 (cùng năm 2023)."
        )
    ]
    assert Resolution.objects.count() == 0


def reception(day: datetime.date, citizens=3):
    return {
        "STT": None,
        "Ngày tiếp": day,
        "Người tiếp": "Chủ tịch HĐND",
        "Địa điểm": "Trụ sở",
        "Số lượt công dân": citizens,
    }


def test_one_bad_row_among_a_thousand_writes_nothing_and_is_reported(pho_chau):
    rows = [reception(D(2023, 1, 1) + datetime.timedelta(days=n % 365)) for n in range(1000)]
    for number, row in enumerate(rows, start=1):
        row["STT"] = number
    rows[699]["Số lượt công dân"] = 20_000  # above the model's limit of 10,000
    book = fill(template(pho_chau), {"Tiếp công dân": rows})

    result = import_workbook(book, pho_chau)

    assert result.rows == 1000
    assert result.problems == [
        Problem("Tiếp công dân", 701, "Số lượt công dân", "Giá trị phải nhỏ hơn hoặc bằng 10000.")
    ]
    assert CitizenReception.objects.count() == 0


def test_a_workbook_of_another_council_is_refused(pho_chau, son_tay):
    result = import_workbook(fill(template(son_tay), {"Kỳ họp": [SESSION]}), pho_chau)

    assert [p.message for p in result.problems] == [
        "Tệp này là sổ của Hội đồng có mã “son-tay”, không phải của HĐND thị trấn Phố Châu (mã “pho-chau”)."
    ]
    assert Session.objects.count() == 0


def test_a_file_that_is_not_a_workbook_or_lacks_its_council_is_refused(pho_chau):
    assert import_workbook(b"PK\x03\x04 not really", pho_chau).problems == [
        Problem("", None, "", "Tệp này không đọc được như một sổ Excel (.xlsx).")
    ]
    unnamed = fill(template(pho_chau), {}, meta={"Mã Hội đồng": None})
    assert import_workbook(unnamed, pho_chau).problems[0].message.startswith("Tệp không ghi mã Hội đồng và năm")


def test_rows_outside_the_workbooks_year_are_refused(pho_chau):
    book = fill(template(pho_chau), {"Kỳ họp": [{**SESSION, "Ngày khai mạc": "10/07/2024", "Ngày bế mạc": None}]})

    assert import_workbook(book, pho_chau).problems == [
        Problem("Kỳ họp", 2, "Ngày khai mạc", "Ngày 10/07/2024 không thuộc năm 2023 của tệp này.")
    ]


def test_an_accepted_year_is_refused_whole(pho_chau):
    Submission.objects.create(council=pho_chau, year=2023, status=Submission.Status.ACCEPTED)

    result = import_workbook(fill(template(pho_chau), {"Kỳ họp": [SESSION]}), pho_chau)

    assert [p.message for p in result.problems] == [
        "Số liệu năm 2023 của HĐND thị trấn Phố Châu đã được cấp trên duyệt; muốn sửa, đề nghị cấp trên mở lại."
    ]


OVERSIGHT = {
    "STT": 1,
    "Ngày bắt đầu": "05/04/2023",
    "Chủ thể giám sát": "Thường trực HĐND",
    "Nội dung giám sát": "Công tác quản lý đất đai",
    "Cơ quan, đơn vị chịu sự giám sát": "UBND thị trấn",
    "Ngày báo cáo": "20/04/2023",
}


def test_rows_refer_to_rows_of_earlier_sheets_by_their_stt(pho_chau):
    recommendation = {"Nội dung": "Rà soát hồ sơ tồn đọng", "Cơ quan, người chịu trách nhiệm": "UBND thị trấn"}
    good = fill(
        template(pho_chau),
        {
            "Giám sát": [OVERSIGHT, {**OVERSIGHT, "STT": 2, "Ban": "Ban Pháp chế", "Chủ thể giám sát": "Ban của HĐND"}],
            "Kiến nghị giám sát": [{**recommendation, "STT giám sát": 2}, {**recommendation, "STT giám sát": 1}],
        },
    )
    assert import_workbook(good, pho_chau).problems == []
    item = FollowUpItem.objects.get(oversight__committee__name="Ban Pháp chế")
    assert (item.council, item.source, item.created_on) == (pho_chau, FollowUpItem.Source.OVERSIGHT, D(2023, 4, 20))

    bad = fill(
        template(pho_chau),
        {
            "Giám sát": [{**OVERSIGHT, "STT": 5, "Ngày báo cáo": "01/04/2023", "Nội dung giám sát": "Khác"}],
            "Kiến nghị giám sát": [{**recommendation, "STT giám sát": 5}, {**recommendation, "STT giám sát": 9}],
        },
    )
    result = import_workbook(bad, pho_chau)
    assert [(p.sheet, p.row, p.column, p.message) for p in result.problems] == [
        ("Giám sát", 2, "Ngày báo cáo", "Ngày báo cáo không được trước ngày bắt đầu giám sát."),
        (
            "Kiến nghị giám sát",
            2,
            "STT giám sát",
            "Dòng STT 5 của trang “Giám sát” có lỗi, nên dòng này chưa nhập được.",
        ),
        ("Kiến nghị giám sát", 3, "STT giám sát", "Trang “Giám sát” không có dòng STT 9."),
    ]


def test_a_dry_run_counts_and_writes_nothing(pho_chau):
    result = import_workbook(fill(template(pho_chau), {"Kỳ họp": [SESSION]}), pho_chau, dry_run=True)

    assert result.ok and not result.written
    assert result.total("create") == 1
    assert Session.objects.count() == 0


def test_the_template_offers_a_list_for_every_enumeration(pho_chau):
    book = load_workbook(io.BytesIO(template(pho_chau)))

    assert book.sheetnames == [
        "Hướng dẫn",
        "Kỳ họp",
        "Nghị quyết",
        "Phiên họp Thường trực",
        "Chất vấn",
        "Cam kết chất vấn",
        "Giám sát",
        "Kiến nghị giám sát",
        "Tiếp xúc cử tri",
        "Ý kiến cử tri",
        "Tiếp công dân",
        "Đơn thư",
        "Danh mục",
    ]
    assert book["Danh mục"].sheet_state == "hidden"
    guide = {row[0]: row[1] for row in book["Hướng dẫn"].iter_rows(max_col=2, values_only=True) if row[0]}
    assert (guide["Mã Hội đồng"], guide["Năm"]) == ("pho-chau", 2023)
    lists = book["Danh mục"]

    def offered(ws, header):
        column = next(cell.column_letter for cell in ws[1] if cell.value == header)
        check = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(f"{column}2:"))
        return [row[0].value for row in lists[check.formula1.split("!")[1].replace("$", "")]]

    assert offered(book["Kỳ họp"], "Loại kỳ họp")[:2] == ["Thường lệ (thường kỳ)", "Chuyên đề"]
    assert offered(book["Giám sát"], "Ban") == ["Ban Kinh tế - Xã hội", "Ban Pháp chế"]
    assert offered(book["Tiếp xúc cử tri"], "HĐND có kỳ họp liên quan") == [
        "HĐND thị trấn Phố Châu",
        "HĐND huyện Hương Sơn",
    ]
    assert offered(book["Đơn thư"], "Đơn trùng") == ["Có", "Không"]
    for ws in book.worksheets[1:-1]:
        listed = {str(dv.sqref).split(":")[0][:-1] for dv in ws.data_validations.dataValidation}
        kinds = {cell.column_letter for cell in ws[1] if _is_enumeration(ws.title, cell.value)}
        assert kinds <= listed, ws.title


def _is_enumeration(sheet_title, header):
    sheet = next(s for s in SHEETS if s.title == sheet_title)
    return any(c.header == header and c.kind in (BOOL, CHOICE, LIST) for c in sheet.columns)


def test_a_sheet_that_declares_xml_entities_is_refused(pho_chau):
    """An entity-expansion bomb ("billion laughs") in a sheet: refused, never expanded (defusedxml)."""
    source = zipfile.ZipFile(io.BytesIO(fill(template(pho_chau), {"Kỳ họp": [SESSION]})))
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":  # the sheet "Kỳ họp"
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                data = bomb.encode() + body.replace(
                    b"</sheetData>", b"<row r='9'><c r='A9' t='inlineStr'><is><t>&b;</t></is></c></row></sheetData>", 1
                )
            target.writestr(item, data)

    result = import_workbook(buffer.getvalue(), pho_chau)

    assert result.problems == [Problem("", None, "", "Tệp này không đọc được như một sổ Excel (.xlsx).")]
    assert Session.objects.count() == 0


def test_a_voter_meeting_follows_a_session_of_the_council_above(pho_chau, district):
    term = district.term_on(D(2023, 7, 1))
    save_record(Session(council=district, term=term, ordinal=12, start_date=D(2023, 7, 11), end_date=D(2023, 7, 12)))
    meeting = {
        "STT": 1,
        "Ngày tiếp xúc": "28/06/2023",
        "Đại biểu tiếp xúc": "Đại biểu HĐND huyện",
        "Thời điểm, hình thức tiếp xúc": "Trước kỳ họp",
        "HĐND có kỳ họp liên quan": "HĐND huyện Hương Sơn",
        "Kỳ họp liên quan (thứ)": 12,
        "Địa điểm": "Hội trường thị trấn",
    }

    assert import_workbook(fill(template(pho_chau), {"Tiếp xúc cử tri": [meeting]}), pho_chau).problems == []
    assert VoterMeeting.objects.get().session.council == district
    too_late = {**meeting, "Ngày tiếp xúc": "20/07/2023"}
    problems = import_workbook(fill(template(pho_chau), {"Tiếp xúc cử tri": [too_late]}), pho_chau).problems
    assert problems == [
        Problem(
            "Tiếp xúc cử tri",
            2,
            "Ngày tiếp xúc",
            "Tiếp xúc trước kỳ họp phải diễn ra trước ngày khai mạc (11/07/2023).",
        )
    ]
