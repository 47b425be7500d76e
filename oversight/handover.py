"""What passes to the new council when councils merge (councils.reorganise.councils_merged): the
follow-up items and petitions still open from the merger's year. Each keeps its link to its source
(the question, the oversight report, the voter meeting, the citizen reception of the council that
ended), and the move is in each record's audit trail.

Stays where it was: closed records; open ones of earlier years, whose figures belong to years
already reported (and perhaps accepted) under the council that held them; and anything in a year
the council above has accepted (locked)."""

import datetime

from django.dispatch import receiver

from councils.models import locked_period_message
from councils.records import save_record
from councils.reorganise import councils_merged
from oversight.models import FollowUpItem, Petition


@receiver(councils_merged, dispatch_uid="oversight-handover")
def hand_over_open_work(sender, *, predecessors, successor, day, user, **kwargs) -> None:
    since = datetime.date(day.year, 1, 1)
    for record in [
        *FollowUpItem.objects.filter(council__in=predecessors, created_on__gte=since).open(),
        *Petition.objects.filter(council__in=predecessors, received_on__gte=since).open(),
    ]:
        if locked_period_message(record) is None:
            record.council = successor
            save_record(record, user=user)
