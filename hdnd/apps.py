from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class HdndAdminConfig(AdminConfig):
    default_site = "hdnd.admin.HdndAdminSite"


class HdndConfig(AppConfig):
    """The project itself as an app, for its management commands (backup, restore)."""

    name = "hdnd"
