from django.urls import path

from reports import views

urlpatterns = [
    path("bao-cao/<slug:slug>/<int:year>/", views.dashboard, name="dashboard"),
    path("bao-cao/<slug:slug>/<int:year>/gui/", views.submit, name="submit_year"),
    path("bao-cao/<slug:slug>/<int:year>/duyet/", views.accept, name="accept_year"),
    path("bao-cao/<slug:slug>/<int:year>/tra-lai/", views.return_for_changes, name="return_year"),
    path("bao-cao/<slug:slug>/<int:year>/mo-lai/", views.reopen, name="reopen_year"),
    path("bao-cao/<slug:slug>/<int:year>/bao-cao-nam/", views.annual_report, name="annual_report"),
    path("bao-cao/<slug:slug>/<int:year>/bao-cao-nam.pdf", views.annual_report_pdf, name="annual_report_pdf"),
    path("bao-cao/<slug:slug>/<int:year>/bao-cao-nam/soan/", views.annual_report_edit, name="annual_report_edit"),
    path("bao-cao/<slug:slug>/<int:year>/bao-cao-nam/ky/", views.annual_report_sign, name="annual_report_sign"),
    path(
        "bao-cao/<slug:slug>/<int:year>/bao-cao-nam/ban-<int:version>.pdf",
        views.annual_report_version,
        name="annual_report_version",
    ),
    path("danh-sach/<slug:kind>/", views.record_list, name="record_list"),
]
