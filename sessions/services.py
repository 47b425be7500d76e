"""Writes of the sessions app that touch more than one record."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from councils.models import Council, Term
from councils.records import save_record
from sessions.models import Resolution, Session

PARKED = 30_000  # temporary ordinals while sessions change places: above any real one (at most 200)


@transaction.atomic
def set_resolution_numbering(council: Council, numbering: str, *, user=None) -> Council:
    """Change how the council numbers its resolutions (by year, by term) and move every resolution
    into its new scope; refused, with the numbers in the way, if two would then share a number."""
    council.resolution_numbering = numbering
    rows = list(
        Resolution.objects.filter(session__council=council).select_related("session").order_by("adopted_on", "pk")
    )
    for row in rows:
        row.session.council = council
    clashes = Resolution.sibling_errors(rows)
    if clashes:
        raise ValidationError(
            _("Không thể đổi cách đánh số nghị quyết: %(clashes)s")
            % {"clashes": " ".join(errors["code"] for errors in clashes.values())}
        )
    save_record(council, user=user)
    # Two steps, so that no row takes a key another still holds (the database keeps keys unique).
    for row in rows:
        Resolution.objects.filter(pk=row.pk).update(scope_key=f"moving:{row.pk}")
    for row in rows:
        Resolution.objects.filter(pk=row.pk).update(scope_key=row.compute_scope_key())
    return council


def planned_ordinals(term: Term, first: int | None = None) -> list[tuple[Session, int, int]]:
    """The term's sessions in the order they opened (equal days: in the order entered), each with
    its ordinal now and the one it takes when renumbered by date: consecutive from `first`, by
    default the smallest ordinal the term has now."""
    sessions = list(term.sessions.order_by("start_date", "pk"))
    if not sessions:
        return []
    start = min(s.ordinal for s in sessions) if first is None else first
    return [(session, session.ordinal, start + index) for index, session in enumerate(sessions)]


@transaction.atomic
def renumber_sessions(term: Term, first: int | None = None, *, user=None) -> list[tuple[Session, int, int]]:
    """Give the term's sessions consecutive ordinals in the order of their dates (`planned_ordinals`),
    each saved through save_record (validated, audited as "ordinal: old → new"); all or none. The
    sessions that move are first parked on temporary ordinals, so that no two hold one at once."""
    moving = [(session, old, new) for session, old, new in planned_ordinals(term, first) if old != new]
    for index, (session, _old, _new) in enumerate(moving):
        Session.objects.filter(pk=session.pk).update(ordinal=PARKED + index)
    for session, old, new in moving:  # in date order: each checked against those before it, in place
        session.ordinal = new
        save_record(session, user=user, shown_before={"ordinal": str(old)})
    return moving
