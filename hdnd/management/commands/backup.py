from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hdnd import backups


class Command(BaseCommand):
    help = (
        "Back up the database and the attachments into BACKUP_DIR (var/backups): "
        "<time>.dump (PostgreSQL) or <time>.sqlite3 (SQLite), and <time>.media.tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="Another folder than BACKUP_DIR.")

    def handle(self, *args, dir=None, **options):
        try:
            files = backups.backup(dir or settings.BACKUP_DIR)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(_("Đã sao lưu:")))
        for path in files:
            self.stdout.write(f"  {path}  ({path.stat().st_size / 1024:.0f} KB)")
