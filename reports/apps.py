from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Tổng hợp và báo cáo")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from councils.models import (
            AdministrativeUnit,
            Council,
            Submission,
            Term,
            UnitChangeEvent,
            UnitLink,
            on_every_record_write,
        )
        from oversight.models import DeadlineRule
        from reports.fragments import record_written, shared_written
        from reports.models import ReportVersion

        # the kept dashboard bodies (reports.fragments) are left behind by any write they show
        on_every_record_write(record_written, "fragments")
        shared = [AdministrativeUnit, UnitLink, UnitChangeEvent, Council, Term, Submission, ReportVersion, DeadlineRule]
        for model in shared:
            for signal in (post_save, post_delete):
                signal.connect(shared_written, sender=model, dispatch_uid=f"fragments-{model._meta.label}")
        for field in UnitChangeEvent._meta.many_to_many:
            m2m_changed.connect(shared_written, sender=field.remote_field.through, dispatch_uid=f"fragments-{field}")
