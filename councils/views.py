from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from councils import access, reorganise
from councils.attachments import find_attachment


@login_required
def attachment(request: HttpRequest, name: str):
    """An attached PDF, for users who may read the council of the record it belongs to."""
    record, file = find_attachment(name)
    if record is None:
        raise Http404
    access.council_for_read(request.user, record.council.slug)
    if not access.readable_records(request.user, type(record).objects.filter(pk=record.pk)).exists():
        raise Http404  # a council below the user's, but not on the record's day
    return FileResponse(file.open("rb"), content_type="application/pdf", filename=f"{record.pk}.pdf")


class ReorganiseForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV (UTF-8)"), required=False)
    text = forms.CharField(widget=forms.HiddenInput, required=False)
    move_accounts = forms.BooleanField(
        label=_("Chuyển tài khoản của các Hội đồng sáp nhập sang Hội đồng mới"), required=False
    )


@login_required
def reorganise_page(request: HttpRequest):
    """Administrators apply a reorganisation file (docs/reorganise-format.md): upload, a preview of
    every row (or every error, and nothing written), then apply — the file is read and checked
    again on apply, all or nothing."""
    if not request.user.is_superuser:
        raise PermissionDenied
    form = ReorganiseForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8") if upload else form.cleaned_data["text"]
        except UnicodeDecodeError:
            text, context["unreadable"] = "", True
        plan = reorganise.read(text) if text else None
        if plan is not None and not plan.errors and "apply" in request.POST:
            try:
                counts = reorganise.apply(plan, user=request.user, move_accounts=form.cleaned_data["move_accounts"])
            except ValidationError as error:  # a record the change would make invalid: nothing was written
                plan.errors.extend(error.messages)
                return render(request, "councils/reorganise.html", {**context, "plan": plan, "text": text})
            messages.success(
                request,
                _("Đã áp dụng: %(created)s đơn vị mới, %(moved)s đơn vị chuyển cấp trên, %(ended)s đơn vị kết thúc.")
                % counts,
            )
            return redirect("reorganise")
        if plan is not None and "apply" not in request.POST:  # the preview: what applying would refuse, too
            reorganise.rehearse(plan, move_accounts=form.cleaned_data["move_accounts"])
        context.update(plan=plan, text=text)
    return render(request, "councils/reorganise.html", context)
