"""Commune to district: submit, return with a comment, resubmit, accept, lock, reopen."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from councils.models import AdministrativeUnit, AuditEntry, Council, Membership, Submission, Term, UnitType
from councils.records import delete_record, save_record
from sessions.models import Session
from tests.factories import MembershipFactory, SessionFactory, UserFactory

D = datetime.date


def post(client, name, slug="pho-chau", year=2023, **data):
    return client.post(reverse(name, args=[slug, year]), data)


def state(council, year=2023):
    submission = Submission.objects.filter(council=council, year=year).first()
    return submission.status if submission else None


def test_the_whole_review_workflow(client, clerk, reviewer, pho_chau):
    session = SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11))
    next_year = SessionFactory(council=pho_chau, ordinal=14, start_date=D(2024, 7, 10))

    client.force_login(clerk)
    post(client, "submit_year")
    assert state(pho_chau) == "SUBMITTED"
    assert post(client, "accept_year").status_code == 403  # a clerk does not review

    client.force_login(reviewer)
    post(client, "return_year", comment="Thiếu biên bản kỳ họp thứ 12")
    assert state(pho_chau) == "RETURNED"
    district_page = client.get(reverse("dashboard", args=["huong-son", 2023]))
    row = next(r for r in district_page.context["figures"].rows if r.council == pho_chau)
    assert row.state == "Bị trả lại để sửa"

    client.force_login(clerk)
    own_page = client.get(reverse("dashboard", args=["pho-chau", 2023])).content.decode()
    assert "Thiếu biên bản kỳ họp thứ 12" in own_page and "Gửi lại số liệu" in own_page
    post(client, "submit_year")
    assert state(pho_chau) == "SUBMITTED"

    client.force_login(reviewer)
    post(client, "accept_year")
    assert state(pho_chau) == "ACCEPTED"

    # The accepted year is locked for the clerk, in the admin and everywhere else.
    client.force_login(clerk)
    change = reverse("admin:council_sessions_session_change", args=[session.pk])
    assert client.post(change, {"ordinal": 12}).status_code == 403
    response = client.post(
        reverse("admin:council_sessions_session_add"),
        {
            "council": pho_chau.pk,
            "term": pho_chau.terms.get().pk,
            "ordinal": 13,
            "kind": "CHUYEN_DE",
            "start_date": "01/09/2023",
            "end_date": "01/09/2023",
            "resolutions-TOTAL_FORMS": 0,
            "resolutions-INITIAL_FORMS": 0,
        },
    )
    assert response.context["adminform"].form.non_field_errors() == [
        "Số liệu năm 2023 của HĐND thị trấn Phố Châu đã được cấp trên duyệt; muốn sửa, đề nghị cấp trên mở lại."
    ]
    with pytest.raises(ValidationError):
        delete_record(session, user=clerk)
    session.venue = "Hội trường mới"
    with pytest.raises(ValidationError):
        save_record(session, user=clerk)
    moved = Session.objects.get(pk=next_year.pk)
    moved.start_date = moved.end_date = D(2023, 12, 20)  # moving a 2024 record into 2023 is refused too
    with pytest.raises(ValidationError):
        save_record(moved, user=clerk)
    next_year.venue = "Nhà văn hóa"
    save_record(next_year, user=clerk)  # 2024 is open

    # Reopening needs a reason and is audited; then the clerk may edit again.
    client.force_login(reviewer)
    post(client, "reopen_year")
    assert state(pho_chau) == "ACCEPTED"
    post(client, "reopen_year", comment="Bổ sung nghị quyết bị sót")
    assert state(pho_chau) == "REOPENED"
    entry = AuditEntry.objects.filter(content_type__model="submission").order_by("-pk").first()
    assert entry.user == reviewer and entry.changes["comment"][1] == "Bổ sung nghị quyết bị sót"
    session.venue = "Hội trường mới"
    save_record(session, user=clerk)


def test_returning_without_a_comment_is_refused(client, clerk, reviewer, pho_chau):
    client.force_login(clerk)
    post(client, "submit_year")
    client.force_login(reviewer)

    response = post(client, "return_year", comment="  ")

    assert state(pho_chau) == "SUBMITTED"
    assert "Khi trả lại, hãy ghi rõ nội dung cần sửa." in [str(m) for m in response.wsgi_request._messages]


def test_accepting_what_was_not_submitted_is_refused(client, reviewer, pho_chau):
    client.force_login(reviewer)
    response = post(client, "accept_year")
    assert state(pho_chau) is None
    assert "Không thể thực hiện: số liệu năm 2023 đang ở trạng thái “Chưa gửi”." in [
        str(m) for m in response.wsgi_request._messages
    ]


def test_a_reviewer_of_another_district_gets_404(client, clerk, pho_chau, district):
    other_unit = AdministrativeUnit.objects.create(
        name="Đức Thọ",
        slug="duc-tho",
        unit_type=UnitType.RURAL_DISTRICT,
        parent=district.unit.parent,
        valid_from=D(2016, 1, 1),
    )
    other = Council.objects.create(unit=other_unit)
    Term.objects.create(council=other, start_date=D(2021, 6, 25))
    stranger = MembershipFactory(
        user=UserFactory(username="huyen.ductho"), council=other, role=Membership.Role.REVIEWER
    ).user
    client.force_login(clerk)
    post(client, "submit_year")

    client.force_login(stranger)
    assert client.get(reverse("dashboard", args=["huong-son", 2023])).status_code == 404
    assert client.get(reverse("dashboard", args=["pho-chau", 2023])).status_code == 404
    assert post(client, "accept_year").status_code == 404
    assert state(pho_chau) == "SUBMITTED"
    assert client.get(reverse("dashboard", args=["duc-tho", 2023])).status_code == 200


def test_the_follow_up_register_stays_open_after_acceptance(client, clerk, reviewer, pho_chau):
    from oversight.models import FollowUpItem, OversightActivity

    activity = save_record(
        OversightActivity(
            council=pho_chau,
            actor="THUONG_TRUC",
            form="CHUYEN_DE",
            subject="X",
            bodies_overseen="UBND",
            start_date=D(2023, 5, 10),
        )
    )
    item = save_record(FollowUpItem(oversight=activity, content="Sửa đường", addressee="UBND"))
    client.force_login(clerk)
    post(client, "submit_year")
    client.force_login(reviewer)
    post(client, "accept_year")

    item.status, item.response_text = FollowUpItem.Status.DONE, "Đã sửa xong"
    save_record(item, user=clerk)  # items are followed to their end, whatever the year's state
    activity.subject = "Y"
    with pytest.raises(ValidationError):
        save_record(activity, user=clerk)
