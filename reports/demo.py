"""The whole demo: Hương Sơn's unit tree and its 2023 year, as the source article reports it.

Every app contributes its part (councils: units, councils, terms; sessions: council work;
oversight: oversight, constituents and the register; reports: the Standing Committee's words);
this module, on the top layer, puts them together for `manage.py load_demo` and the tests.
"""

import datetime

from django.db import transaction

from councils import demo as councils_demo
from councils import records
from councils.models import Council
from oversight import demo as oversight_demo
from reports.annual import skeleton
from reports.models import ReportNarrative
from sessions import demo as sessions_demo


@transaction.atomic
def load_all() -> Council:
    """Load (or bring up to date) every demo record; returns Hương Sơn's council. Idempotent."""
    district = councils_demo.load_units()
    sessions_demo.load_2023(district)
    oversight_demo.load_2023(district)
    load_2023(district)
    return district


def load_2023(district: Council) -> ReportNarrative:
    """The Standing Committee's words for Hương Sơn's 2023 report."""
    narrative = ReportNarrative.objects.filter(council=district, year=2023).first() or skeleton(district, 2023)
    narrative.number = 5
    narrative.issued_on = datetime.date(2024, 1, 25)  # before the conference of 29/01/2024
    narrative.signer_mode = ReportNarrative.Signer.ON_BEHALF
    narrative.signer_name = "Bùi Nhân Sâm"
    return records.save_record(narrative)
