"""Each council's yearly figures kept as data (issue 15, point 4): after every kind of write — a
create, an edit, a move between years, a delete (through the write path or a queryset), review
actions and a reorganisation with its handover — every tally that says it is current holds exactly
what the selectors count now, and the next reading brings every other one up to date."""

import datetime

from django.db.models import F

from councils import reorganise, review, tree
from councils.models import Council, YearTally
from councils.records import delete_record, save_record
from oversight.models import Petition, VoterMeeting, VoterOpinion
from oversight.selectors import ConstituentWork, constituent_work_in
from reports import tallies
from sessions.models import StandingCommitteeMeeting
from sessions.selectors import WorkCounts, work_counts_in
from tests.councils.test_reorganise import province, two_tier_file  # noqa: F401  (fixture)
from tests.factories import MembershipFactory, SessionFactory, UserFactory

D = datetime.date
TODAY = D(2026, 11, 29)
YEARS = [2023, 2024, 2025]


def live(year: int) -> dict[int, dict]:
    """{council id: what the selectors count now for its year}, as a tally stores it."""
    spans = tree.whole(list(Council.objects.values_list("pk", flat=True)), *tree.year_bounds(year))
    work, constituent = work_counts_in(spans), constituent_work_in(spans, TODAY)
    return {pk: {"work": work[pk].to_dict(), "constituent": constituent[pk].to_dict()} for pk in work}


def count_all() -> None:
    """A reading of every council's years: what the dashboards do (reports.tallies)."""
    ids = list(Council.objects.values_list("pk", flat=True))
    tallies.stored_counts(dict.fromkeys(YEARS, ids))


def current_ones_hold_the_live_counts() -> int:
    """Every tally that says it is current equals the live count; returns how many are out of date."""
    stale, now = 0, {year: live(year) for year in YEARS}
    for tally in YearTally.objects.all():
        if tally.current:
            assert tally.counts == now[tally.year][tally.council_id], (tally.council_id, tally.year)
        else:
            stale += 1
    count_all()
    assert all(tally.current for tally in YearTally.objects.all())
    return stale


def test_tallies_follow_every_kind_of_write(pho_chau, reviewer):
    count_all()
    assert YearTally.objects.filter(council=pho_chau).count() == len(YEARS)

    session = SessionFactory(council=pho_chau, ordinal=3, start_date=D(2023, 7, 11))  # through save_record
    assert current_ones_hold_the_live_counts() == 1

    meeting = save_record(StandingCommitteeMeeting(council=pho_chau, date=D(2023, 3, 5), content="Chuẩn bị"))
    voters = save_record(
        VoterMeeting(council=pho_chau, deputy_level="DBQH", timing="CHUYEN_DE", date=D(2023, 4, 20), place="NVH")
    )
    save_record(VoterOpinion(meeting=voters, content="Sửa đường", competent_level="HUYEN"))
    assert current_ones_hold_the_live_counts() == 1

    session.kind = "CHUYEN_DE"  # an edit that moves a figure within the year
    save_record(session)
    assert current_ones_hold_the_live_counts() == 1

    meeting.date = D(2024, 3, 5)  # a move between years: both years are counted again
    save_record(meeting)
    voters.date = D(2024, 4, 20)  # its opinions move with it
    save_record(voters)
    assert current_ones_hold_the_live_counts() == 2

    delete_record(meeting)
    assert current_ones_hold_the_live_counts() == 1
    VoterOpinion.objects.filter(meeting=voters).delete()  # outside the write path: still marked
    assert current_ones_hold_the_live_counts() == 1

    review.submit(pho_chau, 2023, user=MembershipFactory(user=UserFactory(), council=pho_chau).user)
    review.accept(pho_chau, 2023, user=reviewer)
    assert current_ones_hold_the_live_counts() == 0  # the year's review changes no count


def test_tallies_follow_a_reorganisation_and_its_handover(province):  # noqa: F811
    a1 = Council.objects.get(unit__slug="a1")
    save_record(Petition(council=a1, type="KIEN_NGHI", received_on=D(2025, 3, 15), sender_name="An", subject="Đường"))
    count_all()

    reorganise.apply(reorganise.read(two_tier_file()))  # the open petition passes to xã A Mới

    assert current_ones_hold_the_live_counts() == 2  # a1's 2025, and A Mới's (new: counted at first reading)
    a_moi = Council.objects.get(unit__slug="a-moi")
    stored = YearTally.objects.get(council=a_moi, year=2025).counts["constituent"]["petitions"]
    assert stored == {"KIEN_NGHI": 1}


def test_a_dashboard_reads_the_tallies_and_counts_only_what_changed(client, reviewer, district):
    from django.urls import reverse

    from tests.reports.test_dashboard import queries

    client.force_login(reviewer)
    url = reverse("dashboard", args=["huong-son", 2023])
    first, again = queries(client, url), queries(client, url)
    SessionFactory(council=Council.objects.get(unit__slug="pho-chau"), ordinal=3, start_date=D(2023, 7, 11))
    after_a_write = queries(client, url)
    assert again < after_a_write < first  # one council's year counted again, not all 26
    assert queries(client, url) == again


def test_a_roll_up_summed_by_the_database_equals_the_councils_counts_added_up(demo_2023):
    ids = list(Council.objects.values_list("pk", flat=True))
    YearTally.objects.filter(council__unit__slug="pho-chau").delete()  # a council never counted
    YearTally.objects.filter(council__unit__slug="son-tay").update(changes=F("changes") + 1)  # one out of date

    work, constituent = tallies.summed(ids, 2023)

    spans = tree.whole(ids, *tree.year_bounds(2023))
    live_work, live_constituent = work_counts_in(spans), constituent_work_in(spans, TODAY)
    assert work == sum(live_work.values(), WorkCounts())
    assert work.sessions == 88 and work.regular_sessions > 0 and work.resolutions > 0
    # the same, what is overdue aside (counted on the day asked, not kept)
    expected = sum(live_constituent.values(), ConstituentWork())
    expected.petitions_overdue = expected.follow_up_overdue = 0
    assert constituent == expected
    assert constituent.oversight and constituent.voter_meetings and constituent.voters
    assert all(tally.current for tally in YearTally.objects.filter(year=2023))
