"""Settings read the environment and refuse to start with an insecure production setup."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hdnd.env import secret_key, secret_key_weakness

ROOT = Path(__file__).resolve().parent.parent


STRONG_KEY = "a-strong-key-for-the-settings-tests-0123456789-abcdefghijklmnop"


def start_django(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "hdnd.settings", **env},
        capture_output=True,
        text=True,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = start_django(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_starts_with_a_strong_secret_key():
    result = start_django(DEBUG="0", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_refuses_to_start_with_a_weak_secret_key_when_debug_is_off():
    result = start_django(DEBUG="0", SECRET_KEY="x")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak for DEBUG off: it has 1 characters, fewer than 50." in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("x", "it has 1 characters, fewer than 50"),
        ("s3cret-for-this-test", "it has 20 characters, fewer than 50"),
        ("abcd" * 20, "it has 4 distinct characters, fewer than 5"),
        ("django-insecure-" + STRONG_KEY, "it starts with 'django-insecure'"),
    ],
)
def test_weak_secret_keys_are_refused_without_debug(monkeypatch, key, reason):
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ImproperlyConfigured, match=re.escape(reason)):
        secret_key(debug=False)
    assert secret_key(debug=True) == key  # development: the key is the developer's business


def test_a_strong_secret_key_is_accepted(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    assert secret_key_weakness(STRONG_KEY) is None
    assert secret_key(debug=False) == STRONG_KEY


def test_development_key_only_with_debug():
    result = start_django(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_a_debug_value_that_is_not_a_boolean_is_refused():
    result = start_django(DEBUG="maybe", SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_vietnamese_defaults(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE


def test_pages_carry_a_content_security_policy(client, db):
    response = client.get("/dang-nhap/")
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_vietnamese_even_when_the_browser_asks_for_english(client, db):
    response = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert "Tên đăng nhập" in response.content.decode()


def test_english_when_the_user_chooses_it(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"})
    response = client.get("/quan-tri/login/")
    assert response["Content-Language"] == "en"
    assert "Password" in response.content.decode()
