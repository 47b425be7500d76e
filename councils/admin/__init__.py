"""The councils app's admin pages; the shared admin machinery is in councils.admin.base."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from councils.admin.base import (
    AllowListedLookups,
    CouncilScopedAdmin,
    CouncilScopedInline,
    ReferenceDataAdmin,
    per_row_count,
)
from councils.admin.filters import CouncilFilter, YearFilter
from councils.admin.history import AuditedAdmin
from councils.collation import vn_order
from councils.forms import DateInput, NfcModelForm, VNDateField
from councils.models import AdministrativeUnit, CommitteeType, Council, Membership, Term, UnitChangeEvent
from councils.terms import start_new_terms

__all__ = [
    "CouncilAdmin",
    "CouncilFilter",
    "CouncilScopedAdmin",
    "CouncilScopedInline",
    "ReferenceDataAdmin",
    "YearFilter",
    "per_row_count",
]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ReferenceDataAdmin):
    list_display = ["unit_name", "unit_type", "code", "parent", "valid_from", "valid_to"]
    list_filter = ["unit_type", "parent", "is_mountainous", "is_remote", "is_border"]
    search_fields = ["name", "code", "slug"]
    list_select_related = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "unit_type", "code", "slug", "parent"]}),
        (_("Hiệu lực"), {"fields": ["valid_from", "valid_to"]}),
        (_("Đặc điểm địa bàn"), {"fields": ["is_mountainous", "is_remote", "is_border"]}),
    ]

    @admin.display(description=_("tên"), ordering=vn_order("name"))
    def unit_name(self, unit):
        return unit.full_name


@admin.register(UnitChangeEvent)
class UnitChangeEventAdmin(ReferenceDataAdmin):
    list_display = ["kind", "effective_date", "legal_basis"]
    list_filter = ["kind"]
    search_fields = ["legal_basis", "note", "predecessors__name", "successors__name"]
    filter_horizontal = ["predecessors", "successors"]


@admin.register(CommitteeType)
class CommitteeTypeAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "level", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["level"]


class TermInline(CouncilScopedInline, admin.TabularInline):
    model = Term


class NewTermForm(forms.Form):
    start = VNDateField(label=_("Ngày bắt đầu (kỳ họp thứ nhất)"), widget=DateInput)
    election = VNDateField(label=_("Ngày bầu cử"), widget=DateInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("election") and data["election"] > data["start"]:
            raise forms.ValidationError(_("Ngày bầu cử phải trước ngày bắt đầu nhiệm kỳ."))
        return data


@admin.register(Council)
class CouncilAdmin(CouncilScopedAdmin):
    list_display = ["__str__", "unit_type", "parent_unit"]
    list_filter = ["unit__unit_type", "unit__parent"]
    search_fields = ["unit__name", "unit__slug", "unit__code"]
    list_select_related = ["unit", "unit__parent"]
    inlines = [TermInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_unit()

    def get_form(self, request, obj=None, change=False, **kwargs):
        """A new council is for a unit that has none yet (every unit has at most one council)."""
        form = super().get_form(request, obj, change=change, **kwargs)
        if "unit" in form.base_fields:
            without = AdministrativeUnit.objects.filter(council__isnull=True)
            if obj is not None:
                without = without | AdministrativeUnit.objects.filter(pk=obj.unit_id)
            form.base_fields["unit"].queryset = without.order_by(vn_order("name"))
        return form

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["unit"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    actions = ["new_term"]

    @admin.action(description=_("Mở nhiệm kỳ mới cho các Hội đồng đã chọn"), permissions=["add"])
    def new_term(self, request, queryset):
        """A page asking the new term's first day (and election day), then councils.terms.start_new_terms
        for the chosen councils: each open term ends that day, the khóa number follows on."""
        form = NewTermForm(request.POST if request.POST.get("apply") else None)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            try:
                counts = start_new_terms(queryset, data["start"], data["election"], user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                _("Đã mở %(created)s nhiệm kỳ mới; %(kept)s Hội đồng đã có nhiệm kỳ này.") % counts,
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Mở nhiệm kỳ mới"),
            "form": form,
            "councils": queryset.with_unit(),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/councils/council/new_term.html", context)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("loại đơn vị"), ordering="unit__unit_type")
    def unit_type(self, council):
        return council.unit.get_unit_type_display()

    @admin.display(description=_("trực thuộc"), ordering=vn_order("unit__parent__name"))
    def parent_unit(self, council):
        return council.unit.parent


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin, AllowListedLookups, admin.ModelAdmin):
    form = NfcModelForm
    list_display = ["user", "council", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "council__unit__name"]
    list_select_related = ["user", "council__unit"]
    autocomplete_fields = ["user"]


@admin.register(Term)
class TermAdmin(CouncilScopedAdmin):
    list_display = ["__str__", "council", "start_date", "end_date"]
    list_filter = ["council__unit__unit_type"]
    search_fields = ["council__unit__name"]
    list_select_related = ["council__unit"]


# The administrators' pages for accounts and groups take the same allow-list of URL lookups.
admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class AccountAdmin(AuditedAdmin, AllowListedLookups, UserAdmin):
    """Accounts, audited like records (their password hashes never copied into the trail)."""


@admin.register(Group)
class AccountGroupAdmin(AuditedAdmin, AllowListedLookups, GroupAdmin):
    pass
