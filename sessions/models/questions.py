"""Questioning (chất vấn) of officials, at a session, a Standing Committee meeting or in writing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from councils.models import Council, CouncilRecord, Level
from councils.text import dmy
from sessions.models.meetings import StandingCommitteeMeeting
from sessions.models.sessions import Session


class Question(CouncilRecord):
    """A question put to an official (chất vấn) and its answer. Commitments the respondent
    makes are items of the follow-up register (oversight.FollowUpItem, source QUESTION)."""

    class Venue(models.TextChoices):
        AT_SESSION = "TAI_KY_HOP", _("Tại kỳ họp")
        AT_SC_MEETING = "PHIEN_HOP_TT", _("Tại phiên họp Thường trực")
        IN_WRITING = "VAN_BAN", _("Bằng văn bản")

    class RespondentRole(models.TextChoices):
        COUNCIL_CHAIR = "CT_HDND", _("Chủ tịch HĐND")
        PEOPLES_COMMITTEE_CHAIR = "CT_UBND", _("Chủ tịch UBND")
        PEOPLES_COMMITTEE_MEMBER = "TV_UBND", _("Thành viên UBND")
        DEPARTMENT_HEAD = "TT_CQ", _("Thủ trưởng cơ quan chuyên môn thuộc UBND")
        COURT_PRESIDENT = "CA_TAND", _("Chánh án Tòa án nhân dân")
        CHIEF_PROCURATOR = "VT_VKSND", _("Viện trưởng Viện kiểm sát nhân dân")

    DISTRICT_ONLY_ROLES = {RespondentRole.COURT_PRESIDENT, RespondentRole.CHIEF_PROCURATOR}
    date_path = "asked_on"

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="questions"
    )
    venue = models.CharField(_("hình thức"), max_length=12, choices=Venue.choices, default=Venue.AT_SESSION)
    session = models.ForeignKey(
        Session, verbose_name=_("kỳ họp"), on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    sc_meeting = models.ForeignKey(
        StandingCommitteeMeeting,
        verbose_name=_("phiên họp Thường trực"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    asked_on = models.DateField(_("ngày chất vấn"))
    questioner = models.CharField(_("đại biểu chất vấn"), max_length=200)
    respondent_name = models.CharField(_("người trả lời"), max_length=200)
    respondent_role = models.CharField(_("chức vụ người trả lời"), max_length=10, choices=RespondentRole.choices)
    topic = models.TextField(_("nội dung chất vấn"))
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    satisfied = models.BooleanField(_("đại biểu đồng ý với trả lời"), null=True, blank=True)

    class Meta:
        verbose_name = _("chất vấn")
        verbose_name_plural = _("chất vấn")
        ordering = ["council", "-asked_on"]
        indexes = [models.Index(fields=["council", "asked_on"])]

    def __str__(self):
        return f"Chất vấn {self.respondent_name} ({dmy(self.asked_on)})" if self.asked_on else "Chất vấn"

    def check_rules(self, errors):
        if not (self.council_id and self.asked_on):
            return
        if self.venue == self.Venue.AT_SESSION:
            if not self.session_id:
                errors["session"] = _("Chất vấn tại kỳ họp phải chọn kỳ họp.")
            elif self.session.council_id != self.council_id:
                errors["session"] = _("Kỳ họp đã chọn không thuộc Hội đồng này.")
            elif self.session.excludes(self.asked_on):
                errors["asked_on"] = _("Ngày chất vấn phải nằm trong thời gian kỳ họp (%(start)s – %(end)s).") % {
                    "start": dmy(self.session.start_date),
                    "end": dmy(self.session.end_date),
                }
        elif self.venue == self.Venue.AT_SC_MEETING:
            if not self.sc_meeting_id:
                errors["sc_meeting"] = _("Chất vấn tại phiên họp Thường trực phải chọn phiên họp.")
            elif self.sc_meeting.council_id != self.council_id:
                errors["sc_meeting"] = _("Phiên họp đã chọn không thuộc Hội đồng này.")
        if self.respondent_role in self.DISTRICT_ONLY_ROLES and self.council.level == Level.COMMUNE:
            errors["respondent_role"] = _("HĐND cấp xã không chất vấn Chánh án, Viện trưởng (chỉ cấp huyện trở lên).")
        if self.answered_on and self.answered_on < self.asked_on:
            errors["answered_on"] = _("Ngày trả lời không được trước ngày chất vấn.")
