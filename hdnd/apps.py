from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class HdndAdminConfig(AdminConfig):
    default_site = "hdnd.admin.HdndAdminSite"


class HdndConfig(AppConfig):
    """The project itself as an app, for its management commands (backup, restore)."""

    name = "hdnd"

    def ready(self):
        # django-tasks-db registers its queue in the admin (when the admin, the first app, found
        # every app's admin module); it is nobody's data entry. `make worker` logs what it runs.
        from django.contrib import admin
        from django_tasks_db.models import DBTaskResult

        admin.site.unregister(DBTaskResult)
