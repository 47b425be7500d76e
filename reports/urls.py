from django.urls import path, register_converter

from councils.validation import year_range
from reports import views


class YearConverter:
    """A year in a URL: four digits within the years the system holds records for; any other
    (0, 10000, 1800) is a 404, never an error page."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        first, last = year_range()
        if not first <= int(value) <= last:
            raise ValueError(value)
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(YearConverter, "year")

urlpatterns = [
    path("bao-cao/<slug:slug>/<year:year>/", views.dashboard, name="dashboard"),
    path("bao-cao/<slug:slug>/<year:year>/gui/", views.submit, name="submit_year"),
    path("bao-cao/<slug:slug>/<year:year>/duyet/", views.accept, name="accept_year"),
    path("bao-cao/<slug:slug>/<year:year>/tra-lai/", views.return_for_changes, name="return_year"),
    path("bao-cao/<slug:slug>/<year:year>/mo-lai/", views.reopen, name="reopen_year"),
    path("bao-cao/<slug:slug>/<year:year>/bao-cao-nam/", views.annual_report, name="annual_report"),
    path("bao-cao/<slug:slug>/<year:year>/bao-cao-nam.pdf", views.annual_report_pdf, name="annual_report_pdf"),
    path("bao-cao/<slug:slug>/<year:year>/bao-cao-nam.docx", views.annual_report_docx, name="annual_report_docx"),
    path("bao-cao/<slug:slug>/<year:year>/bao-cao-nam/soan/", views.annual_report_edit, name="annual_report_edit"),
    path("bao-cao/<slug:slug>/<year:year>/bao-cao-nam/ky/", views.annual_report_sign, name="annual_report_sign"),
    path(
        "bao-cao/<slug:slug>/<year:year>/bao-cao-nam/ban-<int:version>.pdf",
        views.annual_report_version,
        name="annual_report_version",
    ),
    path("danh-sach/<slug:kind>/", views.record_list, name="record_list"),
]
