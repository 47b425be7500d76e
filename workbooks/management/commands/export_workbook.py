from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from councils.commands import checked_year, write_output
from councils.models import Council
from workbooks import export, sheets


class Command(BaseCommand):
    help = "Write a council's year as the import workbook (docs/import-format.md); --template leaves it empty."

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="council slug, e.g. huong-son")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True, help="XLSX file to write")
        parser.add_argument("--template", action="store_true", help="the sheets without records")

    def handle(self, *args, council, year, output, template, **options):
        found = council_or_error(council)
        data = export.workbook_bytes(sheets.context(found, checked_year(year)), template=template)
        write_output(output, data)
        self.stdout.write(_("Đã ghi %(path)s (%(kb)s KB).") % {"path": output, "kb": len(data) // 1024})


def council_or_error(slug: str) -> Council:
    try:
        return Council.objects.with_unit().get(unit__slug=slug)
    except Council.DoesNotExist:
        raise CommandError(_("Không có Hội đồng nhân dân nào có định danh “%(slug)s”.") % {"slug": slug}) from None
