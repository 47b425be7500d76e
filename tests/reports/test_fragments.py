"""The dashboard's kept body (reports.fragments, issue 15): served from the cache until a write
changes what it shows, and never from one reader to another who may see something else."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils import reorganise
from councils.models import Council, Submission
from tests.councils.test_reorganise import province, two_tier_file  # noqa: F401  (fixture)
from tests.factories import MembershipFactory, SessionFactory, UserFactory

D = datetime.date


def page(client, slug="huong-son", year=2023):
    """The page without its per-request CSRF token (the log-out form), and its number of queries."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("dashboard", args=[slug, year]))
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode()), len(captured)


def figure(text: str, name: str) -> int:
    return int(text.split(f'data-figure="{name}">', 1)[1].split("<", 1)[0])


@pytest.fixture
def province_reviewer(demo_2023):
    hatinh = Council.objects.get(unit__slug="ha-tinh")
    return MembershipFactory(user=UserFactory(username="tinh.hatinh"), council=hatinh, role="REVIEWER").user


def test_a_kept_dashboard_is_the_same_page_for_two_queries(client, reviewer, demo_2023):
    client.force_login(reviewer)
    page(client)  # the first reading counts the years never counted, and keeps them
    cache.clear()
    rendered, rendering = page(client)
    kept, keeping = page(client)
    assert kept == rendered
    assert rendering == 12  # tests/reports/test_dashboard.py pins it too
    # the user and their memberships (which hold their own council); the login is read from the cache
    assert keeping == 2


def test_a_communes_session_renews_the_district_and_the_province(client, reviewer, province_reviewer, clerk):
    client.force_login(clerk)
    own_before = figure(page(client, "pho-chau")[0], "own-sessions")
    client.force_login(reviewer)
    district_before = figure(page(client)[0], "communes-sessions")
    client.force_login(province_reviewer)
    province_before = figure(page(client, "ha-tinh")[0], "level-2-sessions")
    assert (district_before, province_before) == (82, 82)

    SessionFactory(council=Council.objects.get(unit__slug="pho-chau"), ordinal=40, start_date=D(2023, 11, 20))

    assert figure(page(client, "ha-tinh")[0], "level-2-sessions") == 83  # two levels up
    client.force_login(reviewer)
    assert figure(page(client)[0], "communes-sessions") == 83
    client.force_login(clerk)
    assert figure(page(client, "pho-chau")[0], "own-sessions") == own_before + 1


def test_a_review_renews_the_page(client, reviewer, demo_2023):
    client.force_login(reviewer)
    accept = reverse("accept_year", args=["pho-chau", 2023])
    assert accept not in page(client)[0]
    Submission.objects.create(council=Council.objects.get(unit__slug="pho-chau"), year=2023, status="SUBMITTED")
    assert accept in page(client)[0]


def test_readers_who_may_see_different_things_never_share_a_page(client, reviewer, district):
    district_clerk = MembershipFactory(user=UserFactory(username="thuky.huongson"), council=district).user
    client.force_login(reviewer)
    assert 'id="tung-don-vi"' in page(client)[0]
    client.force_login(district_clerk)  # writes the district's records, does not read the communes'
    text = page(client)[0]
    assert 'id="tung-don-vi"' not in text and "Soạn nội dung, chốt bản báo cáo" in text


def test_the_page_is_renewed_again_once_the_write_commits(
    client, reviewer, demo_2023, django_capture_on_commit_callbacks
):
    """Renewed at the write, and again at its commit: a reader who rendered the old figures in
    between, under the token of the write, leaves a page no one reads."""
    client.force_login(reviewer)
    page(client)
    with django_capture_on_commit_callbacks() as at_commit:
        SessionFactory(council=Council.objects.get(unit__slug="pho-chau"), ordinal=40, start_date=D(2023, 11, 20))
    page(client)  # rendered after the write: kept under the token the write renewed
    assert page(client)[1] == 2
    for callback in at_commit:
        callback()
    assert page(client)[1] > 3  # the commit renewed it again


def test_a_reorganisation_renews_every_page(client, province):  # noqa: F811
    """The tree changes under kept pages (units, their links, the change events): each page kept
    after it equals the page rendered anew."""
    reviewer = MembershipFactory(user=UserFactory(username="tinh.thu"), council=province.council, role="REVIEWER").user
    client.force_login(reviewer)
    before = page(client, "tinh-thu", 2025)[0]

    reorganise.apply(reorganise.read(two_tier_file()))

    kept = page(client, "tinh-thu", 2025)[0]
    cache.clear()
    assert kept == page(client, "tinh-thu", 2025)[0] != before
    assert "A Mới" in kept
