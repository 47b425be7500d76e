"""The follow-up register: everything someone must act on, whatever raised it, followed to its end."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from councils.attachments import PdfField
from councils.models import Council, CouncilRecord, YearQuerySet
from councils.text import dmy, shorten
from oversight.models.oversight import OversightActivity
from oversight.models.voters import VoterOpinion

# the reply an item records for an opinion answered without a text (oversight.services.save_opinion)
ANSWERED_BY_LETTER = _("Đã có văn bản trả lời cử tri.")


def answered_by_letter() -> set[str]:
    """That reply as written in each language (it is stored in its writer's)."""
    found = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(str(ANSWERED_BY_LETTER))
    return found


class FollowUpQuerySet(YearQuerySet):
    def open(self):
        """Items someone still has to act on (merged items follow the item they were merged into)."""
        return self.filter(merged_into__isnull=True).exclude(status=FollowUpItem.Status.DONE)

    def overdue(self, today: datetime.date | None = None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def by_overdue(self, overdue: bool, today: datetime.date | None = None):
        """The overdue items (`overdue=True`) or the others: the one rule behind every "quá hạn" filter."""
        ids = FollowUpItem.objects.overdue(today).values("pk")
        return self.filter(pk__in=ids) if overdue else self.exclude(pk__in=ids)


class FollowUpItem(CouncilRecord):
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
        NEW = "MOI", _("Mới")
        IN_PROGRESS = "DANG", _("Đang thực hiện")
        DONE = "DA", _("Đã thực hiện")
        NOT_DONE = "CHUA", _("Chưa thực hiện")

    SOURCE_FIELDS = {"question": Source.QUESTION, "oversight": Source.OVERSIGHT, "opinion": Source.VOTER}
    date_path = "created_on"
    locks_with_period = False  # the register follows items to their end, long after the year is accepted
    checks_day_in_council_life = False  # its day is its source's, checked there; items may pass to a successor

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
    status = models.CharField(_("tình trạng"), max_length=4, choices=Status.choices, default=Status.NEW)
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

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị, cam kết cần theo dõi")
        verbose_name_plural = _("sổ theo dõi kiến nghị, cam kết")
        ordering = ["council", "due_date", "pk"]
        indexes = [models.Index(fields=["council", "created_on"])]
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

    def tally_keys(self) -> set[tuple[int, int]]:
        """Also its oversight's year: an oversight's recommendations count with the oversight."""
        keys = super().tally_keys()
        if self.oversight is not None and self.oversight.start_date:
            keys.add((self.oversight.council_id, self.oversight.start_date.year))
        return keys

    def __str__(self):
        return shorten(self.content)

    def holds_more_than(self, opinion) -> bool:
        """Whether the register recorded work of its own on this item beyond what its voter opinion
        gave it (oversight.services.save_opinion): a reply of its own, or a merger either way."""
        stored = opinion.stored_answer()
        own_text = self.response_text not in {"", opinion.answer_text, stored.get("answer_text"), *answered_by_letter()}
        given = {opinion.answer_document.name, stored.get("answer_document")}
        own_document = bool(self.response_document) and self.response_document.name not in given
        return bool(own_text or own_document or self.merged_into_id or self.merged_items.exists())

    def save(self, *args, **kwargs):
        self.take_council_from_parent()
        if self.created_on is None:
            self.created_on = self.source_date or timezone.localdate()
        super().save(*args, **kwargs)

    def _source_record(self):
        for name in self.SOURCE_FIELDS:
            if getattr(self, f"{name}_id"):
                return name, getattr(self, name)
        return None, None

    def take_council_from_parent(self):
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
            and self.status != self.Status.DONE
            and self.due_date is not None
            and self.due_date < (today or timezone.localdate())
        )

    def clean(self):
        self.take_council_from_parent()
        name, record = self._source_record()
        moved = record is not None and self.council_id != record.council.pk
        if moved and not (self.council_id and self.council.succeeds(record.council)):  # handed over at a merger
            raise ValidationError({name: _("Nguồn đã chọn không thuộc Hội đồng này.")})
        super().clean()

    def check_rules(self, errors):
        start = self.source_date
        if start and self.due_date and self.due_date < start:
            errors["due_date"] = _("Hạn thực hiện không được trước ngày phát sinh (%(day)s).") % {"day": dmy(start)}
        if start and self.response_date and self.response_date < start:
            errors["response_date"] = _("Ngày trả lời không được trước ngày phát sinh (%(day)s).") % {"day": dmy(start)}
        if self.status == self.Status.DONE and not (self.response_text or self.response_document):
            errors["response_text"] = _("Đã thực hiện thì ghi kết quả hoặc đính kèm văn bản trả lời.")
        if self.merged_into_id:
            if self.merged_into_id == self.pk:
                errors["merged_into"] = _("Không thể gộp một kiến nghị vào chính nó.")
            elif self.merged_into.merged_into_id:
                errors["merged_into"] = _("Không thể gộp vào một kiến nghị đã được gộp vào kiến nghị khác.")
            elif self.merged_into.council_id != self.council_id:
                errors["merged_into"] = _("Chỉ gộp các kiến nghị của cùng một Hội đồng.")
