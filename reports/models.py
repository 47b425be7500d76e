"""The annual report's words (written by the Standing Committee) and its signed versions."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from councils.models import Council, Versioned
from councils.validation import validate_year


class ReportNarrative(Versioned):
    """What the Standing Committee writes around the figures, per council and year."""

    class Signer(models.TextChoices):
        ON_BEHALF = "TM", _("TM. Thường trực HĐND — Chủ tịch")
        SIGNING_FOR = "KT", _("KT. Chủ tịch — Phó Chủ tịch")

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="report_narratives"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=[validate_year])
    number = models.PositiveIntegerField(
        _("số báo cáo"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(9999)],
        help_text=_("Để trống nếu văn thư cấp số khi ký."),
    )
    issued_on = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    guidance = models.TextField(_("1. Công tác hướng dẫn, tập huấn, phối hợp"), blank=True)
    assessment = models.TextField(_("II.1. Ưu điểm"), blank=True)
    shortcomings = models.TextField(_("II.2. Tồn tại, hạn chế và nguyên nhân"), blank=True)
    directions = models.TextField(_("III. Phương hướng, nhiệm vụ năm tới"), blank=True)
    proposals = models.TextField(_("IV. Kiến nghị, đề xuất"), blank=True)
    signer_mode = models.CharField(_("thẩm quyền ký"), max_length=2, choices=Signer.choices, default=Signer.ON_BEHALF)
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nội dung báo cáo năm")
        verbose_name_plural = _("nội dung báo cáo năm")
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="one_narrative_per_council_year")]

    def __str__(self):
        return f"{self.council} — {self.year}"

    @property
    def signature_lines(self) -> list[str]:
        """The signature block as Decree 30 prints it, above the signer's name."""
        if self.signer_mode == self.Signer.SIGNING_FOR:
            return ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        return ["TM. THƯỜNG TRỰC HĐND", "CHỦ TỊCH"]

    @property
    def signature(self) -> str:
        """ "TM. THƯỜNG TRỰC HĐND, CHỦ TỊCH Bùi Nhân Sâm": who signs, as the report prints it."""
        return " ".join([", ".join(self.signature_lines), self.signer_name]).strip()


class ReportVersion(models.Model):
    """A signed report: the PDF exactly as signed, the figures it used, and its checksum.
    Never changed afterwards; a new signature makes a new version."""

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="report_versions"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    version = models.PositiveSmallIntegerField(_("bản số"))
    pdf = models.BinaryField(_("tệp PDF"))
    figures = models.JSONField(_("số liệu đã dùng"))
    sha256 = models.CharField(_("mã kiểm tra SHA-256"), max_length=64)
    signer = models.CharField(
        _("người ký (như in trên báo cáo)"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: TM. THƯỜNG TRỰC HĐND, CHỦ TỊCH Bùi Nhân Sâm."),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chốt bản"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("chốt lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bản báo cáo đã ký")
        verbose_name_plural = _("bản báo cáo đã ký")
        ordering = ["council", "year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["council", "year", "version"], name="report_version_unique"),
        ]

    def __str__(self):
        return f"{self.council} — {self.year}, bản {self.version}"
