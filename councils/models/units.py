"""Administrative units: one generic tree of provinces, districts and communes, each unit valid
between two dates, and the events (mergers, ...) that closed some units and opened others."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from councils.collation import vn_order
from councils.text import dmy, vn_slugify
from councils.validation import PlausibleDates, check_day_in_council_life, own_dated_records, year_range


class Level(models.TextChoices):
    PROVINCE = "TINH", _("Cấp tỉnh")
    DISTRICT = "HUYEN", _("Cấp huyện")
    COMMUNE = "XA", _("Cấp xã")


class UnitType(models.TextChoices):
    PROVINCE = "TINH", _("Tỉnh")
    CENTRAL_CITY = "TP_TRUC_THUOC_TW", _("Thành phố trực thuộc trung ương")
    RURAL_DISTRICT = "HUYEN", _("Huyện")
    URBAN_DISTRICT = "QUAN", _("Quận")
    DISTRICT_TOWN = "THI_XA", _("Thị xã")
    PROVINCIAL_CITY = "TP_THUOC_TINH", _("Thành phố thuộc tỉnh")
    COMMUNE = "XA", _("Xã")
    WARD = "PHUONG", _("Phường")
    TOWNSHIP = "THI_TRAN", _("Thị trấn")
    SPECIAL_ZONE = "DAC_KHU", _("Đặc khu")


# The level each unit type sits at, and the word that prefixes its official name.
# The prefix is part of the name (it is Vietnamese in every UI language).
UNIT_TYPE_INFO = {
    UnitType.PROVINCE: (Level.PROVINCE, "tỉnh"),
    UnitType.CENTRAL_CITY: (Level.PROVINCE, "thành phố"),
    UnitType.RURAL_DISTRICT: (Level.DISTRICT, "huyện"),
    UnitType.URBAN_DISTRICT: (Level.DISTRICT, "quận"),
    UnitType.DISTRICT_TOWN: (Level.DISTRICT, "thị xã"),
    UnitType.PROVINCIAL_CITY: (Level.DISTRICT, "thành phố"),
    UnitType.COMMUNE: (Level.COMMUNE, "xã"),
    UnitType.WARD: (Level.COMMUNE, "phường"),
    UnitType.TOWNSHIP: (Level.COMMUNE, "thị trấn"),
    UnitType.SPECIAL_ZONE: (Level.COMMUNE, "đặc khu"),
}
LEVEL_ORDER = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]
# Two tiers of local government from this day (Luật Tổ chức chính quyền địa phương 72/2025/QH15):
# the district level ends and communes sit directly under their province.
TWO_TIER_FROM = datetime.date(2025, 7, 1)


def types_of_level(level: str) -> list[str]:
    return [unit_type for unit_type, (lvl, _prefix) in UNIT_TYPE_INFO.items() if lvl == level]


class DatedQuerySet(models.QuerySet):
    """Rows valid from one day to another (valid_to empty: still valid)."""

    def valid_on(self, day: datetime.date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def active_in_year(self, year: int):
        """Rows valid on at least one day of the year."""
        return self.overlapping(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def overlapping(self, first: datetime.date, last: datetime.date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first), valid_from__lte=last)


class UnitQuerySet(DatedQuerySet):
    def of_level(self, level: str):
        return self.filter(unit_type__in=types_of_level(level))


class AdministrativeUnit(PlausibleDates, models.Model):
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
        ordering = [vn_order("name")]
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

    def save(self, *args, **kwargs):
        """A unit never reorganised has one link, kept equal to its parent and dates; once the
        reorganise command has given it a history of parents, that history is the command's."""
        super().save(*args, **kwargs)
        links = list(self.parent_links.all()[:2])
        if len(links) > 1:
            return
        if self.parent_id is None:
            UnitLink.objects.filter(unit=self).delete()
        elif links:
            UnitLink.objects.filter(pk=links[0].pk).update(
                parent=self.parent_id, valid_from=self.valid_from, valid_to=self.valid_to
            )
        else:
            UnitLink.objects.create(
                unit=self, parent_id=self.parent_id, valid_from=self.valid_from, valid_to=self.valid_to
            )

    @property
    def level(self) -> str:
        return UNIT_TYPE_INFO[self.unit_type][0]

    @property
    def full_name(self) -> str:
        """Official name with its type: "xã Sơn Tây", "thị trấn Phố Châu"."""
        return f"{UNIT_TYPE_INFO[self.unit_type][1]} {self.name}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def lived_in(self, year: int) -> bool:
        """Whether the unit existed on some day of the year."""
        return self.valid_from.year <= year and not self.ended_before(year)

    def ended_before(self, year: int) -> bool:
        """Whether the unit ended before the year began (a district after 2025): it has no such year."""
        return self.valid_to is not None and self.valid_to.year < year

    def years_held(self) -> list[int]:
        """The years the system holds (`year_range`) that the unit had not ended before, newest first:
        what a year choice offers."""
        first, last = year_range()
        return [year for year in range(last, first - 1, -1) if not self.ended_before(year)]

    def year_or_last(self, year: int) -> int:
        """The year, or the unit's last one if it ended before (what a link to "this year" opens)."""
        return self.valid_to.year if self.ended_before(year) else year

    def merged_from_units_valid_on(self, day: datetime.date) -> bool:
        """Whether this unit was made by a merger of units that existed on `day`: their open work
        (a petition received before the merger) passed to it with its dates."""
        return UnitChangeEvent.objects.filter(
            successors=self, predecessors__valid_from__lte=day, predecessors__valid_to__gte=day
        ).exists()

    def subunits_on(self, day: datetime.date):
        """The units directly under this one on a given day (a district's communes until 30/06/2025,
        a province's communes from 01/07/2025): the tree as of that day, read from UnitLink."""
        return AdministrativeUnit.objects.valid_on(day).filter(
            pk__in=UnitLink.objects.filter(parent=self).valid_on(day).values("unit")
        )

    def subunits_between(self, first: datetime.date, last: datetime.date):
        """The units that were directly under this one on at least one day of the span."""
        return AdministrativeUnit.objects.overlapping(first, last).filter(
            pk__in=UnitLink.objects.filter(parent=self).overlapping(first, last).values("unit")
        )

    def subunits_in_year(self, year: int):
        return self.subunits_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def parent_on(self, day: datetime.date) -> "AdministrativeUnit | None":
        link = self.parent_links.valid_on(day).select_related("parent").first()
        return link.parent if link else None

    def clean(self):
        if not self.slug and self.name:
            self.slug = vn_slugify(self.name)
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực.")
        if self.parent_id:
            if self.pk and self._parent_chain_contains(self.pk):
                errors["parent"] = _("Không thể chọn đơn vị này làm đơn vị cấp trên: sẽ tạo thành vòng lặp.")
            elif self.unit_type and not self.may_sit_under(self.parent, self._parent_since()):
                errors["parent"] = _("Đơn vị cấp trên phải ở cấp liền trên (%(level)s).") % {
                    "level": LEVEL_ORDER[_level_index(self.level) - 1].label
                    if self.level != Level.PROVINCE
                    else _("không có"),
                }
        if not errors:
            self._check_life_holds_its_council(errors)
        if errors:
            raise ValidationError(errors)

    def deletion_refusal(self) -> str | None:
        """Why the unit may not be deleted (`councils.records.delete_record`): a change event names
        it, and says where its places went. Its council, children and records hold it by their keys."""
        events = UnitChangeEvent.objects.filter(Q(predecessors=self) | Q(successors=self)).distinct()
        if not (named := ", ".join(f"“{event}”" for event in events)):
            return None
        return _(
            "%(unit)s có trong sự kiện thay đổi %(events)s: hãy bỏ đơn vị khỏi sự kiện ấy, hoặc xóa sự kiện ấy, trước."
        ) % {
            "unit": self.full_name,
            "events": named,
        }

    def _check_life_holds_its_council(self, errors: dict) -> None:
        """A life made shorter must still hold its council's terms and records, whose days were
        checked against the life as it was (`Term.clean`, `check_day_in_council_life`)."""
        council = getattr(self, "council", None) if self.pk and self.valid_from else None
        stored = AdministrativeUnit.objects.filter(pk=self.pk).values_list("valid_from", "valid_to").first()
        if council is None or stored is None:
            return
        starts_later = self.valid_from > stored[0]
        ends_earlier = self.valid_to is not None and (stored[1] is None or self.valid_to < stored[1])
        if not (starts_later or ends_earlier):
            return
        terms = council.terms.order_by("start_date")
        if starts_later and (term := terms.filter(start_date__lt=self.valid_from).first()):
            errors["valid_from"] = _(
                "%(council)s có nhiệm kỳ bắt đầu ngày %(day)s, trước ngày hiệu lực mới %(start)s: "
                "hãy sửa nhiệm kỳ ấy trước."
            ) % {"council": council, "day": dmy(term.start_date), "start": dmy(self.valid_from)}
            return
        council.unit = self  # each day is checked against the life as it would be
        for path, records in own_dated_records(council):
            outside = []  # for each end moved, its field and the records beyond it, the farthest first
            if starts_later:
                outside.append(("valid_from", records.filter(**{f"{path}__lt": self.valid_from}).order_by(path)))
            if ends_earlier:
                outside.append(("valid_to", records.filter(**{f"{path}__gt": self.valid_to}).order_by(f"-{path}")))
            for field, beyond in outside:
                record = beyond.first()
                if record is not None and check_day_in_council_life(council, getattr(record, path)):
                    errors[field] = _(
                        "%(council)s đã có %(kind)s “%(record)s” ngày %(day)s, ngoài thời gian tồn tại mới "
                        "(%(start)s – %(end)s): hãy sửa hồ sơ ấy trước."
                    ) % {
                        "council": council,
                        "kind": record._meta.verbose_name,
                        "day": dmy(getattr(record, path)),
                        "record": record,
                        "start": dmy(self.valid_from),
                        "end": dmy(self.valid_to) if self.valid_to else _("nay"),
                    }
                    return

    def _parent_since(self) -> datetime.date:
        """The first day under the current parent: its link's start once moved, else the unit's own."""
        if self.pk:
            since = self.parent_links.filter(parent=self.parent_id).order_by("-valid_from").first()
            if since is not None:
                return since.valid_from
        return self.valid_from

    def may_sit_under(self, parent: "AdministrativeUnit", day: datetime.date) -> bool:
        """The level directly above; from 01/07/2025 a commune's is the province."""
        if _level_index(parent.level) + 1 == _level_index(self.level):
            return True
        return day >= TWO_TIER_FROM and parent.level == Level.PROVINCE and self.level == Level.COMMUNE

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


class UnitLink(models.Model):
    """Which unit a unit sits under, from one day to another: the tree on a date. A commune of
    Hương Sơn is under the district until 30/06/2025 and under the province from 01/07/2025, the
    same unit with the same records. `AdministrativeUnit.parent` is the latest of these."""

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="parent_links"
    )
    parent = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("trực thuộc"), on_delete=models.PROTECT, related_name="child_links"
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quan hệ trực thuộc")
        verbose_name_plural = _("quan hệ trực thuộc")
        ordering = ["unit", "valid_from"]
        indexes = [models.Index(fields=["parent", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_link_validity_ordered",
                violation_error_message=_("Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."),
            ),
        ]

    def __str__(self):
        until = f"{self.valid_to:%d/%m/%Y}" if self.valid_to else "…"
        return f"{self.unit} → {self.parent} ({self.valid_from:%d/%m/%Y}–{until})"


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
