"""What every admin page of the project shares: scoping to the user's councils, the allow-list of
URL lookups, versioned forms, dd/mm/yyyy dates, the audited write path (the list filters of
council and year are in councils.admin.filters)."""

from django.contrib import admin
from django.contrib.admin import helpers, widgets
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext

from councils import access
from councils.admin import guidance
from councils.admin.deletion import DescribedDeletion
from councils.admin.history import AuditedAdmin
from councils.attachments import PdfField
from councils.forms import NfcModelForm, VersionedModelForm, VNDateField
from councils.kept_uploads import KeptFileField, KeptFileWidget
from councils.models import (
    Council,
    Versioned,
    council_of,
    locked_period_message,
)
from councils.search import folded_search


def per_row_count(model, link: str) -> Coalesce:
    """How many `model` rows point at each listed record (through the foreign key `link`), as a
    correlated sub-query: counted for the page's rows only, not for every readable record before
    paging as `annotate(Count(...))` does (and left out of the list's count query)."""
    rows = model._default_manager.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


def _editable_ids(request) -> set[int]:
    """Ids of the councils this request's user may edit, computed once per request."""
    if not hasattr(request, "_editable_council_ids"):
        request._editable_council_ids = access.editable_council_ids(request.user)
    return request._editable_council_ids


def _lock_message(request, obj) -> str | None:
    """Why obj's year is locked (or None), asked once per request (the admin asks for each inline)."""
    cache = request.__dict__.setdefault("_locked_records", {})
    key = (obj._meta.label, obj.pk)
    if key not in cache:
        cache[key] = locked_period_message(obj)
    return cache[key]


def _locked(request, obj) -> bool:
    return bool(_lock_message(request, obj))


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
                    # and the filter's other parameters, declared on its class (CouncilFilter's search)
                    allowed.update([item.parameter_name, *getattr(item, "other_parameters", ())])
                    continue
                path, make_filter = item if isinstance(item, (list, tuple)) else (item, admin.FieldListFilter.create)
                field = get_fields_from_path(self.model, path)[-1]
                allowed.update(make_filter(field, request, {}, self.model, self, field_path=path).expected_parameters())
            cache[self.model] = allowed
        return cache[self.model]


class DateWidget(widgets.AdminDateWidget):
    """The admin's date box and calendar, showing the format it wants; the calendar steps by year
    too, and no time-zone note is shown beside a day (static/js/date-fields.js, which must run after
    Django's DateTimeShortcuts: naming it first here puts it first on the page)."""

    class Media:
        js = ["admin/js/admin/DateTimeShortcuts.js", "js/date-fields.js"]

    def __init__(self, attrs=None, format=None):
        super().__init__({"placeholder": "dd/mm/yyyy", "autocomplete": "off", **(attrs or {})}, format)


class ScopedFormFields:
    """Form fields for council records: dd/mm/yyyy dates that name a five-digit year, and
    choices of councils (and of records that belong to a council) limited to the
    councils the user may edit."""

    formfield_overrides = {
        models.DateField: {"form_class": VNDateField, "widget": DateWidget},
        # An attached PDF chosen on a form that then fails is kept and offered again.
        PdfField: {"form_class": KeptFileField, "widget": KeptFileWidget},
    }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        editable = access.editable_councils(request.user)
        if related is Council:
            kwargs["queryset"] = editable.with_unit()
        elif any(f.name == "council" and f.concrete and f.related_model is Council for f in related._meta.get_fields()):
            kwargs["queryset"] = related.objects.filter(council__in=editable).select_related("council__unit")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VersionedPages:
    """Pages of records that count their saves carry the version they showed (VersionedModelForm)."""

    @property
    def form(self):
        return VersionedModelForm if issubclass(self.model, Versioned) else NfcModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not issubclass(self.model, Versioned) or any(
            "loaded_version" in admin.utils.flatten(fs[1]["fields"]) for fs in fieldsets
        ):
            return fieldsets
        return [*fieldsets, (None, {"fields": ["loaded_version"], "classes": ["hidden"]})]


def _changed_beyond_line_breaks(form) -> bool:
    """Whether the row's values changed: a browser posts a text's line breaks as CRLF, which a text
    stored with LF (from a workbook) differs from without any change."""
    for name in form.changed_data:
        initial, value = form[name].initial, form.cleaned_data.get(name)
        if not (isinstance(initial, str) and isinstance(value, str)):
            return True
        if initial.replace("\r\n", "\n") != value.replace("\r\n", "\n"):
            return True
    return False


class SiblingCheckedFormSet(BaseInlineFormSet):
    """Rows entered together are checked against each other by their model's `sibling_errors`
    (where it has one), as each row was checked against the records stored: two resolutions typed
    with one number on a session's page are refused, row by row, with the single page's message.
    A stored row of a council the user may not edit (work handed over at a merger, shown on its old
    council's page to someone who reads both) is not changed or deleted there (`editable_ids`, set
    by CouncilScopedInline.get_formset for the request's user); a row the page no longer holds for
    the user (handed over since the page was opened) is said, not dropped."""

    editable_ids: frozenset[int] | set[int] = frozenset()

    def clean(self):
        super().clean()
        gone = gettext("Dòng này không còn ở trang này (đã chuyển đi hoặc đã xóa): hãy tải lại trang.")
        for form in self.initial_forms:
            if form.instance.pk is None:  # its id is not among the rows this page holds for the user
                if self._should_delete_form(form):  # a row marked for deletion has its errors ignored
                    raise ValidationError(gone)
                form.add_error(None, gone)
                continue
            if not (self._should_delete_form(form) or _changed_beyond_line_breaks(form)):
                continue
            if (council := council_of(form.instance)).pk not in self.editable_ids:
                form.add_error(
                    None,
                    gettext("%(kind)s này thuộc %(council)s: bạn không sửa được.")
                    % {"kind": capfirst(self.model._meta.verbose_name), "council": council},
                )
        check = getattr(self.model, "sibling_errors", None)
        if check is None:
            return
        forms = [
            f
            for f in self.forms
            if (f.has_changed() or f.instance.pk) and not f.errors and not self._should_delete_form(f)
        ]
        for index, errors in check([form.instance for form in forms]).items():
            for field, message in errors.items():
                forms[index].add_error(field, message)


class CouncilScopedInline(VersionedPages, ScopedFormFields):
    """Inline rows follow their parent record: editable when the parent's council is. The rows are
    those the user may read (open work handed over at a merger belongs to the new council), and of
    a model with personal fields (a petition's sender) only those of the user's own councils."""

    extra = 0
    formset = SiblingCheckedFormSet

    def get_queryset(self, request):
        rows = access.readable_records(request.user, super().get_queryset(request))
        if getattr(self.model, "personal_fields", ()) and not request.user.is_superuser:
            path = getattr(self.model, "council_path", "council")
            rows = rows.filter(**{f"{path}__in": [council.pk for council in access.member_councils(request.user)]})
        return rows

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)  # a class made for this request
        formset.editable_ids = _editable_ids(request)
        return formset

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return bool(_editable_ids(request)) if obj is None else council_of(obj).pk in _editable_ids(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return access.has_any_council(request.user)


class CouncilScopedAdmin(
    DescribedDeletion, AuditedAdmin, AllowListedLookups, VersionedPages, ScopedFormFields, admin.ModelAdmin
):
    """Admin for records that belong to a council: every app's record admin derives from it.

    The model's `council_path` says where its council is ("council", "session__council"; "pk"
    for Council itself: councils.models.records.CouncilRecord). Users see the records of the councils
    they may read, change those of the councils they may edit, and may only choose
    councils they may edit. A record outside their councils is a 404, not a redirect.
    """

    show_full_result_count = False  # one count per list: the filtered one ("3 of 12,480" costs a second)
    list_per_page = 50  # as the lists of /danh-sach/ (reports.views.dashboard.PAGE_SIZE); a row costs ~1 ms to draw

    @property
    def council_path(self) -> str:
        return getattr(self.model, "council_path", "council")

    def get_queryset(self, request):
        return access.readable_records(request.user, super().get_queryset(request))

    def action_checkbox(self, obj):
        """Django's checkbox column in the same HTML, written directly instead of through the form
        widget's three templates (a third of a 100-row changelist's time)."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
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
        """No new record where the list shows an accepted year of the user's councils (for records
        an accepted year locks: `locks_with_period`)."""
        year = request.GET.get("nam", "")
        if year.isdigit() and _editable_ids(request) and getattr(self.model, "locks_with_period", False):
            locked = {s.council_id for s in guidance.accepted_years(_editable_ids(request)) if str(s.year) == year}
            if locked >= _editable_ids(request):
                return False
        return bool(_editable_ids(request))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Above the form: why a record is read-only, which years are closed, where the errors are."""
        places = guidance.error_places(context["adminform"], context["inline_admin_formsets"])
        context |= {
            "hdnd_lock_notice": guidance.record_lock_notice(_lock_message(request, obj) if obj else None),
            "hdnd_closed_years": guidance.locked_years_notice(_editable_ids(request)) if add else "",
            "hdnd_error_places": places,
            "hdnd_error_summary": guidance.error_summary(places) if places else "",
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        notice = guidance.locked_years_notice(_editable_ids(request))
        return super().changelist_view(request, {"hdnd_closed_years": notice, **(extra_context or {})})

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

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "does not exist"; for another council's
        # record that would still be a different answer than for a missing one. 404 both.
        raise Http404


class ReferenceDataAdmin(DescribedDeletion, AuditedAdmin, AllowListedLookups, admin.ModelAdmin):
    """Reference data: every council member may look, only administrators change it (a unit a change
    event names is not deleted: `DescribedDeletion` says why first)."""

    form = NfcModelForm  # what was typed read in NFC, as on the records' pages

    def has_module_permission(self, request):
        return access.has_any_council(request.user)

    def has_view_permission(self, request, obj=None):
        return access.has_any_council(request.user) or super().has_view_permission(request, obj)
