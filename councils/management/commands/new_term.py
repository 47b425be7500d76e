from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from councils.forms import VNDateField
from councils.models import Council, Level, types_of_level
from councils.terms import start_new_terms


class Command(BaseCommand):
    help = "Open a new term (khóa) for every council, or every council of a level, from its first day."

    def add_arguments(self, parser):
        parser.add_argument("--bat-dau", required=True, dest="start", help="first day of the term, dd/mm/yyyy")
        parser.add_argument("--bau-cu", dest="election", help="election day, dd/mm/yyyy")
        parser.add_argument("--cap", choices=[level.value for level in Level], help="only councils of this level")

    def handle(self, *args, start, election, cap, **options):
        try:
            start_date = VNDateField().clean(start)
            election_date = VNDateField(required=False).clean(election or "")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if election_date and election_date > start_date:
            raise CommandError(_("Ngày bầu cử phải trước ngày bắt đầu nhiệm kỳ."))
        councils = Council.objects.filter(unit__unit_type__in=types_of_level(cap)) if cap else Council.objects.all()
        try:
            counts = start_new_terms(councils, start_date, election_date)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(_("Đã mở %(created)s nhiệm kỳ mới; %(kept)s Hội đồng đã có nhiệm kỳ này.") % counts)
