"""What a clerk is told on a record's page: why it is read-only, which years are closed, and after
a failed save how many errors there are and where; the admin in the site's look."""

import datetime

import pytest
from django.urls import reverse

from councils import review
from tests.factories import SessionFactory

D = datetime.date


@pytest.fixture
def accepted_2023(clerk, reviewer, pho_chau):
    session = SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11))
    review.submit(pho_chau, 2023, user=clerk)
    review.accept(pho_chau, 2023, user=reviewer)
    return session


def test_a_record_of_an_accepted_year_says_why_it_is_read_only(client, clerk, accepted_2023):
    client.force_login(clerk)
    page = client.get(reverse("admin:council_sessions_session_change", args=[accepted_2023.pk])).content.decode()
    assert "Hồ sơ chỉ xem, không sửa được. Số liệu năm 2023 của HĐND thị trấn Phố Châu đã được cấp trên duyệt" in page


def test_an_accepted_year_is_announced_and_offers_no_add_button(client, clerk, accepted_2023):
    client.force_login(clerk)
    add = client.get(reverse("admin:council_sessions_session_add")).content.decode()
    assert "Năm 2023 (HĐND thị trấn Phố Châu) đã được cấp trên duyệt: không thêm, sửa hay xóa được" in add

    changelist = reverse("admin:council_sessions_session_changelist")
    assert client.get(changelist, {"nam": 2023}).context["has_add_permission"] is False
    assert client.get(changelist, {"nam": 2024}).context["has_add_permission"] is True


def test_a_failed_save_says_how_many_errors_and_where_each_one_is(client, clerk, pho_chau):
    client.force_login(clerk)
    data = {
        "council": pho_chau.pk,
        "deputy_level": "DBQH",
        "timing": "CHUYEN_DE",
        "date": "31/02/2023",
        "mode": "TRUC_TIEP",
        "place": "Nhà văn hóa",
        "voters_attending": 80,
        "opinions-TOTAL_FORMS": 2,
        "opinions-INITIAL_FORMS": 0,
        "opinions-0-content": "Đề nghị sửa đường",
        "opinions-0-kind": "KIEN_NGHI",
        "opinions-0-field": "DAU_TU",
        "opinions-0-competent_level": "HUYEN",
        "opinions-1-content": "Đề nghị làm cầu",
        "opinions-1-kind": "KIEN_NGHI",
        "opinions-1-field": "DAU_TU",
        "opinions-1-competent_level": "HUYEN",
        "opinions-1-answered_on": "20/05/2023",
    }

    response = client.post(reverse("admin:oversight_votermeeting_add"), data)

    page = response.content.decode()
    assert response.context["hdnd_error_summary"] == (
        "Chưa lưu: có 2 lỗi, ở phần chính; ý kiến, kiến nghị cử tri, dòng 2. "
        "Mỗi lỗi hiện bằng chữ đỏ ngay trên ô cần sửa."
    )
    assert 'href="#id_date"' in page and 'href="#id_opinions-1-answered_on"' in page
    assert "phần chính — Ngày tiếp xúc</a>: Ngày 31/02/2023 không có: tháng 02 năm 2023 chỉ có 28 ngày." in page
    assert "dòng 2 — Ngày trả lời</a>: Chỉ ghi ngày trả lời khi ý kiến đã được chuyển" in page


def test_the_admin_wears_the_sites_look_and_names_the_clerks_council(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("admin:index")).content.decode()
    assert "css/admin.css" in page
    assert 'href="/hoi-dong/pho-chau/"' in page and "HĐND thị trấn Phố Châu" in page


def test_the_clerks_home_links_straight_to_the_add_forms(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("council_home", args=["pho-chau"])).content.decode()
    models = ["council_sessions_session", "council_sessions_question", "oversight_votermeeting", "oversight_petition"]
    for model in models:
        assert f'href="{reverse(f"admin:{model}_add")}"' in page


def failed_session_save(client, clerk, pho_chau):
    client.force_login(clerk)
    data = {
        "council": pho_chau.pk,
        "term": pho_chau.terms.get().pk,
        "ordinal": 12,
        "kind": "THUONG_LE",
        "start_date": "31/02/2023",
        "end_date": "12/07/2023",
        "resolutions-TOTAL_FORMS": 0,
        "resolutions-INITIAL_FORMS": 0,
    }
    return client.post(reverse("admin:council_sessions_session_add"), data)


def test_the_summary_says_the_errors_are_where_django_draws_them(client, clerk, pho_chau):
    """The summary said errors were under their box; Django draws them above it, under the label."""
    response = failed_session_save(client, clerk, pho_chau)

    page = response.content.decode()
    assert "Lỗi hiện bằng chữ đỏ ngay trên ô cần sửa." in response.context["hdnd_error_summary"]
    label = page.index('for="id_start_date"')
    error_list, box = page.index('class="errorlist', label), page.index('name="start_date"', label)
    assert error_list < page.index("Ngày 31/02/2023 không có", label) < box


def test_after_a_failed_save_the_page_goes_to_the_first_error(client, clerk, pho_chau):
    assert "js/first-error.js" in failed_session_save(client, clerk, pho_chau).content.decode()
    fresh = client.get(reverse("admin:council_sessions_session_add")).content.decode()
    assert "js/first-error.js" not in fresh


def test_the_date_boxes_helper_runs_after_djangos_calendar(client, clerk):
    """Loaded before DateTimeShortcuts.js, the year steps were never drawn and the time-zone note
    was shown beside every date box."""
    client.force_login(clerk)
    page = client.get(reverse("admin:oversight_citizenreception_add")).content.decode()
    assert page.index("admin/js/admin/DateTimeShortcuts.js") < page.index("js/date-fields.js")
