"""The list filters every council record's admin list shares: its council (`hoi_dong`) and its
year (`nam`)."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _

from councils import access
from councils.collation import vn_order
from councils.search import folded_search
from councils.validation import year_range

# Up to this many councils the filter lists every council the user reads (a district's reviewer
# reads a few dozen); above it, a search box: a province's reviewer reads 170–700, the country 11,302
# (bench/README.md), which as a list were thousands of links on every page and a read of them all.
LISTED_IN_FULL_UP_TO = 100
# How many councils a search offers at most, in Vietnamese order: more words narrow it.
FOUND_AT_MOST = 30
# What a search reads: the unit's name (accents ignored) and its national code, as the councils' admin.
SEARCHED_FIELDS = ["unit__name", "unit__code"]


def _number(value: str | None, largest: int = 2**63 - 1) -> int | None:
    """A URL value as a whole number, or None: ASCII digits only ("²" is a digit to str.isdigit(),
    not to int()), no larger than a database id (SQLite refuses a larger one with an error)."""
    if not value or not (value.isascii() and value.isdigit()) or int(value) > largest:
        return None
    return int(value)


class CouncilFilter(admin.SimpleListFilter):
    """Records of one council, offering only the councils the user may read (by the model's `council_path`).

    While the user reads a few councils, every one is a link. Above LISTED_IN_FULL_UP_TO, the filter
    is a search box (`hoi_dong_tim`, a GET form that keeps the list's other parameters: no JavaScript)
    and offers the readable councils whose name matches, at most FOUND_AT_MOST of them, and the
    chosen council. What the search finds is what `access.readable_councils` holds, so it never
    names a council the user may not read; `hoi_dong` of such a council still gives no rows."""

    title = _("Hội đồng nhân dân")
    parameter_name = "hoi_dong"
    search_parameter = "hoi_dong_tim"
    other_parameters = (search_parameter,)  # allowed in the address (AllowListedLookups)
    template = "admin/council_filter.html"

    def __init__(self, request, params, model, model_admin):
        # Read before SimpleListFilter makes the choices, and taken out of the list's parameters: the
        # admin would otherwise filter the records by a field of that name (and fail).
        self.search = " ".join((params.pop(self.search_parameter, None) or [""])[-1].split())
        self.searching = self.more_found = False
        self.readable_count = self.found = 0
        self.found_at_most = FOUND_AT_MOST
        super().__init__(request, params, model, model_admin)

    def expected_parameters(self):
        return [self.parameter_name, self.search_parameter]

    def lookups(self, request, model_admin):
        user = request.user
        self.readable_count = access.readable_council_count(user)
        self.searching = self.readable_count > LISTED_IN_FULL_UP_TO
        if not self.searching:
            # Text values, as in the address: "Hiện số lượng" (facets) passes them to queryset() as they are.
            return [(str(c.pk), str(c)) for c in access.readable_councils(user).with_unit()]
        found = []
        if self.search:
            matching = folded_search(access.readable_councils(user), SEARCHED_FIELDS, self.search)
            found = list(matching.with_unit().order_by(vn_order("unit__name"), "pk")[: FOUND_AT_MOST + 1])
        self.more_found = len(found) > FOUND_AT_MOST
        found = found[:FOUND_AT_MOST]
        self.found = len(found)
        return [(str(c.pk), str(c)) for c in self._chosen(user, found) + found]

    def _chosen(self, user, found) -> list:
        """The chosen council, first, if the search did not find it and the user may read it."""
        pk = _number(self.value())
        if pk is None or any(c.pk == pk for c in found):
            return []  # a value that is not an id is refused by queryset()
        return list(access.readable_councils(user).with_unit().filter(pk=pk))

    def has_output(self):
        return self.searching or super().has_output()

    def choices(self, changelist):
        # The search form sends the list's other parameters again, as hidden fields; a new search
        # starts on the first page (the change list has already left out the page number).
        self.kept_parameters = [
            (name, value)
            for name, values in changelist.filter_params.items()
            if name != self.search_parameter
            for value in values
        ]
        return super().choices(changelist)

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if (pk := _number(self.value())) is None:
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(**{queryset.model.council_path: pk})


class YearFilter(admin.SimpleListFilter):
    """Records of one year (by the model's `date_path`), offering the years the system holds
    (a fixed list: asking the database which years have records costs a scan of them all)."""

    title = _("năm")
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        first, last = year_range()
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        first, last = year_range()
        if not first <= (_number(self.value()) or 0) <= last:
            raise IncorrectLookupParameters(self.value())
        return queryset.in_year(int(self.value()))
