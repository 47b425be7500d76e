"""The clerks' data entry: scoping, defaults, audit, protected deletes and pinned query counts."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from councils.admin.base import CouncilScopedAdmin
from councils.models import AuditEntry
from oversight.models import FollowUpItem, OversightActivity
from sessions.models import Question, Resolution, Session
from tests.factories import ResolutionFactory, SessionFactory

D = datetime.date


def url(name, *args):
    return reverse(f"admin:council_sessions_{name}", args=args)


def test_clerk_sees_only_their_councils_sessions(client, clerk, pho_chau, son_tay):
    SessionFactory(council=pho_chau, ordinal=12)
    theirs = SessionFactory(council=son_tay, ordinal=12)
    client.force_login(clerk)

    listed = client.get(url("session_changelist")).context["cl"].result_list
    assert [s.council for s in listed] == [pho_chau]
    assert client.get(url("session_change", theirs.pk)).status_code == 404
    assert client.get(url("resolution_change", ResolutionFactory(session=theirs).pk)).status_code == 404


def test_council_filter_offers_only_readable_councils(client, clerk):
    client.force_login(clerk)
    response = client.get(url("resolution_changelist"))
    council_filter = next(f for f in response.context["cl"].filter_specs if f.parameter_name == "hoi_dong")
    assert [label for _value, label in council_filter.lookup_choices] == ["HĐND thị trấn Phố Châu"]


def test_clerk_cannot_choose_another_councils_session_for_a_resolution(client, clerk, son_tay):
    theirs = SessionFactory(council=son_tay, ordinal=12)
    client.force_login(clerk)

    response = client.post(
        url("resolution_add"),
        {
            "session": theirs.pk,
            "code": "01/NQ-HĐND",
            "adopted_on": "11/07/2023",
            "summary": "Thử",
            "field": "KTXH",
            "kind": "CA_BIET",
        },
    )

    assert "session" in response.context["adminform"].form.errors
    assert not Resolution.objects.exists()


def test_new_session_starts_on_the_clerks_council_and_current_term(client, clerk, pho_chau):
    client.force_login(clerk)
    form = client.get(url("session_add")).context["adminform"].form
    assert form.initial["council"] == pho_chau.pk
    assert form.initial["term"] == pho_chau.terms.get().pk
    assert list(form.fields["term"].queryset) == [pho_chau.terms.get()]


def session_form(council, **fields):
    data = {
        "council": council.pk,
        "term": council.terms.get().pk,
        "ordinal": 12,
        "kind": "THUONG_LE",
        "start_date": "11/07/2023",
        "end_date": "12/07/2023",
        "venue": "Hội trường UBND",
        "resolutions-TOTAL_FORMS": 0,
        "resolutions-INITIAL_FORMS": 0,
    }
    return {**data, **fields}


def test_clerk_enters_a_session_with_its_resolutions_inline(client, clerk, pho_chau):
    client.force_login(clerk)
    data = session_form(pho_chau, **{"resolutions-TOTAL_FORMS": 2})
    for i, code in enumerate(["01/NQ-HĐND", "02/NQ-HĐND"]):
        data |= {
            f"resolutions-{i}-code": code,
            f"resolutions-{i}-adopted_on": "12/07/2023",
            f"resolutions-{i}-summary": "Về kế hoạch sử dụng đất năm 2024",
            f"resolutions-{i}-field": "DAT_DAI",
            f"resolutions-{i}-kind": "CA_BIET",
        }

    response = client.post(url("session_add"), data)

    assert response.status_code == 302
    session = Session.objects.get()
    assert sorted(session.resolutions.values_list("number", flat=True)) == [1, 2]
    assert AuditEntry.objects.filter(council=pho_chau, action="CREATE").count() == 3


def test_a_five_digit_year_in_the_form_gets_its_own_message(client, clerk, pho_chau):
    client.force_login(clerk)
    response = client.post(url("session_add"), session_form(pho_chau, start_date="11/07/20023"))
    assert response.context["adminform"].form.errors["start_date"] == [
        "Năm “20023” không hợp lệ: năm phải có 4 chữ số (ví dụ 2023)."
    ]
    assert not Session.objects.exists()


def test_edits_are_audited_with_before_and_after(client, clerk, pho_chau):
    resolution = ResolutionFactory(session=SessionFactory(council=pho_chau, ordinal=12), code="15/NQ-HĐND")
    client.force_login(clerk)

    client.post(
        url("resolution_change", resolution.pk),
        {
            "session": resolution.session_id,
            "code": "16/NQ-HĐND",
            "adopted_on": "11/07/2023",
            "summary": resolution.summary,
            "field": "KTXH",
            "kind": "CA_BIET",
        },
    )

    entry = AuditEntry.objects.get(action="UPDATE")
    assert entry.user == clerk and entry.council == pho_chau
    assert entry.changes["code"] == ["15/NQ-HĐND", "16/NQ-HĐND"]
    assert entry.changes["number"] == ["15", "16"]


def test_a_session_with_resolutions_cannot_be_deleted(client, clerk, pho_chau):
    session = SessionFactory(council=pho_chau, ordinal=12)
    ResolutionFactory(session=session)
    client.force_login(clerk)

    response = client.post(url("session_delete", session.pk), {"post": "yes"})

    assert "Không thể xóa" in response.content.decode() or "không thể" in response.content.decode().lower()
    assert Session.objects.filter(pk=session.pk).exists()
    assert not AuditEntry.objects.filter(action="DELETE").exists()


def test_deleting_an_unreferenced_record_is_audited(client, clerk, pho_chau):
    session = SessionFactory(council=pho_chau, ordinal=12)
    client.force_login(clerk)

    client.post(url("session_delete", session.pk), {"post": "yes"})

    assert not Session.objects.exists()
    entry = AuditEntry.objects.get(action="DELETE")
    assert entry.changes["ordinal"] == ["12", None]


def test_commitments_entered_with_a_question_join_the_follow_up_register(client, clerk, pho_chau):
    session = SessionFactory(council=pho_chau, ordinal=12)
    client.force_login(clerk)
    data = {
        "council": pho_chau.pk,
        "venue": "TAI_KY_HOP",
        "session": session.pk,
        "asked_on": "11/07/2023",
        "questioner": "Đại biểu Hồ Văn An",
        "respondent_name": "Nguyễn Văn Bình",
        "respondent_role": "CT_UBND",
        "topic": "Nước sinh hoạt thôn 3",
        "answer": "Sẽ khắc phục",
        "answered_on": "11/07/2023",
        "satisfied": "true",
        "commitments-TOTAL_FORMS": 1,
        "commitments-INITIAL_FORMS": 0,
        "commitments-0-content": "Sửa đường ống nước thôn 3",
        "commitments-0-addressee": "UBND thị trấn",
        "commitments-0-due_date": "30/09/2023",
        "commitments-0-status": "MOI",
    }

    response = client.post(url("question_add"), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    item = FollowUpItem.objects.get()
    assert (item.council, item.source, item.question) == (pho_chau, "QUESTION", Question.objects.get())
    assert item.is_overdue(today=D(2023, 10, 1)) and not item.is_overdue(today=D(2023, 9, 30))
    assert list(FollowUpItem.objects.overdue(D(2023, 10, 1))) == [item]


def test_commitment_rules(pho_chau):
    from django.core.exceptions import ValidationError

    q = Question.objects.create(
        council=pho_chau,
        venue="VAN_BAN",
        asked_on=D(2023, 7, 11),
        questioner="A",
        respondent_name="B",
        respondent_role="CT_UBND",
        topic="C",
    )
    early = FollowUpItem(question=q, content="X", addressee="UBND", due_date=D(2023, 7, 1))
    done_without_result = FollowUpItem(question=q, content="X", addressee="UBND", status="DA")

    with pytest.raises(ValidationError) as error:
        early.full_clean()
    assert error.value.message_dict["due_date"] == ["Hạn thực hiện không được trước ngày phát sinh (11/07/2023)."]
    with pytest.raises(ValidationError) as error:
        done_without_result.full_clean()
    assert error.value.message_dict["response_text"] == ["Đã thực hiện thì ghi kết quả hoặc đính kèm văn bản trả lời."]


# --- query counts: the pages must not grow with the number of rows ----------------------------


def make_resolutions(council, sessions, per_session, start_ordinal=1, first_number=1):
    number = first_number
    for i in range(sessions):
        session = SessionFactory(council=council, ordinal=start_ordinal + i, start_date=D(2023, 1 + i, 10))
        for _ in range(per_session):
            ResolutionFactory(session=session, code=f"{number:02d}/NQ-HĐND")
            number += 1


def count_queries(client, path):
    """Queries of a request once process-wide caches (content types) are warm, whatever ran before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# incl. the accepted years above the list; one count (show_full_result_count off), the roles read once;
# the login comes from the cache (SESSION_ENGINE)
PINNED = {"resolution_changelist": 8, "session_changelist": 8}


@pytest.mark.parametrize("path_name", ["resolution_changelist", "session_changelist"])
def test_changelists_use_a_constant_number_of_queries(client, clerk, pho_chau, path_name):
    client.force_login(clerk)
    make_resolutions(pho_chau, sessions=2, per_session=2)
    few = count_queries(client, url(path_name))
    make_resolutions(pho_chau, sessions=8, per_session=6, start_ordinal=3, first_number=5)
    many = count_queries(client, url(path_name))

    assert few == many
    assert many == PINNED[path_name]


def test_session_change_page_uses_a_constant_number_of_queries(client, clerk, pho_chau):
    client.force_login(clerk)
    small = SessionFactory(council=pho_chau, ordinal=1, start_date=D(2023, 1, 10))
    ResolutionFactory(session=small, code="01/NQ-HĐND")
    big = SessionFactory(council=pho_chau, ordinal=2, start_date=D(2023, 2, 10))
    for n in range(2, 32):
        ResolutionFactory(session=big, code=f"{n:02d}/NQ-HĐND")

    one = count_queries(client, url("session_change", small.pk))
    thirty = count_queries(client, url("session_change", big.pk))

    assert one == thirty
    assert thirty == 11  # the locked-year check included (the record as stored, its submission)


def test_clerk_cannot_create_a_session_for_another_council(client, clerk, son_tay):
    client.force_login(clerk)

    response = client.post(url("session_add"), session_form(son_tay))

    errors = response.context["adminform"].form.errors
    assert "council" in errors and "term" in errors
    assert not Session.objects.exists()


def test_a_bulk_delete_names_each_record_with_its_council_and_day(client, clerk, pho_chau):
    """Once "Nghị quyết số 14/NQ-HĐND" three times, with nothing to tell last year's from this year's."""
    session = SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11))
    last_year = SessionFactory(council=pho_chau, ordinal=10, start_date=D(2022, 7, 11))
    first = ResolutionFactory(session=session, code="14/NQ-HĐND")
    second = ResolutionFactory(session=last_year, code="14/NQ-HĐND")
    client.force_login(clerk)

    response = client.post(
        url("resolution_changelist"), {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}
    )

    page = response.content.decode()
    assert "Nghị quyết số 14/NQ-HĐND — HĐND thị trấn Phố Châu, ngày 11/07/2023" in page
    assert "Nghị quyết số 14/NQ-HĐND — HĐND thị trấn Phố Châu, ngày 11/07/2022" in page


def test_deleting_from_an_accepted_year_is_refused_before_the_confirmation(client, clerk, reviewer, pho_chau):
    from councils import review

    session = SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11))
    resolution = ResolutionFactory(session=session, code="14/NQ-HĐND")
    review.submit(pho_chau, 2023, user=clerk)
    review.accept(pho_chau, 2023, user=reviewer)
    client.force_login(clerk)

    one = client.get(url("resolution_delete", resolution.pk), follow=True)
    assert "Không xóa được: Số liệu năm 2023 của HĐND thị trấn Phố Châu đã được cấp trên duyệt" in (
        one.content.decode()
    )
    many = client.post(
        url("resolution_changelist"), {"action": "delete_selected", "_selected_action": [resolution.pk]}, follow=True
    )
    assert "Chưa xóa mục nào: 1 trong số 1 mục đã chọn không xóa được. Số liệu năm 2023" in many.content.decode()
    assert Resolution.objects.filter(pk=resolution.pk).exists()


def test_a_session_without_its_dates_refuses_its_resolutions_in_vietnamese(client, clerk, pho_chau):
    """A clerk who leaves the session's dates empty and types its resolutions got a 500:
    Resolution.check_rules compared the adoption day with a missing session date."""
    client.force_login(clerk)
    data = session_form(pho_chau, start_date="", end_date="", **{"resolutions-TOTAL_FORMS": 1})
    data |= {
        "resolutions-0-code": "01/NQ-HĐND",
        "resolutions-0-adopted_on": "12/07/2023",
        "resolutions-0-summary": "Về kế hoạch sử dụng đất năm 2024",
        "resolutions-0-field": "DAT_DAI",
        "resolutions-0-kind": "CA_BIET",
    }

    response = client.post(url("session_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["start_date"] == ["Trường này là bắt buộc."]
    assert "Chưa lưu" in response.context["hdnd_error_summary"]
    assert not Session.objects.exists() and not Resolution.objects.exists()


def test_the_checkbox_column_is_djangos_own_html():
    """CouncilScopedAdmin writes the action checkbox itself (faster): the HTML is Django's."""
    activity = OversightActivity(pk=7, form="CHUYEN_DE", subject='Đất đai <b>"xã" & phường</b>')
    scoped = [
        model_admin for model_admin in admin.site._registry.values() if isinstance(model_admin, CouncilScopedAdmin)
    ]
    assert len(scoped) >= 9
    for model_admin in scoped:
        assert model_admin.action_checkbox(activity) == admin.ModelAdmin.action_checkbox(model_admin, activity)


def test_every_record_list_in_the_admin_pages_as_the_product_lists():
    """50 records a page, in the admin as in /danh-sach/ (a row of a changelist costs about 1 ms)."""
    from reports.views.dashboard import PAGE_SIZE

    scoped = [each for each in admin.site._registry.values() if isinstance(each, CouncilScopedAdmin)]
    assert {each.list_per_page for each in scoped} == {PAGE_SIZE} == {50}
