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

        from councils.models import on_every_record_write
        from councils.models.tally import record_written

        # however a record is written, its council's year is counted again; save_record adds the
        # year it had before a move
        on_every_record_write(record_written, "tally")
