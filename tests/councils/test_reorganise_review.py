"""Defects found by reviewing the two-tier code (each failed before its fix): merging districts that
orphans their communes, a merger seen as done with other units, a backdated move, mixed levels, a
commune put under its province for its whole past, an ended district still reviewing, an earlier
new term, and open work of earlier or accepted years handed over at a merger."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from councils import access, reorganise
from councils.models import AdministrativeUnit, Council, Submission
from councils.records import save_record
from councils.terms import start_new_terms
from oversight.models import Petition
from reports.figures import year_figures
from tests.councils.test_reorganise import BASIS, HEADER, province, two_tier_file  # noqa: F401  (fixture)
from tests.factories import MembershipFactory, UserFactory

D = datetime.date


def former_viewer(district: Council):
    """A viewer of huyện A, who reads its communes only for the days they were below it."""
    return MembershipFactory(user=UserFactory(username="xem.huyen.a"), council=district, role="VIEWER").user


def province_reviewer(top):
    """The reviewer of Tỉnh Thử (`top`), which reads every commune before and after 01/07/2025."""
    return MembershipFactory(user=UserFactory(username="tinh.thu"), council=top.council, role="REVIEWER").user


def a3_then_two_tiers(top, *days: datetime.date) -> tuple:
    """a3 with a session on each day (ordinals from 11), huyện A's viewer and Tỉnh Thử's reviewer,
    then every commune moved under the province from 01/07/2025: (a3, huyện A, viewer, reviewer)."""
    from tests.factories import SessionFactory

    a3, district = Council.objects.get(unit__slug="a3"), Council.objects.get(unit__slug="huyen-a")
    for ordinal, day in enumerate(days, start=11):
        SessionFactory(council=a3, ordinal=ordinal, start_date=day)
    viewer, reviewer = former_viewer(district), province_reviewer(top)
    reorganise.apply(reorganise.read(two_tier_file()))
    return a3, district, viewer, reviewer


def errors_of(text: str) -> list[str]:
    return reorganise.read(HEADER + text + "\n").errors


def test_merging_districts_must_place_their_communes(province):  # noqa: F811
    errors = errors_of(f"01/01/2024,{BASIS},sap_nhap,huyen-a;huyen-b,AB Thử,HUYEN,tinh-thu")
    assert any("xã A3 vẫn trực thuộc huyện A Thử, nhưng không dòng nào chuyển đơn vị này" in e for e in errors)


def test_a_merger_is_done_only_with_the_same_units(province):  # noqa: F811
    reorganise.apply(reorganise.read(HEADER + f"01/07/2025,{BASIS},sap_nhap,a1;a2,A Mới,XA,tinh-thu\n"))
    plan = reorganise.read(HEADER + f"01/07/2025,{BASIS},sap_nhap,a1;a2;a4,A Mới,XA,tinh-thu\n")
    assert plan.done == [] and any("xã A1 không còn hiệu lực ngày 30/06/2025" in e for e in plan.errors)


def test_a_move_may_not_go_back_before_the_latest_one(province, client, django_user_model):  # noqa: F811
    reorganise.apply(reorganise.read(two_tier_file()))
    backdated = f"01/03/2025,{BASIS},giu_nguyen,a3,,,huyen-b"
    assert any("đã chuyển cấp trên từ một ngày sau ngày 01/03/2025" in e for e in errors_of(backdated))


def test_a_merger_joins_units_of_one_level(province):  # noqa: F811
    errors = errors_of(f"01/01/2024,{BASIS},sap_nhap,huyen-c;a1,Lạ,XA,huyen-b")
    assert any("chỉ sáp nhập các đơn vị cùng cấp với đơn vị mới (Xã)" in e for e in errors)


def test_a_commune_of_2016_cannot_be_put_under_its_province_for_its_whole_past(province):  # noqa: F811
    a5 = AdministrativeUnit.objects.get(slug="a5")
    a5.parent = province
    with pytest.raises(ValidationError):
        a5.full_clean()
    reorganise.apply(reorganise.read(two_tier_file()))  # moved from 01/07/2025: valid
    AdministrativeUnit.objects.get(slug="a5").full_clean()


def test_an_ended_district_no_longer_reviews_or_loads_its_former_communes(province):  # noqa: F811
    district = Council.objects.get(unit__slug="huyen-a")
    former = MembershipFactory(user=UserFactory(username="huyen.a"), council=district, role="REVIEWER").user
    a3 = Council.objects.get(unit__slug="a3")
    assert access.reviewable_councils(former).filter(pk=a3.pk).exists()
    reorganise.apply(reorganise.read(two_tier_file()))
    assert not access.reviewable_councils(former).filter(pk=a3.pk).exists()
    assert not access.can_import(former, a3)
    assert access.reviewable_councils(province_reviewer(province)).filter(pk=a3.pk).exists()


def test_a_new_term_before_one_already_opened_is_refused_clearly(province, client, django_user_model):  # noqa: F811
    chosen = Council.objects.filter(unit__slug="a3")
    start_new_terms(chosen, D(2026, 4, 20))
    with pytest.raises(ValidationError, match="đã có nhiệm kỳ bắt đầu ngày 20/04/2026, sau ngày 10/04/2026"):
        start_new_terms(chosen, D(2026, 4, 10))
    with pytest.raises(CommandError, match="sau ngày 10/04/2026"):
        call_command("new_term", "--bat-dau", "10/04/2026")
    client.force_login(django_user_model.objects.create_superuser("quan.tri", password="x"))
    data = {"action": "new_term", "_selected_action": [chosen.get().pk], "apply": "1", "start": "10/04/2026"}
    page = client.post(reverse("admin:councils_council_changelist"), data, follow=True)
    assert page.status_code == 200 and "sau ngày 10/04/2026" in page.content.decode()


def test_open_work_of_earlier_or_accepted_years_stays_where_it_was(province):  # noqa: F811
    a1 = Council.objects.get(unit__slug="a1")
    older = save_record(
        Petition(council=a1, type="KIEN_NGHI", received_on=D(2024, 5, 5), sender_name="Lê Thị Đơn", subject="Đường")
    )
    Submission.objects.create(council=a1, year=2024, status=Submission.Status.ACCEPTED)
    before = (
        year_figures(a1, 2024).own["petitions"].value,
        year_figures(province.council, 2024).communes["petitions"].value,
    )
    reorganise.apply(reorganise.read(two_tier_file()))
    older.refresh_from_db()
    assert older.council == a1
    after = (
        year_figures(a1, 2024).own["petitions"].value,
        year_figures(province.council, 2024).communes["petitions"].value,
    )
    assert before == after == (1, 1)


def test_a_former_district_reads_its_communes_only_for_the_days_they_were_its(province, client):  # noqa: F811
    """After 01/07/2025 a commune's records are the province's to read, no longer its former district's."""
    from sessions.models import Session
    from tests.factories import SessionFactory

    a3, district = Council.objects.get(unit__slug="a3"), Council.objects.get(unit__slug="huyen-a")
    before = SessionFactory(council=a3, ordinal=11, start_date=D(2025, 4, 10))
    after = SessionFactory(council=a3, ordinal=12, start_date=D(2025, 9, 10))
    own = SessionFactory(council=district, ordinal=9, start_date=D(2025, 3, 10))
    viewer = former_viewer(district)
    reviewer = province_reviewer(province)
    reorganise.apply(reorganise.read(two_tier_file()))

    def seen(user) -> set:
        user = type(user).objects.get(pk=user.pk)  # a fresh request's user
        return set(access.readable_records(user, Session.objects.all()).values_list("pk", flat=True))

    assert {before.pk, own.pk} <= seen(viewer) and after.pk not in seen(viewer)
    assert {before.pk, after.pk, own.pk} <= seen(reviewer)
    client.force_login(viewer)
    assert client.get(reverse("admin:council_sessions_session_change", args=[after.pk])).status_code == 404
    assert client.get(reverse("admin:council_sessions_session_change", args=[before.pk])).status_code == 200
    listed = client.get(reverse("record_list", args=["ky-hop"]), {"nam": 2025}).context["page"].paginator.count
    assert listed == 2  # the district's own and a3's April session


def test_a_former_districts_workbook_of_a_commune_holds_only_the_days_it_was_its(province, client):  # noqa: F811
    """The workbook download reads the records as every page does: the former district's viewer
    gets a3's 2025 sessions up to 30/06/2025, the province's reviewer all of them."""
    from tests.workbooks.books import sheet_rows

    _a3, _district, viewer, reviewer = a3_then_two_tiers(province, D(2025, 4, 10), D(2025, 9, 10))

    def ordinals(user) -> list:
        client.force_login(user)
        response = client.get(reverse("workbook_download", args=["a3", 2025]))
        assert response.status_code == 200
        return sorted(row["Kỳ họp thứ"] for row in sheet_rows(response.content, "Kỳ họp"))

    assert ordinals(viewer) == [11]
    assert ordinals(reviewer) == [11, 12]


def test_a_former_district_no_longer_opens_its_former_communes_later_years(province, client):  # noqa: F811
    """The pages of one council's year (its dashboard, its report, its workbook, its page of work)
    are read by the rule the records are: the former district's viewer still opens a3's 2025, the
    year a3 was below it until 30/06, and no longer its 2026; the province's reviewer opens both."""
    _a3, _district, viewer, reviewer = a3_then_two_tiers(province, D(2025, 4, 10), D(2026, 3, 10))

    def statuses(user, year) -> list[int]:
        client.force_login(user)
        urls = [
            reverse(name, args=["a3", year])
            for name in ["dashboard", "annual_report", "annual_report_pdf", "workbook_download"]
        ]
        urls.append(reverse("council_home", args=["a3"]) + f"?nam={year}")
        return [client.get(url).status_code for url in urls]

    assert statuses(viewer, 2025) == [404, 404, 404, 200, 404]  # a3's whole 2025: see the test below
    assert statuses(viewer, 2026) == [404] * 5
    assert statuses(reviewer, 2026) == [200] * 5


def test_a_former_district_reads_a_communes_year_in_part_only_through_its_own_dashboard(province, client):  # noqa: F811
    """a3 was huyện A's until 30/06/2025. a3's dashboard, report and page state its whole year (its
    September session too), so they open only to those who read all of a3's 2025 (the province);
    the former district reads its part on its own 2025 dashboard, whose row for a3 counts to 30/06,
    says so, and links to the lists of those days instead of a3's dashboard. The workbook holds the
    records, read as the lists read them (the test above). A commune merged away on 30/06/2025 is
    read whole by its district: the year of its life."""
    a3, _district, viewer, reviewer = a3_then_two_tiers(province, D(2025, 4, 10), D(2025, 9, 10))
    a1 = Council.objects.get(unit__slug="a1")  # merged into A Mới from 01/07/2025

    client.force_login(viewer)
    own = client.get(reverse("dashboard", args=["huyen-a", 2025]))
    row = next(row for row in own.context["figures"].rows if row.council == a3)
    assert row.cells["sessions"].value == 1 and row.note == "đến 30/06/2025"
    assert reverse("dashboard", args=["a3", 2025]) not in own.content.decode()
    assert reverse("dashboard", args=["a1", 2025]) in own.content.decode()
    assert client.get(reverse("dashboard", args=["a3", 2025])).status_code == 404
    assert client.get(reverse("dashboard", args=["a1", 2025])).status_code == 200
    assert access.reads_in_year(viewer, a1, 2025) and not access.reads_in_year(viewer, a3, 2025)

    client.force_login(reviewer)
    figures = client.get(reverse("dashboard", args=["a3", 2025])).context["figures"]
    assert figures.own["sessions"].value == 2


def test_the_dashboard_offers_only_the_review_steps_the_reader_may_take(province, client):  # noqa: F811
    """A district that ended keeps its 2025 dashboard, with its communes' rows, but no longer reviews
    them: no "Duyệt…" that would answer 403. The province's reviewer gets the buttons; a province
    clerk (no council above) no "Gửi số liệu…" button."""
    from councils import review
    from councils.models import Membership

    a3, district = Council.objects.get(unit__slug="a3"), Council.objects.get(unit__slug="huyen-a")
    former = MembershipFactory(user=UserFactory(username="huyen.a"), council=district, role="REVIEWER").user
    reviewer = province_reviewer(province)
    clerk = MembershipFactory(
        user=UserFactory(username="thuky.tinh"), council=province.council, role=Membership.Role.CLERK
    ).user
    a3_clerk = MembershipFactory(user=UserFactory(username="thuky.a3"), council=a3).user
    review.submit(a3, 2025, user=a3_clerk)
    reorganise.apply(reorganise.read(two_tier_file()))
    accept_a3 = reverse("accept_year", args=["a3", 2025])

    client.force_login(former)
    page = client.get(reverse("dashboard", args=["huyen-a", 2025])).content.decode()
    assert "A3" in page and accept_a3 not in page
    assert client.get(accept_a3).status_code == 404  # a3's 2025 is no longer theirs throughout

    client.force_login(reviewer)
    assert accept_a3 in client.get(reverse("dashboard", args=["tinh-thu", 2025])).content.decode()

    client.force_login(clerk)
    page = client.get(reverse("dashboard", args=["tinh-thu", 2025])).content.decode()
    assert reverse("submit_year", args=["tinh-thu", 2025]) not in page


def test_a_voter_meeting_follows_a_session_of_the_council_above_it_on_that_day(province, client):  # noqa: F811
    """Before 01/07/2025 a3's voters met after the district's sessions, from then on after the
    province's: the form offers those sessions, and saving takes them (it asked for the council
    above today, so a 2024 meeting after the district's session could no longer be saved)."""
    from oversight.models import VoterMeeting
    from tests.factories import SessionFactory

    a3, district = Council.objects.get(unit__slug="a3"), Council.objects.get(unit__slug="huyen-a")
    of_the_district = SessionFactory(council=district, ordinal=5, start_date=D(2024, 6, 10))
    of_the_province_2024 = SessionFactory(council=province.council, ordinal=7, start_date=D(2024, 7, 10))
    reorganise.apply(reorganise.read(two_tier_file()))
    of_the_province_2025 = SessionFactory(council=province.council, ordinal=9, start_date=D(2025, 12, 10))

    def meeting(session, day):
        return VoterMeeting(
            council=a3, deputy_level="HDND_XA", timing="SAU", session=session, date=day, place="Nhà văn hóa"
        )

    save_record(meeting(of_the_district, D(2024, 6, 20)))
    save_record(meeting(of_the_province_2025, D(2025, 12, 20)))
    with pytest.raises(ValidationError) as refused:
        save_record(meeting(of_the_province_2024, D(2024, 7, 20)))
    assert "session" in refused.value.message_dict

    clerk = MembershipFactory(user=UserFactory(username="thuky.a3"), council=a3).user
    client.force_login(clerk)
    offered = client.get(reverse("admin:oversight_votermeeting_add")).context["adminform"].form.fields["session"]
    assert set(offered.queryset) == {of_the_district, of_the_province_2025}

    # the 2024 workbook names the district's session and reads back unchanged
    from workbooks import export, sheets
    from workbooks.importer import import_workbook

    result = import_workbook(export.workbook_bytes(sheets.context(a3, 2024)), a3, dry_run=True)
    assert result.ok and result.total_created == result.total_changed == 0, result.problems


def test_a_former_communes_page_lists_no_work_of_the_days_after_it_left(province, client):  # noqa: F811
    """The page's "due within 30 days" lists today's open petitions and register items: for the
    former district's viewer, none of those a3 received after 30/06/2025."""
    from django.utils import timezone

    a3, district = Council.objects.get(unit__slug="a3"), Council.objects.get(unit__slug="huyen-a")
    viewer = former_viewer(district)
    reorganise.apply(reorganise.read(two_tier_file()))
    received = timezone.localdate() - datetime.timedelta(days=3)
    late = save_record(
        Petition(council=a3, type="KIEN_NGHI", received_on=received, sender_name="Lê Thị Đơn", subject="Đường mới")
    )
    assert late.due_on is not None

    client.force_login(viewer)
    page = client.get(reverse("council_home", args=["a3"]))  # opens on 2024, the last year it read whole
    assert page.status_code == 200 and late not in page.context["due_petitions"]
    assert "Đường mới" not in page.content.decode()


def test_a_workbook_is_loaded_only_into_a_year_the_loader_reads_whole(province):  # noqa: F811
    """b1 moved from huyện B to huyện A on 01/01/2024: huyện A's reviewer loads its 2024, but not its
    2023, which they never read — the preview would show the stored values, the load overwrite them."""
    from workbooks import export, sheets
    from workbooks.importer import import_workbook

    b1 = Council.objects.get(unit__slug="b1")
    reviewer = MembershipFactory(
        user=UserFactory(username="huyen.a"), council=Council.objects.get(unit__slug="huyen-a"), role="REVIEWER"
    ).user
    reorganise.apply(reorganise.read(HEADER + f"01/01/2024,{BASIS},giu_nguyen,b1,,,huyen-a\n"))
    assert access.can_import(reviewer, b1)

    refused = import_workbook(export.workbook_bytes(sheets.context(b1, 2023)), b1, user=reviewer, dry_run=True)
    assert [problem.message for problem in refused.problems] == [
        "Năm 2023, HĐND xã B1 không trực thuộc Hội đồng của bạn trọn năm: không nhập được số liệu năm ấy."
    ]
    assert import_workbook(export.workbook_bytes(sheets.context(b1, 2024)), b1, user=reviewer, dry_run=True).ok


def test_a_far_day_in_a_reorganisation_file_is_a_line_error_not_a_500(province):  # noqa: F811
    from django.utils import timezone

    errors = errors_of(f"01/01/0001,{BASIS},giu_nguyen,a3,,,huyen-b")
    last = timezone.localdate().year + 10
    assert errors == [
        f"Dòng 2: ngày hiệu lực (cột hieu_luc): Ngày 01/01/0001 không hợp lệ: chỉ nhận các năm 1945–{last}."
    ]


def test_a_basis_or_a_new_name_too_long_is_a_line_error_not_cut_or_refused_on_apply(province):  # noqa: F811
    """The legal basis was cut to 200 characters without a word; a new name over 100 passed the
    preview and was refused only on applying, without its line."""
    long_basis = ("Nghị quyết số 1/NQ-UBTVQH15 " * 10).strip()
    assert errors_of(f"01/07/2025,{long_basis},giu_nguyen,a3,,,tinh-thu") == [
        f"Dòng 2: cột can_cu dài quá 200 ký tự (đang có {len(long_basis)})."
    ]
    assert errors_of(f"01/07/2025,{BASIS},sap_nhap,a1;a2,{'A' * 120},XA,tinh-thu") == [
        "Dòng 2: cột ten_moi dài quá 100 ký tự (đang có 120)."
    ]


def test_a_former_communes_page_opens_on_the_latest_year_the_reader_reads(province, client):  # noqa: F811
    """Without ?nam the page opens on the council's latest year with sessions (a3's 2026), which
    the former district's viewer no longer reads, nor all of 2025 (theirs until 30/06): it opens
    on 2024, not a 404 (the dashboard links to the page without a year)."""
    from tests.factories import SessionFactory

    a3, district = Council.objects.get(unit__slug="a3"), Council.objects.get(unit__slug="huyen-a")
    viewer = former_viewer(district)
    reorganise.apply(reorganise.read(two_tier_file()))
    SessionFactory(council=a3, ordinal=12, start_date=D(2026, 3, 10))

    client.force_login(viewer)
    page = client.get(reverse("council_home", args=["a3"]))
    assert page.status_code == 200 and page.context["year"] == 2024
    assert client.get(reverse("council_home", args=["a3"]), {"nam": 2026}).status_code == 404


def test_a_quote_never_closed_in_a_long_file_is_a_line_error_not_a_500(province, admin_client):  # noqa: F811
    """An opening quote never closed swallows the rest of the file into one field: Python's csv
    module gave up on it (field larger than field limit) with an error the page did not catch."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    row = f"01/07/2025,{BASIS},giu_nguyen,a3,,,tinh-thu\n"
    text = HEADER + row.replace("Nghị", '"Nghị', 1) + row * 3000
    assert errors_of(text.removeprefix(HEADER).rstrip("\n")) == [
        'Dòng 2: một dấu ngoặc kép (") mở mà không đóng, hoặc một ô quá dài: không đọc được tệp từ đây.'
    ]
    upload = SimpleUploadedFile("to-chuc-lai.csv", text.encode(), content_type="text/csv")
    response = admin_client.post(reverse("reorganise"), {"file": upload})
    assert response.status_code == 200 and "không đọc được tệp từ đây" in response.content.decode()
