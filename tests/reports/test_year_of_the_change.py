"""The year 2025 across the change (issue 13, point 5), seen from the district that ended on
30/06/2025 and from the province: each counts a commune for the days it was below it, the figures
equal their lists, and a commune made by a merger is read with those merged into it."""

import datetime

import pytest
from django.urls import reverse

from councils import reorganise
from councils.models import Council
from councils.records import save_record
from oversight.models import Petition
from reports import annual
from tests.councils.test_reorganise import province, two_tier_file  # noqa: F401  (fixture)
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.reports.test_annual_report import pdf_text

D = datetime.date


def listed(client, cell) -> int:
    return client.get(cell.url).context["page"].paginator.count


@pytest.fixture
def changed(province):  # noqa: F811
    """a3 meets in April (under huyện A) and in September (under the province); a1 receives a
    petition in March that is still open at the merger, so it passes to xã A Mới."""
    a1, a3 = Council.objects.get(unit__slug="a1"), Council.objects.get(unit__slug="a3")
    SessionFactory(council=a3, ordinal=11, start_date=D(2025, 4, 10))
    SessionFactory(council=a3, ordinal=12, start_date=D(2025, 9, 10))
    save_record(
        Petition(council=a1, type="KIEN_NGHI", received_on=D(2025, 3, 15), sender_name="Lê Văn An", subject="Đường")
    )
    reorganise.apply(reorganise.read(two_tier_file()))
    return province


def reader(council: Council, username: str):
    return MembershipFactory(user=UserFactory(username=username), council=council, role="REVIEWER").user


def test_the_district_that_ended_counts_its_communes_up_to_its_last_day(client, changed):
    huyen_a = Council.objects.get(unit__slug="huyen-a")
    client.force_login(reader(huyen_a, "huyen.a"))
    figures = client.get(reverse("dashboard", args=["huyen-a", 2025])).context["figures"]

    assert figures.communes["sessions"].value == 1  # April; September was the province's
    assert listed(client, figures.communes["sessions"]) == 1
    row = next(row for row in figures.rows if row.council.unit.slug == "a3")
    assert (row.cells["sessions"].value, row.part) == (1, "đến 30/06/2025")
    assert listed(client, row.cells["sessions"]) == 1  # its list shows the same days, and says so
    assert "đến 30/06/2025" in client.get(row.cells["sessions"].url).context["heading"].scope
    assert not any(row.council.unit.slug == "a-moi" for row in figures.rows)  # never below huyện A


def test_the_province_reads_the_new_commune_with_those_merged_into_it(client, changed):
    client.force_login(reader(changed.council, "tinh.thu"))
    page = client.get(reverse("dashboard", args=["tinh-thu", 2025]))
    figures = page.context["figures"]

    communes = figures.levels[-1]
    assert communes.cells["sessions"].value == 2 and communes.cells["petitions"].value == 1  # each once
    for key in ["sessions", "petitions"]:
        assert listed(client, communes.cells[key]) == communes.cells[key].value
    slugs = [row.council.unit.slug for row in figures.rows]
    assert slugs[slugs.index("a-moi") : slugs.index("a-moi") + 3] == ["a-moi", "a1", "a2"]
    rows = {row.council.unit.slug: row for row in figures.rows}
    assert rows["a1"].merged_into.unit.slug == "a-moi" and rows["a3"].merged_into is None
    # the March petition is a-moi's now (handed over), counted there once, and listed there
    assert (rows["a-moi"].cells["petitions"].value, rows["a1"].cells["petitions"].value) == (1, 0)
    assert listed(client, rows["a-moi"].cells["petitions"]) == 1
    text = page.content.decode()
    assert "sáp nhập vào xã A Mới" in text
    assert "Việc đang giải quyết của đơn vị đã sáp nhập được chuyển sang đơn vị mới" in text

    annex = pdf_text(annual.render_pdf(annual.build(changed.council, 2025)))
    assert "xã A1 (đến 30/06/2025, sáp nhập vào xã A Mới)" in annex
