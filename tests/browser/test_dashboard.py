import re

import pytest
from playwright.sync_api import expect

from sessions import demo as sessions_demo
from tests.browser.test_login import log_in

pytestmark = pytest.mark.browser


def test_reviewer_drills_down_from_a_figure_to_its_records(page, reviewer, district):
    sessions_demo.load_2023(district)
    log_in(page, "huyen.huongson")

    page.get_by_role("link", name="Tổng hợp số liệu năm 2023").click()
    expect(page).to_have_url(re.compile(r"/bao-cao/huong-son/2023/$"))
    communes_sessions = page.locator('[data-figure="communes-sessions"]')
    expect(communes_sessions).to_have_text("82")
    communes_sessions.click()

    expect(page.get_by_role("heading", name="Kỳ họp")).to_be_visible()
    expect(page.locator(".count")).to_contain_text("82 hồ sơ")
    expect(page.locator("table.records tbody tr")).to_have_count(50)  # first page
    page.get_by_role("link", name="Sau ›").click()
    expect(page.locator("table.records tbody tr")).to_have_count(32)


def test_the_dashboard_fits_a_phone_and_prints_every_column(page, reviewer, district):
    """On a phone the charts were 640 px wide and the table showed 3 of its 12 columns; printed,
    the dashboard lost its last 3 columns."""
    import io

    from pypdf import PdfReader

    sessions_demo.load_2023(district)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "huyen.huongson")
    page.goto("/bao-cao/huong-son/2023/")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 2, f"the page scrolls sideways by {overflow} px"
    for chart in page.locator("svg.bar-chart").all():
        assert chart.bounding_box()["width"] <= 390
    last_header = page.locator("table.per-commune thead th").last
    last_header.scroll_into_view_if_needed()
    expect(last_header).to_be_in_viewport()
    expect(page.locator("table.per-commune tbody tr").first.locator("td").first).to_be_in_viewport()

    page.emulate_media(media="print")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True))).pages)
    for header in ["Đơn thư tiếp nhận", "Kiến nghị, cam kết quá hạn", "Đã được trả lời", "Tổng cộng"]:
        assert header in re.sub(r"\s+", " ", text), header


def test_the_narrative_editor_writes_in_the_pages_font(page, reviewer, district):
    """The narrative boxes were monospace, 3 rows, with tone marks drawn out of place."""
    sessions_demo.load_2023(district)
    log_in(page, "huyen.huongson")
    page.goto("/bao-cao/huong-son/2023/bao-cao-nam/soan/")
    box = page.locator("textarea#id_assessment")
    font = box.evaluate("el => getComputedStyle(el).fontFamily")
    body = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "monospace" not in font and font == body
    assert box.get_attribute("rows") == "8"
