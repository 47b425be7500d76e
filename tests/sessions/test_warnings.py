"""Warnings that are not errors: shown to the reviewer, never blocking the clerk."""

import datetime

from sessions.warnings import council_year_warnings, numbering_gaps
from tests.factories import ResolutionFactory, SessionFactory

D = datetime.date


def test_fewer_than_two_regular_sessions_in_a_finished_year_is_a_warning(pho_chau):
    SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11))

    assert council_year_warnings(pho_chau, 2023, today=D(2024, 1, 29)) == [
        "Năm 2023 chỉ có 1 kỳ họp thường lệ (luật quy định ít nhất 2)."
    ]
    assert council_year_warnings(pho_chau, 2023, today=D(2023, 8, 1)) == []  # the year is not over
    assert council_year_warnings(pho_chau, 2021, today=D(2024, 1, 29)) == []  # the term began mid-2021
    assert council_year_warnings(pho_chau, 2022, today=D(2024, 1, 29)) == [  # not "chỉ có 0"
        "Năm 2022 chưa có kỳ họp thường lệ nào (luật quy định ít nhất 2)."
    ]


def test_a_numbering_gap_is_a_warning(pho_chau):
    session = SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11))
    SessionFactory(council=pho_chau, ordinal=13, start_date=D(2023, 12, 11))
    for code in ["01/NQ-HĐND", "02/NQ-HĐND", "05/NQ-HĐND"]:
        ResolutionFactory(session=session, code=code)

    assert numbering_gaps(pho_chau, 2023) == [3, 4]
    assert council_year_warnings(pho_chau, 2023, today=D(2024, 1, 29)) == [
        "Số nghị quyết bị bỏ trống trong năm 2023: 03, 04."
    ]


def test_reviewer_sees_the_warnings_on_the_council_page(client, reviewer, pho_chau):
    SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11))
    client.force_login(reviewer)

    page = client.get("/hoi-dong/pho-chau/?nam=2023").content.decode()

    assert "Năm 2023 chỉ có 1 kỳ họp thường lệ (luật quy định ít nhất 2)." in page


def test_the_checklists_hold_a_year_to_two_regular_sessions_when_the_warnings_do(client, clerk, reviewer, pho_chau):
    """The clerk's checklist and the district's completeness matrix ask for two regular sessions in
    the years the warning does, and no other: 2021, split between two terms, is not held to it."""
    from reports.figures import year_figures

    SessionFactory(council=pho_chau, ordinal=1, start_date=D(2021, 7, 11))
    SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11))

    def minimum(year):
        client.force_login(clerk)
        checks = client.get(f"/hoi-dong/pho-chau/?nam={year}").context["checks"]
        row = next(row for row in year_figures(pho_chau.unit.parent.council, year).rows if row.council == pho_chau)
        return {check.ok for checks in (checks, row.checks) for check in checks if check.label.startswith("Đủ")}

    assert council_year_warnings(pho_chau, 2021) == [] and minimum(2021) == {None}
    assert council_year_warnings(pho_chau, 2023) != [] and minimum(2023) == {False}
