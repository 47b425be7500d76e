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
