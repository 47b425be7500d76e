"""Commune to district: submit a year, accept or return it, reopen an accepted year.

Each step checks who may take it (councils.access), is a legal move from the current
state, and is saved through councils.records (so it is audited). An accepted year locks
the commune's records of that year (`councils.models.records.locked_period_message`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from councils import access
from councils.models import Council, Submission
from councils.records import save_record

Status = Submission.Status


def submission_for(council: Council, year: int) -> Submission | None:
    return Submission.objects.filter(council=council, year=year).first()


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied


def may_submit(user, council: Council) -> bool:
    """A council's own editors send its year to the council above (a council with one)."""
    return council.unit.parent_id is not None and access.can_edit(user, council)


def may_send(user, council: Council, year: int, submission: Submission | None) -> bool:
    """Whether the submit step is open to `user` now: theirs to take, a year the council lived
    (`Submission.clean` refuses another), neither sent nor accepted (the pages' "Gửi số liệu…")."""
    return (
        may_submit(user, council)
        and council.unit.lived_in(year)
        and (submission is None or submission.status not in Submission.SENT)
    )


def may_review(user, council: Council) -> bool:
    """Reviewers of the council above accept, return and reopen its year."""
    return access.reviews(user, council)


def _one_at_a_time(council: Council) -> None:
    """Hold the council's row until the transaction ends: review steps of one council happen one
    after another, so two clerks submitting at once get "already submitted", never an error page."""
    Council.objects.select_for_update().filter(pk=council.pk).first()


@transaction.atomic
def submit(council: Council, year: int, *, user) -> Submission:
    _require(may_submit(user, council))
    _one_at_a_time(council)
    submission = submission_for(council, year) or Submission(council=council, year=year)
    if submission.status in Submission.SENT:
        raise ValidationError(_("Số liệu năm %(year)s đã được gửi.") % {"year": year})
    submission.status = Status.SUBMITTED
    submission.submitted_at, submission.submitted_by = timezone.now(), user
    return save_record(submission, user=user)


@transaction.atomic
def _reviewed(
    council: Council, year: int, *, user, expected: set, status: str, comment: str, why_needed: str = ""
) -> Submission:
    """A reviewer's step. `why_needed`: the step needs a comment, and this says so when it has none
    (asked after the permission, so that nobody else learns what the step would need)."""
    _require(may_review(user, council))
    if why_needed and not comment.strip():
        raise ValidationError(why_needed)
    _one_at_a_time(council)
    submission = submission_for(council, year)
    if submission is None or submission.status not in expected:
        raise ValidationError(
            _("Không thể thực hiện: số liệu năm %(year)s đang ở trạng thái “%(state)s”.")
            % {"year": year, "state": submission.get_status_display() if submission else _("Chưa gửi")}
        )
    submission.status, submission.comment = status, comment
    submission.reviewed_at, submission.reviewed_by = timezone.now(), user
    return save_record(submission, user=user)


def accept(council: Council, year: int, *, user, comment: str = "") -> Submission:
    expected = Submission.REVIEW_STEPS["accept"]
    return _reviewed(council, year, user=user, expected=expected, status=Status.ACCEPTED, comment=comment)


def return_for_changes(council: Council, year: int, *, user, comment: str) -> Submission:
    return _reviewed(
        council,
        year,
        user=user,
        expected=Submission.REVIEW_STEPS["return"],
        status=Status.RETURNED,
        comment=comment,
        why_needed=_("Khi trả lại, hãy ghi rõ nội dung cần sửa."),
    )


def reopen(council: Council, year: int, *, user, comment: str) -> Submission:
    return _reviewed(
        council,
        year,
        user=user,
        expected=Submission.REVIEW_STEPS["reopen"],
        status=Status.REOPENED,
        comment=comment,
        why_needed=_("Khi mở lại số liệu đã duyệt, hãy ghi lý do."),
    )
