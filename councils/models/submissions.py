"""A council's year as submitted to the council above and reviewed there (councils.review)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from councils.models.councils import Council
from councils.validation import validate_year


class Submission(models.Model):
    """A commune's data for one year, as sent to the district and reviewed there.

    No row: not yet submitted. Accepted years are locked against edits (CouncilRecord)
    until the district reopens them. Every change is audited (councils.records)."""

    class Status(models.TextChoices):
        SUBMITTED = "SUBMITTED", _("Đã gửi, chờ duyệt")
        RETURNED = "RETURNED", _("Bị trả lại để sửa")
        ACCEPTED = "ACCEPTED", _("Đã duyệt")
        REOPENED = "REOPENED", _("Mở lại để sửa")

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="submissions"
    )
    # The moves of the review (councils.review takes them; the pages offer only what they allow):
    # a year sent or accepted is not sent again; each reviewer's step starts from these states.
    SENT = frozenset({Status.SUBMITTED, Status.ACCEPTED})
    LOCKED = frozenset({Status.ACCEPTED})  # the year's records may not change (locked_period_message)
    REVIEW_STEPS = {
        "accept": frozenset({Status.SUBMITTED}),
        "return": frozenset({Status.SUBMITTED}),
        "reopen": frozenset({Status.ACCEPTED}),
    }

    year = models.PositiveSmallIntegerField(_("năm"), validators=[validate_year])
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices)
    comment = models.TextField(_("ý kiến của cấp huyện"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("gửi, duyệt số liệu")
        verbose_name_plural = _("gửi, duyệt số liệu")
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="one_submission_per_council_year")]

    def __str__(self):
        return f"{self.council} — {self.year}: {self.get_status_display()}"

    def clean(self):
        if self.council_id and self.year and not self.council.unit.lived_in(self.year):
            raise ValidationError(
                _("%(council)s không tồn tại trong năm %(year)s: không có số liệu năm ấy để gửi.")
                % {"council": self.council, "year": self.year}
            )

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED

    @property
    def review_steps(self) -> list[str]:
        """The reviewer's steps the year's state allows, in REVIEW_STEPS' order."""
        return [step for step, starts in self.REVIEW_STEPS.items() if self.status in starts]
