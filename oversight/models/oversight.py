"""Oversight and surveys (giám sát, khảo sát) by the council, its Standing Committee, Ban and deputies."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from councils.models import CommitteeType, Council, CouncilRecord


class OversightActivity(CouncilRecord):
    class Actor(models.TextChoices):
        COUNCIL = "HDND", _("Hội đồng nhân dân")
        STANDING_COMMITTEE = "THUONG_TRUC", _("Thường trực HĐND")
        COMMITTEE = "BAN", _("Ban của HĐND")
        DEPUTY_GROUP = "TO_DAI_BIEU", _("Tổ đại biểu HĐND")
        DEPUTY = "DAI_BIEU", _("Đại biểu HĐND")

    class Form(models.TextChoices):
        THEMATIC = "CHUYEN_DE", _("Giám sát chuyên đề")
        SURVEY = "KHAO_SAT", _("Khảo sát")
        ROUTINE = "THUONG_XUYEN", _("Giám sát thường xuyên")
        AT_SESSION = "TAI_KY_HOP", _("Giám sát tại kỳ họp")
        EXPLANATION_HEARING = "GIAI_TRINH", _("Phiên giải trình")
        LEGAL_DOCUMENTS = "VAN_BAN", _("Giám sát văn bản quy phạm pháp luật")
        COMPLAINT_HANDLING = "GQ_KNTC", _("Giám sát giải quyết khiếu nại, tố cáo")
        VOTER_PETITION_HANDLING = "KN_CU_TRI", _("Giám sát giải quyết kiến nghị cử tri")

    date_path = "start_date"

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
    form = models.CharField(_("hình thức"), max_length=12, choices=Form.choices, default=Form.THEMATIC)
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

    class Meta:
        verbose_name = _("hoạt động giám sát, khảo sát")
        verbose_name_plural = _("hoạt động giám sát, khảo sát")
        ordering = ["council", "-start_date"]
        indexes = [models.Index(fields=["council", "start_date"])]

    def __str__(self):
        return f"{self.get_form_display()}: {self.subject}"[:120]

    @property
    def is_thematic(self) -> bool:
        return self.form == self.Form.THEMATIC

    def check_rules(self, errors):
        if not (self.council_id and self.start_date):
            return
        if self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
        if self.decision_date and self.decision_date > self.start_date:
            errors["decision_date"] = _("Quyết định thành lập đoàn phải có trước ngày bắt đầu giám sát.")
        if self.report_date and self.report_date < self.start_date:
            errors["report_date"] = _("Ngày báo cáo không được trước ngày bắt đầu giám sát.")
        if self.actor == self.Actor.COMMITTEE and not self.committee_id:
            errors["committee"] = _("Chủ thể là Ban thì phải chọn Ban.")
        elif self.committee_id and self.committee.level != self.council.level:
            errors["committee"] = _("Ban đã chọn không phải là Ban của HĐND cấp này.")
