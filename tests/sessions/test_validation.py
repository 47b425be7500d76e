"""Every validation rule of sessions, resolutions, meetings and questions: bad input, exact message."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from councils.forms import VNDateField
from councils.models import Council
from sessions.models import Question, Resolution, Session, StandingCommitteeMeeting
from tests.factories import ResolutionFactory, SessionFactory

D = datetime.date


def errors_of(record) -> dict:
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return error.value.message_dict


@pytest.fixture
def session(pho_chau):
    """Phố Châu's regular mid-year session, 11–12/07/2023, ordinal 12."""
    return SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11), end_date=D(2023, 7, 12))


def new_session(council, **fields):
    values = {
        "council": council,
        "term": council.terms.get(),
        "ordinal": 20,
        "kind": Session.Kind.THEMATIC,
        "start_date": D(2023, 9, 1),
        "end_date": D(2023, 9, 1),
    }
    return Session(**{**values, **fields})


# --- sessions --------------------------------------------------------------------------------


def test_a_valid_session_passes(pho_chau):
    new_session(pho_chau).full_clean()


def test_session_end_before_start(pho_chau):
    session = new_session(pho_chau, start_date=D(2023, 9, 2), end_date=D(2023, 9, 1))
    assert errors_of(session)["end_date"] == ["Ngày bế mạc không được trước ngày khai mạc."]


def test_a_typed_year_that_is_a_real_date_but_not_plausible(pho_chau):
    session = new_session(pho_chau, start_date=D(2203, 9, 1), end_date=D(2203, 9, 1))
    latest = datetime.date.today().year + 1
    assert errors_of(session)["start_date"] == [f"Năm 2203 không hợp lệ: hồ sơ phải thuộc các năm 2016–{latest}."]


def test_a_five_digit_year_is_refused_at_input():
    with pytest.raises(ValidationError) as error:
        VNDateField().clean("16/02/20023")
    assert error.value.messages == ["Năm “20023” không hợp lệ: năm phải có 4 chữ số (ví dụ 2023)."]
    assert VNDateField().clean("16/02/2023") == D(2023, 2, 16)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("20023-05-01", "Năm “20023” không hợp lệ: năm phải có 4 chữ số (ví dụ 2023)."),  # typed ISO-style
        ("31/02/2024", "Ngày 31/02/2024 không có: tháng 02 năm 2024 chỉ có 29 ngày."),
        ("29/02/2023", "Ngày 29/02/2023 không có: tháng 02 năm 2023 chỉ có 28 ngày."),
        ("31/04/2023", "Ngày 31/04/2023 không có: tháng 04 năm 2023 chỉ có 30 ngày."),
        ("12/13/2023", "Tháng 13 không có: tháng chỉ từ 01 đến 12."),
        ("ngày mai", "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 11/07/2023."),
    ],
)
def test_a_date_that_cannot_be_gets_a_message_that_says_why(typed, message):
    with pytest.raises(ValidationError) as error:
        VNDateField().clean(typed)
    assert error.value.messages == [message]


def test_session_of_a_commune_that_no_longer_existed(district):
    son_an = Council.objects.get(unit__slug="son-an")
    session = Session(council=son_an, ordinal=1, start_date=D(2023, 3, 1), end_date=D(2023, 3, 1))
    assert errors_of(session)["start_date"] == [
        "Ngày 01/03/2023 nằm ngoài thời gian tồn tại của xã Sơn An (01/01/2016 – 31/12/2019)."
    ]


def test_session_outside_its_term(pho_chau):
    session = new_session(pho_chau, start_date=D(2021, 1, 10), end_date=D(2021, 1, 10))
    assert errors_of(session)["start_date"] == ["Ngày khai mạc 10/01/2021 nằm ngoài Nhiệm kỳ 2021–…."]


def test_session_with_another_councils_term(pho_chau, son_tay):
    session = new_session(pho_chau, term=son_tay.terms.get())
    assert errors_of(session)["term"] == ["Nhiệm kỳ đã chọn không thuộc Hội đồng này."]


def test_session_ordinal_unique_in_term(session):
    duplicate = new_session(session.council, ordinal=12)
    assert errors_of(duplicate)["ordinal"] == ["Kỳ họp thứ 12 của nhiệm kỳ này đã có (khai mạc ngày 11/07/2023)."]


def test_session_ordinals_increase_with_date(session):
    too_early = new_session(session.council, ordinal=13, start_date=D(2023, 5, 1), end_date=D(2023, 5, 1))
    too_late = new_session(session.council, ordinal=11, start_date=D(2023, 8, 1), end_date=D(2023, 8, 1))

    assert errors_of(too_early)["ordinal"] == ["Kỳ họp thứ 13 phải diễn ra sau kỳ họp thứ 12 (khai mạc 11/07/2023)."]
    assert errors_of(too_late)["ordinal"] == ["Kỳ họp thứ 11 phải diễn ra trước kỳ họp thứ 12 (khai mạc 11/07/2023)."]


# --- resolutions -----------------------------------------------------------------------------


def resolution(session, code="15/NQ-HĐND", **fields):
    values = {"session": session, "code": code, "adopted_on": session.start_date, "summary": "Về dự toán ngân sách"}
    return Resolution(**{**values, **fields})


def test_a_valid_resolution_passes_and_its_number_is_read(session):
    r = resolution(session, code="Số: 05/NQ-HĐND")
    r.full_clean()
    assert (r.code, r.number) == ("05/NQ-HĐND", 5)


def test_resolution_date_within_its_session(session):
    late = resolution(session, adopted_on=D(2023, 7, 13))
    assert errors_of(late)["adopted_on"] == [
        "Ngày thông qua phải nằm trong thời gian kỳ họp (11/07/2023 – 12/07/2023)."
    ]


@pytest.mark.parametrize("missing", ["start_date", "end_date"])
def test_a_resolution_entered_with_a_session_missing_a_date_leaves_that_error_to_the_session(pho_chau, missing):
    """An unsaved session with a date left empty (typed on its page with its resolutions): the
    resolution neither crashes on the missing date nor blames its own day."""
    r = resolution(new_session(pho_chau, **{missing: None}), adopted_on=D(2023, 9, 1))
    r.full_clean(exclude=["session"])
    assert r.scope_key == f"{pho_chau.pk}:Y2023"


@pytest.mark.parametrize("code", ["5/NQ-HĐND", "15/NQ", "15-NQ-HĐND", "15/NQ/HĐND", "NQ-HĐND"])
def test_resolution_number_format(session, code):
    assert errors_of(resolution(session, code=code))["code"] == [
        f"Số, ký hiệu “{code}” không đúng mẫu. Viết như “05/NQ-HĐND” (số dưới 10 thêm số 0 phía trước) "
        "hoặc “01/2023/NQ-HĐND” với nghị quyết quy phạm."
    ]


def test_resolution_number_zero(session):
    assert errors_of(resolution(session, code="00/NQ-HĐND"))["code"] == ["Số nghị quyết phải từ 01 trở lên."]


def test_normative_resolutions_carry_their_year(session):
    normative = resolution(session, code="01/NQ-HĐND", kind=Resolution.Kind.NORMATIVE)
    individual = resolution(session, code="01/2023/NQ-HĐND", kind=Resolution.Kind.INDIVIDUAL)
    wrong_year = resolution(session, code="01/2022/NQ-HĐND", kind=Resolution.Kind.NORMATIVE)

    assert errors_of(normative)["code"] == ["Nghị quyết quy phạm pháp luật ghi cả năm ban hành: “01/2023/NQ-HĐND”."]
    assert errors_of(individual)["code"] == ["Nghị quyết cá biệt không ghi năm trong số, ký hiệu: “15/NQ-HĐND”."]
    assert errors_of(wrong_year)["code"] == ["Năm trong số, ký hiệu (2022) khác năm thông qua (2023)."]
    resolution(session, code="01/2023/NQ-HĐND", kind=Resolution.Kind.NORMATIVE).full_clean()


def test_number_unique_within_the_year(session):
    ResolutionFactory(session=session, code="15/NQ-HĐND")
    next_year = SessionFactory(council=session.council, ordinal=14, start_date=D(2024, 7, 10))

    assert errors_of(resolution(session))["code"] == [
        "Số 15/NQ-HĐND đã được dùng cho nghị quyết ngày 11/07/2023 (cùng năm 2023)."
    ]
    resolution(next_year).full_clean()  # numbering restarts each year (Decree 30)


def test_number_unique_within_the_term_when_the_council_numbers_by_term(session):
    council = session.council
    council.resolution_numbering = Council.Numbering.TERM
    council.save()
    ResolutionFactory(session=session, code="15/NQ-HĐND")
    next_year = SessionFactory(council=council, ordinal=14, start_date=D(2024, 7, 10))

    assert errors_of(resolution(next_year))["code"] == [
        "Số 15/NQ-HĐND đã được dùng cho nghị quyết ngày 11/07/2023 (cùng nhiệm kỳ)."
    ]


def test_other_councils_may_use_the_same_number(session, son_tay):
    ResolutionFactory(session=session, code="15/NQ-HĐND")
    resolution(SessionFactory(council=son_tay, ordinal=12)).full_clean()


# --- Standing Committee meetings and questioning --------------------------------------------


def test_meeting_outside_every_term(pho_chau):
    meeting = StandingCommitteeMeeting(council=pho_chau, date=D(2021, 3, 1), content="Chuẩn bị bầu cử")
    assert errors_of(meeting)["date"] == ["Ngày 01/03/2021 không thuộc nhiệm kỳ nào của HĐND thị trấn Phố Châu."]


def question(council, **fields):
    values = {
        "council": council,
        "venue": Question.Venue.IN_WRITING,
        "asked_on": D(2023, 7, 11),
        "questioner": "Đại biểu A",
        "respondent_name": "Ông B",
        "respondent_role": Question.RespondentRole.PEOPLES_COMMITTEE_CHAIR,
        "topic": "Nước sạch",
    }
    return Question(**{**values, **fields})


def test_question_at_a_session_needs_that_session(session, son_tay):
    council = session.council
    other = SessionFactory(council=son_tay, ordinal=3)

    assert errors_of(question(council, venue=Question.Venue.AT_SESSION))["session"] == [
        "Chất vấn tại kỳ họp phải chọn kỳ họp."
    ]
    assert errors_of(question(council, venue=Question.Venue.AT_SESSION, session=other))["session"] == [
        "Kỳ họp đã chọn không thuộc Hội đồng này."
    ]
    assert errors_of(question(council, venue=Question.Venue.AT_SESSION, session=session, asked_on=D(2023, 8, 1)))[
        "asked_on"
    ] == ["Ngày chất vấn phải nằm trong thời gian kỳ họp (11/07/2023 – 12/07/2023)."]
    question(council, venue=Question.Venue.AT_SESSION, session=session).full_clean()


def test_question_at_a_standing_committee_meeting_needs_the_meeting(pho_chau):
    q = question(pho_chau, venue=Question.Venue.AT_SC_MEETING)
    assert errors_of(q)["sc_meeting"] == ["Chất vấn tại phiên họp Thường trực phải chọn phiên họp."]


def test_communes_do_not_question_the_court(pho_chau, district):
    q = question(pho_chau, respondent_role=Question.RespondentRole.COURT_PRESIDENT)
    assert errors_of(q)["respondent_role"] == [
        "HĐND cấp xã không chất vấn Chánh án, Viện trưởng (chỉ cấp huyện trở lên)."
    ]
    question(district, respondent_role=Question.RespondentRole.COURT_PRESIDENT).full_clean()


def test_answer_before_question(pho_chau):
    q = question(pho_chau, answered_on=D(2023, 7, 1))
    assert errors_of(q)["answered_on"] == ["Ngày trả lời không được trước ngày chất vấn."]
