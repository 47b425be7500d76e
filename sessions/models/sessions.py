"""Sessions (kỳ họp) of a council, numbered within its term."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from councils.attachments import PdfField
from councils.models import Council, CouncilRecord, Term
from councils.text import dmy
from councils.validation import broken_dependant, days_changed


class Session(CouncilRecord):
    class Kind(models.TextChoices):
        REGULAR = "THUONG_LE", _("Thường lệ (thường kỳ)")
        THEMATIC = "CHUYEN_DE", _("Chuyên đề")
        URGENT = "DOT_XUAT", _("Giải quyết công việc phát sinh đột xuất")
        EXTRAORDINARY = "BAT_THUONG", _("Bất thường (trước Luật sửa đổi 2019)")

    date_path = "start_date"

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="sessions"
    )
    term = models.ForeignKey(Term, verbose_name=_("nhiệm kỳ"), on_delete=models.PROTECT, related_name="sessions")
    ordinal = models.PositiveSmallIntegerField(
        _("kỳ họp thứ"),
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("Số thứ tự trong nhiệm kỳ, tính chung mọi loại kỳ họp."),
    )
    kind = models.CharField(_("loại kỳ họp"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    start_date = models.DateField(_("ngày khai mạc"))
    end_date = models.DateField(_("ngày bế mạc"))
    venue = models.CharField(_("địa điểm"), max_length=200, blank=True)
    deputies_present = models.PositiveSmallIntegerField(
        _("số đại biểu có mặt"), null=True, blank=True, validators=[MaxValueValidator(500)]
    )
    agenda = PdfField(_("chương trình kỳ họp (PDF)"))
    minutes = PdfField(_("biên bản kỳ họp (PDF)"))

    class Meta:
        verbose_name = _("kỳ họp")
        verbose_name_plural = _("kỳ họp")
        ordering = ["council", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "ordinal"],
                name="session_ordinal_unique_in_term",
                violation_error_message=_("Số thứ tự kỳ họp này đã có trong nhiệm kỳ."),
            ),
        ]
        indexes = [models.Index(fields=["council", "start_date"])]

    def __str__(self):
        return (
            f"Kỳ họp thứ {self.ordinal} ({dmy(self.start_date)})" if self.start_date else f"Kỳ họp thứ {self.ordinal}"
        )

    @property
    def is_regular(self) -> bool:
        return self.kind == self.Kind.REGULAR

    def dates_known(self) -> bool:
        return bool(self.start_date and self.end_date)

    def contains(self, day: datetime.date) -> bool:
        return self.dates_known() and self.start_date <= day <= self.end_date

    def excludes(self, day: datetime.date) -> bool:
        """Whether `day` is known to fall outside the session. Not while a date of the session is
        missing (a session entered with its records, a date left empty): its own form says so."""
        return self.dates_known() and not self.contains(day)

    def check_rules(self, errors):
        if not (self.council_id and self.start_date):
            return
        if self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Ngày bế mạc không được trước ngày khai mạc.")
        errors.update(self._moving_resolutions_errors())
        # what hangs on its days, but its resolutions: those are checked with it (its page, its workbook)
        moved = not errors and days_changed(self, ("start_date", "end_date"))
        if moved and (problem := broken_dependant(self, skip=("resolutions",))):
            errors["start_date"] = problem
        if self.term_id and not errors:
            if self.term.council_id != self.council_id:
                errors["term"] = _("Nhiệm kỳ đã chọn không thuộc Hội đồng này.")
            elif not self.term.contains(self.start_date):
                errors["start_date"] = _("Ngày khai mạc %(day)s nằm ngoài %(term)s.") % {
                    "day": dmy(self.start_date),
                    "term": self.term,
                }
            elif self.ordinal:
                errors.update(self._ordinal_errors())

    def _moving_resolutions_errors(self) -> dict:
        """A session with resolutions stays with its council and term: their numbering is there."""
        stored = Session.objects.filter(pk=self.pk).values("council_id", "term_id").first() if self.pk else None
        if stored is None or not self.resolutions.exists():
            return {}
        if stored["council_id"] != self.council_id:
            return {"council": _("Kỳ họp đã có nghị quyết: không thể chuyển sang Hội đồng khác.")}
        if stored["term_id"] != self.term_id:
            return {"term": _("Kỳ họp đã có nghị quyết: không thể chuyển sang nhiệm kỳ khác.")}
        return {}

    def _ordinal_errors(self) -> dict:
        others = Session.objects.filter(term_id=self.term_id).exclude(pk=self.pk)
        same = others.filter(ordinal=self.ordinal).first()
        if same:
            return {
                "ordinal": _("Kỳ họp thứ %(n)s của nhiệm kỳ này đã có (khai mạc ngày %(day)s).")
                % {"n": self.ordinal, "day": dmy(same.start_date)}
            }
        earlier = others.filter(ordinal__lt=self.ordinal, start_date__gt=self.start_date).order_by("ordinal").first()
        if earlier:
            return {
                "ordinal": _("Kỳ họp thứ %(n)s phải diễn ra sau kỳ họp thứ %(other)s (khai mạc %(day)s).")
                % {"n": self.ordinal, "other": earlier.ordinal, "day": dmy(earlier.start_date)}
            }
        later = others.filter(ordinal__gt=self.ordinal, start_date__lt=self.start_date).order_by("-ordinal").first()
        if later:
            return {
                "ordinal": _("Kỳ họp thứ %(n)s phải diễn ra trước kỳ họp thứ %(other)s (khai mạc %(day)s).")
                % {"n": self.ordinal, "other": later.ordinal, "day": dmy(later.start_date)}
            }
        return {}
