from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hdnd import backups


class Command(BaseCommand):
    help = (
        "Replace the database and the attachments with a backup made by `backup` (FILE: its .dump or "
        ".sqlite3; the .media.tar.gz beside it comes along). Stop the server first. The present "
        "state is backed up before it is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, file, interactive=True, **options):
        if interactive:
            question = _(
                "Toàn bộ dữ liệu và tệp đính kèm hiện tại sẽ được thay bằng bản sao lưu %(file)s. "
                "Hãy dừng máy chủ trước. Gõ 'yes' để tiếp tục: "
            ) % {"file": file}
            if input(question) != "yes":
                raise CommandError(_("Đã hủy: không thay đổi gì."))
        try:
            backups.check(file)
            safety = backups.backup(settings.BACKUP_DIR)
            self.stdout.write(_("Đã sao lưu dữ liệu hiện tại trước khi khôi phục: %(file)s") % {"file": safety[0]})
            backups.restore(file)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(_("Đã khôi phục từ %(file)s.") % {"file": file}))
