from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.access import has_any_council, member_councils


class MemberAuthenticationForm(AuthenticationForm):
    """The admin's login form lets in whom the admin lets in: council members, staff or not
    (Django's own form asks for is_staff, which clerks do not have)."""

    required_css_class = "required"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not has_any_council(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class HdndAdminSite(admin.AdminSite):
    """The admin is the clerks' data-entry tool: any council member may enter it;
    what they then see and change is scoped by councils.access, not by is_staff."""

    site_header = _("Hồ sơ Hội đồng nhân dân")
    site_title = _("Hồ sơ HĐND")
    index_title = _("Nhập và quản lý hồ sơ")
    login_form = MemberAuthenticationForm

    site_url = "/"

    def has_permission(self, request):
        return request.user.is_active and has_any_council(request.user)

    def each_context(self, request):
        """The council the user works in (when they work in one) and this year, for the header."""
        context = super().each_context(request)
        if request.user.is_authenticated:
            own = member_councils(request.user)
            context["hdnd_council"] = council = own[0] if len(own) == 1 else None
            this_year = timezone.localdate().year
            context["hdnd_year"] = council.unit.year_or_last(this_year) if council else this_year
        return context
