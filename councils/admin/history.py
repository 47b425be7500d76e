"""Admin pages that write through councils.records (validated, atomic, audited), whose history
page is the audit trail, and from which an earlier version can be restored (audited too)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils import access, records


class AuditedAdmin:
    """Every write of the page goes through `save_record` / `delete_record`; the history page lists
    the audit entries, each with the record's values after it, and restores any of them."""

    def save_model(self, request, obj, form, change):
        expected = form.cleaned_data.get("loaded_version") if change else None
        records.save_record(obj, user=request.user, validate=False, expected_version=expected)

    def delete_model(self, request, obj):
        records.delete_record(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            records.delete_record(obj, user=request.user)

    def save_related(self, request, form, formsets, change):
        """The many-to-many choices of the form (a merger's units), which `save_record` does not
        see, are kept in the trail too: the record's ids before and after, when they changed."""
        fields = [f.name for f in form.instance._meta.many_to_many if f.name in form.cleaned_data]

        def chosen() -> dict[str, str]:
            ids = {name: getattr(form.instance, name).values_list("pk", flat=True) for name in fields}
            return {name: ", ".join(str(pk) for pk in sorted(pks)) for name, pks in ids.items()}

        before = chosen() if change else dict.fromkeys(fields, "")
        super().save_related(request, form, formsets, change)
        after = chosen()
        if changed := {name: [before[name], after[name]] for name in fields if before[name] != after[name]}:
            records.audit_update(form.instance, changed, user=request.user)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            records.save_record(obj, user=request.user, validate=False)
        for obj in formset.deleted_objects:
            records.delete_record(obj, user=request.user)
        formset.save_m2m()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save refused after the form was valid (the year was accepted, or the record changed,
        between the check and the write) rolls back whole and says why, never a 500."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # --- the history page and restoring a version ----------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        restore = self.admin_site.admin_view(require_POST(self.restore_view))
        return [
            path(
                "<path:object_id>/history/<int:entry_id>/khoi-phuc/",
                restore,
                name=f"{opts.app_label}_{opts.model_name}_restore",
            ),
            *super().get_urls(),
        ]

    def _object_or_404(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        obj = self._object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        may_restore = self.has_change_permission(request, obj)
        versions = records.history(obj, hidden=access.hidden_fields(request.user, obj))
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Lịch sử thay đổi: %(object)s") % {"object": obj},
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "versions": versions,
            "may_restore": may_restore,
            "restore_url": f"admin:{opts.app_label}_{opts.model_name}_restore",
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/audit_history.html", context)

    def restore_view(self, request, object_id, entry_id):
        obj = self._object_or_404(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = next((v for v in records.history(obj) if v.entry.pk == entry_id), None)
        if version is None:
            raise Http404
        try:
            records.restore(obj, version, user=request.user)
        except ValidationError as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("Đã khôi phục phiên bản lúc %(when)s của %(object)s.")
                % {"when": records.local_time(version.entry.at), "object": obj},
                messages.SUCCESS,
            )
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
