"""Oversight and constituents: oversight activities, voter meetings and their opinions,
citizen reception and petitions, statutory clocks, and the follow-up register that every
source of "someone must act on this" shares.

Each model validates itself in `clean()`; writes go through councils.records.save_record.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.attachments import PdfField
from councils.models import CommitteeType, Council
from councils.records_base import CouncilRecord, YearQuerySet
from councils.text import dmy
from councils.validation import check_day_in_council_life
from sessions.models import Resolution, Session

PolicyField = Resolution.Field


# --- oversight ---------------------------------------------------------------------------------


class OversightActivity(CouncilRecord, models.Model):
    class Actor(models.TextChoices):
        HDND = "HDND", _("Hội đồng nhân dân")
        THUONG_TRUC = "THUONG_TRUC", _("Thường trực HĐND")
        BAN = "BAN", _("Ban của HĐND")
        TO_DAI_BIEU = "TO_DAI_BIEU", _("Tổ đại biểu HĐND")
        DAI_BIEU = "DAI_BIEU", _("Đại biểu HĐND")

    class Form(models.TextChoices):
        CHUYEN_DE = "CHUYEN_DE", _("Giám sát chuyên đề")
        KHAO_SAT = "KHAO_SAT", _("Khảo sát")
        THUONG_XUYEN = "THUONG_XUYEN", _("Giám sát thường xuyên")
        TAI_KY_HOP = "TAI_KY_HOP", _("Giám sát tại kỳ họp")
        GIAI_TRINH = "GIAI_TRINH", _("Phiên giải trình")
        VAN_BAN = "VAN_BAN", _("Giám sát văn bản quy phạm pháp luật")
        GQ_KHIEU_NAI_TO_CAO = "GQ_KNTC", _("Giám sát giải quyết khiếu nại, tố cáo")
        KIEN_NGHI_CU_TRI = "KN_CU_TRI", _("Giám sát giải quyết kiến nghị cử tri")

    year_field, council_field = "start_date", "council"

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="oversight_activities"
    )
    actor = models.CharField(_("chủ thể giám sát"), max_length=12, choices=Actor.choices)
    committee = models.ForeignKey(
        CommitteeType,
        verbose_name=_("Ban"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Khi chủ thể là một Ban của HĐND."),
    )
    form = models.CharField(_("hình thức"), max_length=12, choices=Form.choices, default=Form.CHUYEN_DE)
    subject = models.CharField(_("nội dung giám sát"), max_length=300)
    decision_number = models.CharField(_("số quyết định thành lập đoàn"), max_length=40, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    bodies_overseen = models.TextField(_("cơ quan, đơn vị chịu sự giám sát"))
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    members = models.TextField(_("thành phần đoàn"), blank=True)
    report_number = models.CharField(_("số báo cáo kết quả"), max_length=40, blank=True)
    report_date = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    findings = models.TextField(_("kết quả, đánh giá"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = YearQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động giám sát, khảo sát")
        verbose_name_plural = _("hoạt động giám sát, khảo sát")
        ordering = ["council", "-start_date"]
        indexes = [models.Index(fields=["council", "start_date"])]

    def __str__(self):
        return f"{self.get_form_display()}: {self.subject}"[:120]

    @property
    def is_thematic(self) -> bool:
        return self.form == self.Form.CHUYEN_DE

    def clean(self):
        if not (self.council_id and self.start_date):
            return
        errors = {}
        problem = check_day_in_council_life(self.council, self.start_date)
        if problem:
            errors["start_date"] = problem
        if self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
        if self.decision_date and self.decision_date > self.start_date:
            errors["decision_date"] = _("Quyết định thành lập đoàn phải có trước ngày bắt đầu giám sát.")
        if self.report_date and self.report_date < self.start_date:
            errors["report_date"] = _("Ngày báo cáo không được trước ngày bắt đầu giám sát.")
        if self.actor == self.Actor.BAN and not self.committee_id:
            errors["committee"] = _("Chủ thể là Ban thì phải chọn Ban.")
        elif self.committee_id and self.committee.level != self.council.level:
            errors["committee"] = _("Ban đã chọn không phải là Ban của HĐND cấp này.")
        if errors:
            raise ValidationError(errors)


# --- voter meetings ----------------------------------------------------------------------------


class VoterMeeting(CouncilRecord, models.Model):
    class DeputyLevel(models.TextChoices):
        DBQH = "DBQH", _("Đại biểu Quốc hội")
        HDND_TINH = "HDND_TINH", _("Đại biểu HĐND tỉnh")
        HDND_HUYEN = "HDND_HUYEN", _("Đại biểu HĐND huyện")
        HDND_XA = "HDND_XA", _("Đại biểu HĐND xã")

    class Timing(models.TextChoices):
        TRUOC_KY_HOP = "TRUOC", _("Trước kỳ họp")
        SAU_KY_HOP = "SAU", _("Sau kỳ họp")
        CHUYEN_DE = "CHUYEN_DE", _("Theo chuyên đề")
        NOI_CU_TRU = "NOI_CU_TRU", _("Tại nơi cư trú")
        NOI_LAM_VIEC = "NOI_LAM_VIEC", _("Tại nơi làm việc")
        NGOAI_DON_VI_BAU_CU = "NGOAI_DVBC", _("Ngoài đơn vị bầu cử")

    class Mode(models.TextChoices):
        TRUC_TIEP = "TRUC_TIEP", _("Trực tiếp")
        TRUC_TUYEN = "TRUC_TUYEN", _("Trực tuyến")
        KET_HOP = "KET_HOP", _("Trực tiếp kết hợp trực tuyến")

    year_field, council_field = "date", "council"

    council = models.ForeignKey(
        Council,
        verbose_name=_("Thường trực HĐND phối hợp tổ chức"),
        on_delete=models.PROTECT,
        related_name="voter_meetings",
    )
    deputy_level = models.CharField(_("đại biểu tiếp xúc"), max_length=10, choices=DeputyLevel.choices)
    timing = models.CharField(_("thời điểm, hình thức tiếp xúc"), max_length=12, choices=Timing.choices)
    session = models.ForeignKey(
        Session,
        verbose_name=_("kỳ họp liên quan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voter_meetings",
        help_text=_("Kỳ họp HĐND trong hệ thống mà cuộc tiếp xúc diễn ra trước hoặc sau."),
    )
    mode = models.CharField(_("cách thức"), max_length=10, choices=Mode.choices, default=Mode.TRUC_TIEP)
    date = models.DateField(_("ngày tiếp xúc"))
    place = models.CharField(_("địa điểm"), max_length=200)
    deputies_present = models.TextField(_("đại biểu tham dự"), blank=True)
    voters_attending = models.PositiveIntegerField(_("số lượt cử tri tham dự"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = YearQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc tiếp xúc cử tri")
        verbose_name_plural = _("cuộc tiếp xúc cử tri")
        ordering = ["council", "-date"]
        indexes = [models.Index(fields=["council", "date"])]

    def __str__(self):
        return f"TXCT {self.get_deputy_level_display()} {dmy(self.date)}" if self.date else "TXCT"

    def clean(self):
        if not (self.council_id and self.date):
            return
        errors = {}
        problem = check_day_in_council_life(self.council, self.date)
        if problem:
            errors["date"] = problem
        if self.session_id:
            session = self.session
            allowed = Council.objects.filter(unit__in=[self.council.unit_id, self.council.unit.parent_id])
            if not allowed.filter(pk=session.council_id).exists():
                errors["session"] = _("Kỳ họp đã chọn không phải của HĐND cấp này hoặc cấp trên trực tiếp.")
            elif self.timing == self.Timing.TRUOC_KY_HOP and self.date > session.start_date:
                errors["date"] = _("Tiếp xúc trước kỳ họp phải diễn ra trước ngày khai mạc (%(day)s).") % {
                    "day": dmy(session.start_date)
                }
            elif self.timing == self.Timing.SAU_KY_HOP and self.date < session.end_date:
                errors["date"] = _("Tiếp xúc sau kỳ họp phải diễn ra sau ngày bế mạc (%(day)s).") % {
                    "day": dmy(session.end_date)
                }
        elif self.timing in (self.Timing.TRUOC_KY_HOP, self.Timing.SAU_KY_HOP) and self.deputy_level in (
            self.DeputyLevel.HDND_HUYEN,
            self.DeputyLevel.HDND_XA,
        ):
            errors["session"] = _("Tiếp xúc trước, sau kỳ họp của HĐND huyện, xã phải chọn kỳ họp.")
        if errors:
            raise ValidationError(errors)


class VoterOpinion(CouncilRecord, models.Model):
    """What voters raised at a meeting. Recommendations (kiến nghị) enter the follow-up register.

    The record enforces raised ≥ forwarded ≥ answered: an opinion is answered only after it
    was forwarded, and forwarded only after the meeting that raised it."""

    class Kind(models.TextChoices):
        Y_KIEN = "Y_KIEN", _("Ý kiến")
        KIEN_NGHI = "KIEN_NGHI", _("Kiến nghị")

    class CompetentLevel(models.TextChoices):
        XA = "XA", _("Cấp xã")
        HUYEN = "HUYEN", _("Cấp huyện")
        TINH = "TINH", _("Cấp tỉnh")
        TRUNG_UONG = "TW", _("Trung ương")

    year_field, council_field = "meeting__date", "meeting__council"

    meeting = models.ForeignKey(
        VoterMeeting, verbose_name=_("cuộc tiếp xúc"), on_delete=models.PROTECT, related_name="opinions"
    )
    content = models.TextField(_("nội dung"))
    field = models.CharField(_("lĩnh vực"), max_length=10, choices=PolicyField.choices, default=PolicyField.KHAC)
    kind = models.CharField(_("phân loại"), max_length=10, choices=Kind.choices, default=Kind.KIEN_NGHI)
    competent_level = models.CharField(_("thẩm quyền giải quyết"), max_length=5, choices=CompetentLevel.choices)
    forwarded_to = models.CharField(_("chuyển đến"), max_length=200, blank=True)
    forwarded_on = models.DateField(_("ngày chuyển"), null=True, blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer_text = models.TextField(_("nội dung trả lời"), blank=True)
    answer_document = PdfField(_("văn bản trả lời (PDF)"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = YearQuerySet.as_manager()

    class Meta:
        verbose_name = _("ý kiến, kiến nghị cử tri")
        verbose_name_plural = _("ý kiến, kiến nghị cử tri")
        ordering = ["meeting", "pk"]

    def __str__(self):
        return self.content[:80]

    @property
    def council(self) -> Council:
        return self.meeting.council

    def clean(self):
        errors = {}
        meeting_date = self.meeting.date if self.meeting_id else None
        if self.forwarded_on and meeting_date and self.forwarded_on < meeting_date:
            errors["forwarded_on"] = _("Ngày chuyển không được trước ngày tiếp xúc (%(day)s).") % {
                "day": dmy(meeting_date)
            }
        if self.forwarded_on and not self.forwarded_to:
            errors["forwarded_to"] = _("Ghi cơ quan nhận khi đã chuyển.")
        if self.answered_on:
            if not self.forwarded_on:
                errors["answered_on"] = _("Chỉ ghi ngày trả lời khi ý kiến đã được chuyển đến cơ quan có thẩm quyền.")
            elif self.answered_on < self.forwarded_on:
                errors["answered_on"] = _("Ngày trả lời không được trước ngày chuyển (%(day)s).") % {
                    "day": dmy(self.forwarded_on)
                }
        if errors:
            raise ValidationError(errors)


# --- citizen reception and petitions -----------------------------------------------------------


class CitizenReception(CouncilRecord, models.Model):
    year_field, council_field = "date", "council"

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="receptions"
    )
    date = models.DateField(_("ngày tiếp"))
    receiver = models.CharField(_("người tiếp"), max_length=200, help_text=_("Ví dụ: Chủ tịch HĐND xã, đại biểu HĐND."))
    place = models.CharField(_("địa điểm"), max_length=200)
    citizens = models.PositiveIntegerField(_("số lượt công dân"), default=1)
    is_group = models.BooleanField(_("đoàn đông người"), default=False)
    content = models.TextField(_("nội dung chính"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = YearQuerySet.as_manager()

    class Meta:
        verbose_name = _("buổi tiếp công dân")
        verbose_name_plural = _("tiếp công dân")
        ordering = ["council", "-date"]

    def __str__(self):
        return f"Tiếp công dân ngày {dmy(self.date)}" if self.date else "Tiếp công dân"

    def clean(self):
        if self.council_id and self.date:
            problem = check_day_in_council_life(self.council, self.date)
            if problem:
                raise ValidationError({"date": problem})


class PetitionType(models.TextChoices):
    KHIEU_NAI = "KHIEU_NAI", _("Khiếu nại")
    TO_CAO = "TO_CAO", _("Tố cáo")
    KIEN_NGHI = "KIEN_NGHI", _("Kiến nghị")
    PHAN_ANH = "PHAN_ANH", _("Phản ánh")


class PetitionQuerySet(YearQuerySet):
    # The same rule as Petition.is_closed, in SQL.
    CLOSED = (
        models.Q(decided_on__isnull=False)
        | models.Q(forwarded_on__isnull=False)
        | models.Q(is_eligible=False)
        | models.Q(is_duplicate=True)
    )

    def open(self):
        """Petitions still owed something: not decided, not forwarded, not filed as ineligible or duplicate."""
        return self.exclude(self.CLOSED)

    def closed(self):
        return self.filter(self.CLOSED)


class Petition(CouncilRecord, models.Model):
    """A complaint, denunciation, recommendation or reflection received by the council.

    Its due date is computed from the statutory clocks (oversight.deadlines), never typed."""

    class Channel(models.TextChoices):
        TRUC_TIEP = "TRUC_TIEP", _("Nộp trực tiếp")
        TIEP_CONG_DAN = "TIEP_CD", _("Qua tiếp công dân")
        BUU_CHINH = "BUU_CHINH", _("Qua bưu chính")
        CO_QUAN_CHUYEN = "CQ_CHUYEN", _("Cơ quan khác chuyển đến")
        DIEN_TU = "DIEN_TU", _("Thư điện tử, cổng thông tin")

    SENDER_FIELDS = ("sender_name", "sender_address", "sender_phone")
    year_field, council_field = "received_on", "council"

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="petitions"
    )
    reception = models.ForeignKey(
        CitizenReception,
        verbose_name=_("buổi tiếp công dân"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
    )
    type = models.CharField(_("loại đơn"), max_length=10, choices=PetitionType.choices)
    received_on = models.DateField(_("ngày nhận đơn"))
    channel = models.CharField(_("nguồn đơn"), max_length=10, choices=Channel.choices, default=Channel.TRUC_TIEP)
    sender_name = models.CharField(_("người gửi"), max_length=200)
    sender_address = models.CharField(_("địa chỉ người gửi"), max_length=300, blank=True)
    sender_phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    subject = models.TextField(_("nội dung đơn"))
    is_eligible = models.BooleanField(_("đủ điều kiện xử lý"), default=True)
    is_duplicate = models.BooleanField(_("đơn trùng"), default=False)
    is_complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    extensions = models.PositiveSmallIntegerField(
        _("số lần gia hạn"),
        default=0,
        validators=[MaxValueValidator(2)],
        help_text=_("Tố cáo: phức tạp gia hạn 1 lần, đặc biệt phức tạp 2 lần."),
    )
    competent_body = models.CharField(_("cơ quan có thẩm quyền"), max_length=200, blank=True)
    forwarded_on = models.DateField(_("ngày chuyển đơn"), null=True, blank=True)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    decided_on = models.DateField(_("ngày giải quyết xong"), null=True, blank=True)
    result = models.TextField(_("kết quả giải quyết"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        ordering = ["council", "-received_on"]
        indexes = [models.Index(fields=["council", "received_on"])]

    def __str__(self):
        return f"{self.get_type_display()} nhận ngày {dmy(self.received_on)}" if self.received_on else "Đơn"

    @property
    def is_closed(self) -> bool:
        """Nothing more is owed: decided, forwarded elsewhere, or filed as ineligible or duplicate."""
        return bool(self.decided_on or self.forwarded_on or not self.is_eligible or self.is_duplicate)

    def deadline(self):
        from oversight.deadlines import petition_deadline

        return petition_deadline(self)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        deadline = self.deadline()
        return deadline is not None and deadline.due < (today or timezone.localdate())

    def clean(self):
        if not (self.council_id and self.received_on):
            return
        errors = {}
        problem = check_day_in_council_life(self.council, self.received_on)
        if problem:
            errors["received_on"] = problem
        received = dmy(self.received_on)
        if self.accepted_on and self.accepted_on < self.received_on:
            errors["accepted_on"] = _("Ngày thụ lý không được trước ngày nhận đơn (%(day)s).") % {"day": received}
        if self.forwarded_on and self.forwarded_on < self.received_on:
            errors["forwarded_on"] = _("Ngày chuyển đơn không được trước ngày nhận đơn (%(day)s).") % {"day": received}
        if self.decided_on:
            start = self.accepted_on or self.received_on
            if self.decided_on < start:
                errors["decided_on"] = _("Ngày giải quyết xong không được trước ngày thụ lý, nhận đơn (%(day)s).") % {
                    "day": dmy(start)
                }
            elif self.type in (PetitionType.KHIEU_NAI, PetitionType.TO_CAO) and not self.accepted_on:
                errors["accepted_on"] = _("Khiếu nại, tố cáo phải có ngày thụ lý trước khi ghi kết quả giải quyết.")
        if self.extensions and self.type != PetitionType.TO_CAO:
            errors["extensions"] = _("Chỉ tố cáo mới được gia hạn thời hạn giải quyết.")
        elif self.extensions and not self.is_complex:
            errors["extensions"] = _("Chỉ vụ việc phức tạp mới được gia hạn.")
        if self.reception_id and self.reception.council_id != self.council_id:
            errors["reception"] = _("Buổi tiếp công dân đã chọn không thuộc Hội đồng này.")
        if errors:
            raise ValidationError(errors)


class DeadlineRule(models.Model):
    """A statutory clock, as versioned reference data with its legal basis (domain.md §1)."""

    class Stage(models.TextChoices):
        ACCEPTANCE = "ACCEPT", _("Xử lý, thụ lý đơn")
        RESOLUTION = "RESOLVE", _("Giải quyết")

    class Start(models.TextChoices):
        RECEIVED = "RECEIVED", _("kể từ ngày nhận đơn")
        ACCEPTED = "ACCEPTED", _("kể từ ngày thụ lý")

    petition_type = models.CharField(_("loại đơn"), max_length=10, choices=PetitionType.choices)
    stage = models.CharField(_("giai đoạn"), max_length=7, choices=Stage.choices)
    starts = models.CharField(_("tính từ"), max_length=8, choices=Start.choices)
    days = models.PositiveSmallIntegerField(_("số ngày"))
    days_complex = models.PositiveSmallIntegerField(_("số ngày (vụ việc phức tạp)"), null=True, blank=True)
    days_remote = models.PositiveSmallIntegerField(_("số ngày (vùng sâu, vùng xa)"), null=True, blank=True)
    days_remote_complex = models.PositiveSmallIntegerField(
        _("số ngày (vùng sâu, vùng xa, phức tạp)"), null=True, blank=True
    )
    working_days = models.BooleanField(_("tính theo ngày làm việc"), default=False)
    extension_days = models.PositiveSmallIntegerField(_("số ngày mỗi lần gia hạn"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thời hạn luật định")
        verbose_name_plural = _("thời hạn luật định")
        ordering = ["petition_type", "stage", "-valid_from"]

    def __str__(self):
        unit = _("ngày làm việc") if self.working_days else _("ngày")
        return f"{self.get_petition_type_display()} — {self.get_stage_display()}: {self.days} {unit}"


# --- the follow-up register --------------------------------------------------------------------


class FollowUpQuerySet(YearQuerySet):
    def open(self):
        """Items someone still has to act on (merged items follow the item they were merged into)."""
        return self.filter(merged_into__isnull=True).exclude(status=FollowUpItem.Status.DA_THUC_HIEN)

    def overdue(self, today: datetime.date | None = None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class FollowUpItem(CouncilRecord, models.Model):
    """One thing someone must act on — an oversight recommendation, a voter recommendation,
    a commitment made when answering a question — followed to its end.

    Overdue is computed from the due date and status, never stored. Items raised more than
    once can be merged: the merged item keeps its own source and points at the item that
    carries the status from then on. Its history is the audit trail (councils.AuditEntry).
    """

    class Source(models.TextChoices):
        OVERSIGHT = "OVERSIGHT", _("Kiến nghị qua giám sát, khảo sát")
        VOTER = "VOTER", _("Kiến nghị của cử tri")
        QUESTION = "QUESTION", _("Cam kết khi trả lời chất vấn")

    class Status(models.TextChoices):
        MOI = "MOI", _("Mới")
        DANG_THUC_HIEN = "DANG", _("Đang thực hiện")
        DA_THUC_HIEN = "DA", _("Đã thực hiện")
        CHUA_THUC_HIEN = "CHUA", _("Chưa thực hiện")

    SOURCE_FIELDS = {"question": Source.QUESTION, "oversight": Source.OVERSIGHT, "opinion": Source.VOTER}
    year_field = "created_on"
    locks_with_period = False  # the register follows items to their end, long after the year is accepted

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="follow_up_items"
    )
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, editable=False)
    question = models.ForeignKey(
        "council_sessions.Question",
        verbose_name=_("chất vấn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
    )
    oversight = models.ForeignKey(
        OversightActivity,
        verbose_name=_("hoạt động giám sát"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    opinion = models.OneToOneField(
        VoterOpinion,
        verbose_name=_("kiến nghị cử tri"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up",
    )
    content = models.TextField(_("nội dung"))
    addressee = models.CharField(_("cơ quan, người chịu trách nhiệm"), max_length=200)
    due_date = models.DateField(_("hạn thực hiện"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=4, choices=Status.choices, default=Status.MOI)
    response_text = models.TextField(_("kết quả, trả lời"), blank=True)
    response_date = models.DateField(_("ngày trả lời"), null=True, blank=True)
    response_document = PdfField(_("văn bản trả lời (PDF)"))
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("đã gộp vào"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_items",
    )
    created_on = models.DateField(
        _("ngày phát sinh"),
        editable=False,
        help_text=_("Ngày của nguồn: báo cáo giám sát, cuộc tiếp xúc, phiên chất vấn."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị, cam kết cần theo dõi")
        verbose_name_plural = _("sổ theo dõi kiến nghị, cam kết")
        ordering = ["council", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(question__isnull=False, oversight__isnull=True, opinion__isnull=True)
                    | models.Q(question__isnull=True, oversight__isnull=False, opinion__isnull=True)
                    | models.Q(question__isnull=True, oversight__isnull=True, opinion__isnull=False)
                ),
                name="follow_up_has_one_source",
                violation_error_message=_("Mỗi kiến nghị, cam kết gắn với đúng một nguồn."),
            ),
        ]

    def __str__(self):
        return self.content[:80]

    def save(self, *args, **kwargs):
        self._take_council_from_source()
        if self.created_on is None:
            self.created_on = self.source_date or timezone.localdate()
        super().save(*args, **kwargs)

    def full_clean(self, *args, **kwargs):
        self._take_council_from_source()  # before field checks: the council comes from the source
        super().full_clean(*args, **kwargs)

    def _source_record(self):
        for name in self.SOURCE_FIELDS:
            if getattr(self, f"{name}_id"):
                return name, getattr(self, name)
        return None, None

    def _take_council_from_source(self):
        """An item entered with its source (inline on a question, an oversight report, a voter
        meeting) belongs to the source's council and is labelled with the source's kind."""
        name, record = self._source_record()
        if record is not None:
            self.source = self.SOURCE_FIELDS[name]
            if not self.council_id:
                self.council = record.council

    @property
    def source_date(self) -> datetime.date | None:
        name, record = self._source_record()
        if name == "question":
            return record.asked_on
        if name == "oversight":
            return record.report_date or record.start_date
        if name == "opinion":
            return record.meeting.date
        return None

    @property
    def deadline_explanation(self) -> str:
        if self.due_date is None:
            return _("Chưa ấn định hạn.")
        return _("Hạn %(day)s do nguồn kiến nghị, cam kết ấn định (%(source)s).") % {
            "day": dmy(self.due_date),
            "source": self.get_source_display(),
        }

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return (
            self.merged_into_id is None
            and self.status != self.Status.DA_THUC_HIEN
            and self.due_date is not None
            and self.due_date < (today or timezone.localdate())
        )

    def clean(self):
        self._take_council_from_source()
        name, record = self._source_record()
        if record is not None and self.council_id != record.council.pk:
            raise ValidationError({name: _("Nguồn đã chọn không thuộc Hội đồng này.")})
        errors = {}
        start = self.source_date
        if start and self.due_date and self.due_date < start:
            errors["due_date"] = _("Hạn thực hiện không được trước ngày phát sinh (%(day)s).") % {"day": dmy(start)}
        if start and self.response_date and self.response_date < start:
            errors["response_date"] = _("Ngày trả lời không được trước ngày phát sinh (%(day)s).") % {"day": dmy(start)}
        if self.status == self.Status.DA_THUC_HIEN and not (self.response_text or self.response_document):
            errors["response_text"] = _("Đã thực hiện thì ghi kết quả hoặc đính kèm văn bản trả lời.")
        if self.merged_into_id:
            if self.merged_into_id == self.pk:
                errors["merged_into"] = _("Không thể gộp một kiến nghị vào chính nó.")
            elif self.merged_into.merged_into_id:
                errors["merged_into"] = _("Không thể gộp vào một kiến nghị đã được gộp vào kiến nghị khác.")
            elif self.merged_into.council_id != self.council_id:
                errors["merged_into"] = _("Chỉ gộp các kiến nghị của cùng một Hội đồng.")
        if errors:
            raise ValidationError(errors)
