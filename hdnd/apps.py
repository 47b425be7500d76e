from django.contrib.admin.apps import AdminConfig


class HdndAdminConfig(AdminConfig):
    default_site = "hdnd.admin.HdndAdminSite"
