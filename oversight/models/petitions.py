"""Citizen reception (tiếp công dân), petitions (đơn thư) and the statutory clocks they run on."""

import datetime

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.models import Council, CouncilRecord, YearQuerySet
from councils.text import dmy
from oversight import clocks


class CitizenReception(CouncilRecord):
    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="receptions"
    )
    date = models.DateField(_("ngày tiếp"))
    receiver = models.CharField(_("người tiếp"), max_length=200, help_text=_("Ví dụ: Chủ tịch HĐND xã, đại biểu HĐND."))
    place = models.CharField(_("địa điểm"), max_length=200)
    citizens = models.PositiveIntegerField(_("số lượt công dân"), default=1, validators=[MaxValueValidator(10_000)])
    is_group = models.BooleanField(_("đoàn đông người"), default=False)
    content = models.TextField(_("nội dung chính"), blank=True)

    class Meta:
        verbose_name = _("buổi tiếp công dân")
        verbose_name_plural = _("tiếp công dân")
        ordering = ["council", "-date"]
        indexes = [models.Index(fields=["council", "date"])]

    def __str__(self):
        return f"Tiếp công dân ngày {dmy(self.date)}" if self.date else "Tiếp công dân"


class PetitionType(models.TextChoices):
    COMPLAINT = "KHIEU_NAI", _("Khiếu nại")
    DENUNCIATION = "TO_CAO", _("Tố cáo")
    RECOMMENDATION = "KIEN_NGHI", _("Kiến nghị")
    REFLECTION = "PHAN_ANH", _("Phản ánh")


class PetitionQuerySet(YearQuerySet):
    # The same rule as Petition.is_closed, in SQL.
    CLOSED = (
        models.Q(decided_on__isnull=False)
        | models.Q(forwarded_on__isnull=False)
        | models.Q(is_eligible=False)
        | models.Q(is_duplicate=True)
    )

    def open(self):
        """Petitions still owed something: not decided, not forwarded, not filed as ineligible or duplicate."""
        return self.exclude(self.CLOSED)

    def closed(self):
        return self.filter(self.CLOSED)

    @staticmethod
    def _late(today: datetime.date | None) -> models.Q:
        """Open, with its statutory deadline passed: the stored `due_on` (empty once nothing is owed)."""
        return models.Q(due_on__lt=today or timezone.localdate())

    def overdue(self, today: datetime.date | None = None):
        """The open petitions whose statutory deadline has passed."""
        return self.filter(self._late(today))

    def by_overdue(self, overdue: bool, today: datetime.date | None = None):
        """The overdue petitions (`overdue=True`) or the others: the one rule behind every "quá hạn" filter."""
        return self.filter(self._late(today)) if overdue else self.exclude(self._late(today))

    def refresh_due_dates(self) -> int:
        """Recompute the stored deadline of these petitions (after a deadline rule or a unit's
        remoteness changed, or rows written without save()); returns how many changed."""
        rules = list(DeadlineRule.objects.all())
        changed = []
        for petition in self.select_related("council__unit"):
            deadline = petition.deadline(rules)
            due = deadline.due if deadline else None
            if due != petition.due_on:
                petition.due_on = due
                changed.append(petition)
        self.model.objects.bulk_update(changed, ["due_on"], batch_size=500)
        return len(changed)


class Petition(CouncilRecord):
    """A complaint, denunciation, recommendation or reflection received by the council.

    Its due date is computed from the statutory clocks (`deadline()`, oversight.clocks), never typed."""

    class Channel(models.TextChoices):
        IN_PERSON = "TRUC_TIEP", _("Nộp trực tiếp")
        CITIZEN_RECEPTION = "TIEP_CD", _("Qua tiếp công dân")
        POST = "BUU_CHINH", _("Qua bưu chính")
        FORWARDED_BY_AGENCY = "CQ_CHUYEN", _("Cơ quan khác chuyển đến")
        ONLINE = "DIEN_TU", _("Thư điện tử, cổng thông tin")

    SENDER_FIELDS = ("sender_name", "sender_address", "sender_phone")
    personal_fields = SENDER_FIELDS
    date_path = "received_on"

    council = models.ForeignKey(
        Council, verbose_name=_("Hội đồng nhân dân"), on_delete=models.PROTECT, related_name="petitions"
    )
    reception = models.ForeignKey(
        CitizenReception,
        verbose_name=_("buổi tiếp công dân"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
    )
    type = models.CharField(_("loại đơn"), max_length=10, choices=PetitionType.choices)
    received_on = models.DateField(_("ngày nhận đơn"))
    channel = models.CharField(_("nguồn đơn"), max_length=10, choices=Channel.choices, default=Channel.IN_PERSON)
    sender_name = models.CharField(_("người gửi"), max_length=200)
    sender_address = models.CharField(_("địa chỉ người gửi"), max_length=300, blank=True)
    sender_phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    subject = models.TextField(_("nội dung đơn"))
    is_eligible = models.BooleanField(_("đủ điều kiện xử lý"), default=True)
    is_duplicate = models.BooleanField(_("đơn trùng"), default=False)
    is_complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    extensions = models.PositiveSmallIntegerField(
        _("số lần gia hạn"),
        default=0,
        validators=[MaxValueValidator(2)],
        help_text=_("Tố cáo: phức tạp gia hạn 1 lần, đặc biệt phức tạp 2 lần."),
    )
    competent_body = models.CharField(_("cơ quan có thẩm quyền"), max_length=200, blank=True)
    forwarded_on = models.DateField(_("ngày chuyển đơn"), null=True, blank=True)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    decided_on = models.DateField(_("ngày giải quyết xong"), null=True, blank=True)
    result = models.TextField(_("kết quả giải quyết"), blank=True)
    # the next statutory deadline's day, kept by save() and refresh_due_dates(); empty once nothing is owed
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True, editable=False)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        ordering = ["council", "-received_on"]
        indexes = [models.Index(fields=["council", "received_on"]), models.Index(fields=["council", "due_on"])]

    def __str__(self):
        return f"{self.get_type_display()} nhận ngày {dmy(self.received_on)}" if self.received_on else "Đơn"

    def take_council_from_parent(self):
        """A petition entered on a citizen reception's page belongs to the reception's council."""
        if not self.council_id and self.reception is not None:
            self.council = self.reception.council

    @property
    def is_closed(self) -> bool:
        """Nothing more is owed: decided, forwarded elsewhere, or filed as ineligible or duplicate."""
        return bool(self.decided_on or self.forwarded_on or not self.is_eligible or self.is_duplicate)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """The petition's statutory deadline has passed (PetitionQuerySet._late, for one petition)."""
        return self.due_on is not None and self.due_on < (today or timezone.localdate())

    def deadline(self, rules: list["DeadlineRule"] | None = None) -> clocks.Deadline | None:
        """The next statutory deadline the petition faces, or None when nothing more is owed.
        Pass `rules` (DeadlineRule, newest first) when asking for many petitions."""
        rules = rules if rules is not None else list(DeadlineRule.objects.all())
        return clocks.petition_deadline(self, rules, closed=self.is_closed, remote=self.council.unit.is_remote)

    def save(self, *args, **kwargs):
        """Keeps `due_on`, the deadline's day, so that "overdue" is a question SQL answers."""
        self.take_council_from_parent()
        deadline = self.deadline()
        self.due_on = deadline.due if deadline else None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "due_on"}
        super().save(*args, **kwargs)

    def check_rules(self, errors):
        if not (self.council_id and self.received_on):
            return
        received = dmy(self.received_on)
        if self.accepted_on and self.accepted_on < self.received_on:
            errors["accepted_on"] = _("Ngày thụ lý không được trước ngày nhận đơn (%(day)s).") % {"day": received}
        if self.forwarded_on and self.forwarded_on < self.received_on:
            errors["forwarded_on"] = _("Ngày chuyển đơn không được trước ngày nhận đơn (%(day)s).") % {"day": received}
        if self.decided_on:
            start = self.accepted_on or self.received_on
            if self.decided_on < start:
                errors["decided_on"] = _("Ngày giải quyết xong không được trước ngày thụ lý, nhận đơn (%(day)s).") % {
                    "day": dmy(start)
                }
            elif self.type in clocks.RESOLVED_BY_DECISION and not self.accepted_on:  # decided after acceptance
                errors["accepted_on"] = _("Khiếu nại, tố cáo phải có ngày thụ lý trước khi ghi kết quả giải quyết.")
        rules = DeadlineRule.objects.filter(petition_type=self.type) if self.extensions else None
        if rules is not None and not clocks.extendable(list(rules), self.type, self.accepted_on or self.received_on):
            errors["extensions"] = _("Theo quy định đang áp dụng, thời hạn giải quyết %(type)s không được gia hạn.") % {
                "type": self.get_type_display().lower()
            }
        elif self.extensions and not self.is_complex:
            errors["extensions"] = _("Chỉ vụ việc phức tạp mới được gia hạn.")
        if (
            self.reception_id
            and self.reception.council_id != self.council_id
            and not self.council.succeeds(self.reception.council)  # handed over at a merger
        ):
            errors["reception"] = _("Buổi tiếp công dân đã chọn không thuộc Hội đồng này.")


class DeadlineRule(models.Model):
    """A statutory clock, as versioned reference data with its legal basis (domain.md §1)."""

    class Stage(models.TextChoices):
        ACCEPTANCE = "ACCEPT", _("Xử lý, thụ lý đơn")
        RESOLUTION = "RESOLVE", _("Giải quyết")

    class Start(models.TextChoices):
        RECEIVED = "RECEIVED", _("kể từ ngày nhận đơn")
        ACCEPTED = "ACCEPTED", _("kể từ ngày thụ lý")

    petition_type = models.CharField(_("loại đơn"), max_length=10, choices=PetitionType.choices)
    stage = models.CharField(_("giai đoạn"), max_length=7, choices=Stage.choices)
    starts = models.CharField(_("tính từ"), max_length=8, choices=Start.choices)
    days = models.PositiveSmallIntegerField(_("số ngày"), validators=[MaxValueValidator(3650)])
    days_complex = models.PositiveSmallIntegerField(
        _("số ngày (vụ việc phức tạp)"), null=True, blank=True, validators=[MaxValueValidator(3650)]
    )
    days_remote = models.PositiveSmallIntegerField(
        _("số ngày (vùng sâu, vùng xa)"), null=True, blank=True, validators=[MaxValueValidator(3650)]
    )
    days_remote_complex = models.PositiveSmallIntegerField(
        _("số ngày (vùng sâu, vùng xa, phức tạp)"), null=True, blank=True, validators=[MaxValueValidator(3650)]
    )
    working_days = models.BooleanField(_("tính theo ngày làm việc"), default=False)
    extension_days = models.PositiveSmallIntegerField(
        _("số ngày mỗi lần gia hạn"), null=True, blank=True, validators=[MaxValueValidator(3650)]
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thời hạn luật định")
        verbose_name_plural = _("thời hạn luật định")
        ordering = ["petition_type", "stage", "-valid_from"]

    def __str__(self):
        unit = _("ngày làm việc") if self.working_days else _("ngày")
        return f"{self.get_petition_type_display()} — {self.get_stage_display()}: {self.days} {unit}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Petition.objects.open().refresh_due_dates()  # the stored deadlines follow the rules

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Petition.objects.open().refresh_due_dates()
        return result
