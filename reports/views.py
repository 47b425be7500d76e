import csv
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from councils import access, records, review
from councils.forms import VNDateField
from reports import annual
from reports.charts import year_charts
from reports.figures import year_figures
from reports.lists import LISTS
from reports.models import ReportNarrative, ReportVersion
from reports.tasks import sign_report

PAGE_SIZE = 50


@login_required
def dashboard(request: HttpRequest, slug: str, year: int):
    council = access.council_for_read(request.user, slug)
    figures = year_figures(council, year)
    context = {
        "council": council,
        "year": year,
        "figures": figures,
        "charts": list(year_charts(figures).values()),
        "can_edit": access.can_edit(request.user, council),
        "can_review": access.reviewable_councils(request.user).exists(),
        "changed_since": annual.changed_since_signed(council, year),
        "signed": ReportVersion.objects.filter(council=council, year=year).defer("pdf").first(),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
def record_list(request: HttpRequest, kind: str):
    definition = LISTS.get(kind)
    if definition is None:
        raise Http404
    filterset = definition.filterset(request.GET or None, queryset=definition.queryset(request), request=request)
    rows = filterset.qs
    export = request.GET.get("xuat")
    if export in ("csv", "xlsx"):
        rows = list(rows)
        if definition.prepare:
            definition.prepare(rows, request)
        return _export(definition, rows, export)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    if definition.prepare:
        definition.prepare(page.object_list, request)
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "list": definition,
        "filter": filterset,
        "page": page,
        "rows": [[column.value(record) for column in definition.columns] for record in page.object_list],
        "query": query.urlencode(),
    }
    return render(request, "reports/record_list.html", context)


def _export(definition, rows, fmt: str) -> HttpResponse:
    headers = [str(column.header) for column in definition.columns]
    values = [[column.value(record) for column in definition.columns] for record in rows]
    stamp = timezone.localdate().strftime("%Y%m%d")
    filename = f"{definition.slug}-{stamp}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # BOM: spreadsheet software then reads the file as UTF-8
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows([[str(v) for v in row] for row in values])
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(definition.title)[:31]
        sheet.append(headers)
        for row in values:
            sheet.append([v if isinstance(v, int) else str(v) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _review_action(action, *, needs_comment=False):
    @login_required
    @require_POST
    def view(request: HttpRequest, slug: str, year: int):
        council = access.council_for_read(request.user, slug)
        comment = request.POST.get("comment", "")
        try:
            if needs_comment:
                action(council, year, user=request.user, comment=comment)
            else:
                action(council, year, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã cập nhật: %(council)s, năm %(year)s.") % {"council": council, "year": year})
        target = request.POST.get("next") or ""
        if not (target.startswith("/") and not target.startswith("//")):
            target = reverse("dashboard", args=[slug, year])
        return redirect(target)

    return view


submit = _review_action(review.submit)
accept = _review_action(review.accept, needs_comment=True)
return_for_changes = _review_action(review.return_for_changes, needs_comment=True)
reopen = _review_action(review.reopen, needs_comment=True)


# --- the annual report ---------------------------------------------------------------------------


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = ReportNarrative
        fields = [
            "number",
            "issued_on",
            "guidance",
            "assessment",
            "shortcomings",
            "directions",
            "proposals",
            "signer_mode",
            "signer_name",
            "recipients",
        ]
        field_classes = {"issued_on": VNDateField}
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["guidance", "assessment", "shortcomings", "directions", "proposals", "recipients"]
        }


def _with_report(render_report):
    """A view of the year's report for readers of the council; a year without records gets a
    page saying so (404), never an empty report."""

    @login_required
    def view(request: HttpRequest, slug: str, year: int):
        council = access.council_for_read(request.user, slug)
        report = annual.build(council, year)
        if not report.has_data:
            return render(request, "reports/no_data.html", {"council": council, "year": year}, status=404)
        return render_report(report)

    return view


def _pdf_response(report) -> HttpResponse:
    response = HttpResponse(annual.render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{report.council.slug}-{report.year}.pdf"'
    return response


annual_report = _with_report(lambda report: HttpResponse(annual.render_html(report)))
annual_report_pdf = _with_report(_pdf_response)


@login_required
def annual_report_edit(request: HttpRequest, slug: str, year: int):
    council = access.council_for_edit(request.user, slug)
    narrative = annual.narrative_for(council, year)
    form = NarrativeForm(request.POST or None, instance=narrative)
    if request.method == "POST" and form.is_valid():
        records.save_record(form.save(commit=False), user=request.user, validate=False)
        messages.success(request, _("Đã lưu nội dung báo cáo."))
        return redirect("annual_report", slug, year)
    versions = ReportVersion.objects.filter(council=council, year=year).select_related("signed_by").defer("pdf")
    return render(
        request,
        "reports/annual_report_edit.html",
        {
            "council": council,
            "year": year,
            "form": form,
            "versions": versions,
            "can_sign": annual.can_sign(request.user, council),
        },
    )


@login_required
@require_POST
def annual_report_sign(request: HttpRequest, slug: str, year: int):
    council = access.council_for_read(request.user, slug)
    if not annual.can_sign(request.user, council):
        raise PermissionDenied
    if not annual.build(council, year).has_data:
        messages.error(request, _("Năm %(year)s chưa có hồ sơ nào: chưa thể ký báo cáo.") % {"year": year})
        return redirect("annual_report_edit", slug, year)
    result = sign_report.enqueue(council.pk, year, request.user.pk)
    if result.status == TaskResultStatus.SUCCESSFUL:
        version = ReportVersion.objects.only("version").get(pk=result.return_value)
        messages.success(request, _("Đã ký và lưu bản số %(n)s.") % {"n": version.version})
    elif result.status == TaskResultStatus.FAILED:
        messages.error(
            request,
            _("Không lập được bản báo cáo: %(error)s")
            % {"error": result.errors[-1].exception_class_path if result.errors else "?"},
        )
    else:
        messages.info(request, _("Đang lập bản báo cáo để ký; tải lại trang sau ít phút."))
    return redirect("annual_report_edit", slug, year)


@login_required
def annual_report_version(request: HttpRequest, slug: str, year: int, version: int):
    council = access.council_for_read(request.user, slug)
    try:
        stored = ReportVersion.objects.get(council=council, year=year, version=version)
    except ReportVersion.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(bytes(stored.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{slug}-{year}-ban-{version}.pdf"'
    response["X-Content-SHA256"] = stored.sha256
    return response
