from django.urls import path

from workbooks import setup_views, views

urlpatterns = [
    path("hoi-dong/<slug:slug>/so-lieu/<int:year>/mau.xlsx", views.template, name="workbook_template"),
    path("hoi-dong/<slug:slug>/so-lieu/<int:year>/tai-ve.xlsx", views.download, name="workbook_download"),
    path("hoi-dong/<slug:slug>/nhap-so-lieu/", views.upload, name="workbook_upload"),
    path("hoi-dong/<slug:slug>/nhap-so-lieu/ghi/", views.confirm, name="workbook_confirm"),
    path("quan-tri/thiet-lap-don-vi/", setup_views.setup_page, name="setup_councils"),
    path("quan-tri/thiet-lap-don-vi/ghi/", setup_views.setup_confirm, name="setup_councils_confirm"),
]
