from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbooksConfig(AppConfig):
    name = "workbooks"
    verbose_name = _("Nhập, xuất sổ Excel")
