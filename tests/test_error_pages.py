"""Error pages with DEBUG off, as production serves them: Vietnamese (English after the language
switch), saying what happened and where to go, never Django's English defaults or technical details.
The 500 and CSRF pages are rendered without a request (no context processors, no database)."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path, reverse
from django.utils import translation

from hdnd import urls as hdnd_urls


class DeliberateFailure(Exception):
    pass


def fail(request):
    raise DeliberateFailure("tep-bi-mat.py dòng 42: chi tiết kỹ thuật")


# The project's URLs and one that fails, for the 500 page (`pytest.mark.urls` below).
urlpatterns = [*hdnd_urls.urlpatterns, path("loi-thu/", fail)]

# What Django shows when the project has no template of its own.
DJANGO_DEFAULTS = [
    "Not Found",
    "The requested resource was not found on this server.",
    "403 Forbidden",
    "Bad Request (400)",
    "Server Error (500)",
    "CSRF verification failed",
    "Forbidden",
    "More information is available",
    "Traceback",
]


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def assert_plain_vietnamese(response, status, heading, *phrases):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert heading in html, html
    for phrase in phrases:
        assert phrase in html, phrase
    assert 'href="/"' in html  # the way home
    for english in DJANGO_DEFAULTS:
        assert english not in html, english


def test_a_page_that_does_not_exist(client, clerk):
    client.force_login(clerk)
    response = client.get("/khong-co-trang-nay/")
    assert_plain_vietnamese(response, 404, "Không tìm thấy trang", "không có quyền xem", "Về trang chủ", "Đăng xuất")


def test_a_council_nobody_has(client, clerk):
    """A view's own 404 (an unknown council) gets the same page."""
    client.force_login(clerk)
    response = client.get(reverse("council_home", args=["khong-co"]))
    assert_plain_vietnamese(response, 404, "Không tìm thấy trang")


def test_a_page_the_user_may_not_use(client, reviewer, pho_chau):
    """The district reviewer may read Phố Châu's year but not submit it for Phố Châu."""
    client.force_login(reviewer)
    response = client.get(reverse("submit_year", args=[pho_chau.slug, 2023]))
    assert_plain_vietnamese(response, 403, "Không có quyền", "Thường trực HĐND huyện", "Về trang chủ")


def test_a_request_the_server_cannot_read(client, db):
    response = client.get("/", HTTP_HOST="khong-phai-ten-may.example")
    assert_plain_vietnamese(response, 400, "Yêu cầu không hợp lệ", "Về trang chủ")


@pytest.mark.urls(__name__)
def test_a_failure_in_the_server(db):
    client = Client(raise_request_exception=False)
    response = client.get("/loi-thu/")
    assert_plain_vietnamese(response, 500, "Hệ thống đang gặp sự cố", "chưa được lưu", "Về trang chủ")
    html = response.content.decode()
    assert "tep-bi-mat.py" not in html and "DeliberateFailure" not in html


def test_the_500_page_needs_no_request_and_no_database():
    """Without the `db` fixture any query raises: the page renders when the database is down."""
    with translation.override("vi"):
        html = render_to_string("500.html")
    assert "Hệ thống đang gặp sự cố" in html and 'href="/"' in html


def test_a_form_sent_without_its_security_token(db):
    """CSRF: a login form kept open past its cookie, or a browser that refuses cookies."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": "thuky.phochau", "password": "x"})
    assert_plain_vietnamese(response, 403, "Trang đã hết hạn", "cookie", "Về trang chủ")


def test_the_error_pages_follow_the_language_switch(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/khong-co-trang-nay/").content.decode()
    assert '<html lang="en">' in html
    assert "Page not found" in html and "Back to the home page" in html
    assert "Không tìm thấy trang" not in html
