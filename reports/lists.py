"""The drill-down lists: one definition per kind of record — its filters (django-filter),
its columns (shared by the page, the CSV and the XLSX export) and its joins.

Every dashboard figure links to one of these lists with filters that select exactly the
records the figure counts: the same `in_year`, the same councils, the same `overdue`.
"""

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from councils import access
from councils.models import Council
from councils.search import folded_search
from councils.text import dmy
from councils.validation import year_range
from oversight.models import FollowUpItem, OversightActivity, Petition, PetitionType, VoterMeeting, VoterOpinion
from oversight.selectors import prepare_for_listing
from sessions.models import Question, Resolution, Session, StandingCommitteeMeeting


def _years() -> list[tuple[int, int]]:
    first, last = year_range()
    return [(year, year) for year in range(last, first - 1, -1)]


class RecordFilter(django_filters.FilterSet):
    """Filters every list has: which councils, which year, and a text search ignoring accents."""

    hoi_dong = django_filters.ModelChoiceFilter(
        label=_("Hội đồng nhân dân"), queryset=Council.objects.none(), method="filter_council"
    )
    cap_duoi = django_filters.ModelChoiceFilter(
        label=_("Các HĐND cấp dưới của"), queryset=Council.objects.none(), method="filter_below"
    )
    pham_vi = django_filters.ModelChoiceFilter(
        label=_("HĐND và các HĐND cấp dưới của"), queryset=Council.objects.none(), method="filter_scope"
    )
    nam = django_filters.TypedChoiceFilter(label=_("Năm"), choices=_years, coerce=int, method="filter_year")
    q = django_filters.CharFilter(label=_("Tìm (không cần dấu)"), method="filter_search")

    search_fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        readable = access.readable_councils(request.user).with_unit()
        for name in ("hoi_dong", "cap_duoi", "pham_vi"):
            self.filters[name].queryset = readable

    @property
    def council_path(self) -> str:
        return self.queryset.model.council_path

    def _year(self) -> int | None:
        value = self.form.cleaned_data.get("nam")
        return int(value) if value else None

    def _below(self, council):
        year = self._year()
        councils = Council.objects.under_in_year(council, year) if year else Council.objects.under(council)
        return councils.values("pk")

    def filter_council(self, queryset, name, council):
        return queryset.filter(**{self.council_path: council})

    def filter_below(self, queryset, name, council):
        return queryset.filter(**{f"{self.council_path}__in": self._below(council)})

    def filter_scope(self, queryset, name, council):
        return queryset.filter(
            Q(**{self.council_path: council}) | Q(**{f"{self.council_path}__in": self._below(council)})
        )

    def filter_year(self, queryset, name, value):
        return queryset.in_year(int(value))

    def filter_search(self, queryset, name, value):
        return folded_search(queryset, self.search_fields, value) if value.strip() else queryset

    def filter_overdue(self, queryset, name, value):
        """For records whose queryset knows overdue (`by_overdue`: petitions, the register)."""
        return queryset if value is None else queryset.by_overdue(value)


class SessionFilter(RecordFilter):
    loai = django_filters.MultipleChoiceFilter(field_name="kind", label=_("Loại kỳ họp"), choices=Session.Kind.choices)
    search_fields = ["venue", "council__unit__name"]


class ResolutionFilter(RecordFilter):
    loai = django_filters.ChoiceFilter(field_name="kind", label=_("Loại"), choices=Resolution.Kind.choices)
    linh_vuc = django_filters.ChoiceFilter(field_name="field", label=_("Lĩnh vực"), choices=Resolution.Field.choices)
    search_fields = ["code", "summary"]


class MeetingFilter(RecordFilter):
    search_fields = ["content", "conclusions"]


class QuestionFilter(RecordFilter):
    hinh_thuc = django_filters.ChoiceFilter(field_name="venue", label=_("Hình thức"), choices=Question.Venue.choices)
    search_fields = ["topic", "answer", "questioner", "respondent_name"]


class OversightFilter(RecordFilter):
    hinh_thuc = django_filters.ChoiceFilter(
        field_name="form", label=_("Hình thức"), choices=OversightActivity.Form.choices
    )
    chu_the = django_filters.ChoiceFilter(
        field_name="actor", label=_("Chủ thể"), choices=OversightActivity.Actor.choices
    )
    search_fields = ["subject", "bodies_overseen", "findings"]


class VoterMeetingFilter(RecordFilter):
    cap_dai_bieu = django_filters.ChoiceFilter(
        field_name="deputy_level", label=_("Đại biểu"), choices=VoterMeeting.DeputyLevel.choices
    )
    thoi_diem = django_filters.ChoiceFilter(
        field_name="timing", label=_("Thời điểm"), choices=VoterMeeting.Timing.choices
    )
    search_fields = ["place", "deputies_present"]


class OpinionFilter(RecordFilter):
    phan_loai = django_filters.ChoiceFilter(field_name="kind", label=_("Phân loại"), choices=VoterOpinion.Kind.choices)
    da_chuyen = django_filters.BooleanFilter(
        field_name="forwarded_on", lookup_expr="isnull", exclude=True, label=_("Đã chuyển")
    )
    da_tra_loi = django_filters.BooleanFilter(
        field_name="answered_on", lookup_expr="isnull", exclude=True, label=_("Đã trả lời")
    )
    search_fields = ["content", "forwarded_to", "answer_text"]


class PetitionFilter(RecordFilter):
    loai = django_filters.ChoiceFilter(field_name="type", label=_("Loại đơn"), choices=PetitionType.choices)
    qua_han = django_filters.BooleanFilter(label=_("Quá hạn"), method="filter_overdue")
    search_fields = ["subject", "competent_body", "result"]


class FollowUpFilter(RecordFilter):
    tinh_trang = django_filters.ChoiceFilter(
        field_name="status", label=_("Tình trạng"), choices=FollowUpItem.Status.choices
    )
    nguon = django_filters.ChoiceFilter(field_name="source", label=_("Nguồn"), choices=FollowUpItem.Source.choices)
    qua_han = django_filters.BooleanFilter(label=_("Quá hạn"), method="filter_overdue")
    search_fields = ["content", "addressee", "response_text"]


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable


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

    def queryset(self, request):
        queryset = self.base() if self.base else self.model.objects.all()
        readable = access.readable_councils(request.user)
        return (
            queryset.for_councils(readable)
            .select_related(*self.select_related)
            .order_by(*self.model._meta.ordering, "pk")
        )


def _council(record) -> str:
    return str(record.council)


def _petitions_prepare(rows, request):
    prepare_for_listing(rows, request.user)


def _due(petition) -> str:
    return dmy(petition.listed_deadline.due) if petition.listed_deadline else ""


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
                Column(_("Khai mạc"), lambda s: dmy(s.start_date)),
                Column(_("Bế mạc"), lambda s: dmy(s.end_date)),
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
                Column(_("Ngày thông qua"), lambda r: dmy(r.adopted_on)),
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
                Column(_("Ngày họp"), lambda m: dmy(m.date)),
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
                Column(_("Ngày"), lambda q: dmy(q.asked_on)),
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
                Column(_("Bắt đầu"), lambda a: dmy(a.start_date)),
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
                Column(_("Ngày"), lambda m: dmy(m.date)),
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
                Column(_("Ngày tiếp xúc"), lambda o: dmy(o.meeting.date)),
                Column(_("Nội dung"), lambda o: o.content),
                Column(_("Phân loại"), lambda o: o.get_kind_display()),
                Column(_("Chuyển đến"), lambda o: o.forwarded_to),
                Column(_("Ngày chuyển"), lambda o: dmy(o.forwarded_on)),
                Column(_("Ngày trả lời"), lambda o: dmy(o.answered_on)),
            ],
            ("meeting__council__unit",),
        ),
        RecordList(
            "don-thu",
            _("Đơn thư"),
            Petition,
            PetitionFilter,
            [
                COUNCIL,
                Column(_("Ngày nhận"), lambda p: dmy(p.received_on)),
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
                Column(_("Hạn"), lambda i: dmy(i.due_date)),
                Column(_("Tình trạng"), lambda i: i.get_status_display()),
                Column(_("Quá hạn"), lambda i: _("Quá hạn") if i.is_overdue() else ""),
            ],
            ("council__unit",),
            base=lambda: FollowUpItem.objects.filter(merged_into__isnull=True),
        ),
    ]
}
