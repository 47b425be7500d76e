"""The workbook in the browser: download the template or the year's records, upload a filled
workbook, see what it would create and change, confirm.

Who: a council's clerks for their council, a reviewer for the councils below theirs
(`access.can_import`); anyone who reads a council may download its year (a petitioner's
identity only to the council's own people). A council the user cannot read is a 404, one they
read but may not load a 403.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from councils import access
from councils.validation import year_range
from workbooks import export, sheets, uploads
from workbooks.importer import import_workbook

MAX_UPLOAD = 5 * 1024 * 1024  # a council's year is well under 1 MB


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) đã điền"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("Tệp lớn quá %(mb)s MB: một năm của một Hội đồng chỉ cỡ vài trăm KB.") % {"mb": MAX_UPLOAD // 2**20}
            )
        return upload


def _importable(request: HttpRequest, slug: str):
    council = access.council_for_read(request.user, slug)
    if not access.can_import(request.user, council):
        raise PermissionDenied
    return council


def _checked_year(year: int, council) -> int:
    """A year the system holds and the council lived to (none after it ended); else 404."""
    first, last = year_range()
    if not first <= year <= last or council.unit.ended_before(year):
        raise Http404
    return year


def _sees(request: HttpRequest, council) -> bool:
    return access.sees_personal_data(request.user)(council.pk)


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=export.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def template(request: HttpRequest, slug: str, year: int):
    council = _importable(request, slug)
    ctx = sheets.context(
        council, _checked_year(year, council), user=request.user, sees_personal_data=_sees(request, council)
    )
    return _xlsx(export.workbook_bytes(ctx, template=True), export.filename(ctx, template=True))


@login_required
@require_GET
def download(request: HttpRequest, slug: str, year: int):
    """The year's records the user reads, as the lists read them: a former district gets its former
    commune's 2025 until 30/06 (`access.councils_read_in_year`, in part)."""
    council = access.council_for_read(request.user, slug)
    if not access.reads_in_year(request.user, council, _checked_year(year, council), in_part=True):
        raise Http404
    ctx = sheets.context(council, year, user=request.user, sees_personal_data=_sees(request, council))
    return _xlsx(export.workbook_bytes(ctx), export.filename(ctx))


@login_required
def upload(request: HttpRequest, slug: str):
    """GET: the form and the downloads; POST: the file checked as a dry run, and its preview."""
    council = _importable(request, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        sees = _sees(request, council)
        result = import_workbook(data, council, user=request.user, dry_run=True, sees_personal_data=sees)
        token = None
        if result.ok:
            token = uploads.keep(data, name=form.cleaned_data["file"].name, council=council, user=request.user)
        context = {"council": council, "result": result, "token": token, "form": UploadForm()}
        return render(request, "workbooks/preview.html", context)
    first, last = year_range()
    year = council.unit.year_or_last(timezone.localdate().year - 1)
    if request.GET.get("nam", "").isdigit() and first <= int(request.GET["nam"]) <= last:
        year = int(request.GET["nam"])
    context = {"council": council, "form": form, "year": year, "years": council.unit.years_held()}
    return render(request, "workbooks/upload.html", context)


@login_required
@require_POST
def confirm(request: HttpRequest, slug: str):
    """Write the previewed workbook: all its rows or, if it no longer passes, none."""
    council = _importable(request, slug)
    kept = uploads.reopen(request.POST.get("token", ""), council=council, user=request.user)
    if kept is None:
        messages.error(request, _("Bản xem trước đã hết hạn hoặc không hợp lệ: hãy tải tệp lên lại."))
        return redirect("workbook_upload", council.slug)
    data, _name, path = kept
    result = import_workbook(data, council, user=request.user, sees_personal_data=_sees(request, council))
    if result.written:
        uploads.discard(path)
    context = {"council": council, "result": result, "token": None, "form": UploadForm(), "done": result.written}
    return render(request, "workbooks/preview.html", context)
