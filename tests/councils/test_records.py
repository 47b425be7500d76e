"""The write path under pressure: a year accepted while an edit is in flight, two people saving
the same record, double clicks on the review and report buttons. Nothing is silently lost."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils import review
from councils.models import AuditEntry, Membership, Submission
from councils.records import save_record
from oversight.models import FollowUpItem
from sessions.models import Resolution, Session, StandingCommitteeMeeting
from tests.factories import MembershipFactory, SessionFactory, UserFactory

D = datetime.date


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["venue", "deputies_present"]


@pytest.fixture
def session(pho_chau):
    return SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11), venue="Hội trường UBND")


def test_a_year_accepted_while_an_edit_is_in_flight_refuses_the_edit(clerk, reviewer, pho_chau, session):
    review.submit(pho_chau, 2023, user=clerk)
    form = SessionForm({"venue": "Nhà văn hóa", "deputies_present": 20}, instance=session)
    assert form.is_valid()  # the clerk's page was checked while the year was open ...

    review.accept(pho_chau, 2023, user=reviewer)  # ... then the district accepted the year

    with pytest.raises(ValidationError) as refused:
        save_record(form.save(commit=False), user=clerk, validate=False)
    assert refused.value.messages == [
        "Số liệu năm 2023 của HĐND thị trấn Phố Châu đã được cấp trên duyệt; muốn sửa, đề nghị cấp trên mở lại."
    ]
    assert Session.objects.get(pk=session.pk).venue == "Hội trường UBND"


@pytest.fixture
def second_clerk(pho_chau):
    user = UserFactory(username="thuky2.phochau", first_name="Bình", last_name="Lê Văn")
    return MembershipFactory(user=user, council=pho_chau, role=Membership.Role.CLERK).user


def change_page_data(client, session):
    """The session's change page as a clerk's browser holds it: every field with its value."""
    form = client.get(reverse("admin:council_sessions_session_change", args=[session.pk])).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data |= {"start_date": "11/07/2023", "end_date": "11/07/2023", "agenda": "", "minutes": ""}
    return data | {"resolutions-TOTAL_FORMS": 0, "resolutions-INITIAL_FORMS": 0}


def test_the_later_of_two_saves_is_refused_and_told_what_changed(client, clerk, second_clerk, session):
    url = reverse("admin:council_sessions_session_change", args=[session.pk])
    client.force_login(clerk)
    first = change_page_data(client, session)
    client.force_login(second_clerk)
    second = change_page_data(client, session)  # both opened the page at version 1

    client.force_login(clerk)
    assert client.post(url, first | {"venue": "Nhà văn hóa khối 7"}).status_code == 302
    client.force_login(second_clerk)
    response = client.post(url, second | {"deputies_present": 21})

    assert response.status_code == 200
    [message] = response.context["adminform"].form.non_field_errors()
    assert message.startswith("Hồ sơ này đã được sửa sau khi bạn mở trang (")
    assert "địa điểm: “Hội trường UBND” → “Nhà văn hóa khối 7”" in message
    assert "Bấm Lưu lần nữa nếu vẫn muốn ghi đè".lower() in message.lower()
    stored = Session.objects.get(pk=session.pk)
    assert (stored.venue, stored.deputies_present, stored.version) == ("Nhà văn hóa khối 7", None, 1)

    # Having read what changed, the second clerk saves again: now knowingly.
    again = response.context["adminform"].form.data
    assert client.post(url, again).status_code == 302
    stored.refresh_from_db()
    assert (stored.venue, stored.deputies_present, stored.version) == ("Hội trường UBND", 21, 2)


def test_a_service_that_names_the_version_it_edited_cannot_undo_a_newer_save(clerk, session):
    loaded = Session.objects.get(pk=session.pk)
    newer = Session.objects.get(pk=session.pk)
    newer.venue = "Nhà văn hóa"
    save_record(newer, user=clerk)

    loaded.deputies_present = 20
    with pytest.raises(ValidationError, match="Hồ sơ này đã được sửa sau khi bạn mở trang"):
        save_record(loaded, user=clerk, expected_version=loaded.version)
    assert Session.objects.get(pk=session.pk).venue == "Nhà văn hóa"


def test_a_second_submission_of_the_same_year_is_told_so(clerk, other_clerk, pho_chau, session):
    review.submit(pho_chau, 2023, user=clerk)
    with pytest.raises(ValidationError, match="Số liệu năm 2023 đã được gửi."):
        review.submit(pho_chau, 2023, user=clerk)
    assert Submission.objects.filter(council=pho_chau, year=2023).count() == 1
    assert AuditEntry.objects.filter(content_type__model="submission").count() == 1


def test_merging_a_selection_that_holds_nothing_is_a_message_not_an_error_page(client, clerk, pho_chau):
    """Items chosen on a page and gone (or never readable) by the time the action runs."""
    client.force_login(clerk)
    response = client.post(
        reverse("admin:oversight_followupitem_changelist"),
        {"action": "merge", "_selected_action": ["999999"], "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["Chọn ít nhất hai kiến nghị để gộp."]
    assert not FollowUpItem.objects.exists()


def test_a_record_holding_its_council_is_not_looked_up_again_and_an_unknown_id_is_refused(pho_chau, session):
    """Django's full_clean asks the database whether each related record exists. One the record holds,
    read from the database, needs no asking (CouncilRecord.clean_fields: a write's queries were 10,
    the demo loaded in 17 % less time); an id alone is still asked about, and refused in Vietnamese."""
    with CaptureQueriesContext(connection) as saved:
        save_record(StandingCommitteeMeeting(council=pho_chau, date=D(2023, 3, 5), content="Chuẩn bị kỳ họp"))
    asked = [q["sql"] for q in saved.captured_queries if q["sql"].startswith('SELECT 1 AS "a" FROM "councils_council"')]
    assert asked == []

    with pytest.raises(ValidationError) as refused:
        save_record(Resolution(session_id=999_999, code="01/NQ-HĐND", adopted_on=D(2023, 7, 11), summary="Về dự toán"))
    assert refused.value.message_dict == {"session": ["Không có kỳ họp với id 999999."]}


def test_every_day_of_a_record_is_a_plausible_one_and_a_far_one_is_an_error_not_a_500(client, clerk, pho_chau):
    """A record's own day is held to the years the system keeps; its other days (a session's close,
    a petition's decision, a term's election, a unit's start) were taken as typed, 31/12/9999 and
    01/01/0001 included, and a petition's deadline then failed to compute: a 500."""
    from oversight.models import Petition
    from reports.models import ReportNarrative

    day = D(2023, 7, 11)
    session = save_record(
        Session(council=pho_chau, term=pho_chau.terms.get(), ordinal=12, start_date=day, end_date=day)
    )
    far = "Ngày 31/12/9999 không hợp lệ: chỉ nhận các năm 1945–"
    cases = [
        (session, "end_date", D(9999, 12, 31)),
        (pho_chau.terms.get(), "election_date", D(1, 1, 1)),
        (pho_chau.unit, "valid_from", D(9999, 12, 31)),
        (Petition(council=pho_chau, type="KHIEU_NAI", received_on=D(2023, 3, 1), subject="Đất"), "accepted_on", None),
        (ReportNarrative(council=pho_chau, year=2023), "issued_on", D(9999, 12, 31)),
    ]
    for record, name, day in cases:
        setattr(record, name, day or D(9999, 12, 31))
        with pytest.raises(ValidationError) as refused:
            save_record(record)
        assert refused.value.message_dict[name][0].startswith(far if name != "election_date" else "Ngày 01/01/0001")
        if record.pk:
            record.refresh_from_db()

    client.force_login(clerk)
    add = client.post(
        reverse("admin:oversight_petition_add"),
        {
            "council": pho_chau.pk,
            "type": "KHIEU_NAI",
            "channel": "TRUC_TIEP",
            "received_on": "31/12/9999",
            "subject": "Đất",
            "is_eligible": "on",
        },
    )
    assert add.status_code == 200 and add.context["errors"]
    petition = save_record(
        Petition(council=pho_chau, type="KHIEU_NAI", received_on=D(2023, 3, 1), subject="Đất", sender_name="A")
    )
    page = client.get(reverse("admin:oversight_petition_change", args=[petition.pk]))
    data = {
        key: value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else ("" if value is None else value)
        for key, value in page.context["adminform"].form.initial.items()
    }
    data |= {"received_on": "31/12/9999", "loaded_version": petition.version}
    change = client.post(reverse("admin:oversight_petition_change", args=[petition.pk]), data)
    assert change.status_code == 200 and "received_on" in change.context["adminform"].form.errors


def test_text_typed_in_combining_unicode_is_measured_as_it_is_stored(client, clerk, pho_chau):
    """Unikey's "Unicode tổ hợp" types "ệ" as e + ̣ + ̂: a 190-letter place was 250 characters to the
    form, refused as over 200, although stored as NFC it is 190."""
    import unicodedata

    from oversight.models import CitizenReception

    place = ("Nhà văn hóa khối 7, thị trấn Phố Châu, huyện Hương Sơn " * 4)[:190]
    typed = unicodedata.normalize("NFD", place)
    assert len(typed) > 200 >= len(place)
    client.force_login(clerk)
    data = {
        "council": pho_chau.pk,
        "date": "15/03/2023",
        "receiver": unicodedata.normalize("NFD", "Chủ tịch HĐND thị trấn"),
        "place": typed,
        "citizens": 3,
        "petitions-TOTAL_FORMS": 0,
        "petitions-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:oversight_citizenreception_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert CitizenReception.objects.get(council=pho_chau).place == place


def test_the_rows_of_a_page_share_one_normalised_copy_of_what_was_sent(pho_chau):
    """Each inline row was given the whole request and copied it to normalise it: a session with
    60 resolution rows copied 60 times the data of 60 rows."""
    from django.forms import inlineformset_factory
    from django.http import QueryDict

    from councils.forms import NfcModelForm

    rows = 30
    data = QueryDict(mutable=True)
    data.update({"resolutions-TOTAL_FORMS": rows, "resolutions-INITIAL_FORMS": 0})
    for i in range(rows):
        data[f"resolutions-{i}-summary"] = "Nghị quyết về dự toán"
    Formset = inlineformset_factory(Session, Resolution, form=NfcModelForm, fields=["code", "summary"])
    formset = Formset(data, instance=Session(council=pho_chau))
    assert len({id(form.data) for form in formset.forms}) == 1
    assert formset.forms[0].data["resolutions-0-summary"] == "Nghị quyết về dự toán"


def test_a_units_name_typed_in_combining_unicode_is_measured_as_stored(admin_client, district):
    """The reference pages (units) read what was typed in NFC too: a 90-letter name is 90."""
    import unicodedata

    from councils.models import AdministrativeUnit

    name = ("Thị trấn Tây Sơn mở rộng " * 4)[:90].strip()
    typed = unicodedata.normalize("NFD", name)
    assert len(typed) > 100
    page = admin_client.get(reverse("admin:councils_administrativeunit_add"))
    assert page.status_code == 200
    data = {
        "name": typed,
        "slug": "tay-son-mo-rong",
        "unit_type": "XA",
        "parent": district.unit_id,
        "valid_from": "01/07/2025",
    }
    response = admin_client.post(reverse("admin:councils_administrativeunit_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AdministrativeUnit.objects.get(slug="tay-son-mo-rong").name == name


def test_what_a_delete_takes_with_it_is_kept_in_the_trail_too(admin_client, clerk, pho_chau):
    """Deleting a clerk's account took their membership of Phố Châu with it (a cascade), and Phố
    Châu's trail said nothing of it: each record a delete takes with it gets its own entry."""
    from councils.models import AuditEntry, Membership

    membership = Membership.objects.get(user=clerk)
    response = admin_client.post(reverse("admin:auth_user_delete", args=[clerk.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Membership.objects.filter(pk=membership.pk).exists()
    entry = AuditEntry.objects.get(content_type__model="membership", object_id=str(membership.pk), action="DELETE")
    assert entry.council == pho_chau and entry.changes["role"] == [membership.role, None]


def test_a_unit_deleted_keeps_its_links_in_the_trail(admin_client, district):
    """A unit kept without a council: its dated links went with it, unrecorded."""
    from councils.models import AdministrativeUnit, UnitLink
    from tests.factories import UnitFactory

    old = UnitFactory(name="Sơn Cũ", parent=district.unit, valid_to=datetime.date(2019, 12, 31))
    link = UnitLink.objects.get(unit=old)
    response = admin_client.post(reverse("admin:councils_administrativeunit_delete", args=[old.pk]), {"post": "yes"})
    assert response.status_code == 302 and not AdministrativeUnit.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(action="DELETE", content_type__model="unitlink", object_id=str(link.pk)).exists()


def test_a_unit_a_merger_names_is_not_deleted(admin_client, district):
    """A unit among a merger's units was deleted (its place in the merger only kept in the trail):
    the merger then said less of where the communes went. Refused, naming the merger, on the
    delete page, in "delete selected" (with a unit that could go: nothing goes) and in
    `delete_record`, and nothing changes; taken out of the merger as the message says, it goes."""
    from councils.models import AdministrativeUnit, UnitChangeEvent
    from councils.records import delete_record
    from tests.factories import UnitFactory

    event = UnitChangeEvent.objects.filter(kind="MERGE").first()
    old, free = (UnitFactory(name=name, parent=district.unit, valid_to=datetime.date(2019, 12, 31)) for name in "AB")
    event.predecessors.add(old)
    entries = AuditEntry.objects.count()
    why = f"xã A có trong sự kiện thay đổi “{event}”: hãy bỏ đơn vị khỏi sự kiện ấy, hoặc xóa sự kiện ấy, trước."
    page = reverse("admin:councils_administrativeunit_delete", args=[old.pk])
    changelist = reverse("admin:councils_administrativeunit_changelist")
    for response, said in [
        (admin_client.get(page, follow=True), f"Không xóa được: {why}"),
        (admin_client.post(page, {"post": "yes"}, follow=True), f"Không xóa được: {why}"),
        *(
            (
                admin_client.post(
                    changelist,
                    {"action": "delete_selected", "_selected_action": [old.pk, free.pk], **confirm},
                    follow=True,
                ),
                f"Chưa xóa mục nào: 1 trong số 2 mục đã chọn không xóa được. {why}",
            )
            for confirm in [{}, {"post": "yes"}]
        ),
    ]:
        assert [str(message) for message in response.context["messages"]] == [said]
    with pytest.raises(ValidationError) as refused:
        delete_record(old)
    assert refused.value.messages == [why]
    assert AdministrativeUnit.objects.filter(pk__in=[old.pk, free.pk]).count() == 2
    assert event.predecessors.filter(pk=old.pk).exists() and AuditEntry.objects.count() == entries

    event.predecessors.remove(old)
    assert admin_client.post(page, {"post": "yes"}).status_code == 302
    assert not AdministrativeUnit.objects.filter(pk=old.pk).exists()


def test_a_mergers_delete_page_names_its_units_in_vietnamese(admin_client, district):
    """The delete page of a merger listed its units as Django names a many-to-many table's rows:
    "Unitchangeevent-administrativeunit relationship: UnitChangeEvent_predecessors object (3)"."""
    from django.utils.html import escape

    from councils.models import UnitChangeEvent

    event = UnitChangeEvent.objects.filter(kind="MERGE").first()
    page = admin_client.get(reverse("admin:councils_unitchangeevent_delete", args=[event.pk])).content.decode()
    assert "relationship" not in page and "object (" not in page
    for unit in [*event.predecessors.all(), *event.successors.all()]:
        field = "Đơn vị trước thay đổi" if unit.valid_to else "Đơn vị sau thay đổi"
        assert escape(f"{field}: {unit}") in page
    assert f"<li>Đơn vị trước thay đổi: {event.predecessors.count()}</li>" in page


def test_changing_the_units_of_a_merger_is_audited(admin_client, district):
    """Which units a merger joined is a choice of many (not a field of the event's row): changing it
    left no entry in the trail."""
    from councils.models import UnitChangeEvent

    event = UnitChangeEvent.objects.filter(kind="MERGE").first()
    keep = list(event.predecessors.values_list("pk", flat=True))
    data = {
        "kind": event.kind,
        "effective_date": f"{event.effective_date:%d/%m/%Y}",
        "legal_basis": event.legal_basis,
        "note": event.note,
        "predecessors": keep[:1],
        "successors": list(event.successors.values_list("pk", flat=True)),
    }
    before = AuditEntry.objects.count()
    response = admin_client.post(reverse("admin:councils_unitchangeevent_change", args=[event.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert event.predecessors.count() == 1  # the change was made
    entry = AuditEntry.objects.filter(object_id=str(event.pk), content_type__model="unitchangeevent").latest("pk")
    assert AuditEntry.objects.count() > before, "a merger's predecessors changed with no audit entry"
    assert entry.changes["predecessors"] == [", ".join(map(str, sorted(keep))), str(keep[0])]
    history = admin_client.get(reverse("admin:councils_unitchangeevent_history", args=[event.pk]))
    assert history.status_code == 200
