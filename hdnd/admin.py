from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from councils.access import has_any_council


class HdndAdminSite(admin.AdminSite):
    """The admin is the clerks' data-entry tool: any council member may enter it;
    what they then see and change is scoped by councils.access, not by is_staff."""

    site_header = _("Hồ sơ Hội đồng nhân dân")
    site_title = _("Hồ sơ HĐND")
    index_title = _("Nhập và quản lý hồ sơ")

    def has_permission(self, request):
        return request.user.is_active and has_any_council(request.user)
