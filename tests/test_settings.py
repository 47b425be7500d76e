"""Settings read the environment and refuse to start with an insecure production setup."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def test_starts_with_a_secret_key():
    result = start_django(DEBUG="0", SECRET_KEY="s3cret-for-this-test")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_development_key_only_with_debug():
    result = start_django(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_a_debug_value_that_is_not_a_boolean_is_refused():
    result = start_django(DEBUG="maybe", SECRET_KEY="x")
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
