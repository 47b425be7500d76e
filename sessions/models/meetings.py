"""Meetings of the council's Standing Committee (phiên họp Thường trực)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from councils.models import Council, CouncilRecord
from councils.text import dmy


class StandingCommitteeMeeting(CouncilRecord):
    class Kind(models.TextChoices):
        REGULAR = "THUONG_KY", _("Thường kỳ")
        URGENT = "DOT_XUAT", _("Đột xuất")

    date_path = "date"
    day_needs_term = True  # the Standing Committee of a term meets

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="sc_meetings"
    )
    date = models.DateField(_("ngày họp"))
    kind = models.CharField(_("loại phiên họp"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    content = models.TextField(_("nội dung"))
    conclusions = models.TextField(_("kết luận"), blank=True)

    class Meta:
        verbose_name = _("phiên họp Thường trực")
        verbose_name_plural = _("phiên họp Thường trực")
        ordering = ["council", "-date"]
        indexes = [models.Index(fields=["council", "date"])]

    def __str__(self):
        return f"Phiên họp Thường trực ngày {dmy(self.date)}" if self.date else "Phiên họp Thường trực"
