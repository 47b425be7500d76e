from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from councils.models import Council
from reports import annual


class Command(BaseCommand):
    help = "Render a council's annual coordination report as a PDF."

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="council slug, e.g. huong-son")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True, help="PDF file to write")

    def handle(self, *args, council, year, output, **options):
        try:
            found = Council.objects.with_unit().get(unit__slug=council)
        except Council.DoesNotExist:
            raise CommandError(
                _("Không có Hội đồng nhân dân nào có định danh “%(slug)s”.") % {"slug": council}
            ) from None
        try:
            pdf = annual.render_pdf(annual.build(found, year))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        Path(output).write_bytes(pdf)
        self.stdout.write(_("Đã ghi %(path)s (%(kb)s KB).") % {"path": output, "kb": len(pdf) // 1024})
