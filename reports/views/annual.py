"""The annual coordination report: preview, PDF, the narrative editor, signing and signed versions."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import TaskResultStatus
from django.utils.translation import gettext as _

from councils import access, records
from councils.forms import DateInput, VersionedModelForm, VNDateField
from reports import annual, docx
from reports.models import ReportNarrative, ReportVersion
from reports.tasks import sign_report


class NarrativeForm(VersionedModelForm):
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
            "issued_on": DateInput,
            **{name: forms.Textarea(attrs={"rows": 8}) for name in annual.NARRATIVE_FIELDS},
            "recipients": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in annual.NARRATIVE_FIELDS:
            self.fields[name].help_text = _("Mỗi dòng là một đoạn văn khi in (thụt đầu dòng).")
        self.fields["recipients"].help_text = _("Mỗi dòng một nơi nhận; dòng “Lưu: VT.” được thêm khi in.")


def _with_report(render_report):
    """A view of the year's report for readers of the council; a year without records gets a
    page saying so (404), never an empty report."""

    @login_required
    def view(request: HttpRequest, slug: str, year: int):
        council = access.council_for_read(request.user, slug, year)
        report = annual.build(council, year, with_communes=access.reads_below(request.user, council))
        if not report.has_data:
            return render(request, "reports/no_data.html", {"council": council, "year": year}, status=404)
        return render_report(report)

    return view


def _pdf_response(report) -> HttpResponse:
    response = HttpResponse(annual.render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{report.council.slug}-{report.year}.pdf"'
    return response


def _docx_response(report) -> HttpResponse:
    """The Word version, of the current text and figures (a signed version is kept as PDF only)."""
    response = HttpResponse(docx.render_docx(report), content_type=docx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-nam_{report.council.slug}_{report.year}.docx"'
    return response


annual_report = _with_report(lambda report: HttpResponse(annual.render_html(report)))
annual_report_pdf = _with_report(_pdf_response)
annual_report_docx = _with_report(_docx_response)


@login_required
def annual_report_edit(request: HttpRequest, slug: str, year: int):
    council = access.council_for_edit(request.user, slug, year)
    narrative = annual.narrative_for(council, year)
    form = NarrativeForm(request.POST or None, instance=narrative)
    with transaction.atomic():  # checked and saved in one transaction: no one else's save in between
        if request.method == "POST" and form.is_valid():
            expected = form.cleaned_data.get("loaded_version") if narrative.pk else None
            records.save_record(form.save(commit=False), user=request.user, validate=False, expected_version=expected)
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
def annual_report_sign(request: HttpRequest, slug: str, year: int):
    """Freeze ("chốt") the report as it stands: GET says what will be frozen and what is still open
    (councils below that have not sent or had their year accepted, warnings); POST freezes."""
    council = access.council_for_read(request.user, slug, year)
    if not annual.can_sign(request.user, council):
        raise PermissionDenied
    report = annual.build(council, year)
    if not report.has_data:
        messages.error(request, _("Năm %(year)s chưa có hồ sơ nào: chưa thể chốt bản báo cáo.") % {"year": year})
        return redirect("annual_report_edit", slug, year)
    if request.method != "POST":
        open_rows = [row for row in report.figures.rows if not (row.submission and row.submission.is_locked)]
        context = {
            "council": council,
            "year": year,
            "report": report,
            "open_rows": open_rows,
            "warnings": report.figures.own_warnings,
            "latest": ReportVersion.objects.filter(council=council, year=year).defer("pdf").first(),
        }
        return render(request, "reports/annual_report_sign.html", context)
    before = set(ReportVersion.objects.filter(council=council, year=year).values_list("pk", flat=True))
    result = sign_report.enqueue(council.pk, year, request.user.pk)
    if result.status == TaskResultStatus.SUCCESSFUL:
        version = ReportVersion.objects.only("version").get(pk=result.return_value)
        if version.pk in before:
            messages.info(
                request,
                _("Số liệu và nội dung chưa thay đổi từ bản số %(n)s: không lập bản mới.") % {"n": version.version},
            )
        else:
            messages.success(request, _("Đã chốt và lưu bản số %(n)s.") % {"n": version.version})
    elif result.status == TaskResultStatus.FAILED:
        # what went wrong is for the server's log (django.tasks logs the failure with its traceback)
        messages.error(
            request,
            _(
                "Không lập được bản báo cáo: không có bản mới nào được chốt. Hãy thử lại sau ít phút; "
                "nếu vẫn không được, xin báo người quản trị hệ thống."
            ),
        )
    else:
        messages.info(request, _("Đang lập bản báo cáo để chốt; tải lại trang sau ít phút."))
    return redirect("annual_report_edit", slug, year)


@login_required
def annual_report_version(request: HttpRequest, slug: str, year: int, version: int):
    council = access.council_for_read(request.user, slug, year)
    if not access.reads_report_of(request.user, council):
        raise PermissionDenied
    try:
        stored = ReportVersion.objects.get(council=council, year=year, version=version)
    except ReportVersion.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(bytes(stored.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{slug}-{year}-ban-{version}.pdf"'
    response["X-Content-SHA256"] = stored.sha256
    return response
