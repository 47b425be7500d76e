"""The reviewer's desk as a district official and a commune clerk found it: who sees which figures,
Vietnamese order, year-over-year changes that mean something."""

import datetime
import re

import pytest
from django.urls import reverse

from councils.models import Membership
from councils.records import save_record
from oversight.models import Petition
from reports.specs import SPEC_BY_KEY, trend
from tests.factories import MembershipFactory, SessionFactory, UserFactory

D = datetime.date


@pytest.fixture
def district_clerk(demo_2023):
    """A clerk of the district council: edits the district's records, reads no commune."""
    return MembershipFactory(user=UserFactory(username="thuky.huongson"), council=demo_2023).user


def test_who_may_not_open_the_communes_does_not_see_their_figures(client, district_clerk, demo_2023):
    """A district clerk once saw every commune's figures, yet every commune link listed 0 records."""
    client.force_login(district_clerk)
    figures = client.get(reverse("dashboard", args=["huong-son", 2023])).context["figures"]
    assert not figures.has_communes and figures.rows == []
    assert figures.own["sessions"].value == 6

    report = client.get(reverse("annual_report", args=["huong-son", 2023])).content.decode()
    assert "TỔNG CỘNG" not in report and "Phố Châu" not in report
    assert client.post(reverse("annual_report_sign", args=["huong-son", 2023])).status_code == 403


def test_whoever_sees_a_communes_figure_can_open_its_records(client, reviewer, demo_2023):
    client.force_login(reviewer)
    figures = client.get(reverse("dashboard", args=["huong-son", 2023])).context["figures"]
    pho_chau = next(row for row in figures.rows if row.council.slug == "pho-chau")
    listed = client.get(pho_chau.cells["sessions"].url).context["page"].paginator.count
    assert listed == pho_chau.cells["sessions"].value > 0


# --- Vietnamese order ---------------------------------------------------------------------------

NAMES_IN_ORDER = ["Sơn Bằng", "Sơn Bình", "Sơn Lâm", "Sơn Long"]


def in_order(text: str, names: list[str]) -> bool:
    positions = [text.find(name) for name in names]
    return all(p >= 0 for p in positions) and positions == sorted(positions)


def test_communes_are_in_vietnamese_order_on_the_dashboard_charts_filters_and_annex(client, reviewer, demo_2023):
    """Code-point order put "Sơn Bình" before "Sơn Bằng" and "Sơn Long" before "Sơn Lâm"."""
    client.force_login(reviewer)
    response = client.get(reverse("dashboard", args=["huong-son", 2023]))
    rows = [row.council.unit.name for row in response.context["figures"].rows]
    assert in_order(" | ".join(rows), NAMES_IN_ORDER)
    chart = response.context["charts"][0]
    assert in_order(" | ".join(bar.label for bar in chart.bars), NAMES_IN_ORDER)

    list_page = client.get(reverse("record_list", args=["ky-hop"]))
    choices = " | ".join(str(label) for _value, label in list_page.context["filter"].form.fields["pham_vi"].choices)
    assert in_order(choices, NAMES_IN_ORDER)

    report = client.get(reverse("annual_report", args=["huong-son", 2023])).content.decode()
    annex = report[report.index("Phụ lục I") :]
    assert in_order(annex, NAMES_IN_ORDER)


def test_numbers_in_names_are_ordered_by_value(client, reviewer, district):
    from tests.factories import CouncilFactory, TermFactory, UnitFactory

    for n in (10, 2, 1):
        council = CouncilFactory(unit=UnitFactory(name=f"Thử Nghiệm {n}", slug=f"thu-nghiem-{n}", parent=district.unit))
        TermFactory(council=council)
    client.force_login(reviewer)
    rows = client.get(reverse("dashboard", args=["huong-son", 2023])).context["figures"].rows
    names = [row.council.unit.name for row in rows if row.council.unit.name.startswith("Thử")]
    assert names == ["Thử Nghiệm 1", "Thử Nghiệm 2", "Thử Nghiệm 10"]


# --- year over year -----------------------------------------------------------------------------


def test_a_year_with_nothing_to_compare_shows_no_arrows(client, reviewer, demo_2023):
    """Comparing 2023 with 2022 (no records) once showed "0 ▲" beside every figure."""
    client.force_login(reviewer)
    response = client.get(reverse("dashboard", args=["huong-son", 2023]))
    page = response.content.decode()
    assert not response.context["figures"].has_previous_data
    assert "Năm 2022 chưa có số liệu để so sánh." in page
    assert not re.search(r'class="delta', page)


def test_arrow_colours_say_whether_the_change_is_good_news(client, clerk, pho_chau):
    """Overdue petitions going from 0 to 37 were shown in green."""
    SessionFactory(council=pho_chau, ordinal=10, start_date=D(2022, 7, 11))  # last year has records
    save_record(Petition(council=pho_chau, type="KIEN_NGHI", received_on=D(2023, 3, 1), sender_name="A", subject="B"))
    client.force_login(clerk)

    rows = {
        row.spec.key: row
        for row in client.get(reverse("dashboard", args=["pho-chau", 2023])).context["figures"].headline
    }

    assert rows["petitions_overdue"].own_trend.meaning == "bad" and rows["petitions_overdue"].own_trend.arrow == "▲"
    assert rows["petitions"].own_trend.meaning == "neutral"
    assert rows["sessions"].own_trend.arrow == "▼"
    assert trend(SPEC_BY_KEY["opinions_answered"], 5, 3).meaning == "good"
    assert trend(SPEC_BY_KEY["follow_up_overdue"], 1, 3).meaning == "good"


def test_membership_roles_used_here_are_the_ones_the_model_has():
    assert Membership.Role.CLERK in Membership.roles_that("edit")


# --- lists a reviewer can open and trust ---------------------------------------------------------


def test_a_list_says_what_it_shows_and_each_row_opens_its_record(client, reviewer, demo_2023):
    """37 overdue petitions could be listed and none opened; the heading said only "Kỳ họp"."""
    client.force_login(reviewer)
    response = client.get(
        reverse("record_list", args=["don-thu"]), {"pham_vi": f"{demo_2023.pk}-duoi", "nam": 2023, "qua_han": "true"}
    )
    page = response.content.decode()

    heading = response.context["heading"]
    assert (heading.title, heading.scope, heading.year) == (
        "Đơn thư",
        "các HĐND cấp dưới của HĐND huyện Hương Sơn",
        2023,
    )
    count = response.context["page"].paginator.count
    assert count > 0 and f"Có {count} hồ sơ." in page
    assert f'href="{reverse("dashboard", args=["huong-son", 2023])}"' in page
    link, _values = response.context["rows"][0]
    assert link.startswith("/quan-tri/oversight/petition/") and client.get(link).status_code == 200


def test_the_filter_bar_has_one_scope_control_marks_councils_that_ended_and_picks_years(client, reviewer, demo_2023):
    """Three council dropdowns, councils abolished in 2019 unmarked, a free-text year, a Ctrl-click box."""
    client.force_login(reviewer)
    form = client.get(reverse("record_list", args=["ky-hop"])).context["filter"].form

    assert [field.name for field in form.visible_fields()] == ["pham_vi", "nam", "q", "loai"]
    labels = dict(form.fields["pham_vi"].choices)
    assert labels[f"{demo_2023.pk}-ca"] == "HĐND huyện Hương Sơn và các HĐND cấp dưới"
    assert "HĐND xã Sơn An (đã kết thúc ngày 31/12/2019)" in labels.values()
    assert form.fields["nam"].widget.input_type == "select"
    assert form.fields["loai"].widget.input_type == "checkbox"


def test_an_opinion_row_opens_the_voter_meeting_it_was_raised_at(client, reviewer, demo_2023):
    client.force_login(reviewer)
    response = client.get(reverse("record_list", args=["y-kien"]), {"pham_vi": demo_2023.pk, "nam": 2023})
    link, _values = response.context["rows"][0]
    assert link.startswith("/quan-tri/oversight/votermeeting/") and client.get(link).status_code == 200
