"""Delete pages that say what is deleted: each record named with its council and its day, and a
year the council above has accepted refused before anyone is asked to confirm."""

from django.contrib import messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import NestedObjects, quote
from django.db import router
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from councils import records
from councils.models import CouncilRecord, council_of, locked_period_message
from councils.text import dmy


def describe(obj) -> str:
    """ "Nghị quyết số 14/NQ-HĐND — HĐND xã Sơn Tây, ngày 11/07/2023": which record, whose, when."""
    label = str(obj)
    if not isinstance(obj, CouncilRecord):
        return label
    council, day = council_of(obj), obj.record_day
    where = ", ".join(
        part for part in [str(council) if council else "", _("ngày %s") % dmy(day) if day else ""] if part
    )
    return f"{label} — {where}" if where else label


def _table_of(model):
    """The many-to-many field whose own table `model` is (a merger's `predecessors`), or None."""
    owner = model._meta.auto_created
    if not owner:
        return None
    return next((f for f in owner._meta.many_to_many if f.remote_field.through is model), None)


def _kinds(model) -> str:
    """What the delete page counts a model's rows as: its plural name, or its many-to-many field's."""
    field = _table_of(model)
    return field.verbose_name if field else model._meta.verbose_name_plural


def deleted_objects(objs, request, admin_site):
    """Django's `get_deleted_objects`, with records described by `describe`."""
    if not objs:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed = set()

    def format_callback(obj):
        opts = obj._meta
        if field := _table_of(type(obj)):  # "Đơn vị trước thay đổi: xã Sơn An", not Django's "…-… relationship"
            return f"{capfirst(field.verbose_name)}: {getattr(obj, field.m2m_reverse_field_name())}"
        if not admin_site.is_registered(obj.__class__):
            return f"{capfirst(opts.verbose_name)}: {describe(obj)}"
        if not admin_site.get_model_admin(obj.__class__).has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        try:
            url = reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
        except NoReverseMatch:
            return f"{capfirst(opts.verbose_name)}: {describe(obj)}"
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, describe(obj))

    to_delete = collector.nested(format_callback)
    protected = [format_callback(obj) for obj in collector.protected]
    counts = {_kinds(model): len(found) for model, found in collector.model_objs.items()}
    return to_delete, counts, perms_needed, protected


class DescribedDeletion:
    """Admin mixin: delete pages with described records; locked years refused up front."""

    def get_deleted_objects(self, objs, request):
        return deleted_objects(list(objs), request, self.admin_site)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        # a year accepted is said to whoever reads the record (their edits of it are refused alike);
        # what else refuses the delete, only to those who may delete it (others get their 403)
        message = locked_period_message(obj) if obj is not None else None
        if obj is not None and not message and self.has_delete_permission(request, obj):
            message = records.deletion_refusal(obj)
        if message:
            self.message_user(request, _("Không xóa được: %(why)s") % {"why": message}, messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if "delete_selected" in actions:
            actions["delete_selected"] = (
                delete_unless_locked,
                "delete_selected",
                gettext_lazy("Xóa các %(verbose_name_plural)s đã chọn"),
            )
        return actions


def delete_unless_locked(modeladmin, request, queryset):
    """Django's "delete selected", refused at once, and again on confirming, when any selected record
    is of an accepted year or refuses its delete (`records.deletion_refusal`)."""
    locked = [message for obj in queryset if (message := locked_period_message(obj) or records.deletion_refusal(obj))]
    if locked:
        modeladmin.message_user(
            request,
            _("Chưa xóa mục nào: %(n)s trong số %(total)s mục đã chọn không xóa được. %(why)s")
            % {"n": len(locked), "total": len(queryset), "why": locked[0]},
            messages.ERROR,
        )
        return None
    return delete_selected(modeladmin, request, queryset)
