"""Each user's way in: their own council's page, or a choice of councils."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone

from councils import access, review
from councils.models import Council
from councils.validation import year_range
from oversight.selectors import constituent_work, due_soon
from reports.checks import sessions_without_meeting_after, year_checks
from sessions.selectors import latest_year_with_sessions, work_counts
from sessions.warnings import held_to_minimum, terms_by_council, warnings_by_council


@login_required
def home(request: HttpRequest):
    """Land on the user's own council; someone with several (or an administrator) picks one."""
    own = access.member_councils(request.user)
    if len(own) == 1:
        return redirect(own[0])
    councils = own or list(access.readable_councils(request.user).with_unit())
    return render(request, "councils/home.html", {"councils": councils})


@login_required
def council_home(request: HttpRequest, slug: str):
    """The council's work page: the year chosen, what the year still needs (with how far it has
    come), where its review stands and what the council above said, what falls due, and the forms."""
    council = access.council_for_read(request.user, slug)
    today = timezone.localdate()
    subcouncils = (
        Council.objects.with_unit().under(council, today).filter(pk__in=access.readable_councils(request.user))
    )
    year = _year_param(request) or _default_year(request.user, council, today)
    if year is None or council.unit.ended_before(year) or not access.reads_in_year(request.user, council, year):
        raise Http404  # a year after it ended; a former commune of the user's district, not theirs throughout
    terms = terms_by_council([council])
    warnings = warnings_by_council([council], year, today, terms=terms)[council.pk]
    work, constituent = work_counts(council, year), constituent_work(council, year, today)
    submission = review.submission_for(council, year)
    missing_after = sessions_without_meeting_after([council], year).get(council.pk, 0)
    checks = year_checks(
        work, constituent, missing_after, submission, warnings, held=held_to_minimum(council, year, today, terms)
    )
    applicable = [check for check in checks if check.ok is not None]
    items, petitions = due_soon(council, today, request.user)
    context = {
        "council": council,
        "year": year,
        "today": today,
        "years": council.unit.years_held(),
        "warnings": warnings,
        "term": council.term_on(today),
        "can_edit": access.can_edit(request.user, council),
        "can_submit": review.may_send(request.user, council, year, submission),
        "can_import": access.can_import(request.user, council),
        "subcouncils": subcouncils,
        "reports_up": council.unit.parent_id is not None,
        "checks": checks,
        "done": sum(1 for check in applicable if check.ok),
        "to_do": len(applicable),
        "submission": submission,
        "due_items": items,
        "due_petitions": petitions,
    }
    return render(request, "councils/council_home.html", context)


def _default_year(user, council, today) -> int | None:
    """The council's latest year with sessions (else last year) if the user reads it; else this
    year (a unit begun this year has none before it), else the latest year before it they read
    (a former commune of their district: its last whole year below them)."""
    first, _last = year_range()
    latest = latest_year_with_sessions(council) or today.year - 1
    candidates = [latest, today.year, *range(latest - 1, first - 1, -1)]
    return next(
        (y for y in candidates if not council.unit.ended_before(y) and access.reads_in_year(user, council, y)), None
    )


def _year_param(request: HttpRequest) -> int | None:
    """?nam=2023, or None when absent or not a year the system holds."""
    value = request.GET.get("nam", "")
    first, last = year_range()
    return int(value) if value.isdigit() and first <= int(value) <= last else None
