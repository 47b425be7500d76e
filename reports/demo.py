"""The Standing Committee's words for Hương Sơn's 2023 report (deterministic demo)."""

import datetime

from councils import records
from councils.models import Council
from reports.annual import skeleton
from reports.models import ReportNarrative


def load_2023(district: Council) -> ReportNarrative:
    narrative = ReportNarrative.objects.filter(council=district, year=2023).first() or skeleton(district, 2023)
    narrative.number = 5
    narrative.issued_on = datetime.date(2024, 1, 25)  # before the conference of 29/01/2024
    narrative.signer_mode = ReportNarrative.Signer.TM
    narrative.signer_name = "Bùi Nhân Sâm"
    return records.save_record(narrative)
