"""Writes of the sessions app that touch more than one record."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from councils.models import Council
from councils.records import save_record
from sessions.models import Resolution


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
