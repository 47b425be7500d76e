"""Each user's way in: their own council's page, or a choice of councils."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone

from councils import access
from councils.models import Council
from sessions.selectors import latest_year_with_sessions
from sessions.warnings import council_year_warnings


@login_required
def home(request: HttpRequest):
    """Land on the user's own council; someone with several (or an administrator) picks one."""
    own = list(Council.objects.with_unit().filter(memberships__user=request.user))
    if len(own) == 1:
        return redirect(own[0])
    councils = own or list(access.readable_councils(request.user).with_unit())
    return render(request, "councils/home.html", {"councils": councils})


@login_required
def council_home(request: HttpRequest, slug: str):
    council = access.council_for_read(request.user, slug)
    today = timezone.localdate()
    subcouncils = (
        Council.objects.with_unit().under(council, today).filter(pk__in=access.readable_councils(request.user))
    )
    year = _year_param(request) or latest_year_with_sessions(council) or today.year - 1
    context = {
        "council": council,
        "year": year,
        "warnings": council_year_warnings(council, year, today),
        "term": council.term_on(today),
        "can_edit": access.can_edit(request.user, council),
        "subcouncils": subcouncils,
    }
    return render(request, "councils/council_home.html", context)


def _year_param(request: HttpRequest) -> int | None:
    """?nam=2023, or None when absent or not a year."""
    value = request.GET.get("nam", "")
    return int(value) if value.isdigit() and len(value) == 4 else None
