"""The audit trail: every change to a council's records (written by councils.records)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from councils.models.councils import Council


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
