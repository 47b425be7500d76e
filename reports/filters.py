"""The drill-down lists' filters (django-filter): which councils (one scope control), which year,
a text search ignoring accents, and each kind's own. Only councils the user may read are offered;
a filter that cannot be applied is an error on the list, never silently dropped (reports.views)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from councils import access, tree
from councils.models import LEVEL_ORDER, Council, UnitLink
from councils.search import folded_search
from councils.text import dmy
from councils.validation import year_range
from oversight.models import FollowUpItem, OversightActivity, PetitionType, VoterMeeting, VoterOpinion
from sessions.models import Question, Resolution, Session


def _years() -> list[tuple]:
    first, last = year_range()
    return [("", _("Mọi năm")), *((year, year) for year in range(last, first - 1, -1))]


# One scope control: "12" is the council alone, "12-ca" the council and those below it, "12-duoi"
# only those below. (`hoi_dong` and `cap_duoi` are the older names of the first and the last,
# still read from links but not shown.)
BOTH, BELOW = "ca", "duoi"


def scope_choices(councils: list[Council]) -> list[tuple[str, str]]:
    """The scopes a user may pick, in Vietnamese order: each council they read, and for a council
    with councils below it, those too. A council of a unit that ended says since when."""
    units = [c.unit_id for c in councils]
    parents = set(UnitLink.objects.filter(unit__in=units).values_list("parent", flat=True))
    grandparents = set(UnitLink.objects.filter(unit__in=parents).values_list("parent", flat=True))
    choices = []
    for council in councils:
        name = str(council)
        if council.unit.valid_to:
            name = _("%(council)s (đã kết thúc ngày %(day)s)") % {"council": name, "day": dmy(council.unit.valid_to)}
        choices.append((str(council.pk), name))
        if council.unit_id in parents:
            choices.append((f"{council.pk}-{BOTH}", _("%(council)s và các HĐND cấp dưới") % {"council": council}))
            choices.append((f"{council.pk}-{BELOW}", _("Các HĐND cấp dưới của %(council)s") % {"council": council}))
        if council.unit_id in grandparents:  # a province: its districts, its communes
            for level in LEVEL_ORDER[LEVEL_ORDER.index(council.unit.level) + 1 :]:
                label = _("Các HĐND %(level)s của %(council)s") % {"level": level.label.lower(), "council": council}
                choices.append((f"{council.pk}-{BELOW}-{level}", label))
    return choices


class YesNoSelect(forms.NullBooleanSelect):
    """Django's yes/no/unknown choice (which reads every spelling of an address: "true", "True"),
    with "Tất cả" for no filter where Django's reads "Chưa xác định"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]


class YesNoFilter(django_filters.BooleanFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, widget=YesNoSelect, **kwargs)


class RecordFilter(django_filters.FilterSet):
    """Filters every list has: which councils, which year, and a text search ignoring accents."""

    pham_vi = django_filters.ChoiceFilter(label=_("Hội đồng nhân dân"), method="filter_scope", empty_label=_("Tất cả"))
    # hidden, so their labels show only with an error ("Hội đồng nhân dân: Lựa chọn không hợp lệ…")
    hoi_dong = django_filters.ModelChoiceFilter(
        label=_("Hội đồng nhân dân"), queryset=Council.objects.none(), method="filter_council", widget=forms.HiddenInput
    )
    cap_duoi = django_filters.ModelChoiceFilter(
        label=_("Các HĐND cấp dưới"), queryset=Council.objects.none(), method="filter_below", widget=forms.HiddenInput
    )
    nam = django_filters.TypedChoiceFilter(label=_("Năm"), choices=_years, coerce=int, method="filter_year")
    q = django_filters.CharFilter(label=_("Tìm (không cần dấu)"), method="filter_search")
    # a part of the year: the days a commune counted for a district that ended (reports.figures)
    tu_ngay = django_filters.DateFilter(label=_("Từ ngày"), method="filter_days", widget=forms.HiddenInput)
    den_ngay = django_filters.DateFilter(label=_("Đến ngày"), method="filter_days", widget=forms.HiddenInput)

    search_fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = request.user
        if not hasattr(user, "_list_scopes"):  # read once per request: an export or a test builds many
            readable = list(access.readable_councils(user).with_unit())
            user._list_scopes = readable, scope_choices(readable)
        self.readable, choices = user._list_scopes
        for name in ("hoi_dong", "cap_duoi"):
            self.filters[name].queryset = access.readable_councils(user)
        self.filters["pham_vi"].extra["choices"] = choices

    @property
    def council_path(self) -> str:
        return self.queryset.model.council_path

    def _year(self) -> int | None:
        value = self.form.cleaned_data.get("nam")
        return int(value) if value else None

    def _below(self, queryset, council, level: str | None = None) -> Q:
        """Which records of every council one or two levels below (a province's districts and
        communes), at `level` if given, each on the days it was below — in the chosen year if
        there is one. The same councils and days as the figures (reports.figures, councils.tree)."""
        year = self._year()
        bounds = tree.year_bounds(year) if year else (None, None)
        entries = [e for e in tree.below([council.unit_id], *bounds) if level in (None, e.level)]
        return queryset.within_q(tree.group(entries))

    def scope(self) -> tuple[Council, str, str] | None:
        """The chosen council, "", BOTH or BELOW, and for BELOW a level or "" (every level below),
        from whichever scope parameter was given: "12", "12-ca", "12-duoi", "12-duoi-XA"."""
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("hoi_dong"):
            return data["hoi_dong"], "", ""
        if data.get("cap_duoi"):
            return data["cap_duoi"], BELOW, ""
        if data.get("pham_vi"):
            pk, _sep, part = data["pham_vi"].partition("-")
            part, _sep, level = part.partition("-")
            return next(c for c in self.readable if str(c.pk) == pk), part, level
        return None

    def filter_council(self, queryset, name, council):
        return queryset.filter(**{self.council_path: council})

    def filter_below(self, queryset, name, council):
        return queryset.filter(self._below(queryset, council))

    def filter_scope(self, queryset, name, value):
        council, part, level = self.scope()
        if part == BELOW:
            return queryset.filter(self._below(queryset, council, level or None))
        if part == BOTH:
            return queryset.filter(Q(**{self.council_path: council}) | self._below(queryset, council))
        return self.filter_council(queryset, name, council)

    def filter_year(self, queryset, name, value):
        return queryset.in_year(int(value))

    def filter_days(self, queryset, name, value):
        lookup = "gte" if name == "tu_ngay" else "lte"
        return queryset.filter(**{f"{queryset.model.date_path}__{lookup}": value})

    def filter_search(self, queryset, name, value):
        return folded_search(queryset, self.search_fields, value) if value.strip() else queryset

    def filter_overdue(self, queryset, name, value):
        """For records whose queryset knows overdue (`by_overdue`: petitions, the register)."""
        return queryset if value is None else queryset.by_overdue(value)


class SessionFilter(RecordFilter):
    loai = django_filters.MultipleChoiceFilter(
        field_name="kind", label=_("Loại kỳ họp"), choices=Session.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    search_fields = ["venue", "council__unit__name"]


class ResolutionFilter(RecordFilter):
    loai = django_filters.ChoiceFilter(field_name="kind", label=_("Loại"), choices=Resolution.Kind.choices)
    linh_vuc = django_filters.ChoiceFilter(field_name="field", label=_("Lĩnh vực"), choices=Resolution.Field.choices)
    search_fields = ["code", "summary"]


class MeetingFilter(RecordFilter):
    search_fields = ["content", "conclusions"]


class QuestionFilter(RecordFilter):
    hinh_thuc = django_filters.ChoiceFilter(field_name="venue", label=_("Hình thức"), choices=Question.Venue.choices)
    search_fields = ["topic", "answer", "questioner", "respondent_name"]


class OversightFilter(RecordFilter):
    hinh_thuc = django_filters.ChoiceFilter(
        field_name="form", label=_("Hình thức"), choices=OversightActivity.Form.choices
    )
    chu_the = django_filters.ChoiceFilter(
        field_name="actor", label=_("Chủ thể"), choices=OversightActivity.Actor.choices
    )
    search_fields = ["subject", "bodies_overseen", "findings"]


class VoterMeetingFilter(RecordFilter):
    cap_dai_bieu = django_filters.ChoiceFilter(
        field_name="deputy_level", label=_("Đại biểu"), choices=VoterMeeting.DeputyLevel.choices
    )
    thoi_diem = django_filters.ChoiceFilter(
        field_name="timing", label=_("Thời điểm"), choices=VoterMeeting.Timing.choices
    )
    search_fields = ["place", "deputies_present"]


class OpinionFilter(RecordFilter):
    phan_loai = django_filters.ChoiceFilter(field_name="kind", label=_("Phân loại"), choices=VoterOpinion.Kind.choices)
    da_chuyen = YesNoFilter(field_name="forwarded_on", lookup_expr="isnull", exclude=True, label=_("Đã chuyển"))
    da_tra_loi = YesNoFilter(field_name="answered_on", lookup_expr="isnull", exclude=True, label=_("Đã trả lời"))
    search_fields = ["content", "forwarded_to", "answer_text"]


class PetitionFilter(RecordFilter):
    loai = django_filters.ChoiceFilter(field_name="type", label=_("Loại đơn"), choices=PetitionType.choices)
    qua_han = YesNoFilter(label=_("Quá hạn"), method="filter_overdue")
    search_fields = ["subject", "competent_body", "result"]


class FollowUpFilter(RecordFilter):
    tinh_trang = django_filters.ChoiceFilter(
        field_name="status", label=_("Tình trạng"), choices=FollowUpItem.Status.choices
    )
    nguon = django_filters.ChoiceFilter(field_name="source", label=_("Nguồn"), choices=FollowUpItem.Source.choices)
    qua_han = YesNoFilter(label=_("Quá hạn"), method="filter_overdue")
    search_fields = ["content", "addressee", "response_text"]
