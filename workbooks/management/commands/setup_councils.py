import csv
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from councils.commands import read_input, write_output
from councils.models import AdministrativeUnit
from workbooks.report import problem_lines
from workbooks.setup import setup_councils, setup_workbook_bytes


class Command(BaseCommand):
    help = (
        "Set up units, councils, current terms, accounts and memberships from one workbook (docs/import-format.md), "
        "all or nothing; new accounts' one-time passwords go to the --passwords file, never to the output. "
        "--export writes the setup workbook of a unit's tree."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="XLSX file to read")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--passwords", help="new file for the new accounts' one-time passwords (CSV, mode 600)")
        parser.add_argument("--user", help="username the changes are recorded under (an administrator)")
        parser.add_argument("--export", help="write the setup workbook of --unit's tree to this file instead")
        parser.add_argument("--unit", help="with --export: the slug of the unit whose tree is written")

    def handle(self, *args, file, dry_run, passwords, user, export, unit, **options):
        if export:
            return self._export(export, unit)
        if not file:
            raise CommandError(_("Cho biết tệp cần đọc, hoặc --export TỆP --unit ĐỊNH_DANH."))
        account = None
        if user:
            account = get_user_model().objects.filter(username=user, is_superuser=True, is_active=True).first()
            if account is None:
                raise CommandError(_("“%(user)s” không phải tài khoản quản trị hệ thống.") % {"user": user})
        if passwords and Path(passwords).exists():
            raise CommandError(_("Tệp %(path)s đã có: chọn tên tệp mới để ghi mật khẩu.") % {"path": passwords})
        data = read_input(file)
        keep = (lambda rows: _write_passwords(passwords, rows)) if passwords else None
        result = setup_councils(data, user=account, dry_run=dry_run, keep_passwords=keep)
        if not result.ok:
            for line in problem_lines(result):
                self.stderr.write(line)
            raise CommandError(_("Có %(n)s lỗi: không ghi gì. Sửa tệp rồi chạy lại.") % {"n": len(result.problems)})
        for sheet in result.sheets:
            self.stdout.write(
                _("%(sheet)s: %(created)s tạo mới, %(changed)s thay đổi, %(same)s giữ nguyên")
                % {"sheet": sheet.title, "created": sheet.created, "changed": sheet.changed, "same": sheet.unchanged}
            )
        if dry_run:
            self.stdout.write(_("Thử (không ghi)."))
        elif result.passwords:
            self.stdout.write(
                _("Mật khẩu lần đầu của %(n)s tài khoản mới: trong tệp %(path)s (chỉ người chạy lệnh đọc được).")
                % {"n": len(result.passwords), "path": passwords}
            )

    def _export(self, path, slug):
        unit = AdministrativeUnit.objects.filter(slug=slug or "").first()
        if unit is None:
            raise CommandError(_("Không có đơn vị nào có định danh “%(slug)s”.") % {"slug": slug or ""})
        data = setup_workbook_bytes(unit)
        write_output(path, data)
        self.stdout.write(_("Đã ghi %(path)s (%(kb)s KB).") % {"path": path, "kb": len(data) // 1024})


def _write_passwords(path: str, rows: list) -> None:
    """The one-time passwords, in a new file only its owner may read (created, never overwritten)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([_("Tên đăng nhập"), _("Họ và tên"), _("Hội đồng"), _("Mật khẩu lần đầu")])
        writer.writerows(rows)
