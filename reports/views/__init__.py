"""The pages above the record apps: home pages, dashboards and lists, the annual report."""

from reports.views.annual import (
    annual_report,
    annual_report_docx,
    annual_report_edit,
    annual_report_pdf,
    annual_report_sign,
    annual_report_version,
)
from reports.views.dashboard import dashboard, record_list
from reports.views.home import council_home, home
from reports.views.review import accept, reopen, return_for_changes, submit

__all__ = [
    "accept",
    "annual_report",
    "annual_report_docx",
    "annual_report_edit",
    "annual_report_pdf",
    "annual_report_sign",
    "annual_report_version",
    "council_home",
    "dashboard",
    "home",
    "record_list",
    "reopen",
    "return_for_changes",
    "submit",
]
