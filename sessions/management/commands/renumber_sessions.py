from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from councils import access
from councils.models import Council
from councils.text import dmy
from sessions import services


class Command(BaseCommand):
    help = (
        "Renumber a council's sessions of one term in the order of their dates (consecutive from --first, by default "
        "the smallest ordinal now), validated and audited; --dry-run shows the plan only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="council slug, e.g. pho-chau")
        parser.add_argument("--term", type=int, help="the term's ordinal (khóa); default: its latest term")
        parser.add_argument("--first", type=int, help="the first session's ordinal; default: the smallest now")
        parser.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
        parser.add_argument("--user", help="username the changes are recorded under (refused if they may not edit)")

    def handle(self, *args, council, term, first, dry_run, user, **options):
        found = Council.objects.with_unit().filter(unit__slug=council).first()
        if found is None:
            raise CommandError(_("Không có Hội đồng nhân dân nào có định danh “%(slug)s”.") % {"slug": council})
        terms = found.terms.order_by("-start_date")
        chosen = terms.filter(ordinal=term).first() if term is not None else terms.first()
        if chosen is None:
            raise CommandError(_("%(council)s không có nhiệm kỳ này.") % {"council": found})
        account = None
        if user:
            account = get_user_model().objects.filter(username=user, is_active=True).first()
            if account is None or not access.can_edit(account, found):
                raise CommandError(
                    _("Tài khoản “%(user)s” không được sửa hồ sơ của %(council)s.") % {"user": user, "council": found}
                )
        plan = services.planned_ordinals(chosen, first)
        for session, old, new in plan:
            mark = f"{old} → {new}" if old != new else f"{old} ({_('giữ nguyên')})"
            self.stdout.write(
                _("Kỳ họp khai mạc %(day)s: %(change)s") % {"day": dmy(session.start_date), "change": mark}
            )
        if dry_run:
            self.stdout.write(_("Thử (không ghi)."))
            return
        try:
            moved = services.renumber_sessions(chosen, first, user=account)
        except ValidationError as error:
            raise CommandError(_("Không đánh số lại được: %(why)s") % {"why": " ".join(error.messages)}) from None
        self.stdout.write(_("Đã đánh số lại %(n)s kỳ họp.") % {"n": len(moved)})
