from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from councils import reorganise


class Command(BaseCommand):
    help = "Apply a reorganisation of administrative units from a CSV file (docs/reorganise-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 CSV: hieu_luc,can_cu,thao_tac,don_vi,ten_moi,loai,truc_thuoc")
        parser.add_argument("--dry-run", action="store_true", help="check and show what would change; write nothing")
        parser.add_argument(
            "--chuyen-tai-khoan",
            action="store_true",
            dest="move_accounts",
            help="make the merged councils' members members of the new council",
        )

    def handle(self, *args, file, dry_run, move_accounts, **options):
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Không đọc được tệp %(file)s (cần CSV mã UTF-8): %(error)s") % {"file": file, "error": error}
            ) from None
        plan = reorganise.read(text)
        if dry_run:  # what applying would refuse, too
            reorganise.rehearse(plan, move_accounts=move_accounts)
        if plan.errors:
            raise CommandError(_("Tệp không được áp dụng; không có gì thay đổi.") + "\n" + "\n".join(plan.errors))
        self.stdout.write(plan.summary())
        if dry_run:
            for row in plan.rows:
                state = _("đã có") if row.line in plan.done else _("sẽ thực hiện")
                names = ", ".join(str(u) for u in row.units)
                self.stdout.write(f"  {row.line}: {row.action} {names} → {row.new_name or row.parent or '—'} ({state})")
            self.stdout.write(_("Chạy thử: không ghi gì."))
            return
        try:
            counts = reorganise.apply(plan, move_accounts=move_accounts)
        except ValidationError as error:
            raise CommandError(
                _("Tệp không được áp dụng; không có gì thay đổi.") + "\n" + "\n".join(error.messages)
            ) from None
        self.stdout.write(
            _(
                "Đã áp dụng: %(created)s đơn vị mới, %(moved)s đơn vị chuyển cấp trên, %(ended)s đơn vị "
                "kết thúc, %(events)s sự kiện, %(accounts)s tài khoản chuyển sang Hội đồng mới."
            )
            % counts
        )
