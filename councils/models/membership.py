"""Who works on which council, and what their role lets them do."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from councils.models.councils import Council
from councils.models.units import Level


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
