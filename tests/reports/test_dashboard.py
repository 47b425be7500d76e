"""The district's year at a glance: figures, drill-down, exports, charts and query counts."""

import csv
import datetime
import io
from urllib.parse import urlparse

import openpyxl
import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import AdministrativeUnit, Council, Term, UnitLink, UnitType
from reports.figures import year_figures
from reports.lists import LISTS

D = datetime.date
ARTICLE = {
    "own": {"sessions": 6, "resolutions": 29, "sc_meetings": 11, "thematic_oversight": 6},
    "communes": {
        "sessions": 82,
        "regular_sessions": 50,
        "thematic_sessions": 32,
        "resolutions": 336,
        "thematic_oversight": 129,
    },
}


def dashboard(client, slug="huong-son", year=2023):
    return client.get(reverse("dashboard", args=[slug, year]))


def list_count(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_dashboard_shows_the_articles_figures(client, reviewer, demo_2023):
    client.force_login(reviewer)
    response = dashboard(client)
    figures = response.context["figures"]

    for key, value in ARTICLE["own"].items():
        assert figures.own[key].value == value, key
    for key, value in ARTICLE["communes"].items():
        assert figures.communes[key].value == value, key
    page = response.content.decode()
    assert 'data-figure="communes-sessions">82<' in page
    assert 'data-figure="own-resolutions">29<' in page
    assert len(figures.rows) == 25
    assert [cell.value for cell in figures.totals] == [
        sum(row.cells[key].value for row in figures.rows)
        for key in [
            "regular_sessions",
            "thematic_sessions",
            "sessions",
            "resolutions",
            "sc_meetings",
            "thematic_oversight",
            "voter_meetings",
            "opinions_raised",
            "opinions_answered",
            "petitions",
            "follow_up_overdue",
        ]
    ]


def test_every_figure_links_to_a_list_of_exactly_that_many_records(client, reviewer, demo_2023):
    client.force_login(reviewer)
    figures = dashboard(client).context["figures"]
    cells = [*figures.own.values(), *figures.communes.values(), *figures.totals]
    for row in figures.rows[:2]:
        cells += row.table_cells

    mismatches = [(cell.url, cell.value, n) for cell in cells if (n := list_count(client, cell.url)) != cell.value]

    assert mismatches == []
    assert len(cells) > 40


def test_year_over_year_change(client, reviewer, demo_2023):
    client.force_login(reviewer)
    figures = dashboard(client, year=2024).context["figures"]
    assert figures.own["sessions"].value == 0
    assert figures.own_previous["sessions"] == 6
    assert figures.communes_previous["resolutions"] == 336


def test_charts_are_svg_with_text_labels(client, reviewer, demo_2023):
    client.force_login(reviewer)
    page = dashboard(client).content.decode()
    assert page.count("<svg") == 3
    assert "Kỳ họp HĐND các xã, thị trấn theo loại" in page
    assert ">Phố Châu</text>" in page and ">Khiếu nại</text>" in page


def test_completeness_matrix(client, reviewer, demo_2023):
    client.force_login(reviewer)
    rows = dashboard(client).context["figures"].rows
    checks = {check.label: check.ok for check in rows[0].checks}
    assert checks == {
        "Đủ 2 kỳ họp thường lệ": True,
        "Có tiếp xúc cử tri sau mỗi kỳ họp thường lệ": True,
        "Ý kiến cử tri đã được trả lời": False,  # the demo answers one opinion of three
        "Đã gửi số liệu": False,
        "Không còn cảnh báo": True,
    }


def test_a_clerk_sees_their_own_dashboard_only(client, clerk, demo_2023):
    client.force_login(clerk)
    figures = dashboard(client, "pho-chau").context["figures"]
    assert not figures.has_communes
    assert figures.own["regular_sessions"].value == 2
    assert dashboard(client, "son-tay").status_code == 404
    assert dashboard(client, "huong-son").status_code == 404


# --- lists and exports ---------------------------------------------------------------------------


def test_lists_never_show_records_of_councils_the_user_cannot_read(client, clerk, demo_2023):
    son_tay = Council.objects.get(unit__slug="son-tay")
    client.force_login(clerk)
    response = client.get(reverse("record_list", args=["nghi-quyet"]), {"hoi_dong": son_tay.pk, "nam": 2023})
    councils = {row[0] for row in response.context["rows"]}
    assert councils <= {"HĐND thị trấn Phố Châu"}
    assert "hoi_dong" in response.context["filter"].errors


def test_list_search_ignores_accents(client, reviewer, demo_2023):
    client.force_login(reviewer)
    url = reverse("record_list", args=["giam-sat"])
    plain = list_count(client, f"{url}?q=nong+thon+moi&nam=2023")
    accented = list_count(client, f"{url}?q=nông+thôn+mới&nam=2023")
    assert plain == accented > 0


def test_csv_export_is_utf8_with_bom_and_vietnamese_headers(client, reviewer, demo_2023):
    client.force_login(reviewer)
    district = Council.objects.get(unit__slug="huong-son")
    response = client.get(
        reverse("record_list", args=["nghi-quyet"]), {"cap_duoi": district.pk, "nam": 2023, "xuat": "csv"}
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Hội đồng nhân dân", "Số, ký hiệu", "Ngày thông qua", "Trích yếu", "Lĩnh vực", "Loại"]
    assert len(rows) == 1 + 336
    assert any("Về kế hoạch sử dụng đất năm 2024" in row[3] for row in rows[1:])


def test_xlsx_export_opens_in_openpyxl_with_the_right_rows(client, reviewer, demo_2023):
    client.force_login(reviewer)
    district = Council.objects.get(unit__slug="huong-son")
    response = client.get(
        reverse("record_list", args=["ky-hop"]),
        {"cap_duoi": district.pk, "nam": 2023, "loai": "THUONG_LE", "xuat": "xlsx"},
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    title, header, *rows = list(sheet.iter_rows(values_only=True))
    assert title[0] == "Kỳ họp — các HĐND cấp dưới của HĐND huyện Hương Sơn — năm 2023"
    assert header == ("Hội đồng nhân dân", "Kỳ họp thứ", "Loại", "Khai mạc", "Bế mạc", "Địa điểm")
    assert len(rows) == 50
    assert {row[2] for row in rows} == {"Thường lệ (thường kỳ)"}
    assert response["Content-Disposition"] == 'attachment; filename="ky-hop_huong-son-cap-duoi_2023.xlsx"'
    assert isinstance(rows[0][3], datetime.datetime)  # a date cell, not text
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:F")
    assert sheet["A2"].font.bold and sheet.column_dimensions["A"].width > 15


def test_petition_export_hides_senders_from_the_district(client, reviewer, demo_2023):
    client.force_login(reviewer)
    response = client.get(reverse("record_list", args=["don-thu"]), {"nam": 2023, "xuat": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    commune_rows = [row for row in rows[1:] if row[0] != "HĐND huyện Hương Sơn"]
    assert commune_rows and {row[3] for row in commune_rows} == {"—"}


# --- queries: constant whatever the number of communes -----------------------------------------


def add_communes(district: Council, n: int):
    units = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            name=f"Xã Mới {i}",
            slug=f"xa-moi-{i}",
            unit_type=UnitType.COMMUNE,
            parent=district.unit,
            valid_from=D(2016, 1, 1),
        )
        for i in range(n)
    )
    UnitLink.objects.bulk_create(UnitLink(unit=u, parent=u.parent, valid_from=u.valid_from) for u in units)
    councils = Council.objects.bulk_create(Council(unit=unit) for unit in units)
    Term.objects.bulk_create(Term(council=c, start_date=D(2021, 6, 25)) for c in councils)


def queries(client, url):
    cache.clear()  # the page rendered, not its kept body (reports.fragments; tests/reports/test_fragments.py)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_dashboard_queries_are_the_same_for_25_and_250_communes(client, reviewer, district):
    client.force_login(reviewer)
    url = reverse("dashboard", args=["huong-son", 2023])
    first_25, with_25 = queries(client, url), queries(client, url)
    add_communes(district, 225)
    assert Council.objects.under_in_year(district, 2023).count() == 250
    first_250, with_250 = queries(client, url), queries(client, url)

    # the first reading counts the years never counted (in one set of queries, however many) and keeps them
    assert first_25 == first_250
    assert with_25 == with_250 == 12  # incl. whether the reader may read the communes, and on which days


@pytest.mark.parametrize(
    "kind", ["ky-hop", "nghi-quyet", "phien-hop", "chat-van", "giam-sat", "tiep-xuc", "y-kien", "don-thu", "kien-nghi"]
)
def test_each_list_uses_a_constant_number_of_queries(client, reviewer, demo_2023, kind):
    client.force_login(reviewer)
    url = reverse("record_list", args=[kind])
    one = Council.objects.get(unit__slug="an-hoa-thinh").pk  # a commune with records of every kind
    small = queries(client, f"{url}?pham_vi={one}&nam=2023")
    large = queries(client, f"{url}?pham_vi={demo_2023.pk}&nam=2023")
    assert small == large


def test_every_communes_figures_equal_their_lists(rf, reviewer, demo_2023):
    """All 25 × 11 cells of the per-commune table, through the lists' own filters (no HTTP)."""
    request = rf.get("/")
    request.user = reviewer
    figures = year_figures(demo_2023, 2023)
    mismatches = []
    for row in figures.rows:
        for cell in row.table_cells:
            url = urlparse(cell.url)
            definition = LISTS[url.path.rstrip("/").rsplit("/", 1)[-1]]
            filterset = definition.filterset(
                QueryDict(url.query), queryset=definition.queryset(request), request=request
            )
            if filterset.qs.count() != cell.value:
                mismatches.append((row.council.slug, cell.url, cell.value, filterset.qs.count()))
    assert mismatches == []
    assert sum(len(row.table_cells) for row in figures.rows) == 25 * 11
