import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, username):
    page.goto("/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_clerk_logs_in_and_lands_on_their_council(page, clerk):
    log_in(page, "thuky.phochau")

    expect(page).to_have_url(re.compile(r"/hoi-dong/pho-chau/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("HĐND thị trấn Phố Châu")
    expect(page.get_by_text("Nhập hồ sơ của Hội đồng")).to_be_visible()


def test_wrong_password_shows_a_vietnamese_error(page, clerk):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("thuky.phochau")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("alert")).to_contain_text("Sai tên đăng nhập hoặc mật khẩu.")
    expect(page).to_have_url(re.compile(r"/dang-nhap/$"))


def test_reviewer_sees_the_communes_of_the_district(page, reviewer):
    log_in(page, "huyen.huongson")

    expect(page).to_have_url(re.compile(r"/hoi-dong/huong-son/$"))
    expect(page.locator(".council-list li")).to_have_count(25)
