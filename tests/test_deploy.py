"""Production posture, each in a process of its own started with production environment variables:
Django's deploy check, HTTPS behind a proxy, logging, SQLite under concurrent writers, `make serve`."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.load import NoRedirect, free_port  # the load runner starts make serve's gunicorn the same way

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "a-strong-key-for-the-deploy-tests-0123456789-abcdefghijklmnopqrstuv"
# What docs/deploy.md tells an operator to set.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "hdnd.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://hdnd.example.vn",
    "BEHIND_PROXY": "1",
    "EMAIL_BACKEND": "smtp",
}
INHERITED = {"PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "PGHOST", "PGPORT", "PGUSER"}


def production_env(tmp_path: Path, **overrides) -> dict[str, str]:
    """The machine's basics, production settings, a fresh SQLite database and static root of the test's own."""
    env = {k: v for k, v in os.environ.items() if k in INHERITED}
    env |= {"DJANGO_SETTINGS_MODULE": "hdnd.settings", **PRODUCTION}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "STATIC_ROOT": str(tmp_path / "static")}
    return env | overrides


def run(args: list[str], env: dict[str, str], timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run([sys.executable, "-c", "import django; django.setup()\n" + code], env)


def settings_of(env: dict[str, str], *names: str) -> dict:
    """The settings as a process started with `env` reads them (no django.setup(): reading the
    settings module is all it takes, and the apps' start-up would double the time)."""
    code = (
        "import json; from django.conf import settings\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    result = run([sys.executable, "-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- the deploy check ------------------------------------------------------------------------


DEPLOY_CHECK = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def test_deploy_check_has_nothing_to_say_with_production_settings(tmp_path):
    result = run(DEPLOY_CHECK, production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_warns_without_https_or_mail(tmp_path):
    """The same check does speak: HTTPS=0 (a closed network) gives up HSTS and the redirect, and
    without EMAIL_BACKEND=smtp password-reset links would go to the log instead of the users."""
    env = production_env(tmp_path, HTTPS="0")
    del env["EMAIL_BACKEND"]
    result = run(DEPLOY_CHECK, env)
    assert result.returncode != 0
    for warning in ["security.W004", "security.W008", "security.W012", "security.W016", "mail.E001"]:
        assert warning in result.stderr


def test_https_defaults_in_production(tmp_path):
    settings = settings_of(
        production_env(tmp_path),
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_AGE",
    )
    assert settings == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_AGE": 8 * 3600,
    }


def test_forwarded_headers_are_trusted_only_when_told_a_proxy_sets_them(tmp_path):
    env = production_env(tmp_path)
    del env["BEHIND_PROXY"]
    assert settings_of(env, "SECURE_PROXY_SSL_HEADER") == {"SECURE_PROXY_SSL_HEADER": None}


def test_hsts_session_length_and_login_throttle_from_the_environment(tmp_path):
    env = production_env(
        tmp_path,
        HSTS_SECONDS="3600",
        HSTS_PRELOAD="0",
        SESSION_HOURS="2",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_COOLOFF_MINUTES="10",
    )
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_AGE",
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
    ]
    assert settings_of(env, *names) == {
        "SECURE_HSTS_SECONDS": 3600,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_AGE": 7200,
        "AXES_FAILURE_LIMIT": 3,
        "AXES_COOLOFF_TIME": "0:10:00",
    }


def test_every_database_checks_its_connection_before_reuse(tmp_path):
    for url in [f"sqlite:///{tmp_path / 'db.sqlite3'}", "postgres://hdnd@127.0.0.1:5432/hdnd"]:
        databases = settings_of(production_env(tmp_path, DATABASE_URL=url), "DATABASES")["DATABASES"]
        assert databases["default"]["CONN_HEALTH_CHECKS"] is True, url


# --- logging ---------------------------------------------------------------------------------

SERVER_ERROR = """
import sys
from django.test import Client
response = Client(raise_request_exception=False).get("/dang-nhap/")
print(response.status_code)
print("weasyprint" in sys.modules)
"""


def test_a_server_error_leaves_its_traceback_on_stderr(tmp_path):
    """With DEBUG off and no collectstatic, every page is a 500 (no manifest of the static files):
    the log must say which request failed and why."""
    env = production_env(tmp_path, ALLOWED_HOSTS="testserver", HTTPS="0")
    result = python(SERVER_ERROR, env)
    assert result.returncode == 0, result.stderr
    status, weasyprint_imported = result.stdout.split()
    assert status == "500", result.stderr
    # The request loaded every URL, WeasyPrint not: it is imported to draw a PDF (reports.pdf).
    assert weasyprint_imported == "False"
    assert "ERROR django.request" in result.stderr
    assert "Internal Server Error: /dang-nhap/" in result.stderr
    assert "Traceback (most recent call last):" in result.stderr
    assert "Missing staticfiles manifest entry for 'css/hdnd.css'" in result.stderr


def test_log_level_from_the_environment(tmp_path):
    result = python("import logging; print(logging.getLevelName(logging.getLogger().level))", production_env(tmp_path))
    assert result.stdout.strip() == "INFO"
    result = python(
        "import logging; print(logging.getLevelName(logging.getLogger().level))",
        production_env(tmp_path, LOG_LEVEL="WARNING"),
    )
    assert result.stdout.strip() == "WARNING"
    result = python("", production_env(tmp_path, LOG_LEVEL="loud"))
    assert result.returncode != 0
    assert "LOG_LEVEL='loud' is not one of DEBUG, INFO, WARNING, ERROR." in result.stderr


# --- SQLite with several clerks saving at once -------------------------------------------------

TWO_WRITERS = """
import threading
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0])
    cursor.execute("PRAGMA busy_timeout")
    print(cursor.fetchone()[0])
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")
connection.close()

first_has_begun, second_is_done, errors = threading.Event(), threading.Event(), []

def increment(after=None, before_writing=None, then=None):
    try:
        if after:
            after.wait(5)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                n = cursor.fetchone()[0]
                if then is first_has_begun:
                    then.set()
                if before_writing:
                    before_writing.wait(0.5)  # the second writer would have finished by now, if it could
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
        if then is second_is_done:
            then.set()
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [
    threading.Thread(target=increment, kwargs={"before_writing": second_is_done, "then": first_has_begun}),
    threading.Thread(target=increment, kwargs={"after": first_has_begun, "then": second_is_done}),
]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    print(cursor.fetchone()[0])
print(errors)
"""


def test_sqlite_lets_two_clerks_save_at_once(tmp_path):
    """Two transactions that read then write the same row. In SQLite's default (deferred) mode the
    second one's write makes the first fail with "database is locked"; with WAL, IMMEDIATE
    transactions and a busy timeout the second waits for the first, and both saves count."""
    result = python(TWO_WRITERS, production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    journal_mode, busy_timeout, counter, errors = result.stdout.split("\n")[:4]
    assert (journal_mode, busy_timeout) == ("wal", "20000")
    assert errors == "[]"
    assert counter == "2"


# --- make serve --------------------------------------------------------------------------------


def fetch(url: str, headers: dict | None = None):
    """(status, headers, body) without following redirects."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_for(url: str, server: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"make serve stopped:\n{server.stdout.read()}")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"make serve did not answer on {url} within {seconds} s")


def test_make_serve_migrates_collects_static_and_serves_https_behind_a_proxy(tmp_path):
    """`make serve` as docs/deploy.md runs it: DEBUG off, a fresh database, gunicorn on HOST:PORT
    behind a proxy that says the client came over HTTPS."""
    port = free_port()
    env = production_env(tmp_path, ALLOWED_HOSTS="127.0.0.1", HOST="127.0.0.1", PORT=str(port), WEB_CONCURRENCY="1")
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/dang-nhap/", server, seconds=90)

        status, headers, _body = fetch(base + "/dang-nhap/")
        assert (status, headers["Location"]) == (301, f"https://127.0.0.1:{port}/dang-nhap/")

        status, headers, body = fetch(base + "/dang-nhap/", {"X-Forwarded-Proto": "https"})
        assert status == 200
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "Secure" in headers["Set-Cookie"]  # the CSRF cookie
        stylesheet = body.decode().split('<link rel="stylesheet" href="')[1].split('"')[0]
        assert stylesheet.startswith("/static/css/hdnd.") and stylesheet != "/static/css/hdnd.css"  # hashed

        status, headers, _body = fetch(base + stylesheet, {"X-Forwarded-Proto": "https", "Accept-Encoding": "br"})
        assert status == 200
        assert headers["Content-Encoding"] == "br"
        assert "immutable" in headers["Cache-Control"]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert "Listening at: http://127.0.0.1:" in output
    assert "Applying councils.0001_initial... OK" in output
