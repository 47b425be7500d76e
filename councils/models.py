"""Administrative units (one generic tree with validity dates), their councils, terms,
committees and who may work on which council."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from councils.text import roman, vn_slugify


class Level(models.TextChoices):
    PROVINCE = "TINH", _("Cấp tỉnh")
    DISTRICT = "HUYEN", _("Cấp huyện")
    COMMUNE = "XA", _("Cấp xã")


class UnitType(models.TextChoices):
    TINH = "TINH", _("Tỉnh")
    TP_TRUC_THUOC_TW = "TP_TRUC_THUOC_TW", _("Thành phố trực thuộc trung ương")
    HUYEN = "HUYEN", _("Huyện")
    QUAN = "QUAN", _("Quận")
    THI_XA = "THI_XA", _("Thị xã")
    TP_THUOC_TINH = "TP_THUOC_TINH", _("Thành phố thuộc tỉnh")
    XA = "XA", _("Xã")
    PHUONG = "PHUONG", _("Phường")
    THI_TRAN = "THI_TRAN", _("Thị trấn")
    DAC_KHU = "DAC_KHU", _("Đặc khu")


# The level each unit type sits at, and the word that prefixes its official name.
# The prefix is part of the name (it is Vietnamese in every UI language).
UNIT_TYPE_INFO = {
    UnitType.TINH: (Level.PROVINCE, "tỉnh"),
    UnitType.TP_TRUC_THUOC_TW: (Level.PROVINCE, "thành phố"),
    UnitType.HUYEN: (Level.DISTRICT, "huyện"),
    UnitType.QUAN: (Level.DISTRICT, "quận"),
    UnitType.THI_XA: (Level.DISTRICT, "thị xã"),
    UnitType.TP_THUOC_TINH: (Level.DISTRICT, "thành phố"),
    UnitType.XA: (Level.COMMUNE, "xã"),
    UnitType.PHUONG: (Level.COMMUNE, "phường"),
    UnitType.THI_TRAN: (Level.COMMUNE, "thị trấn"),
    UnitType.DAC_KHU: (Level.COMMUNE, "đặc khu"),
}
LEVEL_ORDER = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]


def types_of_level(level: str) -> list[str]:
    return [unit_type for unit_type, (lvl, _prefix) in UNIT_TYPE_INFO.items() if lvl == level]


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def active_in_year(self, year: int):
        """Units that existed on at least one day of the year."""
        return self.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1)),
            valid_from__lte=datetime.date(year, 12, 31),
        )

    def of_level(self, level: str):
        return self.filter(unit_type__in=types_of_level(level))


class AdministrativeUnit(models.Model):
    """A province, district or commune-level unit, as it existed between two dates.

    Units are never deleted or renamed in place: a merger closes the old units
    (valid_to) and opens a new one, linked by a UnitChangeEvent, so records of
    2019 stay attached to the unit that existed in 2019.
    """

    name = models.CharField(_("tên"), max_length=100, help_text=_("Tên riêng, không kèm loại: “Phố Châu”."))
    unit_type = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitType.choices)
    code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=10,
        blank=True,
        help_text=_("Mã theo Danh mục đơn vị hành chính Việt Nam; để trống nếu chưa rõ."),
    )
    slug = models.SlugField(
        _("định danh (slug)"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Dùng trong đường dẫn; để trống để tạo từ tên (“An Hòa Thịnh” → “an-hoa-thinh”)."),
        error_messages={"unique": _("Đã có đơn vị dùng định danh này.")},
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(
        _("hiệu lực đến ngày"), null=True, blank=True, help_text=_("Để trống nếu đơn vị còn tồn tại.")
    )
    is_mountainous = models.BooleanField(_("miền núi"), default=False)
    is_remote = models.BooleanField(
        _("vùng sâu, vùng xa, đặc biệt khó khăn"),
        default=False,
        help_text=_("Ảnh hưởng thời hạn giải quyết khiếu nại (Luật Khiếu nại 2011)."),
    )
    is_border = models.BooleanField(_("biên giới"), default=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="unit_code_unique_when_set",
                violation_error_message=_("Mã đơn vị hành chính này đã được dùng cho một đơn vị khác."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
                violation_error_message=_("Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def level(self) -> str:
        return UNIT_TYPE_INFO[self.unit_type][0]

    @property
    def full_name(self) -> str:
        """Official name with its type: "xã Sơn Tây", "thị trấn Phố Châu"."""
        return f"{UNIT_TYPE_INFO[self.unit_type][1]} {self.name}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def subunits_on(self, day: datetime.date):
        """The units directly under this one on a given day (e.g. a district's communes)."""
        return self.children.valid_on(day)

    def clean(self):
        if not self.slug and self.name:
            self.slug = vn_slugify(self.name)
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực.")
        if self.parent_id:
            if self.pk and self._parent_chain_contains(self.pk):
                errors["parent"] = _("Không thể chọn đơn vị này làm đơn vị cấp trên: sẽ tạo thành vòng lặp.")
            elif self.unit_type and _level_index(self.parent.level) + 1 != _level_index(self.level):
                errors["parent"] = _("Đơn vị cấp trên phải ở cấp liền trên (%(level)s).") % {
                    "level": LEVEL_ORDER[_level_index(self.level) - 1].label
                    if self.level != Level.PROVINCE
                    else _("không có"),
                }
        if errors:
            raise ValidationError(errors)

    def _parent_chain_contains(self, pk) -> bool:
        unit, seen = self.parent, set()
        while unit is not None and unit.pk not in seen:
            if unit.pk == pk:
                return True
            seen.add(unit.pk)
            unit = unit.parent
        return False


def _level_index(level: str) -> int:
    return LEVEL_ORDER.index(level)


class UnitChangeEvent(models.Model):
    """A merger, split, rename... that closed some units and opened others, with its legal basis."""

    class Kind(models.TextChoices):
        MERGE = "MERGE", _("Nhập")
        SPLIT = "SPLIT", _("Chia tách")
        RENAME = "RENAME", _("Đổi tên")
        RECLASSIFY = "RECLASSIFY", _("Chuyển loại đơn vị")
        TRANSFER = "TRANSFER", _("Điều chỉnh địa giới, chuyển đơn vị cấp trên")
        DISSOLVE_LEVEL = "DISSOLVE_LEVEL", _("Kết thúc cấp hành chính")

    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=Kind.choices)
    effective_date = models.DateField(_("ngày có hiệu lực"))
    legal_basis = models.CharField(
        _("căn cứ pháp lý"), max_length=200, help_text=_("Ví dụ: Nghị quyết số 819/NQ-UBTVQH14.")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    predecessors = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("đơn vị trước thay đổi"), related_name="succeeded_by_events"
    )
    successors = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("đơn vị sau thay đổi"), related_name="created_by_events"
    )

    class Meta:
        verbose_name = _("sự kiện thay đổi đơn vị hành chính")
        verbose_name_plural = _("sự kiện thay đổi đơn vị hành chính")
        ordering = ["-effective_date"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.legal_basis} ({self.effective_date:%d/%m/%Y})"


class CouncilQuerySet(models.QuerySet):
    def with_unit(self):
        return self.select_related("unit", "unit__parent")

    def under(self, council: "Council", day: datetime.date | None = None):
        """Councils of the units directly under `council`'s unit (valid on `day` if given)."""
        units = council.unit.children.all() if day is None else council.unit.subunits_on(day)
        return self.filter(unit__in=units)

    def under_in_year(self, council: "Council", year: int):
        """Councils of the units under `council`'s unit that existed during `year`."""
        return self.filter(unit__in=council.unit.children.active_in_year(year))


class Council(models.Model):
    """The People's Council (HĐND) of one administrative unit."""

    class Numbering(models.TextChoices):
        YEAR = "YEAR", _("Theo năm (Nghị định 30/2020/NĐ-CP: bắt đầu lại từ số 01 mỗi năm)")
        TERM = "TERM", _("Theo nhiệm kỳ (đánh số liên tục trong cả khóa)")

    unit = models.OneToOneField(
        AdministrativeUnit, verbose_name=_("đơn vị hành chính"), on_delete=models.PROTECT, related_name="council"
    )
    resolution_numbering = models.CharField(
        _("cách đánh số nghị quyết"),
        max_length=4,
        choices=Numbering.choices,
        default=Numbering.YEAR,
        help_text=_("Số nghị quyết không được trùng trong phạm vi này."),
    )

    objects = CouncilQuerySet.as_manager()

    class Meta:
        verbose_name = _("Hội đồng nhân dân")
        verbose_name_plural = _("Hội đồng nhân dân")
        ordering = ["unit__name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("council_home", args=[self.slug])

    @property
    def name(self) -> str:
        return f"HĐND {self.unit.full_name}"

    @property
    def slug(self) -> str:
        return self.unit.slug

    @property
    def level(self) -> str:
        return self.unit.level

    def term_on(self, day: datetime.date) -> "Term | None":
        return self.terms.on(day).first()


class TermQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)


class Term(models.Model):
    """A council's term (nhiệm kỳ, khóa), e.g. khóa XX, 2021–2026."""

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="terms"
    )
    ordinal = models.PositiveSmallIntegerField(
        _("khóa (số thứ tự)"), null=True, blank=True, help_text=_("Ví dụ 20 cho khóa XX; để trống nếu chưa rõ.")
    )
    election_date = models.DateField(_("ngày bầu cử"), null=True, blank=True)
    start_date = models.DateField(_("ngày bắt đầu"), help_text=_("Ngày khai mạc kỳ họp thứ nhất."))
    end_date = models.DateField(
        _("ngày kết thúc"), null=True, blank=True, help_text=_("Ngày khai mạc kỳ họp thứ nhất của khóa sau.")
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["council", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="term_dates_ordered",
                violation_error_message=_("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        years = f"{self.start_date.year}–{self.end_date.year if self.end_date else '…'}"
        if self.ordinal:
            return f"Khóa {roman(self.ordinal)} ({years})"
        return f"Nhiệm kỳ {years}"

    @property
    def roman_ordinal(self) -> str:
        return roman(self.ordinal) if self.ordinal else ""

    def contains(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def clean(self):
        if not (self.council_id and self.start_date):
            return
        if self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.")})
        unit = self.council.unit
        if not unit.is_valid_on(self.start_date):
            raise ValidationError(
                {"start_date": _("Ngày bắt đầu nằm ngoài thời gian tồn tại của %(unit)s.") % {"unit": unit.full_name}}
            )
        others = Term.objects.filter(council_id=self.council_id).exclude(pk=self.pk)
        if self.end_date:
            others = others.filter(start_date__lt=self.end_date)
        if others.filter(Q(end_date__isnull=True) | Q(end_date__gt=self.start_date)).exists():
            raise ValidationError(_("Nhiệm kỳ này trùng thời gian với một nhiệm kỳ khác của cùng Hội đồng."))


class CommitteeType(models.Model):
    """A committee (Ban) that councils of one level have, as reference data with validity dates."""

    code = models.CharField(_("mã"), max_length=30)
    name = models.CharField(_("tên Ban"), max_length=100)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200, blank=True)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("Ban của HĐND")
        verbose_name_plural = _("Ban của HĐND")
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "level", "valid_from"], name="committee_type_unique"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_level_display()})"


class Membership(models.Model):
    """A user's role in one council. Roles are rows; what a role may do is a property."""

    class Role(models.TextChoices):
        CLERK = "CLERK", _("Thư ký, chuyên viên (nhập số liệu của Hội đồng mình)")
        REVIEWER = "REVIEWER", _("Thường trực cấp trên (xem và duyệt số liệu cấp dưới)")
        VIEWER = "VIEWER", _("Chỉ xem")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "council"],
                name="one_membership_per_council",
                violation_error_message=_("Người dùng này đã được phân quyền ở Hội đồng này."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.council} ({self.get_role_display()})"

    # Capabilities: (edits own council, reads councils below, reviews councils below).
    CAPABILITIES = {
        Role.CLERK: (True, False, False),
        Role.REVIEWER: (True, True, True),
        Role.VIEWER: (False, True, False),
    }

    @property
    def can_edit(self) -> bool:
        return self.CAPABILITIES[self.role][0]

    @property
    def can_read_subunits(self) -> bool:
        return self.CAPABILITIES[self.role][1]

    @property
    def can_review_subunits(self) -> bool:
        return self.CAPABILITIES[self.role][2]

    @classmethod
    def roles_that(cls, capability: str) -> list[str]:
        index = {"edit": 0, "read_subunits": 1, "review_subunits": 2}[capability]
        return [role for role, caps in cls.CAPABILITIES.items() if caps[index]]

    def clean(self):
        if self.role and self.council_id and self.can_review_subunits and self.council.level == Level.COMMUNE:
            raise ValidationError({"role": _("Vai trò duyệt số liệu chỉ dành cho Hội đồng cấp huyện trở lên.")})


class AuditEntry(models.Model):
    """One change to a council's record: who, when, and each field's value before and after."""

    class Action(models.TextChoices):
        CREATE = "CREATE", _("Tạo mới")
        UPDATE = "UPDATE", _("Sửa")
        DELETE = "DELETE", _("Xóa")

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    council = models.ForeignKey(
        Council,
        verbose_name=_("Hội đồng nhân dân"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(_("hồ sơ"), max_length=300)
    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("thay đổi"), default=dict, help_text=_("{trường: [trước, sau]}"))

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"


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
    year = models.PositiveSmallIntegerField(_("năm"))
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

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.ACCEPTED
