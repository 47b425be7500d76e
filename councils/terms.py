"""A new term (khóa) for many councils at once, as after the elections of 15/03/2026 that began
the 2026–2031 term: each council's open term ends on the new term's first day (its first
session), and the new term continues the numbering of khóa. Running it again changes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from councils.models import AdministrativeUnit, Term
from councils.records import save_record
from councils.text import dmy


@transaction.atomic
def start_new_terms(
    councils, start_date: datetime.date, election_date: datetime.date | None = None, *, user=None
) -> dict[str, int]:
    """For every council of a unit valid on `start_date` without a term starting that day: end its
    open term on `start_date` and open the next one. Returns {"created": n, "kept": m}."""
    counts = {"created": 0, "kept": 0}
    later = Term.objects.filter(council__in=councils, start_date__gt=start_date).select_related("council__unit").first()
    if later is not None:
        raise ValidationError(
            _("%(council)s đã có nhiệm kỳ bắt đầu ngày %(day)s, sau ngày %(start)s: không mở nhiệm kỳ nào.")
            % {"council": later.council, "day": dmy(later.start_date), "start": dmy(start_date)}
        )
    for council in councils.filter(unit__in=AdministrativeUnit.objects.valid_on(start_date)).select_related("unit"):
        if Term.objects.filter(council=council, start_date=start_date).exists():
            counts["kept"] += 1
            continue
        previous = Term.objects.filter(council=council, start_date__lt=start_date).order_by("-start_date").first()
        if previous and (previous.end_date is None or previous.end_date > start_date):
            previous.end_date = start_date
            save_record(previous, user=user)
        ordinal = previous.ordinal + 1 if previous and previous.ordinal else None
        save_record(
            Term(council=council, ordinal=ordinal, election_date=election_date, start_date=start_date), user=user
        )
        counts["created"] += 1
    return counts
