from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from councils import access
from councils.admin import (
    CouncilAdmin,
    CouncilFilter,
    CouncilScopedAdmin,
    CouncilScopedInline,
    YearFilter,
    per_row_count,
)
from councils.collation import vn_order
from councils.models import Council, Term
from sessions import services
from sessions.models import Question, Resolution, Session, StandingCommitteeMeeting

# A change of a council's numbering setting moves its resolutions into their new scopes: this app
# owns resolutions, so it extends the council's page (unregister, subclass, register again).
admin.site.unregister(Council)


@admin.register(Council)
class CouncilWithNumberingAdmin(CouncilAdmin):
    def save_model(self, request, obj, form, change):
        if change and "resolution_numbering" in form.changed_data:
            services.set_resolution_numbering(obj, obj.resolution_numbering, user=request.user)
        else:
            super().save_model(request, obj, form, change)


class ResolutionInline(CouncilScopedInline, admin.StackedInline):
    model = Resolution
    fields = [("code", "adopted_on", "kind"), ("summary", "field"), "signed_pdf"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "summary":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 50})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Session)
class SessionAdmin(CouncilScopedAdmin):
    list_display = ["__str__", "kind", "start_date", "end_date", "council", "resolution_count"]
    list_filter = [CouncilFilter, YearFilter, "kind"]
    search_fields = ["venue", "resolutions__summary", "resolutions__code"]
    list_select_related = ["council__unit"]
    inlines = [ResolutionInline]
    fieldsets = [
        (None, {"fields": ["council", "term", ("ordinal", "kind"), ("start_date", "end_date")]}),
        (_("Chi tiết"), {"fields": ["venue", "deputies_present", ("agenda", "minutes")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(resolution_count=per_row_count(Resolution, "session"))

    actions = ["renumber_by_date"]

    @admin.action(
        description=_("Đánh số lại kỳ họp theo ngày (cả nhiệm kỳ của các kỳ họp đã chọn)"), permissions=["change"]
    )
    def renumber_by_date(self, request, queryset):
        """A page listing each session of the chosen sessions' terms with its ordinal now and after;
        confirmed, every term is renumbered (sessions.services.renumber_sessions), or none."""
        terms = (
            Term.objects.filter(sessions__in=queryset, council__in=access.editable_councils(request.user))
            .select_related("council__unit")
            .distinct()
        )
        plans = [(term, services.planned_ordinals(term)) for term in terms]
        if not plans:
            self.message_user(request, _("Không có kỳ họp nào bạn được sửa trong các kỳ họp đã chọn."), messages.ERROR)
            return None
        if request.POST.get("apply"):
            try:
                with transaction.atomic():
                    moved = sum(len(services.renumber_sessions(term, user=request.user)) for term, _plan in plans)
            except ValidationError as error:
                self.message_user(
                    request, _("Không đánh số lại được: %(why)s") % {"why": " ".join(error.messages)}, messages.ERROR
                )
                return None
            self.message_user(request, _("Đã đánh số lại %(n)s kỳ họp.") % {"n": moved}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Đánh số lại kỳ họp theo ngày"),
            "plans": plans,
            "changes": sum(1 for _term, plan in plans for _s, old, new in plan if old != new),
            "selected": queryset.values_list("pk", flat=True),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/council_sessions/session/renumber.html", context)

    @admin.display(description=_("số nghị quyết"), ordering="resolution_count")
    def resolution_count(self, session):
        return session.resolution_count


@admin.register(Resolution)
class ResolutionAdmin(CouncilScopedAdmin):
    list_display = ["code", "adopted_on", "short_summary", "field", "kind", "session", "council_name"]
    list_filter = [CouncilFilter, YearFilter, "kind", "field"]
    search_fields = ["code", "summary"]
    list_select_related = ["session__council__unit"]
    fields = ["session", ("code", "adopted_on"), "summary", ("field", "kind"), "signed_pdf"]

    @admin.display(description=_("trích yếu"), ordering="summary")
    def short_summary(self, resolution):
        return Truncator(resolution.summary).chars(90)

    @admin.display(description=_("Hội đồng nhân dân"), ordering=vn_order("session__council__unit__name"))
    def council_name(self, resolution):
        return resolution.session.council


@admin.register(StandingCommitteeMeeting)
class StandingCommitteeMeetingAdmin(CouncilScopedAdmin):
    list_display = ["date", "kind", "council", "short_content"]
    list_filter = [CouncilFilter, YearFilter, "kind"]
    search_fields = ["content", "conclusions"]
    list_select_related = ["council__unit"]

    @admin.display(description=_("nội dung"))
    def short_content(self, meeting):
        return Truncator(meeting.content).chars(90)


@admin.register(Question)
class QuestionAdmin(CouncilScopedAdmin):
    list_display = ["asked_on", "venue", "respondent_name", "respondent_role", "satisfied", "council"]
    list_filter = [CouncilFilter, YearFilter, "venue", "respondent_role", "satisfied"]
    search_fields = ["topic", "answer", "questioner", "respondent_name"]
    list_select_related = ["council__unit"]
    fieldsets = [
        (None, {"fields": ["council", "venue", ("session", "sc_meeting"), "asked_on"]}),
        (_("Chất vấn"), {"fields": ["questioner", ("respondent_name", "respondent_role"), "topic"]}),
        (_("Trả lời"), {"fields": ["answer", ("answered_on", "satisfied")]}),
    ]
