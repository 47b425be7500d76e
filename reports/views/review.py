"""The review of a council's year, one page per step: what the step does, what is still open
(warnings, what the figures say), and a button — nothing happens in one click."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from councils import access, review
from reports.figures import year_figures
from sessions.warnings import council_year_warnings


@dataclass(frozen=True)
class Step:
    action: object
    allowed: object
    title: str
    explanation: str
    button: str
    comment: str = ""  # "", "optional" or "required"


STEPS = {
    "submit": Step(
        review.submit,
        review.may_submit,
        _("Gửi số liệu năm %(year)s của %(council)s"),
        _("Số liệu được gửi lên cấp trên để duyệt. Trong khi chờ duyệt vẫn sửa được; khi đã duyệt thì khóa lại."),
        _("Gửi số liệu"),
    ),
    "accept": Step(
        review.accept,
        review.may_review,
        _("Duyệt số liệu năm %(year)s của %(council)s"),
        _("Số liệu đã duyệt bị khóa: Hội đồng không sửa được nữa cho đến khi cấp trên mở lại."),
        _("Duyệt"),
        comment="optional",
    ),
    "return": Step(
        review.return_for_changes,
        review.may_review,
        _("Trả lại số liệu năm %(year)s của %(council)s"),
        _("Hội đồng sẽ thấy ý kiến của bạn trên trang của mình, sửa rồi gửi lại."),
        _("Trả lại để sửa"),
        comment="required",
    ),
    "reopen": Step(
        review.reopen,
        review.may_review,
        _("Mở lại số liệu năm %(year)s của %(council)s"),
        _("Số liệu đã duyệt được mở lại để sửa; việc mở lại được ghi nhật ký kèm lý do."),
        _("Mở lại"),
        comment="required",
    ),
}


COMMENT = forms.CharField(required=False, strip=False)


def step_view(name: str):
    step = STEPS[name]

    @login_required
    def view(request: HttpRequest, slug: str, year: int):
        council = access.council_for_read(request.user, slug, year)
        if not step.allowed(request.user, council):
            raise PermissionDenied
        if request.method == "POST":
            try:
                comment = COMMENT.clean(request.POST.get("comment", ""))  # as a form reads text: no NUL
                if step.comment:
                    step.action(council, year, user=request.user, comment=comment)
                else:
                    step.action(council, year, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(request.path)
            messages.success(request, _("Đã cập nhật: %(council)s, năm %(year)s.") % {"council": council, "year": year})
            return redirect(_next(request, slug, year))
        figures = year_figures(council, year, with_communes=False)
        context = {
            "council": council,
            "year": year,
            "step": step,
            "title": step.title % {"year": year, "council": council},
            "submission": review.submission_for(council, year),
            "warnings": council_year_warnings(council, year),
            "figures": figures,
            "next": _next(request, slug, year),
        }
        return render(request, "reports/review_step.html", context)

    return view


def _next(request: HttpRequest, slug: str, year: int) -> str:
    """Where the step came from (the button's `next`) if it is a page of this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target  # a path: not "//host", nor "/\\host", which browsers read as another site
    return reverse("dashboard", args=[slug, year])


submit = step_view("submit")
accept = step_view("accept")
return_for_changes = step_view("return")
reopen = step_view("reopen")
