from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils import access, records
from councils.forms import VersionedModelForm, VNDateField
from councils.models import (
    AdministrativeUnit,
    CommitteeType,
    Council,
    Membership,
    Term,
    UnitChangeEvent,
    Versioned,
    council_of,
    locked_period_message,
)
from councils.search import folded_search
from councils.validation import year_range


def _editable_ids(request) -> set[int]:
    """Ids of the councils this request's user may edit, computed once per request."""
    if not hasattr(request, "_editable_council_ids"):
        request._editable_council_ids = set(access.editable_councils(request.user).values_list("pk", flat=True))
    return request._editable_council_ids


def _locked(request, obj) -> bool:
    """Whether obj's year is locked, asked once per request (the admin asks for each inline)."""
    cache = request.__dict__.setdefault("_locked_records", {})
    key = (obj._meta.label, obj.pk)
    if key not in cache:
        cache[key] = bool(locked_period_message(obj))
    return cache[key]


class AllowListedLookups:
    """The only filters a URL may apply to a list are those its own filter bar offers.

    Django's admin lets any URL filter a list by any of the model's own fields
    (`?sender_name__startswith=Ng`) and shows the count of what matched, so a reader could learn
    data the page never shows them, such as the name of a person who denounced. Here every other
    lookup is refused (400), for every user."""

    def lookup_allowed(self, lookup, value, request):
        return lookup in self.allowed_lookups(request)

    def allowed_lookups(self, request) -> set[str]:
        cache = request.__dict__.setdefault("_allowed_lookups", {})
        if self.model not in cache:
            allowed = set()
            for item in self.get_list_filter(request):
                if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
                    allowed.add(item.parameter_name)
                    continue
                path, make_filter = item if isinstance(item, (list, tuple)) else (item, admin.FieldListFilter.create)
                field = get_fields_from_path(self.model, path)[-1]
                allowed.update(make_filter(field, request, {}, self.model, self, field_path=path).expected_parameters())
            cache[self.model] = allowed
        return cache[self.model]


class ScopedFormFields:
    """Form fields for council records: dd/mm/yyyy dates that name a five-digit year, and
    choices of councils (and of records that belong to a council) limited to the
    councils the user may edit."""

    formfield_overrides = {models.DateField: {"form_class": VNDateField, "widget": widgets.AdminDateWidget}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        editable = access.editable_councils(request.user)
        if related is Council:
            kwargs["queryset"] = editable.with_unit()
        elif any(f.name == "council" and f.related_model is Council for f in related._meta.get_fields()):
            kwargs["queryset"] = related.objects.filter(council__in=editable).select_related("council__unit")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CouncilFilter(admin.SimpleListFilter):
    """Records of one council, offering only the councils the user may read (by the model's `council_path`)."""

    title = _("Hội đồng nhân dân")
    parameter_name = "hoi_dong"

    def lookups(self, request, model_admin):
        return [(c.pk, str(c)) for c in access.readable_councils(request.user).with_unit()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if not self.value().isdigit():
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(**{queryset.model.council_path: self.value()})


class YearFilter(admin.SimpleListFilter):
    """Records of one year (by the model's `date_path`), offering the years the system holds
    (a fixed list: asking the database which years have records costs a scan of them all)."""

    title = _("năm")
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        first, last = year_range()
        return [(year, str(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        first, last = year_range()
        if not (self.value().isdigit() and first <= int(self.value()) <= last):
            raise IncorrectLookupParameters(self.value())
        return queryset.in_year(int(self.value()))


class VersionedPages:
    """Pages of records that count their saves carry the version they showed (VersionedModelForm)."""

    @property
    def form(self):
        return VersionedModelForm if issubclass(self.model, Versioned) else forms.ModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not issubclass(self.model, Versioned) or any(
            "loaded_version" in admin.utils.flatten(fs[1]["fields"]) for fs in fieldsets
        ):
            return fieldsets
        return [*fieldsets, (None, {"fields": ["loaded_version"], "classes": ["hidden"]})]


class CouncilScopedInline(VersionedPages, ScopedFormFields):
    """Inline rows follow their parent record: editable when the parent's council is."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return bool(_editable_ids(request)) if obj is None else council_of(obj).pk in _editable_ids(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return access.has_any_council(request.user)


class CouncilScopedAdmin(AllowListedLookups, VersionedPages, ScopedFormFields, admin.ModelAdmin):
    """Admin for records that belong to a council: every app's record admin derives from it.

    The model's `council_path` says where its council is ("council", "session__council"; "pk"
    for Council itself: councils.models.records.CouncilRecord). Users see the records of the councils
    they may read, change those of the councils they may edit, and may only choose
    councils they may edit. A record outside their councils is a 404, not a redirect.
    """

    @property
    def council_path(self) -> str:
        return getattr(self.model, "council_path", "council")

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(**{f"{self.council_path}__in": access.readable_councils(request.user)})
        )

    def get_search_results(self, request, queryset, search_term):
        """Accent-insensitive: "hoa giai" finds "Hòa giải", "dat dai" finds "đất đai"."""
        if not search_term.strip():
            return queryset, False
        return folded_search(queryset, list(self.get_search_fields(request)), search_term), True

    def has_module_permission(self, request):
        return access.has_any_council(request.user)

    def has_view_permission(self, request, obj=None):
        return access.has_any_council(request.user)

    def has_add_permission(self, request):
        return bool(_editable_ids(request))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return bool(_editable_ids(request))
        # A record of a year the district has accepted is shown read-only until it is reopened.
        return council_of(obj).pk in _editable_ids(request) and not _locked(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_changeform_initial_data(self, request):
        """A clerk with one council starts every new record on it, in its current term."""
        initial = super().get_changeform_initial_data(request)
        editable = _editable_ids(request)
        if len(editable) == 1 and self.council_path == "council":
            council = Council.objects.get(pk=next(iter(editable)))
            initial.setdefault("council", council.pk)
            term = council.term_on(timezone.localdate())
            if term is not None:
                initial.setdefault("term", term.pk)
        return initial

    # Every write goes through councils.records: validated, atomic, audited.
    def save_model(self, request, obj, form, change):
        expected = form.cleaned_data.get("loaded_version") if change else None
        records.save_record(obj, user=request.user, validate=False, expected_version=expected)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save refused after the form was valid (the year was accepted, or the record changed,
        between the check and the write) rolls back whole and says why, never a 500."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request, obj):
        records.delete_record(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            records.delete_record(obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            records.save_record(obj, user=request.user, validate=False)
        for obj in formset.deleted_objects:
            records.delete_record(obj, user=request.user)
        formset.save_m2m()

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "does not exist"; for another council's
        # record that would still be a different answer than for a missing one. 404 both.
        raise Http404


class ReferenceDataAdmin(AllowListedLookups, admin.ModelAdmin):
    """Reference data: every council member may look, only administrators change it."""

    def has_module_permission(self, request):
        return access.has_any_council(request.user)

    def has_view_permission(self, request, obj=None):
        return access.has_any_council(request.user) or super().has_view_permission(request, obj)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ReferenceDataAdmin):
    list_display = ["full_name", "unit_type", "code", "parent", "valid_from", "valid_to"]
    list_filter = ["unit_type", "parent", "is_mountainous", "is_remote", "is_border"]
    search_fields = ["name", "code", "slug"]
    list_select_related = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "unit_type", "code", "slug", "parent"]}),
        (_("Hiệu lực"), {"fields": ["valid_from", "valid_to"]}),
        (_("Đặc điểm địa bàn"), {"fields": ["is_mountainous", "is_remote", "is_border"]}),
    ]


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


@admin.register(Council)
class CouncilAdmin(CouncilScopedAdmin):
    list_display = ["__str__", "unit_type", "parent_unit"]
    list_filter = ["unit__unit_type", "unit__parent"]
    search_fields = ["unit__name", "unit__slug", "unit__code"]
    list_select_related = ["unit", "unit__parent"]
    inlines = [TermInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_unit()

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["unit"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("loại đơn vị"), ordering="unit__unit_type")
    def unit_type(self, council):
        return council.unit.get_unit_type_display()

    @admin.display(description=_("trực thuộc"), ordering="unit__parent__name")
    def parent_unit(self, council):
        return council.unit.parent


@admin.register(Membership)
class MembershipAdmin(AllowListedLookups, admin.ModelAdmin):
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
class AccountAdmin(AllowListedLookups, UserAdmin):
    pass


@admin.register(Group)
class AccountGroupAdmin(AllowListedLookups, GroupAdmin):
    pass
