"""What passes to the new council when councils merge (councils.reorganise.councils_merged): the
follow-up items and petitions still open. Each keeps its link to its source (the question, the
oversight report, the voter meeting, the citizen reception of the council that ended), and the
move is in each record's audit trail. Closed records stay where they were."""

from django.dispatch import receiver

from councils.records import save_record
from councils.reorganise import councils_merged
from oversight.models import FollowUpItem, Petition


@receiver(councils_merged, dispatch_uid="oversight-handover")
def hand_over_open_work(sender, *, predecessors, successor, day, user, **kwargs) -> None:
    for record in [
        *FollowUpItem.objects.filter(council__in=predecessors).open(),
        *Petition.objects.filter(council__in=predecessors).open(),
    ]:
        record.council = successor
        save_record(record, user=user)
