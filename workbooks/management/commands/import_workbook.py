from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from councils import access
from councils.commands import read_input
from workbooks.importer import import_workbook
from workbooks.management.commands.export_workbook import council_or_error
from workbooks.report import problem_lines, summary_lines


class Command(BaseCommand):
    help = (
        "Load a council's workbook (docs/import-format.md): all rows or none, each validated as on the forms. "
        "--dry-run says what would be created and changed, and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="XLSX file")
        parser.add_argument("--council", required=True, help="council slug, e.g. pho-chau")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--user", help="username the changes are recorded under; refused if that user may not write the council"
        )

    def handle(self, *args, file, council, dry_run, user, **options):
        found = council_or_error(council)
        account, sees = None, True
        if user:
            account = get_user_model().objects.filter(username=user, is_active=True).first()
            if account is None:
                raise CommandError(_("Không có tài khoản “%(user)s”.") % {"user": user})
            if not access.can_import(account, found):
                message = _("Tài khoản “%(user)s” không được nhập số liệu cho %(council)s.")
                raise CommandError(message % {"user": user, "council": found})
            sees = access.sees_personal_data(account)(found.pk)
        data = read_input(file)
        result = import_workbook(data, found, user=account, dry_run=dry_run, sees_personal_data=sees)
        for line in summary_lines(result):
            self.stdout.write(line)
        if not result.ok:
            for line in problem_lines(result):
                self.stderr.write(line)
            raise CommandError(
                _("Có %(n)s lỗi: không ghi dòng nào. Sửa tệp rồi nhập lại.") % {"n": len(result.problems)}
            )
