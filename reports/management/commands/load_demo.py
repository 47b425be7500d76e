from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from councils import demo as councils_demo
from reports import demo


class Command(BaseCommand):
    help = "Load the Hương Sơn demo data (idempotent) and, with DEBUG on, the demo users."

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Only the data, no demo logins.")

    def handle(self, *args, no_users=False, **options):
        if not no_users:
            councils_demo.check_users_allowed()  # before writing anything
        demo.load_all()
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã nạp dữ liệu mẫu: tỉnh Hà Tĩnh, huyện Hương Sơn, 25 xã, thị trấn và hoạt động năm 2023.")
            )
        )
        if no_users:
            return
        for username, full_name, role in councils_demo.load_users():
            self.stdout.write(f"  {username:<16} {full_name} ({role or 'superuser'})")
