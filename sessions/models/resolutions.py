"""Resolutions (nghị quyết): their number and symbol as Decree 30 writes them, unique in the
council's numbering scope — checked for one record, for rows entered together, and by the database."""

import re
import unicodedata

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from councils.attachments import PdfField
from councils.models import Council, CouncilRecord
from councils.text import dmy
from sessions.models.sessions import Session

# "15/NQ-HĐND" (individual) or "01/2023/NQ-HĐND" (normative); numbers below 10 zero-padded.
RESOLUTION_CODE = re.compile(r"^(?P<number>[0-9]+)(?:/(?P<year>[0-9]{4}))?/(?P<symbol>[A-ZĐ]+(?:-[A-ZĐ]+)+)$")
RESOLUTION_SYMBOL = "NQ-HĐND"
MAX_RESOLUTION_NUMBER = 9999


def canonical_code(text: str) -> str:
    """A resolution's number and symbol as Decree 30 writes them, whatever the keyboard did:
    compatibility forms folded (full-width "１５"), any script's digits written as ASCII
    (Arabic-Indic "١٥"), upper case, no spaces around "/" and "-", the "Số:" prefix dropped and
    "HDND" typed without its Đ restored: "số ١٥ / nq-hdnd" → "15/NQ-HĐND"."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    text = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    text = re.sub(r"^s[ốoô]\s*:?\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*([/-])\s*", r"\1", text).upper()
    return re.sub(r"(?<![A-ZĐ])HDND(?![A-ZĐ])", "HĐND", text)


class Resolution(CouncilRecord):
    class Kind(models.TextChoices):
        INDIVIDUAL = "CA_BIET", _("Cá biệt")
        NORMATIVE = "QUY_PHAM", _("Quy phạm pháp luật")

    class Field(models.TextChoices):
        SOCIO_ECONOMIC = "KTXH", _("Kinh tế - xã hội")
        BUDGET = "NGAN_SACH", _("Ngân sách, tài chính")
        PUBLIC_INVESTMENT = "DAU_TU", _("Đầu tư công")
        LAND_ENVIRONMENT = "DAT_DAI", _("Đất đai, tài nguyên, môi trường")
        CULTURE_SOCIETY = "VHXH", _("Văn hóa, giáo dục, y tế, xã hội")
        ORGANISATION = "TO_CHUC", _("Tổ chức bộ máy, nhân sự")
        OVERSIGHT = "GIAM_SAT", _("Giám sát, chất vấn")
        COUNCIL_WORK = "HDND", _("Hoạt động của HĐND")
        OTHER = "KHAC", _("Khác")

    date_path, council_path = "adopted_on", "session__council"

    session = models.ForeignKey(Session, verbose_name=_("kỳ họp"), on_delete=models.PROTECT, related_name="resolutions")
    code = models.CharField(
        _("số, ký hiệu"),
        max_length=40,
        help_text=_("Như trên văn bản: “15/NQ-HĐND”, nghị quyết quy phạm “01/2023/NQ-HĐND”."),
    )
    number = models.PositiveIntegerField(_("số"), editable=False)
    adopted_on = models.DateField(_("ngày thông qua"))
    summary = models.TextField(_("trích yếu"), help_text=_("Ví dụ: Về dự toán ngân sách năm 2024."))
    field = models.CharField(_("lĩnh vực"), max_length=10, choices=Field.choices, default=Field.SOCIO_ECONOMIC)
    kind = models.CharField(_("loại nghị quyết"), max_length=10, choices=Kind.choices, default=Kind.INDIVIDUAL)
    signed_pdf = PdfField(_("bản ký (PDF)"))
    scope_key = models.CharField(_("phạm vi đánh số"), max_length=40, editable=False, default="")
    internal_fields = ("scope_key",)  # the numbering's key (council, term or year): said by `code`

    class Meta:
        verbose_name = _("nghị quyết")
        verbose_name_plural = _("nghị quyết")
        ordering = ["-adopted_on", "-number"]
        indexes = [models.Index(fields=["adopted_on"])]
        constraints = [
            # Behind the check in check_rules and sibling_errors: the database itself keeps a number
            # unique in its scope (`scope_key`: the council and its year, or its term).
            models.UniqueConstraint(
                fields=["scope_key", "kind", "number"],
                name="resolution_number_unique_in_scope",
                violation_error_message=_("Số nghị quyết này đã được dùng trong cùng phạm vi đánh số."),
            ),
        ]

    def __str__(self):
        return f"Nghị quyết số {self.code}"

    @property
    def council(self) -> Council:
        return self.session.council

    def check_rules(self, errors):
        self.code = canonical_code(self.code)
        match = RESOLUTION_CODE.match(self.code)
        if not match or len(match["number"]) < 2:
            errors["code"] = _(
                "Số, ký hiệu “%(code)s” không đúng mẫu. Viết như “05/NQ-HĐND” (số dưới 10 thêm số 0 phía trước) "
                "hoặc “01/2023/NQ-HĐND” với nghị quyết quy phạm."
            ) % {"code": self.code}
        else:
            self.number = int(match["number"])
            normative_year = match["year"]
            if self.number == 0:
                errors["code"] = _("Số nghị quyết phải từ 01 trở lên.")
            elif self.number > MAX_RESOLUTION_NUMBER:
                errors["code"] = _("Số nghị quyết %(n)s quá lớn: số nghị quyết không vượt quá %(max)s.") % {
                    "n": self.number,
                    "max": MAX_RESOLUTION_NUMBER,
                }
            elif len(match["number"]) > 2 and match["number"].startswith("0"):
                errors["code"] = _("Số “%(typed)s” thừa chữ số 0 ở đầu: viết “%(number)02d”.") % {
                    "typed": match["number"],
                    "number": self.number,
                }
            elif match["symbol"] != RESOLUTION_SYMBOL:
                errors["code"] = _(
                    "Ký hiệu “%(symbol)s” không phải ký hiệu nghị quyết của HĐND: viết “%(expected)s”, "
                    "như “05/%(expected)s”."
                ) % {"symbol": match["symbol"], "expected": RESOLUTION_SYMBOL}
            elif self.kind == self.Kind.NORMATIVE and not normative_year:
                errors["code"] = _("Nghị quyết quy phạm pháp luật ghi cả năm ban hành: “01/2023/NQ-HĐND”.")
            elif self.kind == self.Kind.INDIVIDUAL and normative_year:
                errors["code"] = _("Nghị quyết cá biệt không ghi năm trong số, ký hiệu: “15/NQ-HĐND”.")
            elif normative_year and self.adopted_on and int(normative_year) != self.adopted_on.year:
                errors["code"] = _("Năm trong số, ký hiệu (%(y)s) khác năm thông qua (%(adopted)s).") % {
                    "y": normative_year,
                    "adopted": self.adopted_on.year,
                }
        if self.session_or_none() and self.adopted_on:
            self.scope_key = self.compute_scope_key()
            if self.session.excludes(self.adopted_on):
                errors["adopted_on"] = _("Ngày thông qua phải nằm trong thời gian kỳ họp (%(start)s – %(end)s).") % {
                    "start": dmy(self.session.start_date),
                    "end": dmy(self.session.end_date),
                }
            elif "code" not in errors:
                # Compared as numbers in the same series (individual, normative), not as typed text.
                clash = (
                    Resolution.objects.filter(scope_key=self.scope_key, number=self.number, kind=self.kind)
                    .exclude(pk=self.pk)
                    .first()
                )
                if clash:
                    errors["code"] = self.number_taken_message(clash)

    def session_or_none(self) -> Session | None:
        """The session, also an unsaved one this row is entered with; None when none is chosen."""
        try:
            return self.session
        except ObjectDoesNotExist:
            return None

    def save(self, *args, **kwargs):
        if self.session_or_none() and self.adopted_on:
            self.scope_key = self.compute_scope_key()
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        # `number` comes from `code`: when the code has an error, its number is not checked again.
        if exclude and "code" in exclude:
            exclude = {*exclude, "number"}
        super().validate_constraints(exclude=exclude)

    def compute_scope_key(self) -> str:
        """Where this number must be unique: the council's year, or its term if the council numbers
        individual resolutions through the term. Normative ones restart every year (their code
        carries the year), whatever the setting."""
        council = self.session.council
        if self.kind == self.Kind.INDIVIDUAL and council.resolution_numbering == Council.Numbering.TERM:
            return f"{council.pk}:T{self.session.term_id}"
        return f"{council.pk}:Y{self.adopted_on.year}"

    def number_taken_message(self, other: "Resolution") -> str:
        return _("Số %(code)s đã được dùng cho nghị quyết ngày %(day)s (%(scope)s).") % {
            "code": self.code,
            "day": dmy(other.adopted_on),
            "scope": self._scope_label(),
        }

    def _scope_label(self) -> str:
        if ":T" in self.scope_key:
            return _("cùng nhiệm kỳ")
        return _("cùng năm %(year)s") % {"year": self.adopted_on.year}

    @classmethod
    def sibling_errors(cls, rows: list["Resolution"]) -> dict[int, dict[str, str]]:
        """Rows entered together (a session's page, a workbook) checked against each other, as each
        was checked against those stored: {index of a row: {field: why}}. The first row keeps a
        number; each later row with the same number in the same scope is refused."""
        seen, errors = {}, {}
        for index, row in enumerate(rows):
            if not (row.session_or_none() and row.adopted_on and row.number):
                continue
            row.scope_key = row.compute_scope_key()
            key = (row.scope_key, row.kind, row.number)
            if key in seen:
                errors[index] = {"code": row.number_taken_message(seen[key])}
            else:
                seen[key] = row
        return errors
