"""The setup workbook in the browser, for administrators: upload, preview (what would be created,
changed, left alone, or every error), confirm. New accounts' one-time passwords come back as a
CSV file to save, once; they are never shown on a page, logged or stored but as a hash."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils.models import AdministrativeUnit
from workbooks import export, uploads
from workbooks.setup import setup_councils, setup_workbook_bytes
from workbooks.views import UploadForm

PURPOSE = "setup"


def _administrator(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


@login_required
def setup_page(request: HttpRequest):
    """GET: the form (and, with ?don_vi=<slug>, a unit tree's setup workbook); POST: the preview."""
    _administrator(request)
    if slug := request.GET.get("don_vi"):
        unit = AdministrativeUnit.objects.filter(slug=slug).first()
        if unit is None:
            raise Http404
        response = HttpResponse(setup_workbook_bytes(unit), content_type=export.XLSX)
        response["Content-Disposition"] = f'attachment; filename="thiet-lap-{unit.slug}.xlsx"'
        return response
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "roots": AdministrativeUnit.objects.filter(parent__isnull=True)}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        result = setup_councils(data, user=request.user, dry_run=True)
        if result.ok:
            context["token"] = uploads.keep(
                data, name=form.cleaned_data["file"].name, council=None, user=request.user, purpose=PURPOSE
            )
        context.update(result=result, form=UploadForm())
    return render(request, "workbooks/setup.html", context)


@login_required
@require_POST
def setup_confirm(request: HttpRequest):
    _administrator(request)
    kept = uploads.reopen(request.POST.get("token", ""), council=None, user=request.user, purpose=PURPOSE)
    if kept is None:
        messages.error(request, _("Bản xem trước đã hết hạn hoặc không hợp lệ: hãy tải tệp lên lại."))
        return redirect("setup_councils")
    data, _name, path = kept
    passwords = []
    result = setup_councils(data, user=request.user, keep_passwords=passwords.extend)
    if not result.ok:
        return render(request, "workbooks/setup.html", {"result": result, "form": UploadForm()})
    uploads.discard(path)
    if not passwords:
        return render(request, "workbooks/setup.html", {"result": result, "done": True, "form": UploadForm()})
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([_("Tên đăng nhập"), _("Họ và tên"), _("Hội đồng"), _("Mật khẩu lần đầu")])
    writer.writerows(passwords)
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mat-khau-lan-dau.csv"'
    return response
