"""The follow-up register, voter opinions and oversight activities: rules and behaviour."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from councils.models import AuditEntry, CommitteeType
from councils.records import save_record
from oversight import services
from oversight.models import FollowUpItem, OversightActivity, VoterMeeting, VoterOpinion
from oversight.selectors import constituent_work
from tests.factories import SessionFactory

D = datetime.date
Status = FollowUpItem.Status


def errors_of(record):
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return error.value.message_dict


@pytest.fixture
def meeting(pho_chau):
    return save_record(
        VoterMeeting(
            council=pho_chau,
            deputy_level="DBQH",
            timing="TRUOC",
            date=D(2023, 4, 20),
            place="Nhà văn hóa khối 7",
            voters_attending=120,
        )
    )


def opinion(meeting, **fields):
    values = {"meeting": meeting, "content": "Đề nghị sửa đường liên thôn", "competent_level": "HUYEN"}
    return VoterOpinion(**{**values, **fields})


# --- voter opinions: answered ≤ forwarded ≤ raised ----------------------------------------------


def test_an_opinion_is_answered_only_after_it_was_forwarded(meeting):
    assert errors_of(opinion(meeting, answered_on=D(2023, 5, 1)))["answered_on"] == [
        "Chỉ ghi ngày trả lời khi ý kiến đã được chuyển đến cơ quan có thẩm quyền."
    ]
    assert errors_of(
        opinion(meeting, forwarded_to="UBND huyện", forwarded_on=D(2023, 5, 1), answered_on=D(2023, 4, 30))
    )["answered_on"] == ["Ngày trả lời không được trước ngày chuyển (01/05/2023)."]
    assert errors_of(opinion(meeting, forwarded_to="UBND huyện", forwarded_on=D(2023, 4, 1)))["forwarded_on"] == [
        "Ngày chuyển không được trước ngày tiếp xúc (20/04/2023)."
    ]
    assert errors_of(opinion(meeting, forwarded_on=D(2023, 5, 1)))["forwarded_to"] == [
        "Ghi cơ quan nhận khi đã chuyển."
    ]


def test_counts_of_raised_forwarded_answered(meeting, pho_chau):
    services.save_opinion(
        opinion(meeting, content="A", forwarded_to="UBND huyện", forwarded_on=D(2023, 5, 1), answered_on=D(2023, 6, 1))
    )
    services.save_opinion(opinion(meeting, content="B", forwarded_to="UBND huyện", forwarded_on=D(2023, 5, 1)))
    services.save_opinion(opinion(meeting, content="C", kind=VoterOpinion.Kind.OPINION))

    work = constituent_work(pho_chau, 2023)

    assert (work.opinions_raised, work.opinions_forwarded, work.opinions_answered) == (3, 2, 1)
    assert work.voter_recommendations == 2


def test_a_recommendation_enters_the_register_and_follows_its_answer(meeting):
    recommendation = services.save_opinion(opinion(meeting))
    item = recommendation.follow_up
    assert (item.source, item.status, item.council) == (FollowUpItem.Source.VOTER, Status.NEW, meeting.council)

    recommendation.forwarded_to, recommendation.forwarded_on = "UBND huyện", D(2023, 5, 1)
    services.save_opinion(recommendation)
    item.refresh_from_db()
    assert (item.status, item.addressee) == (Status.IN_PROGRESS, "UBND huyện")

    recommendation.answered_on, recommendation.answer_text = D(2023, 6, 1), "Đã bố trí vốn năm 2024"
    services.save_opinion(recommendation)
    item.refresh_from_db()
    assert (item.status, item.response_text, item.response_date) == (
        Status.DONE,
        "Đã bố trí vốn năm 2024",
        D(2023, 6, 1),
    )
    assert FollowUpItem.objects.count() == 1


def test_a_plain_opinion_does_not_enter_the_register(meeting):
    services.save_opinion(opinion(meeting, kind=VoterOpinion.Kind.OPINION))
    assert not FollowUpItem.objects.exists()


def test_meeting_before_a_session_must_come_before_it(pho_chau):
    session = SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11), end_date=D(2023, 7, 12))
    late = VoterMeeting(
        council=pho_chau,
        deputy_level="HDND_XA",
        timing="TRUOC",
        session=session,
        date=D(2023, 7, 20),
        place="Hội trường",
    )
    early = VoterMeeting(
        council=pho_chau, deputy_level="HDND_XA", timing="SAU", session=session, date=D(2023, 7, 1), place="Hội trường"
    )
    unlinked = VoterMeeting(council=pho_chau, deputy_level="HDND_XA", timing="SAU", date=D(2023, 7, 20), place="X")
    assert errors_of(late)["date"] == ["Tiếp xúc trước kỳ họp phải diễn ra trước ngày khai mạc (11/07/2023)."]
    assert errors_of(early)["date"] == ["Tiếp xúc sau kỳ họp phải diễn ra sau ngày bế mạc (12/07/2023)."]
    assert errors_of(unlinked)["session"] == ["Tiếp xúc trước, sau kỳ họp của HĐND huyện, xã phải chọn kỳ họp."]


def test_a_commune_meeting_may_follow_the_district_session_but_not_another_communes(pho_chau, son_tay, district):
    district_session = SessionFactory(council=district, ordinal=12, start_date=D(2023, 7, 11))
    other = SessionFactory(council=son_tay, ordinal=12, start_date=D(2023, 7, 11))
    ok = VoterMeeting(
        council=pho_chau,
        deputy_level="HDND_HUYEN",
        timing="SAU",
        session=district_session,
        date=D(2023, 7, 20),
        place="Hội trường",
    )
    ok.full_clean()
    ok.session = other
    assert errors_of(ok)["session"] == ["Kỳ họp đã chọn không phải của HĐND cấp này hoặc cấp trên trực tiếp."]


# --- oversight activities ------------------------------------------------------------------------


def activity(council, **fields):
    values = {
        "council": council,
        "actor": "THUONG_TRUC",
        "form": "CHUYEN_DE",
        "subject": "Nông thôn mới",
        "bodies_overseen": "UBND thị trấn",
        "start_date": D(2023, 5, 10),
    }
    return OversightActivity(**{**values, **fields})


def test_oversight_activity_rules(pho_chau, district):
    assert errors_of(activity(pho_chau, end_date=D(2023, 5, 1)))["end_date"] == [
        "Ngày kết thúc không được trước ngày bắt đầu."
    ]
    assert errors_of(activity(pho_chau, decision_date=D(2023, 5, 11)))["decision_date"] == [
        "Quyết định thành lập đoàn phải có trước ngày bắt đầu giám sát."
    ]
    assert errors_of(activity(pho_chau, report_date=D(2023, 5, 1)))["report_date"] == [
        "Ngày báo cáo không được trước ngày bắt đầu giám sát."
    ]
    assert errors_of(activity(pho_chau, actor="BAN"))["committee"] == ["Chủ thể là Ban thì phải chọn Ban."]
    district_ban = CommitteeType.objects.get(code="DAN_TOC", level="HUYEN")
    assert errors_of(activity(pho_chau, actor="BAN", committee=district_ban))["committee"] == [
        "Ban đã chọn không phải là Ban của HĐND cấp này."
    ]


# --- the register: merge, overdue ----------------------------------------------------------------


@pytest.fixture
def oversight_activity(pho_chau):
    return save_record(activity(pho_chau, report_date=D(2023, 5, 20)))


def item(source_activity, content, **fields):
    return save_record(FollowUpItem(oversight=source_activity, content=content, addressee="UBND thị trấn", **fields))


def test_recommendation_due_before_its_report_is_refused(oversight_activity):
    early = FollowUpItem(oversight=oversight_activity, content="X", addressee="UBND", due_date=D(2023, 5, 1))
    assert errors_of(early)["due_date"] == ["Hạn thực hiện không được trước ngày phát sinh (20/05/2023)."]


def test_merging_keeps_every_source_and_one_status(oversight_activity, meeting):
    first = item(oversight_activity, "Sửa đường liên thôn khối 7", due_date=D(2023, 9, 30), status=Status.IN_PROGRESS)
    voters = services.save_opinion(opinion(meeting, content="Cử tri đề nghị sửa đường khối 7")).follow_up

    services.merge_follow_up_items(first, [voters])

    voters.refresh_from_db()
    assert voters.merged_into == first
    assert [i.get_source_display() for i in services.sources_of(first)] == [
        "Kiến nghị qua giám sát, khảo sát",
        "Kiến nghị của cử tri",
    ]
    assert list(FollowUpItem.objects.open()) == [first]  # one status: the target's
    assert not voters.is_overdue(today=D(2024, 1, 1))
    assert first.is_overdue(today=D(2024, 1, 1))
    assert AuditEntry.objects.filter(object_id=str(voters.pk), action="UPDATE").exists()


def test_merge_refuses_an_item_already_merged_and_other_councils(oversight_activity, son_tay):
    a, b, c = (item(oversight_activity, text) for text in "ABC")
    services.merge_follow_up_items(a, [b])
    with pytest.raises(ValidationError):
        services.merge_follow_up_items(b, [c])
    theirs = item(save_record(activity(son_tay, bodies_overseen="UBND xã")), "D")
    with pytest.raises(ValidationError) as error:
        services.merge_follow_up_items(a, [theirs])
    assert error.value.messages == ["Chỉ gộp các kiến nghị của cùng một Hội đồng."]


def test_overdue_appears_and_disappears_with_dates_and_status(oversight_activity):
    recommendation = item(oversight_activity, "Trả lời kiến nghị tồn đọng", due_date=D(2023, 8, 31))

    assert not recommendation.is_overdue(today=D(2023, 8, 31))
    assert recommendation.is_overdue(today=D(2023, 9, 1))
    assert list(FollowUpItem.objects.overdue(D(2023, 9, 1))) == [recommendation]

    recommendation.due_date = D(2023, 12, 31)  # the deadline was extended
    save_record(recommendation)
    assert not FollowUpItem.objects.overdue(D(2023, 9, 1)).exists()

    recommendation.status, recommendation.response_text = Status.DONE, "Đã trả lời"
    save_record(recommendation)
    assert not FollowUpItem.objects.overdue(D(2024, 6, 1)).exists()
    assert not recommendation.is_overdue(today=D(2024, 6, 1))


# --- an opinion's page keeps the register's own entries (found by a review) ---------------------


def test_answering_the_opinion_keeps_the_reply_filed_on_its_register_item(client, clerk, meeting):
    """The reply the clerk filed on the register item (its letter, its text) was overwritten by the
    opinion's empty ones when the opinion was then marked answered: the letter no longer served."""
    from django.core.files.base import ContentFile

    recommendation = services.save_opinion(opinion(meeting))
    item = FollowUpItem.objects.get(opinion=recommendation)
    item.response_document.save("tra-loi.pdf", ContentFile(b"%PDF-1.4 reply"), save=False)
    item.response_text = "UBND huyện trả lời bằng Công văn 12/UBND"
    save_record(item)
    filed = item.response_document.name
    recommendation.forwarded_to, recommendation.forwarded_on = "UBND huyện", D(2023, 5, 1)
    recommendation.answered_on = D(2023, 6, 1)
    services.save_opinion(recommendation)  # answered on the meeting's page, the letter not attached again

    item.refresh_from_db()
    assert (item.status, item.response_date) == (Status.DONE, D(2023, 6, 1))
    assert item.response_document.name == filed and item.response_text == "UBND huyện trả lời bằng Công văn 12/UBND"
    client.force_login(clerk)
    assert client.get(f"/tep/{filed}").status_code == 200


def test_a_recommendation_corrected_to_an_opinion_leaves_the_register_unless_it_was_worked_on(meeting):
    """It stayed open in the register, counted and falling overdue. Its item is removed (audited)
    while it holds only what the opinion gave it; once the register recorded work of its own on it
    (a reply, a merger), the correction is refused."""
    recommendation = services.save_opinion(opinion(meeting))
    item = FollowUpItem.objects.get(opinion=recommendation)
    recommendation.kind = VoterOpinion.Kind.OPINION
    services.save_opinion(recommendation)
    assert not FollowUpItem.objects.filter(pk=item.pk).exists()
    assert AuditEntry.objects.filter(object_id=str(item.pk), action=AuditEntry.Action.DELETE).exists()

    worked_on = services.save_opinion(opinion(meeting, content="Đề nghị lắp đèn đường"))
    item = FollowUpItem.objects.get(opinion=worked_on)
    item.response_text = "Đã lắp 12 bóng đèn"
    save_record(item)
    worked_on.kind = VoterOpinion.Kind.OPINION
    assert errors_of(worked_on)["kind"] == [
        "Kiến nghị này đã được theo dõi trong sổ kiến nghị (có kết quả, trả lời hoặc đã gộp): "
        "không đổi thành ý kiến được."
    ]


def test_an_answer_corrected_on_the_opinion_is_not_the_registers_own_work(meeting):
    """The answer copied into the register item stayed as first typed when the clerk corrected it on
    the opinion, and then counted as work of the register's own, refusing the correction to a plain
    opinion; so did the placeholder reply written in another language."""
    from django.utils import translation

    answered = {"forwarded_to": "UBND huyện", "forwarded_on": D(2023, 5, 1), "answered_on": D(2023, 6, 1)}
    recommendation = services.save_opinion(opinion(meeting, answer_text="UBND huyện đã trả lời", **answered))
    recommendation.answer_text = "UBND huyện đã trả lời bằng văn bản số 12"
    services.save_opinion(recommendation)
    assert FollowUpItem.objects.get(opinion=recommendation).response_text == recommendation.answer_text
    recommendation.kind = VoterOpinion.Kind.OPINION
    recommendation.full_clean()

    with translation.override("en"):
        in_english = services.save_opinion(opinion(meeting, content="Đề nghị lắp đèn", **answered))
    in_english.kind = VoterOpinion.Kind.OPINION
    in_english.full_clean()


def test_the_answer_copied_into_the_register_follows_the_opinion(meeting):
    """Cleared, written after a letter-only answer, or its letter replaced on the opinion: the item's
    copy stayed as first given and then counted as the register's own work."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    answered = {"forwarded_to": "UBND huyện", "forwarded_on": D(2023, 5, 1), "answered_on": D(2023, 6, 1)}

    def item_of(recommendation):
        return FollowUpItem.objects.get(opinion=recommendation)

    cleared = services.save_opinion(opinion(meeting, answer_text="UBND huyện đã trả lời", **answered))
    cleared.answer_text = ""
    services.save_opinion(cleared)
    assert item_of(cleared).response_text == "Đã có văn bản trả lời cử tri."

    letter_only = services.save_opinion(opinion(meeting, content="Đề nghị lắp đèn", **answered))
    letter_only.answer_text = "UBND huyện sẽ lắp đèn trong quý III"
    services.save_opinion(letter_only)
    assert item_of(letter_only).response_text == "UBND huyện sẽ lắp đèn trong quý III"

    pdf = b"%PDF-1.4\n%%EOF\n"
    first = SimpleUploadedFile("a.pdf", pdf, "application/pdf")
    replaced = services.save_opinion(
        opinion(meeting, content="Đề nghị nạo vét kênh", answer_document=first, **answered)
    )
    replaced.answer_document = SimpleUploadedFile("b.pdf", pdf, "application/pdf")
    services.save_opinion(replaced)
    assert item_of(replaced).response_document.name == replaced.answer_document.name

    for recommendation in (cleared, letter_only, replaced):
        recommendation.kind = VoterOpinion.Kind.OPINION
        recommendation.full_clean()


def test_an_items_page_tells_its_changes_in_local_time_and_in_words(client, clerk, oversight_activity):
    """The item's own list of changes said "30/11/2026 15:34 — thuky.phochau — Tạo mới: addressee,
    content, council_id, …, merged_into_id": the time in UTC and the fields by their code names."""
    from django.urls import reverse
    from django.utils import timezone

    clerk.last_name, clerk.first_name = "Trần Thị", "Châu"
    clerk.save()
    registered = save_record(
        FollowUpItem(oversight=oversight_activity, content="Đẩy nhanh cấp giấy", addressee="UBND thị trấn"), user=clerk
    )
    registered.content, registered.status = "Đẩy nhanh cấp giấy chứng nhận", FollowUpItem.Status.IN_PROGRESS
    save_record(registered, user=clerk)
    client.force_login(clerk)
    page = client.get(reverse("admin:oversight_followupitem_change", args=[registered.pk])).content.decode()
    changed, created = AuditEntry.objects.filter(object_id=str(registered.pk), content_type__model="followupitem")
    assert f"<div>{timezone.localtime(created.at):%d/%m/%Y %H:%M} — Trần Thị Châu — Tạo mới</div>" in page
    assert (
        f"<div>{timezone.localtime(changed.at):%d/%m/%Y %H:%M} — Trần Thị Châu — Sửa: nội dung; tình trạng</div>"
        in page
    )
    assert "merged_into_id" not in page and "council_id" not in page
