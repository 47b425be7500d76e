"""Playwright driving Debian's chromium against the live test server.

`playwright install` cannot download browsers here, so the tests use /usr/bin/chromium
(apt-get install chromium). A missing browser is a failure, never a skip.
"""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; Django's ORM would then refuse
# to run in the test body (SynchronousOnlyOperation). The test body is still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    # Asking for the test database first makes pytest stop the live server (set up after this)
    # before it drops the database; otherwise PostgreSQL refuses to drop a database in use.
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
