"""What a council's year must have before it is sent up: the same checks on the reviewer's
completeness matrix and on the clerk's own page (with how far the year has come)."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from councils.models import Council, Submission
from oversight.selectors import ConstituentWork
from sessions.models import Session
from sessions.selectors import WorkCounts
from sessions.warnings import MIN_REGULAR_SESSIONS


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool | None  # None: does not apply (the year is not over, or not held to it)
    detail: str = ""


def sessions_without_meeting_after(councils: list[Council], year: int) -> dict[int, int]:
    """{council id: regular sessions of the year with no voter meeting after them}, one query."""
    rows = (
        Session.objects.filter(council__in=councils, kind=Session.Kind.REGULAR)
        .in_year(year)
        .annotate(after=Count("voter_meetings", filter=Q(voter_meetings__timing="SAU")))
        .filter(after=0)
        .values("council")
        .annotate(n=Count("pk"))
    )
    return {row["council"]: row["n"] for row in rows}


def year_checks(
    work: WorkCounts,
    constituent: ConstituentWork,
    missing_after: int,
    submission: Submission | None,
    warnings: list[str],
    *,
    held: bool,
) -> list[Check]:
    """`held`: whether the year must have had two regular sessions (sessions.warnings.held_to_minimum);
    where it need not, that check does not apply (None) unless they were held."""
    sent = submission is not None and submission.status in Submission.SENT
    raised, answered = constituent.opinions_raised, constituent.opinions_answered
    return [
        Check(
            _("Đủ %(n)s kỳ họp thường lệ") % {"n": MIN_REGULAR_SESSIONS},
            work.regular_sessions >= MIN_REGULAR_SESSIONS or (False if held else None),
            f"{work.regular_sessions}/{MIN_REGULAR_SESSIONS}",
        ),
        Check(
            _("Có tiếp xúc cử tri sau mỗi kỳ họp thường lệ"),
            missing_after == 0,
            _("thiếu sau %(n)s kỳ họp") % {"n": missing_after} if missing_after else _("đủ"),
        ),
        Check(_("Ý kiến cử tri đã được trả lời"), answered == raised if raised else None, f"{answered}/{raised}"),
        Check(_("Đã gửi số liệu"), sent, submission.get_status_display() if submission else _("Chưa gửi")),
        Check(
            _("Không còn cảnh báo"),
            not warnings,
            _("còn %(n)s cảnh báo") % {"n": len(warnings)} if warnings else _("không còn"),
        ),
    ]
