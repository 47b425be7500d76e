from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Đơn vị hành chính và Hội đồng nhân dân")

    def ready(self):
        from councils.collation import register_sqlite_collation
        from councils.search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="hdnd_fold")
        connection_created.connect(register_sqlite_collation, dispatch_uid="hdnd_vi_natural")

        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from councils.models import CouncilRecord
        from councils.models.tally import record_written

        # however a record is written (save_record, a factory, a queryset's delete, a cascade), its
        # council's year is counted again; save_record adds the year it had before a move
        for model in apps.get_models():
            if issubclass(model, CouncilRecord):
                for signal in (post_save, post_delete):
                    signal.connect(record_written, sender=model, dispatch_uid=f"tally-{model._meta.label}")
