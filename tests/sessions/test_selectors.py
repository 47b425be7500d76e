"""The named reads the dashboard and report call, and the reviewer's warnings."""

import datetime

import pytest

from councils.models import Council
from sessions import demo
from sessions.models import Resolution, Session, StandingCommitteeMeeting
from sessions.selectors import district_work, work_counts
from sessions.warnings import council_year_warnings, numbering_gaps
from tests.factories import ResolutionFactory, SessionFactory

D = datetime.date


@pytest.fixture
def demo_2023(district):
    demo.load_2023(district)
    return district


def test_demo_data_gives_the_articles_figures(demo_2023, django_assert_num_queries):
    with django_assert_num_queries(5):  # the communes, then one aggregate per kind of record
        work = district_work(demo_2023, 2023)

    assert work.district.sessions == 6
    assert work.district.resolutions == 29
    assert work.district.sc_meetings == 11
    assert work.communes.sessions == 82
    assert work.communes.regular_sessions == 50
    assert work.communes.thematic_sessions == 32
    assert work.communes.resolutions == 336
    assert len(work.by_commune) == 25
    assert all(counts.regular_sessions == 2 for _council, counts in work.by_commune)


def test_named_querysets_agree_with_the_selector(demo_2023):
    pho_chau = Council.objects.get(unit__slug="pho-chau")
    counts = work_counts(pho_chau, 2023)
    assert Session.objects.for_council_year(pho_chau, 2023).count() == counts.sessions
    assert Resolution.objects.for_council_year(pho_chau, 2023).count() == counts.resolutions
    assert StandingCommitteeMeeting.objects.for_council_year(pho_chau, 2023).count() == counts.sc_meetings
    assert work_counts(pho_chau, 2022).sessions == 0


def test_demo_is_deterministic_and_idempotent(demo_2023):
    before = list(Resolution.objects.order_by("pk").values_list("code", "adopted_on", "summary"))
    demo.load_2023(demo_2023)
    assert list(Resolution.objects.order_by("pk").values_list("code", "adopted_on", "summary")) == before
    assert len(set(Resolution.objects.values_list("summary", flat=True))) > 10


def test_demo_has_no_warnings(demo_2023):
    for council in Council.objects.under_in_year(demo_2023, 2023):
        assert council_year_warnings(council, 2023, today=D(2024, 1, 29)) == []


def test_fewer_than_two_regular_sessions_in_a_finished_year_is_a_warning(pho_chau):
    SessionFactory(council=pho_chau, ordinal=12, start_date=D(2023, 7, 11))

    assert council_year_warnings(pho_chau, 2023, today=D(2024, 1, 29)) == [
        "Năm 2023 chỉ có 1 kỳ họp thường lệ (luật quy định ít nhất 2)."
    ]
    assert council_year_warnings(pho_chau, 2023, today=D(2023, 8, 1)) == []  # the year is not over
    assert council_year_warnings(pho_chau, 2021, today=D(2024, 1, 29)) == []  # the term began mid-2021


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
