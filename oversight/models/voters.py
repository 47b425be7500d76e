"""Voter meetings (tiếp xúc cử tri) and the opinions and recommendations voters raise there."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from councils.attachments import PdfField
from councils.models import Council, CouncilRecord, UnitLink
from councils.text import dmy, shorten
from sessions.models import Resolution, Session

PolicyField = Resolution.Field


class VoterMeeting(CouncilRecord):
    class DeputyLevel(models.TextChoices):
        NATIONAL_ASSEMBLY = "DBQH", _("Đại biểu Quốc hội")
        PROVINCIAL_COUNCIL = "HDND_TINH", _("Đại biểu HĐND tỉnh")
        DISTRICT_COUNCIL = "HDND_HUYEN", _("Đại biểu HĐND huyện")
        COMMUNE_COUNCIL = "HDND_XA", _("Đại biểu HĐND xã")

    class Timing(models.TextChoices):
        BEFORE_SESSION = "TRUOC", _("Trước kỳ họp")
        AFTER_SESSION = "SAU", _("Sau kỳ họp")
        THEMATIC = "CHUYEN_DE", _("Theo chuyên đề")
        AT_RESIDENCE = "NOI_CU_TRU", _("Tại nơi cư trú")
        AT_WORKPLACE = "NOI_LAM_VIEC", _("Tại nơi làm việc")
        OUTSIDE_CONSTITUENCY = "NGOAI_DVBC", _("Ngoài đơn vị bầu cử")

    class Mode(models.TextChoices):
        IN_PERSON = "TRUC_TIEP", _("Trực tiếp")
        ONLINE = "TRUC_TUYEN", _("Trực tuyến")
        HYBRID = "KET_HOP", _("Trực tiếp kết hợp trực tuyến")

    date_path = "date"

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
    mode = models.CharField(_("cách thức"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    date = models.DateField(_("ngày tiếp xúc"))
    place = models.CharField(_("địa điểm"), max_length=200)
    deputies_present = models.TextField(_("đại biểu tham dự"), blank=True)
    voters_attending = models.PositiveIntegerField(
        _("số lượt cử tri tham dự"), default=0, validators=[MaxValueValidator(100_000)]
    )

    class Meta:
        verbose_name = _("cuộc tiếp xúc cử tri")
        verbose_name_plural = _("cuộc tiếp xúc cử tri")
        ordering = ["council", "-date"]
        indexes = [models.Index(fields=["council", "date"])]

    def __str__(self):
        return f"TXCT {self.get_deputy_level_display()} {dmy(self.date)}" if self.date else "TXCT"

    def check_rules(self, errors):
        if not (self.council_id and self.date):
            return
        if self.session_id:
            session = self.session
            if not sessions_a_meeting_may_follow([self.council_id]).filter(pk=session.pk).exists():
                errors["session"] = _("Kỳ họp đã chọn không phải của HĐND cấp này hoặc cấp trên trực tiếp.")
            elif self.timing == self.Timing.BEFORE_SESSION and self.date > session.start_date:
                errors["date"] = _("Tiếp xúc trước kỳ họp phải diễn ra trước ngày khai mạc (%(day)s).") % {
                    "day": dmy(session.start_date)
                }
            elif self.timing == self.Timing.AFTER_SESSION and self.date < session.end_date:
                errors["date"] = _("Tiếp xúc sau kỳ họp phải diễn ra sau ngày bế mạc (%(day)s).") % {
                    "day": dmy(session.end_date)
                }
        elif self.timing in (self.Timing.BEFORE_SESSION, self.Timing.AFTER_SESSION) and self.deputy_level in (
            self.DeputyLevel.DISTRICT_COUNCIL,
            self.DeputyLevel.COMMUNE_COUNCIL,
        ):
            errors["session"] = _("Tiếp xúc trước, sau kỳ họp của HĐND huyện, xã phải chọn kỳ họp.")


def sessions_a_meeting_may_follow(councils) -> models.QuerySet:
    """The sessions a voter meeting of these councils may be held before or after: their own, and
    those of the council directly above each, held while it was above (the tree's dated links: a
    commune of Hương Sơn follows the district's sessions until 30/06/2025, the province's from
    01/07/2025). What saving checks and what the forms offer."""
    above = Q()
    for parent, first, last in UnitLink.objects.filter(unit__council__in=councils).values_list(
        "parent", "valid_from", "valid_to"
    ):
        above |= Q(council__unit=parent, start_date__gte=first, **({"start_date__lte": last} if last else {}))
    return Session.objects.filter(Q(council__in=councils) | above)


class VoterOpinion(CouncilRecord):
    """What voters raised at a meeting. Recommendations (kiến nghị) enter the follow-up register.

    The record enforces raised ≥ forwarded ≥ answered: an opinion is answered only after it
    was forwarded, and forwarded only after the meeting that raised it."""

    class Kind(models.TextChoices):
        OPINION = "Y_KIEN", _("Ý kiến")
        RECOMMENDATION = "KIEN_NGHI", _("Kiến nghị")

    class CompetentLevel(models.TextChoices):
        COMMUNE = "XA", _("Cấp xã")
        DISTRICT = "HUYEN", _("Cấp huyện")
        PROVINCE = "TINH", _("Cấp tỉnh")
        CENTRAL = "TW", _("Trung ương")

    date_path, council_path = "meeting__date", "meeting__council"

    meeting = models.ForeignKey(
        VoterMeeting, verbose_name=_("cuộc tiếp xúc"), on_delete=models.PROTECT, related_name="opinions"
    )
    content = models.TextField(_("nội dung"))
    field = models.CharField(_("lĩnh vực"), max_length=10, choices=PolicyField.choices, default=PolicyField.OTHER)
    kind = models.CharField(_("phân loại"), max_length=10, choices=Kind.choices, default=Kind.RECOMMENDATION)
    competent_level = models.CharField(_("thẩm quyền giải quyết"), max_length=5, choices=CompetentLevel.choices)
    forwarded_to = models.CharField(_("chuyển đến"), max_length=200, blank=True)
    forwarded_on = models.DateField(_("ngày chuyển"), null=True, blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer_text = models.TextField(_("nội dung trả lời"), blank=True)
    answer_document = PdfField(_("văn bản trả lời (PDF)"))

    class Meta:
        verbose_name = _("ý kiến, kiến nghị cử tri")
        verbose_name_plural = _("ý kiến, kiến nghị cử tri")
        ordering = ["meeting", "pk"]

    def __str__(self):
        return shorten(self.content)

    @property
    def council(self) -> Council:
        return self.meeting.council

    def stored_answer(self) -> dict:
        """The answer as stored, before this edit ({"answer_text", "answer_document"}, empty for a new
        opinion): what its register item copied (oversight.services.save_opinion)."""
        return type(self).objects.filter(pk=self.pk).values("answer_text", "answer_document").first() or {}

    def check_rules(self, errors):
        if self.pk and self.kind != self.Kind.RECOMMENDATION:
            # its register item, made while it was a recommendation (read anew: not a cached one)
            item = self._meta.get_field("follow_up").related_model.objects.filter(opinion=self).first()
            if item is not None and item.holds_more_than(self):
                errors["kind"] = _(
                    "Kiến nghị này đã được theo dõi trong sổ kiến nghị (có kết quả, trả lời hoặc đã gộp): "
                    "không đổi thành ý kiến được."
                )
        try:
            meeting_date = self.meeting.date  # also a new meeting's, entered with it on its page
        except ObjectDoesNotExist:  # none chosen yet: the form says so
            meeting_date = None
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
