"""Playwright driving Debian's chromium against the live test server.

`playwright install` cannot download browsers here, so the tests use /usr/bin/chromium
(apt-get install chromium). A missing browser is a failure, never a skip.
"""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Chromium:
    """One chromium for the browser tests of a worker, which run one after another: started by the
    first, stopped after the last (`pytest_runtest_teardown` below), so no other test runs beside it.

    Playwright's sync API keeps an event loop running in this thread while it lives, so the ORM
    needs DJANGO_ALLOW_ASYNC_UNSAFE meanwhile, and only then: with the loop gone, later tests use
    the thread's ordinary connection again.
    """

    playwright = None
    browser = None
    previous = None

    @classmethod
    def start(cls):
        if cls.browser is None:
            if not shutil.which(CHROMIUM):
                pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium")
            cls.previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            cls.playwright = sync_playwright().start()
            cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return cls.browser

    @classmethod
    def stop(cls):
        if cls.playwright is not None:
            try:
                if cls.browser is not None:
                    cls.browser.close()
            finally:
                cls.playwright.stop()
                cls.playwright = cls.browser = None
                if cls.previous is None:
                    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
                else:
                    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls.previous


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if nextitem is None or nextitem.get_closest_marker("browser") is None:
        Chromium.stop()


@pytest.fixture
def browser(django_db_setup):
    """The worker's chromium (see `Chromium`). Asking for the test database first makes pytest
    stop the live server (set up after this) before it drops the database."""
    return Chromium.start()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
