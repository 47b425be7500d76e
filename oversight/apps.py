from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Giám sát và tiếp xúc cử tri")

    def ready(self):
        from oversight import handover  # noqa: F401  (connects the merger handover)
