"""Sheets of oversight and the council's work with constituents: oversight and its
recommendations, voter meetings and what voters raised, citizen reception and petitions."""

from django.utils.translation import gettext_lazy as _

from oversight import services
from oversight.models import CitizenReception, FollowUpItem, OversightActivity, Petition, VoterMeeting, VoterOpinion
from workbooks.layout import INT, LIST, Column, RowProblem, Sheet, field_column, stt_column
from workbooks.sheets.council_work import FollowUpSheet


class OversightSheet(Sheet):
    key, title, model = "oversight", _("Giám sát"), OversightActivity
    about = _("Mỗi dòng một hoạt động giám sát, khảo sát. Cột STT để trang Kiến nghị giám sát ghi kiến nghị.")
    date_key = "start_date"
    has_stt = True

    def build_columns(self):
        m = OversightActivity
        return [
            stt_column(str(_("Số thứ tự của hoạt động trong trang, không trùng nhau."))),
            field_column(m, "start_date"),
            field_column(m, "end_date"),
            field_column(m, "actor"),
            Column(
                "committee",
                str(_("Ban")),
                LIST,
                str(_("Khi chủ thể là một Ban của HĐND: chọn Ban trong danh sách.")),
                sets_field=False,
                list_name="committees",
                width=24,
            ),
            field_column(m, "form"),
            field_column(m, "subject"),
            field_column(m, "decision_number"),
            field_column(m, "decision_date"),
            field_column(m, "bodies_overseen"),
            field_column(m, "members"),
            field_column(m, "report_number"),
            field_column(m, "report_date"),
            field_column(m, "findings"),
        ]

    def records(self, ctx):
        return (
            OversightActivity.objects.filter(council=ctx.council)
            .in_year(ctx.year)
            .select_related("committee")
            .order_by("start_date", "pk")
        )

    def key_of_record(self, record, ctx):
        return (record.start_date, record.subject.strip())

    def key_of_row(self, values, resolved, ctx):
        return (values.get("start_date"), values.get("subject") or "")

    def resolve(self, values, ctx):
        code = values.get("committee")
        return {"committee_id": int(code) if code else None}

    def reference_values(self, record, ctx):
        return {"committee": str(record.committee_id) if record.committee_id else None}


class RecommendationSheet(FollowUpSheet):
    key, title = "recommendations", _("Kiến nghị giám sát")
    about = _("Kiến nghị qua giám sát, khảo sát; mỗi dòng ghi STT của hoạt động trên trang Giám sát.")
    parent_field, parent_sheet, parent_header = "oversight", OversightSheet, _("STT giám sát")

    def records(self, ctx):
        return FollowUpItem.objects.filter(
            oversight__council=ctx.council, oversight__start_date__year=ctx.year
        ).order_by("oversight__start_date", "oversight_id", "pk")


class VoterMeetingSheet(Sheet):
    key, title, model = "voter_meetings", _("Tiếp xúc cử tri"), VoterMeeting
    about = _("Mỗi dòng một cuộc tiếp xúc cử tri. Cột STT để trang Ý kiến cử tri ghi ý kiến thuộc cuộc nào.")
    date_key = "date"
    has_stt = True
    error_columns = {"session": "session"}

    def build_columns(self):
        m = VoterMeeting
        return [
            stt_column(str(_("Số thứ tự của cuộc tiếp xúc trong trang, không trùng nhau."))),
            field_column(m, "date"),
            field_column(m, "deputy_level"),
            field_column(m, "timing"),
            field_column(m, "mode"),
            Column(
                "session_council",
                str(_("HĐND có kỳ họp liên quan")),
                LIST,
                str(_("Hội đồng này hoặc Hội đồng cấp trên trực tiếp; để trống là Hội đồng này.")),
                sets_field=False,
                list_name="session_councils",
                width=26,
            ),
            Column(
                "session",
                str(_("Kỳ họp liên quan (thứ)")),
                INT,
                str(_("Kỳ họp thứ mấy trong nhiệm kỳ, với tiếp xúc trước hoặc sau kỳ họp.")),
                sets_field=False,
                width=10,
            ),
            field_column(m, "place"),
            field_column(m, "deputies_present"),
            field_column(m, "voters_attending"),
        ]

    def records(self, ctx):
        return (
            VoterMeeting.objects.filter(council=ctx.council)
            .in_year(ctx.year)
            .select_related("session")
            .order_by("date", "pk")
        )

    def key_of_record(self, record, ctx):
        return (record.date, record.deputy_level, record.timing)

    def key_of_row(self, values, resolved, ctx):
        return (values.get("date"), values.get("deputy_level"), values.get("timing"))

    def resolve(self, values, ctx):
        number = values.get("session")
        if number is None:
            return {"session": None}
        council_id = int(values.get("session_council") or ctx.council.pk)
        session = ctx.session(council_id, number, values.get("date"))
        if session is None:
            name = dict(ctx.lists["session_councils"]).get(str(council_id), ctx.council)
            raise RowProblem(
                self.column("session").header,
                _("%(council)s không có kỳ họp thứ %(n)s.") % {"council": name, "n": number},
            )
        return {"session": session}

    def reference_values(self, record, ctx):
        if not record.session_id:
            return {"session_council": None, "session": None}
        return {"session_council": str(record.session.council_id), "session": record.session.ordinal}


class OpinionSheet(Sheet):
    key, title, model = "opinions", _("Ý kiến cử tri"), VoterOpinion
    about = _(
        "Ý kiến, kiến nghị cử tri nêu tại các cuộc tiếp xúc; mỗi dòng ghi STT của cuộc tiếp xúc. Kiến nghị "
        "được đưa vào sổ theo dõi như khi nhập trên biểu mẫu."
    )
    error_columns = {"meeting": "meeting"}

    def build_columns(self):
        m = VoterOpinion
        return [
            Column(
                "meeting",
                str(_("STT cuộc tiếp xúc")),
                INT,
                str(_("STT của cuộc tiếp xúc trên trang “%(sheet)s”.") % {"sheet": VoterMeetingSheet.title}),
                required=True,
                sets_field=False,
                width=8,
            ),
            field_column(m, "content"),
            field_column(m, "field"),
            field_column(m, "kind"),
            field_column(m, "competent_level"),
            field_column(m, "forwarded_to"),
            field_column(m, "forwarded_on"),
            field_column(m, "answered_on"),
            field_column(m, "answer_text"),
        ]

    def records(self, ctx):
        return VoterOpinion.objects.filter(meeting__council=ctx.council, meeting__date__year=ctx.year).order_by(
            "meeting__date", "meeting_id", "pk"
        )

    def new_record(self, values, ctx):
        return VoterOpinion()

    def resolve(self, values, ctx):
        meeting = ctx.referenced(
            VoterMeetingSheet.key, VoterMeetingSheet.title, values.get("meeting"), self.column("meeting").header
        )
        return {"meeting": meeting} if meeting else {}

    def key_of_record(self, record, ctx):
        return (record.meeting_id, record.content.strip())

    def key_of_row(self, values, resolved, ctx):
        meeting = resolved.get("meeting")
        return (meeting.pk, values.get("content") or "") if meeting else None

    def reference_values(self, record, ctx):
        return {"meeting": ctx.numbers.get(VoterMeetingSheet.key, {}).get(record.meeting_id)}

    def save(self, record, ctx):
        return services.save_opinion(record, user=ctx.user)


class ReceptionSheet(Sheet):
    key, title, model = "receptions", _("Tiếp công dân"), CitizenReception
    about = _("Mỗi dòng một buổi tiếp công dân. Cột STT để trang Đơn thư ghi đơn nhận tại buổi nào.")
    date_key = "date"
    has_stt = True

    def build_columns(self):
        m = CitizenReception
        return [
            stt_column(str(_("Số thứ tự của buổi tiếp trong trang, không trùng nhau."))),
            field_column(m, "date"),
            field_column(m, "receiver"),
            field_column(m, "place"),
            field_column(m, "citizens"),
            field_column(m, "is_group"),
            field_column(m, "content"),
        ]

    def records(self, ctx):
        return CitizenReception.objects.filter(council=ctx.council).in_year(ctx.year).order_by("date", "pk")

    @staticmethod
    def has_row_for(reception: CitizenReception, ctx) -> bool:
        """Whether this workbook lists the reception (`records`): not one of another year, or of a
        council merged into this one."""
        return reception.council_id == ctx.council.pk and reception.date.year == ctx.year

    def key_of_record(self, record, ctx):
        return (record.date,)

    def key_of_row(self, values, resolved, ctx):
        return (values.get("date"),)


class PetitionSheet(Sheet):
    key, title, model = "petitions", _("Đơn thư"), Petition
    about = _(
        "Mỗi dòng một đơn. Họ tên, địa chỉ, điện thoại người gửi chỉ người của chính Hội đồng này xem được: "
        "tệp xuất cho người khác để trống các cột ấy, và khi họ nhập lại, các cột ấy của đơn đã có được giữ nguyên."
    )
    date_key = "received_on"
    error_columns = {"reception": "reception"}

    def build_columns(self):
        m = Petition
        return [
            field_column(m, "received_on"),
            field_column(m, "type"),
            field_column(m, "channel"),
            Column(
                "reception",
                str(_("STT buổi tiếp công dân")),
                INT,
                _(
                    "Đơn nhận tại buổi tiếp công dân: STT của buổi trên trang “%(sheet)s”. Buổi tiếp của năm "
                    "khác để trống: đơn đã có giữ buổi tiếp đã ghi."
                )
                % {"sheet": ReceptionSheet.title},
                sets_field=False,
                width=8,
            ),
            *(field_column(m, name) for name in Petition.SENDER_FIELDS),
            field_column(m, "subject"),
            field_column(m, "is_eligible"),
            field_column(m, "is_duplicate"),
            field_column(m, "is_complex"),
            field_column(m, "extensions"),
            field_column(m, "competent_body"),
            field_column(m, "forwarded_on"),
            field_column(m, "accepted_on"),
            field_column(m, "decided_on"),
            field_column(m, "result"),
        ]

    def records(self, ctx):
        return Petition.objects.filter(council=ctx.council).in_year(ctx.year).order_by("received_on", "pk")

    def key_of_record(self, record, ctx):
        return (record.received_on, record.type)

    def key_of_row(self, values, resolved, ctx):
        return (values.get("received_on"), values.get("type"))

    def resolve(self, values, ctx):
        reception = ctx.referenced(
            ReceptionSheet.key, ReceptionSheet.title, values.get("reception"), self.column("reception").header
        )
        return {"reception": reception}

    def apply(self, record, values, resolved, ctx):
        if record.pk and not ctx.sees_personal_data:  # a sender they may not see, they may not change
            values = {k: v for k, v in values.items() if k not in Petition.SENDER_FIELDS}
        if resolved["reception"] is None and record.reception and not ReceptionSheet.has_row_for(record.reception, ctx):
            resolved = {}  # its reception has no row here to name it (its cell was written empty): kept
        super().apply(record, values, resolved, ctx)

    def row_values(self, record, ctx):
        values = super().row_values(record, ctx)
        if not ctx.sees_personal_data:
            values.update(dict.fromkeys(Petition.SENDER_FIELDS))
        return values

    def reference_values(self, record, ctx):
        return {"reception": ctx.numbers.get(ReceptionSheet.key, {}).get(record.reception_id)}
