from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from councils import access
from councils.admin import CouncilFilter, CouncilScopedAdmin, CouncilScopedInline, ReferenceDataAdmin, YearFilter
from councils.admin.base import per_row_count
from councils.collation import vn_order
from councils.forms import GroupedModelChoiceField
from councils.models import AuditEntry
from councils.records import delete_record, entry_line
from oversight import services
from oversight.models import (
    CitizenReception,
    DeadlineRule,
    FollowUpItem,
    OversightActivity,
    Petition,
    VoterMeeting,
    VoterOpinion,
    sessions_a_meeting_may_follow,
)
from oversight.selectors import prepare_for_listing
from sessions.admin import QuestionAdmin
from sessions.models import Question

SHORT_TEXT = forms.Textarea(attrs={"rows": 2, "cols": 40})


class ShortTextInline(CouncilScopedInline):
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.get_internal_type() == "TextField":
            kwargs["widget"] = SHORT_TEXT
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class FollowUpInline(ShortTextInline, admin.StackedInline):
    """Items of the follow-up register entered on the page of their source: one block per item,
    its fields in rows that wrap, so every field and its error stay in sight on any screen."""

    model = FollowUpItem
    fields = [
        "content",
        ("addressee", "due_date", "status"),
        ("response_text", "response_date"),
        "response_document",
    ]


class CommitmentInline(FollowUpInline):
    fk_name = "question"
    verbose_name = _("cam kết")
    verbose_name_plural = _("cam kết khi trả lời chất vấn (theo dõi trong sổ kiến nghị, cam kết)")


# The commitments made when answering a question are register items, which this app owns: the
# question's page (sessions.admin) gets their inline here, as Django's documentation extends
# another app's admin (unregister, subclass, register again), so sessions never imports oversight.
admin.site.unregister(Question)


@admin.register(Question)
class QuestionWithCommitmentsAdmin(QuestionAdmin):
    inlines = [*QuestionAdmin.inlines, CommitmentInline]


class RecommendationInline(FollowUpInline):
    fk_name = "oversight"
    verbose_name = _("kiến nghị")
    verbose_name_plural = _("kiến nghị sau giám sát (theo dõi trong sổ kiến nghị, cam kết)")


@admin.register(OversightActivity)
class OversightActivityAdmin(CouncilScopedAdmin):
    list_display = ["subject", "form", "actor", "start_date", "council", "recommendation_count"]
    list_filter = [CouncilFilter, YearFilter, "form", "actor"]
    search_fields = ["subject", "bodies_overseen", "findings", "decision_number", "report_number"]
    list_select_related = ["council__unit"]
    inlines = [RecommendationInline]
    fieldsets = [
        (None, {"fields": ["council", ("actor", "committee"), "form", "subject", "bodies_overseen"]}),
        (
            _("Quyết định, thời gian"),
            {"fields": [("decision_number", "decision_date"), ("start_date", "end_date"), "members"]},
        ),
        (_("Kết quả"), {"fields": [("report_number", "report_date"), "findings"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recommendation_count=per_row_count(FollowUpItem, "oversight"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "committee":
            # Only the committees councils of the user's levels have (OversightActivity.check_rules):
            # a commune clerk is not offered the district's Ban Dân tộc.
            levels = {council.level for council in access.editable_councils(request.user).with_unit()}
            kwargs["queryset"] = db_field.related_model.objects.filter(level__in=levels)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("số kiến nghị"), ordering="recommendation_count")
    def recommendation_count(self, activity):
        return activity.recommendation_count


class OpinionInline(ShortTextInline, admin.StackedInline):
    """The opinions of a meeting, one block each (as a table they were 1,818 px wide, and an error
    in a right-hand column was drawn outside the window), with the whole answer: its day, its
    text and the answering document, as the clerk files it when it comes."""

    model = VoterOpinion
    fields = [
        "content",
        ("kind", "field", "competent_level"),
        ("forwarded_to", "forwarded_on"),
        ("answered_on", "answer_text"),
        "answer_document",
    ]


@admin.register(VoterMeeting)
class VoterMeetingAdmin(CouncilScopedAdmin):
    list_display = ["date", "deputy_level", "timing", "place", "voters_attending", "opinion_count", "council"]
    list_filter = [CouncilFilter, YearFilter, "deputy_level", "timing", "mode"]
    search_fields = ["place", "deputies_present", "opinions__content"]
    list_select_related = ["council__unit"]
    inlines = [OpinionInline]
    fields = [
        "council",
        ("deputy_level", "timing"),
        "session",
        ("date", "mode"),
        "place",
        "deputies_present",
        "voters_attending",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(opinion_count=per_row_count(VoterOpinion, "meeting"))

    @admin.display(description=_("số ý kiến"), ordering="opinion_count")
    def opinion_count(self, meeting):
        return meeting.opinion_count

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            # Sessions a meeting may be about: of the councils the user enters records for, and of
            # the council directly above each (VoterMeeting.check_rules); grouped by council.
            sessions = (
                db_field.related_model.objects.all()
                if request.user.is_superuser
                else sessions_a_meeting_may_follow(access.editable_councils(request.user))
            )
            kwargs["queryset"] = sessions.select_related("council__unit").order_by(
                vn_order("council__unit__name"), "council", "-start_date"
            )
            kwargs["form_class"] = GroupedModelChoiceField
            kwargs["group_by"] = lambda session: str(session.council)
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        if formset.model is not VoterOpinion:
            return super().save_formset(request, form, formset, change)
        for opinion in formset.save(commit=False):
            services.save_opinion(opinion, user=request.user, validate=False)
        for opinion in formset.deleted_objects:
            delete_record(opinion, user=request.user)


class PetitionInline(ShortTextInline, admin.StackedInline):
    """The petitions handed in at a reception, one block each: as a table, a phone showed two of
    its four columns, and the sender and the content were off to the right."""

    model = Petition
    fields = [("type", "received_on"), "sender_name", "subject"]


@admin.register(CitizenReception)
class CitizenReceptionAdmin(CouncilScopedAdmin):
    list_display = ["date", "receiver", "place", "citizens", "is_group", "council"]
    list_filter = [CouncilFilter, YearFilter, "is_group"]
    search_fields = ["receiver", "place", "content"]
    list_select_related = ["council__unit"]
    inlines = [PetitionInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is Petition:  # a petition typed on the reception's page was handed in there
            for row in formset.forms:
                if row.instance.pk is None:
                    row.instance.channel = Petition.Channel.CITIZEN_RECEPTION
        super().save_formset(request, form, formset, change)

    def get_inlines(self, request, obj):
        # The petitions list shows senders: only for the council's own people.
        if obj is not None and not access.is_member(request.user, obj.council):
            return []
        return super().get_inlines(request, obj)


class OverdueFilter(admin.SimpleListFilter):
    title = _("quá hạn")
    parameter_name = "qua_han"

    def lookups(self, request, model_admin):
        return [("1", _("Quá hạn")), ("0", _("Chưa quá hạn"))]

    def queryset(self, request, queryset):
        if self.value() not in ("0", "1"):
            return queryset
        return queryset.by_overdue(self.value() == "1")


class PetitionStatusFilter(admin.SimpleListFilter):
    title = _("tình trạng xử lý")
    parameter_name = "xu_ly"

    def lookups(self, request, model_admin):
        return [("mo", _("Đang xử lý")), ("xong", _("Đã xong, đã chuyển hoặc lưu"))]

    def queryset(self, request, queryset):
        return {"mo": queryset.open(), "xong": queryset.closed()}.get(self.value(), queryset)


@admin.register(Petition)
class PetitionAdmin(CouncilScopedAdmin):
    list_display = ["received_on", "type", "short_subject", "sender", "due", "council"]
    list_filter = [
        CouncilFilter,
        YearFilter,
        "type",
        PetitionStatusFilter,
        OverdueFilter,
        "channel",
    ]
    search_fields = ["subject", "competent_body", "result"]
    list_select_related = ["council__unit"]
    readonly_fields = ["deadline_text"]
    fieldsets = [
        (None, {"fields": ["council", "reception", ("type", "channel"), "received_on"]}),
        (_("Người gửi"), {"fields": list(Petition.SENDER_FIELDS)}),
        (_("Nội dung, phân loại"), {"fields": ["subject", ("is_eligible", "is_duplicate", "is_complex")]}),
        (
            _("Xử lý, giải quyết"),
            {
                "fields": [
                    ("competent_body", "forwarded_on"),
                    ("accepted_on", "extensions"),
                    "deadline_text",
                    "decided_on",
                    "result",
                ]
            },
        ),
    ]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        prepare_for_listing(changelist.result_list, request.user)
        return changelist

    def get_fieldsets(self, request, obj=None):
        """Without the sender's fieldset for those who may not see it (`access.hidden_fields`)."""
        fieldsets = super().get_fieldsets(request, obj)
        hidden = access.hidden_fields(request.user, obj) if obj is not None else ()
        return [fs for fs in fieldsets if not set(fs[1]["fields"]) <= set(hidden)] if hidden else fieldsets

    @admin.display(description=_("nội dung"))
    def short_subject(self, petition):
        return Truncator(petition.subject).chars(80)

    @admin.display(description=_("người gửi"))
    def sender(self, petition):
        return petition.sender_name if petition.sender_visible else "—"

    @admin.display(description=_("hạn xử lý"))
    def due(self, petition):
        if petition.due_on is None:
            return "—"
        mark = " ⚠" if petition.is_overdue() else ""
        return f"{petition.due_on:%d/%m/%Y}{mark}"

    @admin.display(description=_("hạn theo luật và cách tính"))
    def deadline_text(self, petition):
        if petition.pk is None:
            return _("Tính khi lưu.")
        try:
            deadline = petition.deadline()
        except OverflowError:  # a far day (31/12/9999) the form is refusing: nothing to count from
            return _("Tính khi lưu.")
        return deadline.explanation if deadline else _("Không còn thời hạn phải theo dõi.")


@admin.register(FollowUpItem)
class FollowUpItemAdmin(CouncilScopedAdmin):
    list_display = ["short_content", "source", "addressee", "due_date", "status", "overdue", "merged_into", "council"]
    list_filter = [CouncilFilter, YearFilter, "status", OverdueFilter, "source"]
    search_fields = ["content", "addressee", "response_text"]
    list_select_related = ["council__unit", "merged_into"]
    readonly_fields = ["source", "source_link", "created_on", "deadline_text", "sources", "history"]
    fields = [
        "council",
        "source",
        "source_link",
        "created_on",
        "content",
        "addressee",
        "due_date",
        "deadline_text",
        "status",
        "response_text",
        "response_date",
        "response_document",
        "sources",
        "history",
    ]
    actions = ["merge"]

    def has_add_permission(self, request):
        return False  # items are entered with their source: an oversight report, a voter meeting, a question

    @admin.display(description=_("nội dung"))
    def short_content(self, item):
        return Truncator(item.content).chars(80)

    @admin.display(description=_("hạn và cách xác định"))
    def deadline_text(self, item):
        return item.deadline_explanation

    @admin.display(description=_("quá hạn"), boolean=True)
    def overdue(self, item):
        return item.is_overdue()

    @admin.display(description=_("nguồn cụ thể"))
    def source_link(self, item):
        return item.question or item.oversight or (item.opinion and item.opinion.meeting) or "—"

    @admin.display(description=_("các nơi đã nêu (kể cả kiến nghị đã gộp)"))
    def sources(self, item):
        return format_html_join(
            "", "<div>{}: {}</div>", ((i.get_source_display(), i.content) for i in services.sources_of(item))
        )

    @admin.display(description=_("lịch sử thay đổi"))
    def history(self, item):
        entries = AuditEntry.objects.filter(content_type__model="followupitem", object_id=str(item.pk)).select_related(
            "user"
        )
        return format_html_join("", "<div>{}</div>", ((entry_line(item, entry),) for entry in entries)) or "—"

    @admin.action(description=_("Gộp các kiến nghị đã chọn (giữ kiến nghị ghi nhận sớm nhất)"))
    def merge(self, request, queryset):
        items = list(queryset.order_by("created_on", "pk"))
        if len(items) < 2:
            self.message_user(request, _("Chọn ít nhất hai kiến nghị để gộp."), messages.WARNING)
            return
        if any(not self.has_change_permission(request, item) for item in items):
            self.message_user(request, _("Bạn không có quyền sửa một số kiến nghị đã chọn."), messages.ERROR)
            return
        try:
            services.merge_follow_up_items(items[0], items[1:], user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request, _("Đã gộp %(n)s kiến nghị vào: %(target)s") % {"n": len(items) - 1, "target": items[0]}
        )


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(ReferenceDataAdmin):
    list_display = [
        "petition_type",
        "stage",
        "days",
        "days_complex",
        "days_remote",
        "days_remote_complex",
        "working_days",
        "extension_days",
        "valid_from",
        "legal_basis",
    ]
    list_filter = ["petition_type", "stage"]
