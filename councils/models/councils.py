"""Councils (one per unit), their terms (khóa) and the committees (Ban) councils of a level have."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from councils.collation import vn_order
from councils.models.units import AdministrativeUnit, Level, UnitChangeEvent, UnitLink
from councils.text import dmy, roman
from councils.validation import PlausibleDates, broken_dependant, days_changed, dependant_message, own_dated_records


class CouncilQuerySet(models.QuerySet):
    def with_unit(self):
        return self.select_related("unit", "unit__parent")

    def under(self, council: "Council", day: datetime.date | None = None):
        """Councils of the units directly under `council`'s unit on `day` (without a day: at any time)."""
        if day is None:
            return self.filter(unit__in=UnitLink.objects.filter(parent=council.unit_id).values("unit"))
        return self.filter(unit__in=council.unit.subunits_on(day))

    def under_in_year(self, council: "Council", year: int):
        """Councils of the units that were directly under `council`'s unit on some day of `year`."""
        return self.filter(unit__in=council.unit.subunits_in_year(year))


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

    council_path = "pk"  # where the admin finds a record's council: a council is its own

    objects = CouncilQuerySet.as_manager()

    class Meta:
        verbose_name = _("Hội đồng nhân dân")
        verbose_name_plural = _("Hội đồng nhân dân")
        ordering = [vn_order("unit__name")]

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

    def succeeds(self, other: "Council") -> bool:
        """Whether this council's unit was made, by a merger, from `other`'s unit."""
        return UnitChangeEvent.objects.filter(predecessors=other.unit_id, successors=self.unit_id).exists()

    def term_on(self, day: datetime.date) -> "Term | None":
        return self.terms.on(day).first()


class TermQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)


class Term(PlausibleDates, models.Model):
    """A council's term (nhiệm kỳ, khóa), e.g. khóa XX, 2021–2026."""

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="terms"
    )
    ordinal = models.PositiveSmallIntegerField(
        _("khóa (số thứ tự)"),
        validators=[MaxValueValidator(99)],
        null=True,
        blank=True,
        help_text=_("Ví dụ 20 cho khóa XX; để trống nếu chưa rõ."),
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
        if days_changed(self, ("start_date", "end_date")) and (
            problem := broken_dependant(self) or self._record_left_in_no_term()
        ):
            raise ValidationError(problem)
        others = Term.objects.filter(council_id=self.council_id).exclude(pk=self.pk)
        if self.end_date:
            others = others.filter(start_date__lt=self.end_date)
        if others.filter(Q(end_date__isnull=True) | Q(end_date__gt=self.start_date)).exists():
            raise ValidationError(_("Nhiệm kỳ này trùng thời gian với một nhiệm kỳ khác của cùng Hội đồng."))

    def deletion_refusal(self) -> str | None:
        """Why the term may not be deleted (`councils.records.delete_record`): a record whose day
        needs a term would be left in none. Its sessions hold it by their key."""
        return self._record_left_in_no_term(deleting=True)

    def _record_left_in_no_term(self, *, deleting: bool = False) -> str | None:
        """A record of the council whose day needs a term, by its day alone (a Standing Committee
        meeting: `day_needs_term`), that the term's new days (none, `deleting`) would leave in none."""
        first, last = Term.objects.filter(pk=self.pk).values_list("start_date", "end_date").get()
        others = list(Term.objects.filter(council_id=self.council_id).exclude(pk=self.pk))
        for path, records in own_dated_records(self.council):
            if not records.model.day_needs_term:
                continue
            held = records.filter(**{f"{path}__gte": first}, **({f"{path}__lte": last} if last else {}))
            for record in held.order_by(path):
                day = getattr(record, path)
                if (deleting or not self.contains(day)) and not any(term.contains(day) for term in others):
                    why = _("Ngày %(day)s không thuộc nhiệm kỳ nào của %(council)s.") % {
                        "day": dmy(day),
                        "council": self.council,
                    }
                    return dependant_message(record, why)
        return None


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
