"""The audit trail as a history page, from which an earlier version is restored (audited, and a
locked year stays locked); accounts, memberships and units are audited like records."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from councils import review
from councils.models import AdministrativeUnit, AuditEntry, Membership
from councils.records import save_record
from sessions.models import Session
from tests.factories import SessionFactory, UserFactory

D = datetime.date


@pytest.fixture
def edited_session(clerk, pho_chau):
    session = save_record(
        Session(
            council=pho_chau,
            term=pho_chau.terms.get(),
            ordinal=12,
            start_date=D(2023, 7, 11),
            end_date=D(2023, 7, 11),
            venue="Hội trường UBND",
        ),
        user=clerk,
    )
    session.venue = "Nhà văn hóa khối 7"
    save_record(session, user=clerk)
    session.deputies_present = 21
    return save_record(session, user=clerk)


def history_url(session):
    return reverse("admin:council_sessions_session_history", args=[session.pk])


def restore_url(session, entry):
    return reverse("admin:council_sessions_session_restore", args=[session.pk, entry.pk])


def test_the_history_page_shows_each_version_with_its_values(client, clerk, edited_session):
    client.force_login(clerk)
    response = client.get(history_url(edited_session))

    versions = response.context["versions"]
    assert [v.entry.get_action_display() for v in versions] == ["Sửa", "Sửa", "Tạo mới"]
    first = dict((label, value) for label, value, _changed in versions[-1].shown)
    assert first["địa điểm"] == "Hội trường UBND" and first["số đại biểu có mặt"] == "—"
    assert first["ngày khai mạc"] == "11/07/2023" and first["loại kỳ họp"] == "Thường lệ (thường kỳ)"
    page = response.content.decode()
    assert page.count("Khôi phục phiên bản này") == 2  # every version but the current one


def test_the_history_names_related_records_and_leaves_out_the_numbering_key(client, clerk, pho_chau):
    """The history said "Hội đồng nhân dân: 3", "Nhiệm kỳ: 3", and a resolution's numbering key
    "Phạm vi đánh số: 3:Y2023" beside its number typed as "05/NQ-HĐND"."""
    from tests.factories import ResolutionFactory

    session = save_record(SessionFactory.build(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11)), user=clerk)
    resolution = save_record(ResolutionFactory.build(session=session, code="05/NQ-HĐND"), user=clerk)
    client.force_login(clerk)
    [version] = client.get(history_url(session)).context["versions"]
    shown = {label: value for label, value, _changed in version.shown}
    assert shown["Hội đồng nhân dân"] == "HĐND thị trấn Phố Châu"
    assert shown["nhiệm kỳ"] == str(pho_chau.terms.get())
    page = reverse("admin:council_sessions_resolution_history", args=[resolution.pk])
    [version] = client.get(page).context["versions"]
    shown = {label: value for label, value, _changed in version.shown}
    assert shown["kỳ họp"] == str(session) and shown["số, ký hiệu"] == "05/NQ-HĐND"
    assert "phạm vi đánh số" not in shown


def test_restoring_an_earlier_version_goes_through_the_audited_write_path(client, clerk, edited_session):
    client.force_login(clerk)
    created = client.get(history_url(edited_session)).context["versions"][-1]

    response = client.post(restore_url(edited_session, created.entry), follow=True)

    restored = Session.objects.get(pk=edited_session.pk)
    assert (restored.venue, restored.deputies_present, restored.version) == ("Hội trường UBND", None, 4)
    latest = AuditEntry.objects.filter(object_id=str(restored.pk), content_type__model="session").first()
    assert latest.action == "UPDATE" and latest.user == clerk
    assert latest.changes["venue"] == ["Nhà văn hóa khối 7", "Hội trường UBND"]
    assert "Đã khôi phục phiên bản lúc" in response.content.decode()


def test_who_may_only_read_sees_the_history_but_restores_nothing(client, reviewer, edited_session):
    client.force_login(reviewer)
    created = client.get(history_url(edited_session)).context["versions"][-1]
    assert "Khôi phục phiên bản này" not in client.get(history_url(edited_session)).content.decode()
    assert client.post(restore_url(edited_session, created.entry)).status_code == 403
    assert Session.objects.get(pk=edited_session.pk).venue == "Nhà văn hóa khối 7"


def test_restoring_into_an_accepted_year_is_refused(client, clerk, reviewer, pho_chau, edited_session):
    review.submit(pho_chau, 2023, user=clerk)
    review.accept(pho_chau, 2023, user=reviewer)
    created = AuditEntry.objects.get(content_type__model="session", object_id=str(edited_session.pk), action="CREATE")
    client.force_login(clerk)

    assert "Khôi phục phiên bản này" not in client.get(history_url(edited_session)).content.decode()
    assert client.post(restore_url(edited_session, created)).status_code == 403  # the year's records are read-only
    assert Session.objects.get(pk=edited_session.pk).venue == "Nhà văn hóa khối 7"


def test_another_councils_history_is_not_found(client, other_clerk, edited_session):
    client.force_login(other_clerk)
    assert client.get(history_url(edited_session)).status_code == 404
    entry = AuditEntry.objects.filter(content_type__model="session", object_id=str(edited_session.pk)).first()
    assert client.post(restore_url(edited_session, entry)).status_code == 404


@pytest.fixture
def administrator(district):
    return UserFactory(username="quan.tri", is_superuser=True, is_staff=True)


def test_memberships_units_and_accounts_are_audited(client, administrator, pho_chau):
    client.force_login(administrator)
    user_add = client.post(
        reverse("admin:auth_user_add"),
        {"username": "thuky.moi", "password1": "mat-khau-rat-dai-2024", "password2": "mat-khau-rat-dai-2024"},
    )
    assert user_add.status_code == 302
    new_user = get_user_model().objects.get(username="thuky.moi")
    membership = client.post(
        reverse("admin:councils_membership_add"), {"user": new_user.pk, "council": pho_chau.pk, "role": "CLERK"}
    )
    assert membership.status_code == 302
    unit = pho_chau.unit
    data = {
        "name": unit.name,
        "unit_type": unit.unit_type,
        "code": "18109",
        "slug": unit.slug,
        "parent": unit.parent_id,
        "valid_from": "01/01/2016",
        "is_mountainous": "on",
    }
    assert client.post(reverse("admin:councils_administrativeunit_change", args=[unit.pk]), data).status_code == 302

    account = AuditEntry.objects.get(content_type__model="user", object_id=str(new_user.pk))
    assert account.action == "CREATE" and account.user == administrator
    assert "password" not in account.changes and "last_login" not in account.changes
    role = AuditEntry.objects.get(content_type__model="membership")
    assert role.council == pho_chau and role.changes["role"] == [None, "CLERK"]
    assert Membership.objects.get(user=new_user).council == pho_chau
    code = AuditEntry.objects.get(content_type__model="administrativeunit", object_id=str(unit.pk))
    assert code.changes["code"] == ["", "18109"]
    assert AdministrativeUnit.objects.get(pk=unit.pk).code == "18109"


def test_a_session_made_outside_the_write_path_still_has_a_history_page(client, clerk, pho_chau):
    session = SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11))
    client.force_login(clerk)
    response = client.get(history_url(session))
    assert response.status_code == 200
    assert "Chưa có thay đổi nào được ghi lại." in response.content.decode()


def test_the_message_of_a_refused_edit_leaves_out_the_numbering_key_too(client, clerk, pho_chau):
    from tests.factories import ResolutionFactory

    s2023 = save_record(SessionFactory.build(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11)), user=clerk)
    s2024 = save_record(SessionFactory.build(council=pho_chau, ordinal=13, start_date=D(2024, 7, 11)), user=clerk)
    resolution = save_record(
        ResolutionFactory.build(session=s2023, code="05/NQ-HĐND", adopted_on=D(2023, 7, 11)), user=clerk
    )
    loaded = resolution.version
    resolution.session, resolution.adopted_on = s2024, D(2024, 7, 11)  # someone else moves it meanwhile
    save_record(resolution, user=clerk)
    client.force_login(clerk)
    data = {
        "session": s2023.pk,
        "code": "05/NQ-HĐND",
        "adopted_on": "11/07/2023",
        "summary": "Sửa trích yếu",
        "field": resolution.field,
        "kind": resolution.kind,
        "loaded_version": loaded,
    }
    response = client.post(reverse("admin:council_sessions_resolution_change", args=[resolution.pk]), data)
    message = " ".join(response.context["adminform"].form.non_field_errors())
    assert f"kỳ họp: “{s2023}” → “{s2024}”" in message and "phạm vi đánh số" not in message
