"""Review as the reviewer and the clerk met it: every step asks first and says what is open; the
clerk's home shows a returned year; the matrix says who accepted and when; the report's freeze is
called what it is and records the signer as printed (issue 12, points 8, 9 and 14)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.models import Council, Submission
from oversight.models import Petition
from reports.models import ReportNarrative, ReportVersion
from tests.factories import SessionFactory

D = datetime.date
STEPS = ["submit_year", "accept_year", "return_year", "reopen_year"]


def url(name, slug="pho-chau", year=2023):
    return reverse(name, args=[slug, year])


def status(council, year=2023):
    submission = Submission.objects.filter(council=council, year=year).first()
    return submission.status if submission else None


def test_submitting_asks_first_and_lists_the_open_warnings(client, clerk, pho_chau):
    """Submit used to act in one click and never mentioned that the year had no regular session."""
    client.force_login(clerk)
    page = client.get(url("submit_year"))
    assert page.status_code == 200 and status(pho_chau) is None  # GET changes nothing
    text = page.content.decode()
    assert "Cần lưu ý trước khi thực hiện" in text
    assert any("kỳ họp thường lệ" in warning for warning in page.context["warnings"])
    assert all(warning in text for warning in page.context["warnings"])
    assert 'method="post"' in text and "Gửi số liệu" in text

    client.post(url("submit_year"))
    assert status(pho_chau) == "SUBMITTED"


def test_a_council_sends_only_a_year_it_lived(client, clerk, pho_chau):
    """Phố Châu ending on 30/06/2025 (merged): its home offered "Gửi số liệu năm này…" for 2026, and
    the year was sent, for a year it did not exist. Its pages of 2026 are gone now, and the rule
    is the record's own: a submission of a year the council did not live is refused."""
    from django.core.exceptions import ValidationError

    from councils import review
    from councils.models import AdministrativeUnit

    AdministrativeUnit.objects.filter(pk=pho_chau.unit_id).update(valid_to=D(2025, 6, 30))
    pho_chau.unit.refresh_from_db()
    client.force_login(clerk)
    home = reverse("council_home", args=["pho-chau"])
    assert client.get(home + "?nam=2025").context["can_submit"]  # it lived half of 2025
    assert client.get(home + "?nam=2026").status_code == 404
    assert client.post(url("submit_year", year=2026)).status_code == 404
    with pytest.raises(ValidationError) as refused:
        review.submit(pho_chau, 2026, user=clerk)
    assert refused.value.messages == [
        "HĐND thị trấn Phố Châu không tồn tại trong năm 2026: không có số liệu năm ấy để gửi."
    ]
    assert status(pho_chau, 2026) is None


@pytest.mark.parametrize("step", ["accept_year", "return_year", "reopen_year"])
def test_review_steps_ask_first(client, clerk, reviewer, pho_chau, step):
    client.force_login(clerk)
    client.post(url("submit_year"))
    client.force_login(reviewer)
    page = client.get(url(step))
    assert page.status_code == 200 and status(pho_chau) == "SUBMITTED"
    assert page.context["step"].button.strip() in page.content.decode()


def test_a_returned_year_shows_on_the_clerks_home_with_who_returned_it_and_why(client, clerk, reviewer, pho_chau):
    client.force_login(clerk)
    client.post(url("submit_year"))
    client.force_login(reviewer)
    client.post(url("return_year"), {"comment": "Thiếu biên bản kỳ họp thứ 12"})

    client.force_login(clerk)
    home = client.get(reverse("council_home", args=["pho-chau"]) + "?nam=2023").content.decode()
    assert "Bị trả lại để sửa" in home
    assert "Thiếu biên bản kỳ họp thứ 12" in home
    name = reviewer.get_full_name() or reviewer.username
    assert name in home
    assert url("submit_year") in home  # and the way to send it again


def test_people_are_named_family_name_first(client, clerk, reviewer, pho_chau):
    """The reviewer beside a returned year, the matrix's "duyệt" column and the change history said
    "Huyền Hà Thị" (Django's given name first), where the page's header says "Hà Thị Huyền"."""
    from councils import review
    from councils.records import save_record

    for person, (family, given) in [(reviewer, ("Hà Thị", "Huyền")), (clerk, ("Trần Thị", "Châu"))]:
        person.last_name, person.first_name = family, given
        person.save()
    session = save_record(SessionFactory.build(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11)), user=clerk)
    review.submit(pho_chau, 2023, user=clerk)
    review.return_for_changes(pho_chau, 2023, user=reviewer, comment="Bổ sung biên bản.")

    client.force_login(clerk)
    history = reverse("admin:council_sessions_session_history", args=[session.pk])
    for page in [reverse("council_home", args=["pho-chau"]) + "?nam=2023", url("submit_year"), history]:
        text = client.get(page).content.decode()
        assert "Huyền Hà Thị" not in text and "Châu Trần Thị" not in text, page
        assert ("Trần Thị Châu" if page == history else "Hà Thị Huyền") in text, page
    client.force_login(reviewer)
    page = client.get(reverse("dashboard", args=["huong-son", 2023]))
    assert next(r for r in page.context["figures"].rows if r.council == pho_chau).reviewed.endswith(", Hà Thị Huyền")


def test_the_matrix_says_who_accepted_and_when(client, clerk, reviewer, pho_chau):
    client.force_login(clerk)
    client.post(url("submit_year"))
    client.force_login(reviewer)
    client.post(url("accept_year"))
    accepted = Submission.objects.get(council=pho_chau, year=2023)

    page = client.get(reverse("dashboard", args=["huong-son", 2023]))
    row = next(r for r in page.context["figures"].rows if r.council == pho_chau)
    assert (reviewer.get_full_name() or reviewer.username) in row.reviewed
    assert accepted.reviewed_by == reviewer
    assert timezone.localtime(accepted.reviewed_at).strftime("%d/%m/%Y") in row.reviewed
    assert row.reviewed in page.content.decode()


def test_a_warning_shared_by_many_communes_is_said_once(client, reviewer, district, pho_chau):
    """ "0 kỳ họp thường lệ" used to repeat for 24 communes."""
    SessionFactory(council=district, ordinal=5, start_date=D(2023, 7, 11))
    SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 12))
    client.force_login(reviewer)
    page = client.get(reverse("dashboard", args=["huong-son", 2023]))
    figures = page.context["figures"]
    assert figures.shared_warnings, "the demo's communes share warnings"
    assert len(figures.rows) > 3
    text = page.content.decode()
    for warning, n in figures.shared_warnings:
        assert text.count(warning) == 1
        assert n >= 3
        assert f"{n} đơn vị: {warning}" in text
        assert all(warning not in row.own_warnings for row in figures.rows)


def test_freezing_the_report_names_what_is_open_and_records_the_signer_as_printed(client, reviewer, demo_2023):
    """ "Ký" used to freeze a PDF in one click, with no word that 24 of 25 communes had not sent their year,
    and the version table showed the login instead of the person named under the signature."""
    ReportNarrative.objects.update_or_create(
        council=demo_2023, year=2023, defaults={"signer_name": "Nguyễn Văn Ký", "signer_mode": "TM"}
    )
    client.force_login(reviewer)
    page = client.get(url("annual_report_sign", "huong-son"))
    assert page.status_code == 200 and not ReportVersion.objects.exists()
    text = page.content.decode()
    assert "Chốt bản báo cáo" in text
    open_rows = page.context["open_rows"]
    assert len(open_rows) == len(page.context["report"].figures.rows) > 20
    assert f"{len(open_rows)} đơn vị cấp dưới chưa được duyệt số liệu năm 2023" in text
    assert "Phố Châu" in text and "Vẫn chốt bản báo cáo" in text
    assert "Nguyễn Văn Ký" in text

    client.post(url("annual_report_sign", "huong-son"))
    version = ReportVersion.objects.get()
    assert "Nguyễn Văn Ký" in version.signer and version.signed_by == reviewer
    edit = client.get(url("annual_report_edit", "huong-son")).content.decode()
    assert "Người ký (như in)" in edit and "Nguyễn Văn Ký" in edit


def test_the_clerks_home_is_a_work_page(client, clerk, pho_chau):
    SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11), kind="THUONG_LE")
    late = Petition.objects.create(
        council=pho_chau,
        type="KHIEU_NAI",
        received_on=datetime.date.today() - datetime.timedelta(days=200),
        sender_name="Trần Thị Đơn",
        subject="Đề nghị xem xét việc cấp đất",
    )
    client.force_login(clerk)
    page = client.get(reverse("council_home", args=["pho-chau"]) + "?nam=2023")
    text = page.content.decode()
    assert 'name="nam"' in text and '<option value="2023" selected>' in text  # the year picker
    checks = page.context["checks"]
    assert any("kỳ họp thường lệ" in check.label.lower() for check in checks)
    assert f"Đã xong {page.context['done']}/{page.context['to_do']} việc" in text
    assert page.context["to_do"] >= 3 and 0 <= page.context["done"] < page.context["to_do"]
    assert "<progress" in text
    assert late in page.context["due_petitions"] and "quá hạn" in text
    for add in ["council_sessions_session_add", "oversight_votermeeting_add", "oversight_petition_add"]:
        assert reverse(f"admin:{add}") in text


def test_reviewed_rows_cost_no_query_each(client, reviewer, district):
    """The matrix named each row's reviewer with one query per reviewed row."""
    from tests.reports.test_dashboard import queries

    client.force_login(reviewer)
    url = reverse("dashboard", args=["huong-son", 2023])
    queries(client, url)  # the first reading counts the year and keeps it (reports.tallies)
    before = queries(client, url)
    communes = list(Council.objects.under_in_year(district, 2023))
    counted = []
    for some in (communes[:1], communes[1:12]):
        for council in some:
            Submission.objects.create(
                council=council, year=2023, status="ACCEPTED", reviewed_by=reviewer, reviewed_at=timezone.now()
            )
        counted.append(queries(client, url))
    # one more query once any year waits for a reviewer's step (which councils the reader reviews)
    assert counted == [before + 1, before + 1]


@pytest.mark.parametrize("elsewhere", ["https://lua.example/", "//lua.example/", "/\\lua.example/", "/\\/lua.example"])
def test_a_step_goes_back_only_to_a_page_of_this_site(client, clerk, elsewhere):
    """`next` comes back from the button's link; a browser reads "/\\lua.example" as another site."""
    client.force_login(clerk)
    page = client.get(url("submit_year"), {"next": elsewhere})
    assert page.context["next"] == url("dashboard")
    assert client.post(url("submit_year"), {"next": elsewhere})["Location"] == url("dashboard")
    assert client.get(url("submit_year"), {"next": "/hoi-dong/pho-chau/"}).context["next"] == "/hoi-dong/pho-chau/"


def test_a_comment_holding_a_null_character_is_refused_in_vietnamese(client, clerk, reviewer, pho_chau):
    """A NUL pasted into the comment was saved on SQLite and is a database error on PostgreSQL: it
    is refused as the forms refuse it, in Vietnamese, and the year stays as it was."""
    client.force_login(clerk)
    client.post(url("submit_year"))
    client.force_login(reviewer)
    page = client.post(url("return_year"), {"comment": "Thiếu biên bản\x00 kỳ họp"}, follow=True)
    assert [str(m) for m in page.context["messages"]][-1] == "Không được có ký tự rỗng (null)."
    assert status(pho_chau) == "SUBMITTED"


def test_a_council_that_ended_has_no_pages_for_the_years_after(client, reviewer, district):
    """Hương Sơn ended on 30/06/2025: its 2026 and 2027 dashboards opened with "Chưa gửi" and a report
    button that led to a 404, and its home said "Chưa khai báo nhiệm kỳ hiện tại."."""
    from councils.models import AdministrativeUnit

    AdministrativeUnit.objects.filter(pk=district.unit_id).update(valid_to=D(2025, 6, 30))
    client.force_login(reviewer)
    assert client.get(reverse("dashboard", args=["huong-son", 2025])).status_code == 200
    for year in (2026, 2027):
        for name in ("dashboard", "annual_report_edit", "submit_year"):
            assert client.get(reverse(name, args=["huong-son", year])).status_code == 404, (name, year)
    home = client.get(reverse("council_home", args=["huong-son"]))
    assert home.status_code == 200 and max(home.context["years"]) == 2025 and home.context["year"] <= 2025
    assert "Hội đồng đã kết thúc hoạt động ngày 30/06/2025." in home.content.decode()
    assert client.get(reverse("council_home", args=["huong-son"]) + "?nam=2026").status_code == 404
    # and nothing links there: the dashboard's next year, the admin's header, a list's heading
    assert (
        reverse("dashboard", args=["huong-son", 2026])
        not in client.get(reverse("dashboard", args=["huong-son", 2025])).content.decode()
    )
    assert client.get(reverse("admin:index")).context["hdnd_year"] == 2025
    listed = client.get(reverse("record_list", args=["ky-hop"]), {"pham_vi": str(district.pk)})
    assert listed.context["heading"].dashboard == reverse("dashboard", args=["huong-son", 2025])
    # nor its workbooks: the template and the download of a later year, the upload page's years
    for name in ("workbook_template", "workbook_download"):
        assert client.get(reverse(name, args=["huong-son", 2026])).status_code == 404, name
    upload = client.get(reverse("workbook_upload", args=["huong-son"]))
    assert max(upload.context["years"]) == 2025 and upload.context["year"] <= 2025
