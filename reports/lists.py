"""The drill-down lists: one definition per kind of record — its filters (reports.filters), its
columns (shared by the page, the CSV and the XLSX export), its joins and where a row opens.

Every dashboard figure links to one of these lists with filters that select exactly the
records the figure counts: the same `in_year`, the same councils, the same `overdue`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from councils import access
from councils.text import dmy
from oversight.models import FollowUpItem, OversightActivity, Petition, VoterMeeting, VoterOpinion
from oversight.selectors import prepare_for_listing
from reports.filters import (
    FollowUpFilter,
    MeetingFilter,
    OpinionFilter,
    OversightFilter,
    PetitionFilter,
    QuestionFilter,
    ResolutionFilter,
    SessionFilter,
    VoterMeetingFilter,
)
from sessions.models import Question, Resolution, Session, StandingCommitteeMeeting


@dataclass(frozen=True)
class Column:
    """A column: its header and its value, typed (dates stay dates, so a spreadsheet can sort them)."""

    header: str
    value: Callable

    @staticmethod
    def shown(value) -> str:
        if isinstance(value, datetime.date):
            return dmy(value)
        return "" if value is None else str(value)


def _admin_page(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


@dataclass(frozen=True)
class RecordList:
    slug: str
    title: str
    model: type
    filterset: type
    columns: list[Column]
    select_related: tuple[str, ...]
    base: Callable = None  # the queryset before filters (default: all the model's records)
    prepare: Callable = None  # called with (rows, request) before display: per-page computed values
    page_of: Callable = _admin_page  # where a row opens: the record's admin page (view-only for readers)

    def queryset(self, request):
        queryset = self.base() if self.base else self.model.objects.all()
        return (
            access.readable_records(request.user, queryset)
            .select_related(*self.select_related)
            .order_by(*self.model._meta.ordering, "pk")
        )


def _council(record) -> str:
    return str(record.council)


def _petitions_prepare(rows, request):
    prepare_for_listing(rows, request.user)


def _due(petition):
    return petition.due_on


COUNCIL = Column(_("Hội đồng nhân dân"), _council)

LISTS = {
    lst.slug: lst
    for lst in [
        RecordList(
            "ky-hop",
            _("Kỳ họp"),
            Session,
            SessionFilter,
            [
                COUNCIL,
                Column(_("Kỳ họp thứ"), lambda s: s.ordinal),
                Column(_("Loại"), lambda s: s.get_kind_display()),
                Column(_("Khai mạc"), lambda s: s.start_date),
                Column(_("Bế mạc"), lambda s: s.end_date),
                Column(_("Địa điểm"), lambda s: s.venue),
            ],
            ("council__unit",),
        ),
        RecordList(
            "nghi-quyet",
            _("Nghị quyết"),
            Resolution,
            ResolutionFilter,
            [
                COUNCIL,
                Column(_("Số, ký hiệu"), lambda r: r.code),
                Column(_("Ngày thông qua"), lambda r: r.adopted_on),
                Column(_("Trích yếu"), lambda r: r.summary),
                Column(_("Lĩnh vực"), lambda r: r.get_field_display()),
                Column(_("Loại"), lambda r: r.get_kind_display()),
            ],
            ("session__council__unit",),
        ),
        RecordList(
            "phien-hop",
            _("Phiên họp Thường trực"),
            StandingCommitteeMeeting,
            MeetingFilter,
            [
                COUNCIL,
                Column(_("Ngày họp"), lambda m: m.date),
                Column(_("Loại"), lambda m: m.get_kind_display()),
                Column(_("Nội dung"), lambda m: m.content),
            ],
            ("council__unit",),
        ),
        RecordList(
            "chat-van",
            _("Chất vấn và trả lời chất vấn"),
            Question,
            QuestionFilter,
            [
                COUNCIL,
                Column(_("Ngày"), lambda q: q.asked_on),
                Column(_("Hình thức"), lambda q: q.get_venue_display()),
                Column(_("Đại biểu chất vấn"), lambda q: q.questioner),
                Column(_("Người trả lời"), lambda q: f"{q.respondent_name} ({q.get_respondent_role_display()})"),
                Column(_("Nội dung"), lambda q: q.topic),
                Column(_("Đồng ý với trả lời"), lambda q: {True: _("Có"), False: _("Không")}.get(q.satisfied, "")),
            ],
            ("council__unit",),
        ),
        RecordList(
            "giam-sat",
            _("Giám sát, khảo sát"),
            OversightActivity,
            OversightFilter,
            [
                COUNCIL,
                Column(_("Hình thức"), lambda a: a.get_form_display()),
                Column(_("Chủ thể"), lambda a: a.committee.name if a.committee else a.get_actor_display()),
                Column(_("Nội dung"), lambda a: a.subject),
                Column(_("Bắt đầu"), lambda a: a.start_date),
                Column(_("Báo cáo số"), lambda a: a.report_number),
            ],
            ("council__unit", "committee"),
        ),
        RecordList(
            "tiep-xuc",
            _("Tiếp xúc cử tri"),
            VoterMeeting,
            VoterMeetingFilter,
            [
                COUNCIL,
                Column(_("Ngày"), lambda m: m.date),
                Column(_("Đại biểu"), lambda m: m.get_deputy_level_display()),
                Column(_("Thời điểm"), lambda m: m.get_timing_display()),
                Column(_("Địa điểm"), lambda m: m.place),
                Column(_("Lượt cử tri"), lambda m: m.voters_attending),
            ],
            ("council__unit",),
        ),
        RecordList(
            "y-kien",
            _("Ý kiến, kiến nghị cử tri"),
            VoterOpinion,
            OpinionFilter,
            [
                COUNCIL,
                Column(_("Ngày tiếp xúc"), lambda o: o.meeting.date),
                Column(_("Nội dung"), lambda o: o.content),
                Column(_("Phân loại"), lambda o: o.get_kind_display()),
                Column(_("Chuyển đến"), lambda o: o.forwarded_to),
                Column(_("Ngày chuyển"), lambda o: o.forwarded_on),
                Column(_("Ngày trả lời"), lambda o: o.answered_on),
            ],
            ("meeting__council__unit",),
            page_of=lambda opinion: _admin_page(opinion.meeting),  # entered on its meeting's page
        ),
        RecordList(
            "don-thu",
            _("Đơn thư"),
            Petition,
            PetitionFilter,
            [
                COUNCIL,
                Column(_("Ngày nhận"), lambda p: p.received_on),
                Column(_("Loại đơn"), lambda p: p.get_type_display()),
                Column(_("Người gửi"), lambda p: p.sender_name if p.sender_visible else "—"),
                Column(_("Nội dung"), lambda p: p.subject),
                Column(_("Hạn xử lý"), _due),
                Column(_("Kết quả"), lambda p: p.result),
            ],
            ("council__unit",),
            prepare=_petitions_prepare,
        ),
        RecordList(
            "kien-nghi",
            _("Kiến nghị, cam kết cần theo dõi"),
            FollowUpItem,
            FollowUpFilter,
            [
                COUNCIL,
                Column(_("Nguồn"), lambda i: i.get_source_display()),
                Column(_("Nội dung"), lambda i: i.content),
                Column(_("Cơ quan thực hiện"), lambda i: i.addressee),
                Column(_("Hạn"), lambda i: i.due_date),
                Column(_("Tình trạng"), lambda i: i.get_status_display()),
                Column(_("Quá hạn"), lambda i: _("Quá hạn") if i.is_overdue() else ""),
            ],
            ("council__unit",),
            base=lambda: FollowUpItem.objects.filter(merged_into__isnull=True),
        ),
    ]
}
