"""The list filters every council record's admin list shares: its council (`hoi_dong`) and its
year (`nam`)."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _

from councils import access
from councils.validation import year_range


class CouncilFilter(admin.SimpleListFilter):
    """Records of one council, offering only the councils the user may read (by the model's `council_path`)."""

    title = _("Hội đồng nhân dân")
    parameter_name = "hoi_dong"

    def lookups(self, request, model_admin):
        # Text values, as in the address: "Hiện số lượng" (facets) passes them to queryset() as they are.
        return [(str(c.pk), str(c)) for c in access.readable_councils(request.user).with_unit()]

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
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        first, last = year_range()
        if not (self.value().isdigit() and first <= int(self.value()) <= last):
            raise IncorrectLookupParameters(self.value())
        return queryset.in_year(int(self.value()))
