"""The named reads the dashboard and report call, on the 2023 demo data (loaded once for this module)."""

import datetime

from councils.models import Council
from sessions.models import Resolution, Session, StandingCommitteeMeeting
from sessions.selectors import WorkCounts, work_counts, work_counts_by_council
from sessions.warnings import council_year_warnings

D = datetime.date


def test_demo_data_gives_the_articles_figures(demo_2023, django_assert_num_queries):
    communes = list(Council.objects.under_in_year(demo_2023, 2023))
    with django_assert_num_queries(4):  # one aggregate per kind of record, whatever the number of councils
        work = work_counts_by_council([demo_2023, *communes], 2023)
    district = work[demo_2023.pk]
    commune_total = sum((work[c.pk] for c in communes), WorkCounts())

    assert (district.sessions, district.resolutions, district.sc_meetings) == (6, 29, 11)
    assert commune_total.sessions == 82
    assert commune_total.regular_sessions == 50
    assert commune_total.thematic_sessions == 32
    assert commune_total.resolutions == 336
    assert len(communes) == 25
    assert all(work[c.pk].regular_sessions == 2 for c in communes)


def test_named_querysets_agree_with_the_selector(demo_2023):
    pho_chau = Council.objects.get(unit__slug="pho-chau")
    counts = work_counts(pho_chau, 2023)
    assert Session.objects.for_council_year(pho_chau, 2023).count() == counts.sessions
    assert Resolution.objects.for_council_year(pho_chau, 2023).count() == counts.resolutions
    assert StandingCommitteeMeeting.objects.for_council_year(pho_chau, 2023).count() == counts.sc_meetings
    assert work_counts(pho_chau, 2022).sessions == 0


def test_demo_has_no_warnings(demo_2023):
    for council in Council.objects.under_in_year(demo_2023, 2023):
        assert council_year_warnings(council, 2023, today=D(2024, 1, 29)) == []
