from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from councils.commands import checked_year, write_output
from councils.models import Council
from reports import annual, docx

RENDERERS = {"pdf": annual.render_pdf, "docx": docx.render_docx}


class Command(BaseCommand):
    help = "Render a council's annual coordination report as a PDF or, to edit in Word, a .docx."

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="council slug, e.g. huong-son")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", dest="kind", choices=sorted(RENDERERS), default="pdf", help="pdf or docx")
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args, council, year, output, kind, **options):
        checked_year(year)
        try:
            found = Council.objects.with_unit().get(unit__slug=council)
        except Council.DoesNotExist:
            raise CommandError(
                _("Không có Hội đồng nhân dân nào có định danh “%(slug)s”.") % {"slug": council}
            ) from None
        try:
            content = RENDERERS[kind](annual.build(found, year))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        write_output(output, content)
        self.stdout.write(_("Đã ghi %(path)s (%(kb)s KB).") % {"path": output, "kb": len(content) // 1024})
