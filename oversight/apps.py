from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Giám sát và tiếp xúc cử tri")

    def ready(self):
        from oversight import due_dates, handover  # noqa: F401  (connect the merger handover, the stored deadlines)
