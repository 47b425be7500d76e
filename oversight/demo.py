"""Hương Sơn's 2023 oversight and constituent work, deterministic and idempotent.

Figures from the article: 6 district and 129 commune thematic oversight activities.
Everything else (surveys, recommendations, voter meetings, reception, petitions) is
plausible demo data, with recommendations in every status and some petitions overdue.
"""

import datetime
import itertools

from django.db import transaction

from councils.models import CommitteeType, Council
from councils.records import upsert_record
from oversight import services
from oversight.models import (
    CitizenReception,
    FollowUpItem,
    OversightActivity,
    Petition,
    PetitionType,
    VoterMeeting,
    VoterOpinion,
)
from sessions.models import Question, Session

YEAR = 2023
D = datetime.date
Actor, Form, Status = OversightActivity.Actor, OversightActivity.Form, FollowUpItem.Status
DeputyLevel, Timing = VoterMeeting.DeputyLevel, VoterMeeting.Timing

SUBJECTS = [
    "Việc thực hiện chính sách hỗ trợ phát triển nông nghiệp, nông thôn giai đoạn 2021 - 2023",
    "Công tác quản lý, sử dụng đất đai và cấp giấy chứng nhận quyền sử dụng đất",
    "Việc giải quyết kiến nghị của cử tri sau các kỳ họp năm 2022",
    "Công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
    "Việc thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "Công tác quản lý trật tự xây dựng và bảo đảm an toàn giao thông",
    "Chất lượng giáo dục mầm non và tiểu học trên địa bàn",
    "Việc thu, chi ngân sách và quản lý tài sản công",
    "Công tác bảo vệ môi trường, thu gom xử lý rác thải sinh hoạt",
    "Việc thực hiện chính sách bảo hiểm y tế, bảo trợ xã hội",
]
SURVEYS = [
    "Khảo sát tình hình sản xuất vụ Xuân và công tác phòng chống thiên tai",
    "Khảo sát việc quản lý, khai thác khoáng sản làm vật liệu xây dựng",
]
RECOMMENDATIONS = [
    ("Đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng đất cho các hộ còn tồn đọng", "UBND {unit}"),
    ("Rà soát, bổ sung kinh phí sửa chữa các tuyến đường giao thông nông thôn xuống cấp", "UBND {unit}"),
    ("Tăng cường kiểm tra, xử lý vi phạm trật tự xây dựng, lấn chiếm hành lang giao thông", "UBND {unit}"),
    ("Trả lời dứt điểm các kiến nghị cử tri tồn đọng từ năm 2022", "UBND {unit}"),
]
STATUS_CYCLE = [Status.DONE, Status.IN_PROGRESS, Status.NEW, Status.NOT_DONE]
LONG_TERM_DUE = D(2027, 6, 30)  # "đang thực hiện" items on a multi-year path are not overdue

OPINIONS = [
    ("Đề nghị nâng cấp tuyến đường liên thôn bị xuống cấp sau mùa mưa lũ", VoterOpinion.Kind.RECOMMENDATION, "DAU_TU"),
    ("Đề nghị sớm chi trả tiền hỗ trợ giống lúa vụ Xuân cho nông dân", VoterOpinion.Kind.RECOMMENDATION, "NGAN_SACH"),
    (
        "Cử tri đồng tình với kết quả kỳ họp, mong tiếp tục quan tâm đời sống người dân",
        VoterOpinion.Kind.OPINION,
        "KTXH",
    ),
]
# What each respondent committed to when answering a question (sessions.demo asks them): the
# commitment's place among the session's answers, its text and who must carry it out.
COMMITMENTS = {
    "Trần Văn Long": (
        0,
        "Hoàn thành cấp giấy chứng nhận cho 120 hộ còn tồn đọng",
        "Phòng Tài nguyên và Môi trường huyện",
    ),
    "Nguyễn Thị Mai": (
        1,
        "Bố trí vốn sửa chữa tuyến đường liên xã Sơn Bình - Sơn Hàm",
        "Phòng Kinh tế và Hạ tầng huyện",
    ),
    "Lê Đình Sơn": (2, "Giải quyết dứt điểm các vụ việc dân sự tồn đọng từ năm 2022", "Tòa án nhân dân huyện"),
    "Chủ tịch UBND xã": (0, "Sửa chữa, thay thế đường ống nước sinh hoạt thôn Trung Thượng", "UBND xã"),
}
SENDERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Đức", "Võ Thị Hoa"]


def _committees(level):
    return {c.code: c for c in CommitteeType.objects.filter(level=level, valid_to__gte=D(YEAR, 12, 31))}


def _oversight(council, count, start_index, *, district=False):
    bans = _committees(council.level)
    actors = [
        (Actor.STANDING_COMMITTEE, None),
        (Actor.COMMITTEE, bans["PHAP_CHE"]),
        (Actor.COMMITTEE, bans["KINH_TE_XA_HOI"]),
    ]
    unit = council.unit.full_name
    for i in range(count):
        actor, committee = actors[i % 3]
        start = D(YEAR, 3 + (i * 8) // max(count, 1), 5 + (start_index + i) % 20)
        activity = upsert_record(
            OversightActivity,
            {"council": council, "subject": SUBJECTS[(start_index + i) % len(SUBJECTS)], "start_date": start},
            {
                "actor": actor,
                "committee": committee,
                "form": Form.THEMATIC,
                "decision_number": f"{i + 1:02d}/QĐ-HĐND",
                "decision_date": start - datetime.timedelta(days=10),
                "bodies_overseen": f"UBND {unit} và các đơn vị liên quan",
                "end_date": start + datetime.timedelta(days=3),
                "members": "Thường trực HĐND, đại diện các Ban, Ủy ban MTTQ",
                "report_number": f"{i + 1:02d}/BC-ĐGS",
                "report_date": start + datetime.timedelta(days=10),
                "findings": "Cơ bản thực hiện tốt; còn một số tồn tại, hạn chế cần khắc phục.",
            },
        )
        for j in range(3 if district else 2):
            content, addressee = RECOMMENDATIONS[(i + j) % len(RECOMMENDATIONS)]
            status = STATUS_CYCLE[(start_index + i + j) % len(STATUS_CYCLE)]
            due = LONG_TERM_DUE if status == Status.IN_PROGRESS else activity.report_date + datetime.timedelta(90)
            upsert_record(
                FollowUpItem,
                {"oversight": activity, "content": content},
                {
                    "addressee": addressee.format(unit=unit),
                    "status": status,
                    "due_date": due,
                    "response_text": "Đã khắc phục, có báo cáo kết quả." if status == Status.DONE else "",
                    "response_date": due - datetime.timedelta(days=20) if status == Status.DONE else None,
                },
            )
    return count


def _commitments(councils):
    questions = Question.objects.filter(council__in=councils).in_year(YEAR).select_related("session")
    for question in questions.order_by("asked_on", "pk"):
        i, content, addressee = COMMITMENTS[question.respondent_name]
        status = [Status.DONE, Status.IN_PROGRESS, Status.NEW][i % 3]
        upsert_record(
            FollowUpItem,
            {"question": question, "content": content},
            {
                "council": question.council,
                "addressee": addressee,
                "due_date": question.session.end_date + datetime.timedelta(days=90 + 30 * i),
                "status": status,
                "response_text": "Đã hoàn thành, có báo cáo kết quả." if status == Status.DONE else "",
            },
        )


def _meeting(council, level, timing, day, *, session=None, voters=100):
    meeting = upsert_record(
        VoterMeeting,
        {"council": council, "deputy_level": level, "timing": timing, "date": day},
        {
            "session": session,
            "place": f"Hội trường {council.unit.full_name}",
            "voters_attending": voters,
            "deputies_present": f"Tổ đại biểu {VoterMeeting.DeputyLevel(level).label} tại đơn vị bầu cử",
        },
    )
    for i, (content, kind, policy_field) in enumerate(OPINIONS):
        opinion = VoterOpinion.objects.filter(meeting=meeting, content=content).first() or VoterOpinion(
            meeting=meeting, content=content
        )
        opinion.kind, opinion.field = kind, policy_field
        opinion.competent_level = VoterOpinion.CompetentLevel.DISTRICT
        forwarded = i < 2
        opinion.forwarded_to = "UBND huyện Hương Sơn" if forwarded else ""
        opinion.forwarded_on = day + datetime.timedelta(days=7) if forwarded else None
        opinion.answered_on = day + datetime.timedelta(days=30) if i == 0 else None
        opinion.answer_text = "UBND huyện đã bố trí kinh phí thực hiện." if i == 0 else ""
        services.save_opinion(opinion)


def _voter_meetings(district, communes):
    for timing, day in [
        (Timing.BEFORE_SESSION, D(YEAR, 4, 20)),
        (Timing.AFTER_SESSION, D(YEAR, 7, 5)),
        (Timing.BEFORE_SESSION, D(YEAR, 10, 5)),
        (Timing.AFTER_SESSION, D(YEAR, 12, 5)),
    ]:
        _meeting(district, DeputyLevel.NATIONAL_ASSEMBLY, timing, day, voters=250)
    for timing, day in [
        (Timing.BEFORE_SESSION, D(YEAR, 6, 28)),
        (Timing.AFTER_SESSION, D(YEAR, 7, 25)),
        (Timing.BEFORE_SESSION, D(YEAR, 11, 28)),
        (Timing.AFTER_SESSION, D(YEAR, 12, 27)),
    ]:
        _meeting(district, DeputyLevel.PROVINCIAL_COUNCIL, timing, day, voters=200)
    for session in Session.objects.for_council_year(district, YEAR).filter(kind=Session.Kind.REGULAR):
        _meeting(
            district,
            DeputyLevel.DISTRICT_COUNCIL,
            Timing.BEFORE_SESSION,
            session.start_date - datetime.timedelta(14),
            session=session,
            voters=180,
        )
        _meeting(
            district,
            DeputyLevel.DISTRICT_COUNCIL,
            Timing.AFTER_SESSION,
            session.end_date + datetime.timedelta(8),
            session=session,
            voters=160,
        )
    for index, council in enumerate(communes):
        for session in Session.objects.for_council_year(council, YEAR).filter(kind=Session.Kind.REGULAR):
            _meeting(
                council,
                DeputyLevel.COMMUNE_COUNCIL,
                Timing.BEFORE_SESSION,
                session.start_date - datetime.timedelta(10),
                session=session,
                voters=80 + index * 3,
            )
            _meeting(
                council,
                DeputyLevel.COMMUNE_COUNCIL,
                Timing.AFTER_SESSION,
                session.end_date + datetime.timedelta(7),
                session=session,
                voters=70 + index * 3,
            )


def _reception_and_petitions(council, index):
    senders = itertools.cycle(SENDERS[index % len(SENDERS) :] + SENDERS[: index % len(SENDERS)])
    receptions = [
        upsert_record(
            CitizenReception,
            {"council": council, "date": D(YEAR, month, 15)},
            {
                "receiver": "Chủ tịch HĐND",
                "place": f"Trụ sở {council.unit.full_name}",
                "citizens": 2 + (index + month) % 5,
                "is_group": month == 9 and index % 7 == 0,
                "content": "Công dân phản ánh về đất đai, chính sách xã hội.",
            },
        )
        for month in range(1, 13)
    ]
    plan = [
        (
            PetitionType.RECOMMENDATION,
            D(YEAR, 3, 15),
            {"accepted_on": D(YEAR, 3, 17), "decided_on": D(YEAR, 3, 30), "result": "Đã trả lời bằng văn bản."},
        ),
        (PetitionType.REFLECTION, D(YEAR, 5, 8), {"forwarded_on": D(YEAR, 5, 12), "competent_body": "UBND huyện"}),
        (PetitionType.RECOMMENDATION, D(YEAR, 11, 20), {}),  # still to be processed: overdue
    ]
    if index % 2 == 0:
        plan.append(
            (
                PetitionType.COMPLAINT,
                D(YEAR, 6, 12),
                {"accepted_on": D(YEAR, 6, 19), "decided_on": D(YEAR, 7, 14), "result": "Giữ nguyên quyết định."},
            )
        )
    if index % 4 == 1:
        plan.append((PetitionType.COMPLAINT, D(YEAR, 10, 2), {"accepted_on": D(YEAR, 10, 9)}))  # overdue
    if index % 5 == 0:
        plan.append(
            (
                PetitionType.DENUNCIATION,
                D(YEAR, 8, 14),
                {"accepted_on": D(YEAR, 8, 21), "is_complex": True, "extensions": 1},
            )
        )
    for i, (petition_type, received, extra) in enumerate(plan):
        reception = receptions[received.month - 1] if received.day == 15 else None
        upsert_record(
            Petition,
            {"council": council, "type": petition_type, "received_on": received},
            {
                "sender_name": next(senders),
                "sender_address": f"Thôn {i + 1}, {council.unit.full_name}",
                "subject": f"{PetitionType(petition_type).label} về việc giải quyết tranh chấp đất đai, chính sách",
                "reception": reception,
                **extra,
            },
        )


@transaction.atomic
def load_2023(district: Council) -> None:
    communes = list(Council.objects.with_unit().under_in_year(district, YEAR).order_by("unit__name"))
    _oversight(district, 6, 0, district=True)
    for index, council in enumerate(communes):
        _oversight(council, 6 if index < 4 else 5, index)  # 4 × 6 + 21 × 5 = 129
    survey_committees = _committees(district.level)
    for i, subject in enumerate(SURVEYS):
        upsert_record(
            OversightActivity,
            {"council": district, "subject": subject, "start_date": D(YEAR, 4 + 5 * i, 12)},
            {
                "actor": Actor.COMMITTEE,
                "committee": survey_committees["KINH_TE_XA_HOI"],
                "form": Form.SURVEY,
                "bodies_overseen": "Các xã, thị trấn",
                "report_date": D(YEAR, 4 + 5 * i, 20),
            },
        )
    _commitments([district, *communes])
    _voter_meetings(district, communes)
    _reception_and_petitions(district, 0)
    for index, council in enumerate(communes, start=1):
        _reception_and_petitions(council, index)
