"""The district's dashboard in a browser. The three tests only read Hương Sơn's 2023 sessions, so
they share one load of them, committed before the first test and flushed after the last (as
pytest-django flushes after every test with a live server)."""

import re

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import expect

from councils import demo
from councils.models import Council, Membership
from sessions import demo as sessions_demo
from tests.browser.test_login import log_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-dashboard")]  # one load per run


@pytest.fixture(scope="module")
def committed_demo(django_db_setup, django_db_blocker):
    """Hương Sơn's 2023 sessions and its reviewer, committed for the live server; the database is
    flushed after the module's last test."""
    with django_db_blocker.unblock():
        district = Council.objects.with_unit().filter(unit__slug="huong-son").first() or demo.load_units()
        sessions_demo.load_2023(district)
        MembershipFactory(user=UserFactory(username="huyen.huongson"), council=district, role=Membership.Role.REVIEWER)
    yield
    with django_db_blocker.unblock():
        call_command("flush", verbosity=0, interactive=False)
        connections.close_all()  # opened outside any test: closed here, or the test database cannot be dropped


@pytest.fixture
def transactional_db(committed_demo, django_db_blocker):
    """pytest-django's, which the live server asks for, replaced for this module's tests: they use
    the module's committed data instead of each flushing the database after itself."""
    with django_db_blocker.unblock():
        yield


def test_reviewer_drills_down_from_a_figure_to_its_records(page):
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


def test_the_dashboard_fits_a_phone_and_prints_every_column(page):
    """On a phone the charts were 640 px wide and the table showed 3 of its 12 columns; printed,
    the dashboard lost its last 3 columns."""
    import io

    from pypdf import PdfReader

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


def test_the_narrative_editor_writes_in_the_pages_font(page):
    """The narrative boxes were monospace, 3 rows, with tone marks drawn out of place."""
    log_in(page, "huyen.huongson")
    page.goto("/bao-cao/huong-son/2023/bao-cao-nam/soan/")
    box = page.locator("textarea#id_assessment")
    font = box.evaluate("el => getComputedStyle(el).fontFamily")
    body = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "monospace" not in font and font == body
    assert box.get_attribute("rows") == "8"
