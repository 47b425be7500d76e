"""A council's own work: sessions (kỳ họp), resolutions (nghị quyết), Standing Committee
meetings (phiên họp Thường trực) and questioning (chất vấn).

Each model validates itself in `clean()`; admin, forms and imports save through
councils.records.save_record, which calls `full_clean()`.
"""

import datetime
import re
import unicodedata

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from councils.attachments import PdfField
from councils.models import Council, CouncilRecord, Level, Term
from councils.text import dmy

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

    def contains(self, day: datetime.date) -> bool:
        return self.start_date <= day <= self.end_date

    def check_rules(self, errors):
        if not (self.council_id and self.start_date):
            return
        if self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Ngày bế mạc không được trước ngày khai mạc.")
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

    class Meta:
        verbose_name = _("nghị quyết")
        verbose_name_plural = _("nghị quyết")
        ordering = ["-adopted_on", "-number"]
        indexes = [models.Index(fields=["adopted_on"])]

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
        if self.session_id and self.adopted_on:
            if not self.session.contains(self.adopted_on):
                errors["adopted_on"] = _("Ngày thông qua phải nằm trong thời gian kỳ họp (%(start)s – %(end)s).") % {
                    "start": dmy(self.session.start_date),
                    "end": dmy(self.session.end_date),
                }
            elif "code" not in errors:
                # Compared as numbers in the same series (individual, normative), not as typed text.
                clash = self.numbering_scope().filter(number=self.number, kind=self.kind).exclude(pk=self.pk).first()
                if clash:
                    errors["code"] = _("Số %(code)s đã được dùng cho nghị quyết ngày %(day)s (%(scope)s).") % {
                        "code": self.code,
                        "day": dmy(clash.adopted_on),
                        "scope": self._scope_label(),
                    }

    def numbering_scope(self):
        """The resolutions among which this one's number must be unique (the council's setting)."""
        council = self.session.council
        same_council = Resolution.objects.filter(session__council=council)
        if council.resolution_numbering == Council.Numbering.TERM:
            return same_council.filter(session__term_id=self.session.term_id)
        return same_council.filter(adopted_on__year=self.adopted_on.year)

    def _scope_label(self) -> str:
        if self.session.council.resolution_numbering == Council.Numbering.TERM:
            return _("cùng nhiệm kỳ")
        return _("cùng năm %(year)s") % {"year": self.adopted_on.year}


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

    def __str__(self):
        return f"Phiên họp Thường trực ngày {dmy(self.date)}" if self.date else "Phiên họp Thường trực"


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
            elif not self.session.contains(self.asked_on):
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
