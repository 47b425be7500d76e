"""Logins: throttled per username and address (django-axes, hdnd/auth.py), password reset by mail,
a session that lasts SESSION_HOURS."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse

from hdnd.auth import client_ip
from tests.factories import PASSWORD, UserFactory

LOCKED = "Tài khoản tạm thời bị khóa vì đã nhập sai mật khẩu 5 lần liên tiếp. Vui lòng thử lại sau 30 phút."
LOGIN_FORMS = ["/dang-nhap/", "/quan-tri/login/"]


@pytest.fixture(autouse=True)
def _throttle(settings):
    """The production defaults, whatever the environment of the test run."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)


def log_in(client, url, password, username="thuky.phochau", address="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, url, times, **kwargs):
    return [log_in(client, url, "sai-mat-khau", **kwargs).status_code for _ in range(times)]


@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_five_wrong_passwords_lock_out_even_the_right_one(client, clerk, url):
    assert fail(client, url, 4) == [200, 200, 200, 200]  # the form again, with its error
    fifth = log_in(client, url, "sai-mat-khau")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()

    right = log_in(client, url, PASSWORD)
    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert not is_logged_in(client)


@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_the_right_password_works_again_after_the_cool_off(client, clerk, url, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=5)  # as LOGIN_COOLOFF_MINUTES=5 sets it
    fail(client, url, 5)

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=4))  # 4 minutes later
    refused = log_in(client, url, PASSWORD)
    assert refused.status_code == 429
    assert "Vui lòng thử lại sau 5 phút." in refused.content.decode()
    assert not is_logged_in(client)

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2))  # 6 minutes later
    assert log_in(client, url, PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_a_lockout_holds_one_username_from_one_address_only(client, clerk, other_clerk):
    fail(client, "/dang-nhap/", 5)

    assert log_in(client, "/dang-nhap/", PASSWORD, address="198.51.100.20").status_code == 302  # another office
    client.logout()
    assert log_in(client, "/dang-nhap/", PASSWORD, username="thuky.sontay").status_code == 302  # a colleague


def test_a_right_password_clears_the_count(client, clerk):
    fail(client, "/dang-nhap/", 4)
    assert log_in(client, "/dang-nhap/", PASSWORD).status_code == 302
    client.logout()
    assert fail(client, "/dang-nhap/", 4) == [200, 200, 200, 200]
    assert log_in(client, "/dang-nhap/", PASSWORD).status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.7"  # 10.9.9.9 is whatever the client claimed
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "127.0.0.1"  # not told of a proxy: the header is not trusted


def test_the_test_clients_login_still_works(client, clerk):
    """client.login() authenticates without a request, which has no address to throttle."""
    assert client.login(username="thuky.phochau", password=PASSWORD)
    assert not client.login(username="thuky.phochau", password="sai-mat-khau")


def test_a_login_lasts_eight_hours(client, clerk):
    response = log_in(client, "/dang-nhap/", PASSWORD)
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == 8 * 3600


# --- password reset by mail ------------------------------------------------------------------


def test_both_login_pages_link_to_the_password_reset(client, db):
    assert 'href="/quen-mat-khau/"' in client.get("/dang-nhap/").content.decode()
    assert 'href="/quan-tri/quen-mat-khau/"' in client.get("/quan-tri/login/").content.decode()


def test_password_reset_by_mail_from_request_to_login(client, clerk):
    clerk.email = "thuky.phochau@example.vn"
    clerk.first_name, clerk.last_name = "Châu", "Trần Thị"
    clerk.save()

    page = client.get("/quen-mat-khau/")
    assert "Nhập địa chỉ thư điện tử của tài khoản" in page.content.decode()
    response = client.post("/quen-mat-khau/", {"email": "thuky.phochau@example.vn"})
    assert response.status_code == 302
    assert "Đã gửi thư" in client.get(response["Location"]).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["thuky.phochau@example.vn"]
    assert message.subject == "Đặt lại mật khẩu Hồ sơ HĐND"
    assert message.body.startswith("Kính gửi Trần Thị Châu,\n")  # family name first
    assert "Tên đăng nhập của bạn: thuky.phochau" in message.body
    link = re.search(r"http://testserver(/dat-lai-mat-khau/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    new_password = "Hoi-dong-nhan-dan-2024"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert "Mật khẩu mới đã được lưu" in client.get(done["Location"]).content.decode()

    assert log_in(client, "/dang-nhap/", PASSWORD).status_code == 200  # the old one no longer
    assert log_in(client, "/dang-nhap/", new_password).status_code == 302
    assert is_logged_in(client)

    client.logout()
    used = client.get(link, follow=True)
    assert "Liên kết đặt lại mật khẩu không hợp lệ" in used.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, clerk):
    response = client.post("/quen-mat-khau/", {"email": "nobody@example.vn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_clerk_logs_in_on_the_admins_own_login_page(client, clerk):
    """Where the admin sends a clerk whose session ended: clerks are council members, not staff."""
    response = client.post(
        "/quan-tri/login/?next=/quan-tri/", {"username": "thuky.phochau", "password": PASSWORD, "next": "/quan-tri/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/").status_code == 200


def test_the_admins_login_page_still_refuses_a_user_of_no_council(client, db):
    UserFactory(username="nobody")
    response = client.post("/quan-tri/login/", {"username": "nobody", "password": PASSWORD})
    assert response.status_code == 200
    assert not is_logged_in(client)
