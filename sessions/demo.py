"""Hương Sơn's 2023 council work, so that the figures are exactly the article's:

district: 6 sessions, 29 resolutions, 11 Standing Committee meetings;
communes: 82 sessions (50 regular = 2 per unit, 32 thematic), 336 resolutions.

Deterministic: the same records every run, found by their natural keys and saved through
councils.records (so the demo data passes the same validation as a clerk's).
"""

import datetime
import itertools

from django.db import transaction

from councils.models import Council
from councils.records import upsert_record
from sessions import services
from sessions.models import Question, Resolution, Session, StandingCommitteeMeeting

YEAR = 2023
D = datetime.date
Kind = Session.Kind
Field = Resolution.Field

# (ordinal, kind, start, end, number of resolutions). Sessions 9 (16/02, thematic) and
# 12 (11/07, regular) are dated by the district's own news; the others are demo dates.
DISTRICT_SESSIONS = [
    (9, Kind.THEMATIC, D(2023, 2, 16), D(2023, 2, 16), 3),
    (10, Kind.THEMATIC, D(2023, 4, 20), D(2023, 4, 20), 4),
    (11, Kind.THEMATIC, D(2023, 6, 8), D(2023, 6, 8), 3),
    (12, Kind.REGULAR, D(2023, 7, 11), D(2023, 7, 12), 8),
    (13, Kind.THEMATIC, D(2023, 9, 28), D(2023, 9, 28), 3),
    (14, Kind.REGULAR, D(2023, 12, 19), D(2023, 12, 20), 8),
]
DISTRICT_FIRST_NUMBER = 101  # the district numbers resolutions through the whole term

REGULAR_TITLES = [
    (Field.SOCIO_ECONOMIC, "Về tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội {period} năm {year}"),
    (Field.BUDGET, "Về phê chuẩn quyết toán thu, chi ngân sách năm {prev}"),
    (Field.BUDGET, "Về dự toán thu, chi ngân sách và phân bổ ngân sách năm {next}"),
    (Field.PUBLIC_INVESTMENT, "Về điều chỉnh kế hoạch đầu tư công trung hạn giai đoạn 2021 - 2025"),
    (Field.COUNCIL_WORK, "Về kế hoạch tổ chức các kỳ họp thường lệ năm {next}"),
    (Field.OVERSIGHT, "Về chương trình giám sát năm {next}"),
    (Field.OVERSIGHT, "Về kết quả giám sát chuyên đề việc giải quyết kiến nghị của cử tri"),
    (Field.CULTURE_SOCIETY, "Về nhiệm vụ bảo đảm an sinh xã hội, chăm lo đời sống Nhân dân"),
    (Field.LAND_ENVIRONMENT, "Về kế hoạch sử dụng đất năm {next}"),
    (Field.SOCIO_ECONOMIC, "Về kế hoạch phát triển kinh tế - xã hội năm {next}"),
]
THEMATIC_TITLES = [
    (Field.ORGANISATION, "Về việc miễn nhiệm chức danh Phó Chủ tịch Ủy ban nhân dân"),
    (Field.ORGANISATION, "Về việc bầu bổ sung Ủy viên Ủy ban nhân dân nhiệm kỳ 2021 - 2026"),
    (Field.PUBLIC_INVESTMENT, "Về chủ trương đầu tư dự án nâng cấp đường giao thông nông thôn"),
    (Field.BUDGET, "Về điều chỉnh, bổ sung dự toán ngân sách năm {year}"),
    (Field.SOCIO_ECONOMIC, "Về đề án xây dựng nông thôn mới nâng cao, kiểu mẫu"),
    (Field.LAND_ENVIRONMENT, "Về danh mục công trình, dự án cần thu hồi đất bổ sung năm {year}"),
    (Field.CULTURE_SOCIETY, "Về chính sách hỗ trợ phát triển giáo dục mầm non"),
]
VENUES = {"huong-son": "Hội trường Huyện ủy Hương Sơn"}
SC_MONTHS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]  # the district's 11 meetings: none in January (Tết)
SC_TOPICS = [
    "Cho ý kiến về công tác chuẩn bị kỳ họp; kết quả tiếp công dân, xử lý đơn thư trong tháng",
    "Nghe báo cáo kết quả giám sát chuyên đề; triển khai kế hoạch tiếp xúc cử tri",
    "Đánh giá việc thực hiện kết luận phiên họp trước; chương trình công tác tháng tới",
]


def _titles(kind: str, count: int, start: int):
    pool = REGULAR_TITLES if kind == Kind.REGULAR else THEMATIC_TITLES
    return [pool[(start + i) % len(pool)] for i in range(count)]


def _session(council, term, ordinal, kind, start, end, n_resolutions, first_number):
    session = upsert_record(
        Session,
        {"term": term, "ordinal": ordinal},
        {
            "council": council,
            "kind": kind,
            "start_date": start,
            "end_date": end,
            "venue": VENUES.get(council.slug, f"Hội trường UBND {council.unit.full_name}"),
        },
    )
    period = "6 tháng đầu" if start.month <= 7 else "cả"
    for i, (field, title) in enumerate(_titles(kind, n_resolutions, ordinal)):
        summary = title.format(year=YEAR, prev=YEAR - 1, next=YEAR + 1, period=period)
        upsert_record(
            Resolution,
            {"session": session, "code": f"{first_number + i:02d}/NQ-HĐND"},
            {"adopted_on": end, "summary": summary, "field": field},
        )
    return session


def _commune_plan(communes):
    """Per commune: 2 regular sessions; 32 thematic ones (2 for the first 7, 1 for the other 18);
    resolutions 5 per regular session, 3 per thematic session for the first 22 thematic, 2 after.
    Totals: 82 sessions (50 + 32) and 250 + 66 + 20 = 336 resolutions."""
    thematic_seen = 0
    for index, council in enumerate(communes):
        thematic = 2 if index < 7 else 1
        day = 3 + index % 20
        plan = [(Kind.REGULAR, D(YEAR, 7, day), 5), (Kind.REGULAR, D(YEAR, 12, day), 5)]
        for t in range(thematic):
            plan.append((Kind.THEMATIC, D(YEAR, 3 + 6 * t, day), 3 if thematic_seen < 22 else 2))
            thematic_seen += 1
        yield council, sorted(plan, key=lambda item: item[1])


def _questions(council, session, respondents):
    """Questions put at the session (their commitments join the register: oversight.demo)."""
    for i, (name, role, topic) in enumerate(respondents):
        upsert_record(
            Question,
            {"council": council, "session": session, "respondent_name": name},
            {
                "venue": Question.Venue.AT_SESSION,
                "asked_on": session.end_date,
                "questioner": "Đại biểu Nguyễn Văn Hùng",
                "respondent_role": role,
                "topic": topic,
                "answer": "Đã trả lời trực tiếp tại kỳ họp.",
                "answered_on": session.end_date,
                "satisfied": i % 3 != 2,
            },
        )


DISTRICT_QUESTIONS = [
    (
        "Trần Văn Long",
        Question.RespondentRole.DEPARTMENT_HEAD,
        "Tiến độ cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân xã Sơn Trung còn chậm.",
    ),
    (
        "Nguyễn Thị Mai",
        Question.RespondentRole.PEOPLES_COMMITTEE_MEMBER,
        "Giải pháp khắc phục tình trạng xuống cấp tuyến đường liên xã Sơn Bình - Sơn Hàm.",
    ),
    (
        "Lê Đình Sơn",
        Question.RespondentRole.COURT_PRESIDENT,
        "Tỷ lệ giải quyết các vụ việc dân sự, hôn nhân gia đình còn tồn đọng.",
    ),
]
COMMUNE_QUESTIONS = [
    (
        "Chủ tịch UBND xã",
        Question.RespondentRole.PEOPLES_COMMITTEE_CHAIR,
        "Việc chậm khắc phục hệ thống nước sinh hoạt tại thôn Trung Thượng.",
    ),
]


@transaction.atomic
def load_2023(district: Council) -> None:
    services.set_resolution_numbering(district, Council.Numbering.TERM)
    term = district.term_on(D(YEAR, 6, 1))
    number = DISTRICT_FIRST_NUMBER
    for ordinal, kind, start, end, n in DISTRICT_SESSIONS:
        session = _session(district, term, ordinal, kind, start, end, n, number)
        number += n
        if ordinal in (12, 14):
            _questions(district, session, DISTRICT_QUESTIONS[: 2 if ordinal == 12 else 3])
    for month, topic in zip(SC_MONTHS, itertools.cycle(SC_TOPICS), strict=False):
        upsert_record(
            StandingCommitteeMeeting,
            {"council": district, "date": D(YEAR, month, 5)},
            {"content": topic, "conclusions": "Thống nhất các nội dung; giao các Ban theo dõi thực hiện."},
        )

    communes = list(Council.objects.with_unit().under_in_year(district, YEAR).order_by("unit__name"))
    for index, (council, plan) in enumerate(_commune_plan(communes)):
        term = council.term_on(D(YEAR, 6, 1))
        number = 1
        for ordinal, (kind, day, n) in enumerate(plan, start=7):
            session = _session(council, term, ordinal, kind, day, day, n, number)
            number += n
            if index % 5 == 0 and ordinal == 7 + len(plan) - 1:
                _questions(council, session, COMMUNE_QUESTIONS)
        for month in range(1, 13, 1 + index % 2):
            upsert_record(
                StandingCommitteeMeeting,
                {"council": council, "date": D(YEAR, month, 25)},
                {"content": SC_TOPICS[month % len(SC_TOPICS)], "conclusions": "Thống nhất các nội dung."},
            )
