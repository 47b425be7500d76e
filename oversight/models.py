"""Oversight and constituents. For now: the follow-up register that every source shares."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from councils.attachments import PdfField
from councils.models import Council


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        """Items someone still has to act on (merged items follow the item they were merged into)."""
        return self.filter(merged_into__isnull=True).exclude(status=FollowUpItem.Status.DA_THUC_HIEN)

    def overdue(self, today: datetime.date | None = None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class FollowUpItem(models.Model):
    """One thing someone must act on — an oversight recommendation, a voter recommendation,
    a commitment made when answering a question — followed to its end.

    Overdue is computed from the due date and status, never stored. Items raised more than
    once can be merged: the merged item keeps its own source and points at the item that
    carries the status from then on.
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

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="follow_up_items"
    )
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    question = models.ForeignKey(
        "council_sessions.Question",
        verbose_name=_("chất vấn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
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
    updated_at = models.DateTimeField(auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị, cam kết cần theo dõi")
        verbose_name_plural = _("kiến nghị, cam kết cần theo dõi")
        ordering = ["council", "due_date", "pk"]

    def __str__(self):
        return self.content[:80]

    def save(self, *args, **kwargs):
        self._take_council_from_source()
        super().save(*args, **kwargs)

    def _take_council_from_source(self):
        """An item entered with its source (inline on a question) belongs to the source's council."""
        if self.question_id:
            self.source = self.Source.QUESTION
            if not self.council_id:
                self.council = self.question.council

    @property
    def source_date(self) -> datetime.date | None:
        if self.question_id:
            return self.question.asked_on
        return None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return (
            self.merged_into_id is None
            and self.status != self.Status.DA_THUC_HIEN
            and self.due_date is not None
            and self.due_date < (today or timezone.localdate())
        )

    def clean(self):
        self._take_council_from_source()
        if self.question_id and self.council_id != self.question.council_id:
            raise ValidationError({"question": _("Chất vấn đã chọn không thuộc Hội đồng này.")})
        errors = {}
        start = self.source_date
        if start and self.due_date and self.due_date < start:
            errors["due_date"] = _("Hạn thực hiện không được trước ngày phát sinh (%(day)s).") % {
                "day": date_format(start, "d/m/Y"),
            }
        if start and self.response_date and self.response_date < start:
            errors["response_date"] = _("Ngày trả lời không được trước ngày phát sinh (%(day)s).") % {
                "day": date_format(start, "d/m/Y"),
            }
        if self.status == self.Status.DA_THUC_HIEN and not (self.response_text or self.response_document):
            errors["response_text"] = _("Đã thực hiện thì ghi kết quả hoặc đính kèm văn bản trả lời.")
        if errors:
            raise ValidationError(errors)
