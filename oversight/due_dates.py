"""A petition's stored deadline (`Petition.due_on`) follows what it depends on outside the petition:
its unit being remote (longer limits) changes the deadlines of the unit's open petitions. The
deadline rules themselves refresh every open petition when saved (`DeadlineRule.save`)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from councils.models import AdministrativeUnit
from oversight.models import Petition


@receiver(post_save, sender=AdministrativeUnit, dispatch_uid="oversight-due-dates-unit")
def refresh_when_remoteness_changes(sender, instance, created, **kwargs) -> None:
    if not created:
        Petition.objects.filter(council__unit=instance).open().refresh_due_dates()
