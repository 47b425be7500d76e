"""Oversight figures on the 2023 demo data (loaded once for this module), and query counts."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Council
from oversight.models import FollowUpItem, VoterMeeting
from oversight.selectors import constituent_work_by_council

D = datetime.date


def url(name, *args):
    return reverse(f"admin:oversight_{name}", args=args)


def test_demo_gives_the_articles_oversight_figures(demo_2023, django_assert_num_queries):
    communes = list(Council.objects.under_in_year(demo_2023, 2023))
    with django_assert_num_queries(8):  # one aggregate per kind; what is overdue (petitions, items) in one
        work = constituent_work_by_council([demo_2023, *communes], 2023, today=D(2024, 1, 29))
    commune_total = sum((work[c.pk] for c in communes[1:]), work[communes[0].pk])

    assert work[demo_2023.pk].thematic_oversight == 6
    assert commune_total.thematic_oversight == 129
    assert work[demo_2023.pk].surveys == 2


def test_demo_covers_every_status_level_and_petition_type(demo_2023):
    communes = list(Council.objects.under_in_year(demo_2023, 2023))
    work = constituent_work_by_council([demo_2023, *communes], 2023, today=D(2024, 1, 29))
    total = sum(work.values(), next(iter(work.values())).__class__())

    assert set(total.follow_up) == {s.value for s in FollowUpItem.Status}
    assert total.follow_up_overdue > 0
    assert {level for level, _timing in total.voter_meetings} == {lvl.value for lvl in VoterMeeting.DeputyLevel}
    assert {timing for _level, timing in total.voter_meetings} >= {"TRUOC", "SAU"}
    assert set(total.petitions) == {"KHIEU_NAI", "TO_CAO", "KIEN_NGHI", "PHAN_ANH"}
    assert total.petitions_overdue > 0
    assert total.opinions_answered <= total.opinions_forwarded <= total.opinions_raised
    assert total.receptions == 26 * 12


def test_register_filters_by_overdue_and_status(client, reviewer, demo_2023):
    client.force_login(reviewer)
    overdue = client.get(url("followupitem_changelist"), {"qua_han": "1"}).context["cl"]
    assert overdue.result_count == FollowUpItem.objects.overdue().count() > 0
    done = client.get(url("followupitem_changelist"), {"status__exact": "DA"}).context["cl"]
    assert done.result_count == FollowUpItem.objects.filter(status="DA").count()


def test_petition_list_uses_a_constant_number_of_queries(client, reviewer, demo_2023):
    client.force_login(reviewer)
    path = url("petition_changelist")

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, params).status_code == 200
        return len(captured)

    one_commune = queries({"hoi_dong": Council.objects.get(unit__slug="pho-chau").pk})
    all_communes = queries({})
    assert one_commune == all_communes
