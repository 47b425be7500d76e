"""Coordination at any level (issue 13, points 4, 5, 8): the province over its districts and their
communes (2023), over the districts and the communes that moved under it (2025), over its communes
only (2026) — every council below counted once, level by level, each figure equal to its list."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from councils import reorganise
from councils.models import Council
from reports import annual
from tests.councils.test_reorganise import province, two_tier_file  # noqa: F401  (fixture)
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.reports.test_annual_report import pdf_text

D = datetime.date


def listed(client, cell) -> int:
    return client.get(cell.url).context["page"].paginator.count


@pytest.fixture
def province_reviewer(demo_2023):
    hatinh = Council.objects.get(unit__slug="ha-tinh")
    return MembershipFactory(user=UserFactory(username="tinh.hatinh"), council=hatinh, role="REVIEWER").user


def test_the_province_reads_the_articles_figures_level_by_level(client, province_reviewer):
    """The province page used to sum only the districts' own figures, under "Các xã, thị trấn"."""
    client.force_login(province_reviewer)
    page = client.get(reverse("dashboard", args=["ha-tinh", 2023]))
    figures = page.context["figures"]
    districts, communes = figures.levels
    assert (districts.label, communes.label) == ("Cấp huyện", "Cấp xã")
    assert (districts.cells["sessions"].value, districts.cells["resolutions"].value) == (6, 29)
    assert (communes.cells["sessions"].value, communes.cells["regular_sessions"].value) == (82, 50)
    assert communes.cells["resolutions"].value == 336 and communes.cells["thematic_oversight"].value == 129
    for total in figures.levels:
        for key in ["sessions", "resolutions", "petitions"]:
            assert listed(client, total.cells[key]) == total.cells[key].value
    assert [row.council.unit.slug for row in figures.rows][:2] == ["huong-son", "an-hoa-thinh"]  # district first
    text = page.content.decode()
    assert "Cấp huyện" in text and "Cấp xã" in text and 'data-figure="level-2-sessions">82<' in text


def test_the_province_report_names_the_province_and_speaks_level_by_level(province_reviewer):
    report = annual.build(Council.objects.get(unit__slug="ha-tinh"), 2023)
    text = pdf_text(annual.render_pdf(report))
    assert text.startswith("HỘI ĐỒNG NHÂN DÂN TỈNH HÀ TĨNH")
    assert "Thường trực HĐND các huyện tổ chức 11 phiên họp" in text
    assert "Tại các địa phương đã tổ chức 82 kỳ họp HĐND các xã, thị trấn" in text
    assert "88 kỳ họp" not in text  # never the two levels summed as one
    assert "Số kiến nghị, cam kết quá hạn: 12 ở cấp huyện và 128 ở cấp xã." in text
    assert not re.search(r"\b00 ", text)  # the province has no records of its own: no zero clauses


def test_2025_counts_each_council_once_across_the_change_and_2026_only_communes(client, province):  # noqa: F811
    a3, b1 = Council.objects.get(unit__slug="a3"), Council.objects.get(unit__slug="b1")
    huyen_a = Council.objects.get(unit__slug="huyen-a")
    SessionFactory(council=huyen_a, ordinal=9, start_date=D(2025, 3, 10))
    SessionFactory(council=a3, ordinal=11, start_date=D(2025, 4, 10))  # under the district then
    SessionFactory(council=a3, ordinal=12, start_date=D(2025, 9, 10))  # under the province now
    SessionFactory(council=b1, ordinal=5, start_date=D(2026, 4, 10))
    reorganise.apply(reorganise.read(two_tier_file()))
    reviewer = MembershipFactory(user=UserFactory(username="tinh.thu"), council=province.council, role="REVIEWER").user
    client.force_login(reviewer)

    figures = client.get(reverse("dashboard", args=["tinh-thu", 2025])).context["figures"]
    by_level = {total.level: total.cells["sessions"].value for total in figures.levels}
    assert by_level == {"HUYEN": 1, "XA": 2}  # a3's two sessions once, whichever parent it had
    assert sum(1 for row in figures.rows if row.council == a3) == 1
    parts = {row.council.unit.slug: row.part for row in figures.rows}
    assert (parts["huyen-a"], parts["a1"], parts["a-moi"], parts["a3"]) == ("đến 30/06/2025",) * 2 + (
        "từ 01/07/2025",
        "",
    )
    page = client.get(reverse("dashboard", args=["tinh-thu", 2025])).content.decode()
    assert 'xã A Mới</a> <small class="muted">(từ 01/07/2025)</small>' in page
    assert listed(client, figures.levels[1].cells["sessions"]) == 2

    figures_2026 = client.get(reverse("dashboard", args=["tinh-thu", 2026])).context["figures"]
    assert [total.level for total in figures_2026.levels] == ["XA"]
    assert {row.council.unit.slug for row in figures_2026.rows} >= {"a3", "b1", "a-moi"}
    assert not any(row.council.unit.level == "HUYEN" for row in figures_2026.rows)


def test_each_level_is_set_beside_its_last_year(client, province):  # noqa: F811
    """The province's table had last year's column beside its own figures only: "Cấp tỉnh | 2024 |
    Cấp huyện | Cấp xã", where a district's has a last-year column for each."""
    huyen_a, a3 = Council.objects.get(unit__slug="huyen-a"), Council.objects.get(unit__slug="a3")
    SessionFactory(council=huyen_a, ordinal=8, start_date=D(2024, 3, 10))
    SessionFactory(council=huyen_a, ordinal=9, start_date=D(2025, 3, 10))
    for ordinal, day in [(10, D(2024, 4, 10)), (11, D(2024, 9, 10)), (12, D(2025, 4, 10))]:
        SessionFactory(council=a3, ordinal=ordinal, start_date=day)
    reviewer = MembershipFactory(user=UserFactory(username="tinh.thu"), council=province.council, role="REVIEWER").user
    client.force_login(reviewer)

    page = client.get(reverse("dashboard", args=["tinh-thu", 2025]))
    sessions = next(row for row in page.context["figures"].headline if row.spec.key == "sessions")
    assert [(level.cell.value, level.before) for level in sessions.by_level] == [(1, 1), (1, 2)]
    text = page.content.decode()
    head = text[text.index('<table class="figures">') : text.index("</thead>")]
    assert head.count(">2024</th>") == 3  # beside the province's own, the districts' and the communes'


def test_a_province_of_170_communes_is_searched_grouped_and_paged(client, province):  # noqa: F811
    """One province over ~170 communes: the table is found by name, headed by level, paged."""
    from tests.reports.test_dashboard import add_communes, queries

    reviewer = MembershipFactory(user=UserFactory(username="tinh.thu"), council=province.council, role="REVIEWER").user
    huyen_a = Council.objects.with_unit().get(unit__slug="huyen-a")
    add_communes(huyen_a, 150)
    SessionFactory(council=Council.objects.get(unit__slug="a3"), ordinal=1, start_date=D(2023, 4, 10))
    client.force_login(reviewer)
    url = reverse("dashboard", args=["tinh-thu", 2023])
    page = client.get(url)
    assert page.context["rows"].paginator.count == 3 + 170 and len(page.context["rows"]) == 60
    text = page.content.decode()
    assert text.count('class="group"') == 2 and "Trang 1/3" in text  # "Cấp huyện", then "Cấp xã"
    found = client.get(url, {"tim": "xa moi 14"}).context["rows"]  # accents need not be typed
    assert [row.council.unit.name for row in found] == ["Xã Mới 14", *[f"Xã Mới 14{i}" for i in range(10)]]
    last = client.get(url, {"trang": 3}).context["rows"]
    assert len(last) == 173 - 120
    assert queries(client, url) <= 45  # the same as for one district (pinned there)
    chart = page.context["charts"][0]  # not 173 bars: how many councils held 0, 1, 2… sessions
    assert chart.title == "HĐND cấp huyện, cấp xã theo số kỳ họp" and len(chart.bars) == 7
    assert [bar.label for bar in chart.bars][:2] == ["0 kỳ họp", "1 kỳ họp"]
    assert (chart.bars[0].total, chart.bars[1].total, sum(bar.total for bar in chart.bars)) == (172, 1, 173)

    # the printed annex: 173 rows over several pages, each page under the table's header
    pages = [
        page.extract_text()
        for page in PdfReader(io.BytesIO(annual.render_pdf(annual.build(province.council, 2023)))).pages
    ]
    table_pages = [text for text in pages if "Xã Mới 1" in text or "Xã Mới 9" in text]
    assert len(table_pages) >= 3 and all("STT" in text and "Đơn vị" in text for text in table_pages)


def test_the_provinces_2025_and_2026_reports_speak_of_each_level(client, province):  # noqa: F811
    a3, huyen_a = Council.objects.get(unit__slug="a3"), Council.objects.get(unit__slug="huyen-a")
    SessionFactory(council=huyen_a, ordinal=9, start_date=D(2025, 3, 10))
    SessionFactory(council=a3, ordinal=11, start_date=D(2025, 4, 10))
    SessionFactory(council=a3, ordinal=12, start_date=D(2025, 9, 10))
    SessionFactory(council=a3, ordinal=13, start_date=D(2026, 4, 10))
    reorganise.apply(reorganise.read(two_tier_file()))
    reviewer = MembershipFactory(user=UserFactory(username="tinh.thu"), council=province.council, role="REVIEWER").user
    client.force_login(reviewer)

    figures = client.get(reverse("dashboard", args=["tinh-thu", 2025])).context["figures"]
    for total in figures.levels:  # every level figure equals its list
        for key in ["sessions", "regular_sessions", "resolutions", "sc_meetings", "petitions", "voter_meetings"]:
            assert listed(client, total.cells[key]) == total.cells[key].value, (total.level, key)
    text_2025 = pdf_text(annual.render_pdf(annual.build(province.council, 2025)))
    assert "HỘI ĐỒNG NHÂN DÂN TỈNH THỬ" in text_2025
    assert "01 kỳ họp HĐND các huyện" in text_2025 and "02 kỳ họp HĐND các xã" in text_2025
    text_2026 = client.get(reverse("annual_report", args=["tinh-thu", 2026])).content.decode()
    assert "01 kỳ họp HĐND các xã" in text_2026 and "các huyện" not in text_2026
