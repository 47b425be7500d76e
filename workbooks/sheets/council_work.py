"""Sheets of the council's own work: sessions, resolutions, Standing Committee meetings,
questioning and the commitments made when answering."""

from django.utils.translation import gettext_lazy as _

from councils.text import dmy
from councils.validation import check_day_in_council_life
from oversight.models import FollowUpItem
from sessions.models import RESOLUTION_CODE, Question, Resolution, Session, StandingCommitteeMeeting, canonical_code
from workbooks.layout import DATE, INT, Column, Context, RowProblem, Sheet, field_column, stt_column


def session_column(help: str, *, required: bool) -> Column:
    return Column("session", str(_("Kỳ họp thứ")), INT, help, required=required, sets_field=False, width=10)


class SessionSheet(Sheet):
    key, title, model = "sessions", _("Kỳ họp"), Session
    about = _("Mỗi dòng một kỳ họp của Hội đồng trong năm. Khóa + kỳ họp thứ xác định kỳ họp.")
    date_key = "start_date"
    error_columns = {"term": "term"}

    def build_columns(self):
        return [
            field_column(Session, "ordinal", help=str(_("Số thứ tự trong nhiệm kỳ, tính chung mọi loại kỳ họp."))),
            Column(
                "term",
                str(_("Khóa")),
                INT,
                str(_("Số khóa, ví dụ 20 cho khóa XX; để trống thì lấy nhiệm kỳ có ngày khai mạc.")),
                sets_field=False,
                width=8,
            ),
            field_column(Session, "kind"),
            field_column(Session, "start_date"),
            field_column(Session, "end_date"),
            field_column(Session, "venue"),
            field_column(Session, "deputies_present"),
        ]

    def records(self, ctx: Context):
        return (
            Session.objects.filter(council=ctx.council)
            .in_year(ctx.year)
            .select_related("term")
            .order_by("start_date", "ordinal")
        )

    def key_of_record(self, record, ctx):
        return (record.term_id, record.ordinal)

    def key_of_row(self, values, resolved, ctx):
        term = resolved.get("term")
        return (term.pk, values.get("ordinal")) if term else None

    def resolve(self, values, ctx):
        council, number, day = ctx.council, values.get("term"), values.get("start_date")
        if number is not None:
            term = council.terms.filter(ordinal=number).first()
            if term is None:
                raise RowProblem(
                    self.column("term").header,
                    _("%(council)s không có khóa %(n)s.") % {"council": council, "n": number},
                )
            return {"term": term}
        if day is None:
            return {}
        problem = check_day_in_council_life(council, day, need_term=True)
        if problem:
            raise RowProblem(self.column("start_date").header, problem)
        return {"term": council.term_on(day)}

    def reference_values(self, record, ctx):
        return {"term": record.term.ordinal}


class ResolutionSheet(Sheet):
    key, title, model = "resolutions", _("Nghị quyết"), Resolution
    about = _("Mỗi dòng một nghị quyết; kỳ họp ghi bằng số thứ tự (kỳ họp thứ …) trên trang Kỳ họp.")
    date_key = "adopted_on"
    error_columns = {"number": "code", "scope_key": "code", "session": "session"}

    def build_columns(self):
        return [
            session_column(_("Kỳ họp đã thông qua nghị quyết (số thứ tự trong nhiệm kỳ)."), required=True),
            field_column(Resolution, "code"),
            field_column(Resolution, "adopted_on"),
            field_column(Resolution, "summary"),
            field_column(Resolution, "field"),
            field_column(Resolution, "kind"),
        ]

    def records(self, ctx):
        return (
            Resolution.objects.filter(session__council=ctx.council)
            .in_year(ctx.year)
            .select_related("session")
            .order_by("adopted_on", "kind", "number")
        )

    def new_record(self, values, ctx):
        return Resolution()

    def resolve(self, values, ctx):
        number = values.get("session")
        if number is None:
            return {}
        session = ctx.session(ctx.council.pk, number, values.get("adopted_on"))
        if session is None:
            raise RowProblem(
                self.column("session").header,
                _("%(council)s không có kỳ họp thứ %(n)s (trên trang Kỳ họp hay đã nhập trước).")
                % {"council": ctx.council, "n": number},
            )
        return {"session": session}

    def key_of_record(self, record, ctx):
        return (record.scope_key, record.kind, record.number)

    def key_of_row(self, values, resolved, ctx):
        match = RESOLUTION_CODE.match(canonical_code(values.get("code") or ""))
        if not (match and resolved.get("session") and values.get("adopted_on")):
            return None
        kind = values.get("kind") or Resolution.Kind.INDIVIDUAL
        probe = Resolution(session=resolved["session"], adopted_on=values["adopted_on"], kind=kind)
        return (probe.compute_scope_key(), kind, int(match["number"]))

    def reference_values(self, record, ctx):
        return {"session": record.session.ordinal}


class MeetingSheet(Sheet):
    key, title, model = "sc_meetings", _("Phiên họp Thường trực"), StandingCommitteeMeeting
    about = _("Mỗi dòng một phiên họp của Thường trực HĐND.")
    date_key = "date"

    def build_columns(self):
        return [
            field_column(StandingCommitteeMeeting, "date"),
            field_column(StandingCommitteeMeeting, "kind"),
            field_column(StandingCommitteeMeeting, "content"),
            field_column(StandingCommitteeMeeting, "conclusions"),
        ]

    def records(self, ctx):
        return StandingCommitteeMeeting.objects.filter(council=ctx.council).in_year(ctx.year).order_by("date", "pk")

    def key_of_record(self, record, ctx):
        return (record.date,)

    def key_of_row(self, values, resolved, ctx):
        return (values.get("date"),)


class QuestionSheet(Sheet):
    key, title, model = "questions", _("Chất vấn"), Question
    about = _("Mỗi dòng một lượt chất vấn. Cột STT để trang Cam kết chất vấn ghi cam kết thuộc lượt nào.")
    date_key = "asked_on"
    has_stt = True
    error_columns = {"sc_meeting": "sc_meeting"}

    def build_columns(self):
        return [
            stt_column(str(_("Số thứ tự của lượt chất vấn trong trang, không trùng nhau."))),
            field_column(Question, "asked_on"),
            field_column(Question, "venue"),
            session_column(_("Với chất vấn tại kỳ họp: kỳ họp thứ mấy trong nhiệm kỳ."), required=False),
            Column(
                "sc_meeting",
                str(_("Ngày phiên họp Thường trực")),
                DATE,
                str(_("Với chất vấn tại phiên họp Thường trực: ngày của phiên họp (trang Phiên họp Thường trực).")),
                sets_field=False,
                width=13,
            ),
            field_column(Question, "questioner"),
            field_column(Question, "respondent_name"),
            field_column(Question, "respondent_role"),
            field_column(Question, "topic"),
            field_column(Question, "answer"),
            field_column(Question, "answered_on"),
            field_column(Question, "satisfied", help=str(_("Có / Không; để trống nếu chưa rõ."))),
        ]

    def records(self, ctx):
        return (
            Question.objects.filter(council=ctx.council, asked_on__year=ctx.year)
            .select_related("session", "sc_meeting")
            .order_by("asked_on", "pk")
        )

    def key_of_record(self, record, ctx):
        return (record.asked_on, record.questioner.strip(), record.respondent_name.strip())

    def key_of_row(self, values, resolved, ctx):
        return (values.get("asked_on"), values.get("questioner") or "", values.get("respondent_name") or "")

    def resolve(self, values, ctx):
        resolved = {"session": None, "sc_meeting": None}
        if values.get("session") is not None:
            resolved["session"] = ctx.session(ctx.council.pk, values["session"], values.get("asked_on"))
            if resolved["session"] is None:
                raise RowProblem(
                    self.column("session").header,
                    _("%(council)s không có kỳ họp thứ %(n)s.") % {"council": ctx.council, "n": values["session"]},
                )
        if values.get("sc_meeting") is not None:
            meetings = StandingCommitteeMeeting.objects.filter(council=ctx.council, date=values["sc_meeting"])
            resolved["sc_meeting"] = meetings.order_by("pk").first()
            if resolved["sc_meeting"] is None:
                raise RowProblem(
                    self.column("sc_meeting").header,
                    _("Không có phiên họp Thường trực ngày %(day)s.") % {"day": dmy(values["sc_meeting"])},
                )
        return resolved

    def reference_values(self, record, ctx):
        return {
            "session": record.session.ordinal if record.session_id else None,
            "sc_meeting": record.sc_meeting.date if record.sc_meeting_id else None,
        }


class FollowUpSheet(Sheet):
    """Register items raised by a record of an earlier sheet, which the row names by its STT."""

    model = FollowUpItem
    parent_field: str
    parent_sheet: type[Sheet]
    parent_header: str

    def build_columns(self):
        return [
            Column(
                self.parent_field,
                str(self.parent_header),
                INT,
                _("STT của dòng trên trang “%(sheet)s”.") % {"sheet": self.parent_sheet.title},
                required=True,
                sets_field=False,
                width=8,
            ),
            field_column(FollowUpItem, "content"),
            field_column(FollowUpItem, "addressee"),
            field_column(FollowUpItem, "due_date"),
            field_column(FollowUpItem, "status"),
            field_column(FollowUpItem, "response_text"),
            field_column(FollowUpItem, "response_date"),
        ]

    @property
    def error_columns(self):
        return {self.parent_field: self.parent_field, "council": self.parent_field}

    def new_record(self, values, ctx):
        return FollowUpItem()

    def resolve(self, values, ctx):
        parent = ctx.referenced(
            self.parent_sheet.key, self.parent_sheet.title, values.get(self.parent_field), str(self.parent_header)
        )
        return {self.parent_field: parent} if parent else {}

    def key_of_record(self, record, ctx):
        return (getattr(record, f"{self.parent_field}_id"), record.content.strip())

    def key_of_row(self, values, resolved, ctx):
        parent = resolved.get(self.parent_field)
        return (parent.pk, values.get("content") or "") if parent else None

    def reference_values(self, record, ctx):
        parent_id = getattr(record, f"{self.parent_field}_id")
        return {self.parent_field: ctx.numbers.get(self.parent_sheet.key, {}).get(parent_id)}


class CommitmentSheet(FollowUpSheet):
    key, title = "commitments", _("Cam kết chất vấn")
    about = _("Những điều người trả lời chất vấn cam kết thực hiện; mỗi dòng ghi STT của lượt chất vấn.")
    parent_field, parent_sheet, parent_header = "question", QuestionSheet, _("STT chất vấn")

    def records(self, ctx):
        return FollowUpItem.objects.filter(question__council=ctx.council, question__asked_on__year=ctx.year).order_by(
            "question__asked_on", "question_id", "pk"
        )
