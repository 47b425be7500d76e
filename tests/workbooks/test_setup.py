"""Setting up a district from one workbook (`setup_councils`): units, councils, current terms,
accounts with one-time passwords written only to a file, memberships; all or nothing; running it
again changes nothing. And the whole road a new district takes: an exported setup sheet into an
empty database, then the year's workbooks, and the dashboard's figures are those of the demo."""

import csv
import datetime
import io
import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from councils.models import AdministrativeUnit, AuditEntry, Council, Membership, Submission, Term, UnitChangeEvent
from reports.figures import year_figures
from reports.models import ReportNarrative, ReportVersion
from tests.workbooks.test_round_trip import TODAY, YEAR, delete_year
from workbooks import export, sheets
from workbooks.importer import import_workbook
from workbooks.setup import setup_councils, setup_workbook_bytes

D = datetime.date
UNIT = {"Loại đơn vị": "Xã", "Trực thuộc (định danh)": "duc-tho", "Hiệu lực từ ngày": "01/01/2016"}
TERM = {"Nhiệm kỳ từ ngày": "25/06/2021", "Ngày bầu cử": "23/05/2021"}


def setup_book(units: list[dict], accounts: list[dict]) -> bytes:
    """The setup workbook of an existing tree (Hương Sơn's province), emptied and filled anew."""
    data = setup_workbook_bytes(AdministrativeUnit.objects.get(slug="ha-tinh"))
    book = load_workbook(io.BytesIO(data))
    for title, rows in (("Đơn vị", units), ("Tài khoản", accounts)):
        ws = book[title]
        ws.delete_rows(2, ws.max_row)
        columns = {cell.value: cell.column for cell in ws[1]}
        for row, values in enumerate(rows, start=2):
            for header, value in values.items():
                ws.cell(row, columns[header]).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


DUC_THO = [
    {
        "Định danh (slug)": "duc-tho",
        "Tên": "Đức Thọ",
        "Loại đơn vị": "Huyện",
        "Trực thuộc (định danh)": "ha-tinh",
        "Mã đơn vị hành chính": "0436",
        "Hiệu lực từ ngày": "01/01/2016",
        "Khóa": 20,
        **TERM,
    },
    {"Tên": "Tùng Ảnh", "Miền núi": "Có", **UNIT, **TERM},
    {"Tên": "Đức Lạng", "Vùng sâu, vùng xa, đặc biệt khó khăn": "Có", **UNIT, **TERM},
]
ACCOUNTS = [
    {"Tên đăng nhập": "huyen.ductho", "Họ và tên": "Phan Văn Thọ", "Hội đồng (định danh đơn vị)": "duc-tho",
     "Vai trò": "Thường trực cấp trên (xem và duyệt số liệu cấp dưới)"},
    {"Tên đăng nhập": "thuky.tunganh", "Họ và tên": "Lê Thị Ảnh", "Thư điện tử": "anh@example.vn",
     "Hội đồng (định danh đơn vị)": "tung-anh", "Vai trò": "Thư ký, chuyên viên (nhập số liệu của Hội đồng mình)"},
]  # fmt: skip


def test_a_district_is_set_up_from_one_sheet_and_again_changes_nothing(district):
    kept = []
    result = setup_councils(setup_book(DUC_THO, ACCOUNTS), keep_passwords=kept.extend)

    assert result.problems == []
    tung_anh = Council.objects.get(unit__slug="tung-anh")
    assert (tung_anh.unit.parent.slug, tung_anh.unit.is_mountainous, tung_anh.unit.full_name) == (
        "duc-tho",
        True,
        "xã Tùng Ảnh",
    )
    assert Council.objects.get(unit__slug="duc-lang").unit.is_remote
    assert Term.objects.get(council__unit__slug="duc-tho").ordinal == 20
    assert tung_anh.term_on(D(2023, 6, 1)).start_date == D(2021, 6, 25)
    clerk = get_user_model().objects.get(username="thuky.tunganh")
    assert (clerk.last_name, clerk.first_name, clerk.email) == ("Lê Thị", "Ảnh", "anh@example.vn")
    assert Membership.objects.get(user=clerk).council == tung_anh
    assert [(u, c) for u, _name, c, _password in kept] == [("huyen.ductho", "duc-tho"), ("thuky.tunganh", "tung-anh")]
    assert all(get_user_model().objects.get(username=u).check_password(p) for u, _n, _c, p in kept)
    assert "password" not in str(AuditEntry.objects.filter(content_type__model="user").values_list("changes"))

    again = setup_councils(setup_book(DUC_THO, ACCOUNTS), keep_passwords=kept.extend)
    assert again.ok and (again.total("create"), again.total("change")) == (0, 0) and len(kept) == 2


def test_any_error_and_nothing_is_set_up(district):
    wrong = [
        *DUC_THO,
        # a commune directly under its province before the two-level government of 01/07/2025
        {"Tên": "Đức Lĩnh", **UNIT, "Trực thuộc (định danh)": "ha-tinh", "Hiệu lực đến ngày": "31/12/2019"},
    ]
    reviewer_of_a_commune = [{**ACCOUNTS[1], "Vai trò": "Thường trực cấp trên (xem và duyệt số liệu cấp dưới)"}]

    result = setup_councils(setup_book(wrong, reviewer_of_a_commune), keep_passwords=list)

    assert [(p.sheet, p.row, p.column) for p in result.problems] == [
        ("Đơn vị", 5, "Trực thuộc (định danh)"),
        ("Tài khoản", 2, "Vai trò"),
    ]
    assert result.problems[0].message == "Đơn vị cấp trên phải ở cấp liền trên (Cấp huyện)."
    assert result.problems[1].message == "Vai trò duyệt số liệu chỉ dành cho Hội đồng cấp huyện trở lên."
    assert not AdministrativeUnit.objects.filter(slug__in=["duc-tho", "tung-anh"]).exists()
    assert not get_user_model().objects.filter(username="thuky.tunganh").exists()


def test_the_command_writes_passwords_to_a_file_only(district, tmp_path):
    source, passwords = tmp_path / "thiet-lap.xlsx", tmp_path / "mat-khau.csv"
    source.write_bytes(setup_book(DUC_THO, ACCOUNTS))
    with pytest.raises(CommandError, match="1 lỗi"):  # new accounts and nowhere to write their passwords
        call_command("setup_councils", str(source), stdout=io.StringIO(), stderr=io.StringIO())
    assert not AdministrativeUnit.objects.filter(slug="duc-tho").exists()

    out = io.StringIO()
    call_command("setup_councils", str(source), passwords=str(passwords), stdout=out)

    rows = list(csv.reader(passwords.open(encoding="utf-8")))
    assert [row[:3] for row in rows[1:]] == [
        ["huyen.ductho", "Phan Văn Thọ", "duc-tho"],
        ["thuky.tunganh", "Lê Thị Ảnh", "tung-anh"],
    ]
    assert stat.S_IMODE(passwords.stat().st_mode) == 0o600
    assert "Đơn vị: 3 tạo mới" in out.getvalue()
    assert all(row[3] not in out.getvalue() for row in rows[1:])
    with pytest.raises(CommandError, match="đã có"):
        call_command("setup_councils", str(source), passwords=str(passwords), stdout=io.StringIO())


def figures(district: Council, communes: list[str]) -> dict:
    f = year_figures(district, YEAR, TODAY)
    rows = {row.council.slug: row for row in f.rows if row.council.slug in communes}
    return {
        "own": {key: cell.value for key, cell in f.own.items()},
        "own_warnings": [str(w) for w in f.own_warnings],
        "rows": {
            slug: ({k: c.value for k, c in row.cells.items()}, [str(w) for w in row.warnings], row.state)
            for slug, row in rows.items()
        },
    }


def empty_the_province() -> None:
    """Everything of Hà Tĩnh: records, reviews, reports, audit trail, accounts, terms, councils, units."""
    units = list(AdministrativeUnit.objects.all())
    councils = list(Council.objects.all())
    delete_year(councils)
    for model in (ReportVersion, ReportNarrative, Submission, AuditEntry):
        model.objects.all().delete()
    users = get_user_model().objects.filter(memberships__isnull=False)
    Membership.objects.all().delete()
    users.delete()
    Term.objects.all().delete()
    Council.objects.all().delete()
    UnitChangeEvent.objects.all().delete()
    for level in ("XA", "HUYEN", "TINH"):
        AdministrativeUnit.objects.filter(pk__in=[u.pk for u in units if u.level == level]).delete()


def test_a_new_database_set_up_from_an_exported_sheet_takes_the_years_workbooks(demo_2023):
    communes = [
        Council.objects.under_in_year(demo_2023, YEAR).filter(questions__isnull=False).distinct().first().slug,
        "pho-chau",
    ]
    before = figures(demo_2023, communes)
    setup = load_workbook(io.BytesIO(setup_workbook_bytes(demo_2023.unit)))
    units = setup["Đơn vị"]
    for row in range(units.max_row, 1, -1):  # the province, the district and the two communes
        if units.cell(row, 1).value not in ("ha-tinh", "huong-son", *communes):
            units.delete_rows(row)
    buffer = io.BytesIO()
    setup.save(buffer)
    books = {
        slug: export.workbook_bytes(sheets.context(Council.objects.with_unit().get(unit__slug=slug), YEAR))
        for slug in ("huong-son", *communes)
    }

    empty_the_province()
    assert not Council.objects.exists() and not AdministrativeUnit.objects.exists()

    made = setup_councils(buffer.getvalue(), keep_passwords=list)
    assert made.problems == [] and made.total("create") == 4 + 4 + 4  # units, councils, terms (the demo has no logins)
    for slug, data in books.items():
        result = import_workbook(data, Council.objects.with_unit().get(unit__slug=slug))
        assert result.problems == [], slug
    district = Council.objects.with_unit().get(unit__slug="huong-son")
    assert district.pk != demo_2023.pk
    assert figures(district, communes) == before


def test_an_administrator_sets_up_a_district_in_the_browser(client, district, django_user_model):
    admin = django_user_model.objects.create_superuser("quan.tri", password="x")
    client.force_login(admin)
    tree = client.get(reverse("setup_councils"), {"don_vi": "ha-tinh"})
    assert tree["Content-Disposition"] == 'attachment; filename="thiet-lap-ha-tinh.xlsx"'
    file = SimpleUploadedFile("thiet-lap.xlsx", setup_book(DUC_THO, ACCOUNTS))

    preview = client.post(reverse("setup_councils"), {"file": file})
    assert preview.context["result"].total("create") == 3 + 3 + 3 + 2 + 2
    assert not AdministrativeUnit.objects.filter(slug="duc-tho").exists()

    done = client.post(reverse("setup_councils_confirm"), {"token": preview.context["token"]})

    assert done["Content-Disposition"] == 'attachment; filename="mat-khau-lan-dau.csv"'
    rows = list(csv.reader(io.StringIO(done.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["huyen.ductho", "thuky.tunganh"]
    assert get_user_model().objects.get(username="thuky.tunganh").check_password(rows[2][3])
    assert rows[2][3] not in str(AuditEntry.objects.values_list("changes", flat=True))
    assert Council.objects.filter(unit__parent__slug="duc-tho").count() == 2


def test_a_changed_numbering_moves_the_councils_resolutions_as_the_councils_page_does(pho_chau):
    """The setup sheet changed a council's numbering and left its resolutions in their old scope:
    the year's workbook then read back as new resolutions, every one of them a second time."""
    from tests.factories import ResolutionFactory, SessionFactory

    session = SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11))
    for code in ["01/NQ-HĐND", "02/NQ-HĐND"]:
        ResolutionFactory(session=session, code=code)
    book = load_workbook(io.BytesIO(setup_workbook_bytes(AdministrativeUnit.objects.get(slug="ha-tinh"))))
    ws = book["Đơn vị"]
    columns = {cell.value: cell.column for cell in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, columns["Định danh (slug)"]).value == "pho-chau")
    assert pho_chau.resolution_numbering == Council.Numbering.YEAR
    ws.cell(row, columns["Cách đánh số nghị quyết"]).value = str(Council.Numbering.TERM.label)
    buffer = io.BytesIO()
    book.save(buffer)

    assert setup_councils(buffer.getvalue()).ok
    pho_chau.refresh_from_db()
    assert pho_chau.resolution_numbering == Council.Numbering.TERM
    resolutions = list(pho_chau.sessions.get().resolutions.all())
    assert all(r.scope_key == r.compute_scope_key() for r in resolutions)
    again = import_workbook(export.workbook_bytes(sheets.context(pho_chau, 2023)), pho_chau, dry_run=True)
    assert again.ok and again.total_created == 0
