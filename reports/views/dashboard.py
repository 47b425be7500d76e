"""The year at a glance: the dashboard, the drill-down lists and their exports, review actions."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from councils import access, review
from councils.models import Level
from councils.text import days_text, fold, vn_slugify
from reports import annual, exports, fragments
from reports.charts import year_charts
from reports.figures import year_figures
from reports.filters import BELOW, BOTH
from reports.lists import LISTS, Column
from reports.wording import Levels

PAGE_SIZE = 50
ROWS_PER_PAGE = 60  # councils below on one page of the dashboard


@login_required
def dashboard(request: HttpRequest, slug: str, year: int):
    council = access.council_for_read(request.user, slug, year)
    search = request.GET.get("tim", "").strip()[:100]
    page_number = request.GET.get("trang", "")[:10]
    may = {
        "with_communes": access.reads_below(request.user, council),
        "can_edit": access.can_edit(request.user, council),
        "review_scope": access.review_scope(request.user),
        "read_scope": access.read_scope(request.user),
    }

    def render_body() -> str:
        figures = year_figures(council, year, with_communes=may["with_communes"])
        rows = figures.rows
        if search:
            rows = [row for row in rows if fold(search) in fold(row.council.unit.full_name)]
        signed = annual.latest_version(council, year)
        # which rows' steps the reader may take: asked only where a year waits for a step
        waiting = [row.council for row in figures.rows if row.submission and row.submission.review_steps]
        reviewed = access.reviewed_among(request.user, waiting) if waiting else set()
        # a row's name opens its council's dashboard, but for a reader of a part of its year only
        cut = [row.council for row in figures.rows if row.cut]
        closed = {c.pk for c in cut} - access.councils_read_in_year(request.user, cut, year) if cut else set()
        context = {
            "council": council,
            "year": year,
            "next_year": None if council.unit.ended_before(year + 1) else year + 1,
            "figures": figures,
            "rows": Paginator(rows, ROWS_PER_PAGE).get_page(page_number),  # a province has up to ~170
            "search": search,
            "grouped": len(figures.levels) > 1,
            "charts": list(year_charts(figures).values()),
            "levels": Levels.of_figures(figures),
            "changed_since": signed if signed and annual.changed_after(signed, council, year) else None,
            "signed": signed,
            "reviewed": reviewed,
            "closed": closed,
            "can_submit": review.may_send(request.user, council, year, figures.own_submission),
            **may,
        }
        return render_to_string("reports/_dashboard_body.html", context, request)

    asked = (council.pk, year, timezone.localdate(), search, page_number, get_language(), request.path, may)
    body = fragments.body(asked, council.pk, render_body)
    return render(request, "reports/dashboard.html", {"council": council, "year": year, "body": mark_safe(body)})


@login_required
def record_list(request: HttpRequest, kind: str):
    definition = LISTS.get(kind)
    if definition is None:
        raise Http404
    filterset = definition.filterset(request.GET or None, queryset=definition.queryset(request), request=request)
    # A filter that cannot be applied (a council the user may not read, a year out of range)
    # shows its error and no rows, rather than being dropped and counting something else.
    valid = not filterset.is_bound or filterset.is_valid()
    rows = filterset.qs if valid else filterset.queryset.none()
    heading = ListHeading.of(definition, filterset if valid else None)
    export = request.GET.get("xuat")
    if export in ("csv", "xlsx"):
        rows = list(rows)
        if definition.prepare:
            definition.prepare(rows, request)
        return _export(definition, heading, rows, export)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    if definition.prepare:
        definition.prepare(page.object_list, request)
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "list": definition,
        "heading": heading,
        "filter": filterset,
        "page": page,
        "rows": [
            (definition.page_of(record), [Column.shown(column.value(record)) for column in definition.columns])
            for record in page.object_list
        ],
        "query": query.urlencode(),
    }
    return render(request, "reports/record_list.html", context)


@dataclass(frozen=True)
class ListHeading:
    """What a list shows, in words and in a file name: "Kỳ họp — HĐND huyện Hương Sơn và các HĐND
    cấp dưới — năm 2023", `ky-hop_huong-son-va-cap-duoi_2023`; and the year's dashboard of its council."""

    title: str
    scope: str
    year: int | None
    file_stem: str
    dashboard: str

    @classmethod
    def of(cls, definition, filterset) -> "ListHeading":
        applied = filterset is not None and filterset.is_bound
        chosen = filterset.scope() if applied else None
        year = filterset.form.cleaned_data.get("nam") if applied else None
        scope, slug, dashboard = _("mọi Hội đồng được xem"), "tat-ca", ""
        if chosen:
            council, part, level = chosen
            scope, slug = {
                "": (str(council), council.slug),
                BOTH: (_("%(c)s và các HĐND cấp dưới") % {"c": council}, f"{council.slug}-va-cap-duoi"),
                BELOW: (_("các HĐND cấp dưới của %(c)s") % {"c": council}, f"{council.slug}-cap-duoi"),
            }[part]
            if level:  # a province's districts, or its communes
                scope = _("các HĐND %(level)s của %(c)s") % {"level": Level(level).label.lower(), "c": council}
                slug = f"{council.slug}-{vn_slugify(Level(level).label)}"
            dashboard = reverse(
                "dashboard", args=[council.slug, year or council.unit.year_or_last(timezone.localdate().year)]
            )
            data = filterset.form.cleaned_data
            if days := days_text(data.get("tu_ngay"), data.get("den_ngay")):
                scope = f"{scope} ({days})"  # the part of the year a row of the dashboard counts
        stem = f"{definition.slug}_{slug}_{year or 'moi-nam'}"
        return cls(str(definition.title), scope, year, stem, dashboard)


def _export(definition, heading: ListHeading, rows, fmt: str) -> HttpResponse:
    headers = [str(column.header) for column in definition.columns]
    values = [[column.value(record) for column in definition.columns] for record in rows]
    if fmt == "csv":
        table = [[Column.shown(value) for value in row] for row in values]
        response = HttpResponse(exports.csv_bytes(headers, table), content_type="text/csv; charset=utf-8")
    else:
        title = " — ".join([heading.title, heading.scope] + ([_("năm %s") % heading.year] if heading.year else []))
        response = HttpResponse(exports.xlsx_bytes(heading.title, title, headers, values), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{heading.file_stem}.{fmt}"'
    return response
