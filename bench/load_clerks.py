"""Load run: clerks of eight communes saving Standing Committee meetings at once, through the admin.

    .venv/bin/python bench/load_clerks.py                               # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hdnd_load .venv/bin/python bench/load_clerks.py

What it does, on a fresh database (a SQLite file in a temporary folder, or the PostgreSQL database
named in DATABASE_URL, which is dropped and created again, and dropped at the end, so its name must
end in `_load`):

1. migrates and loads the Hương Sơn demo (`load_demo --no-users`), then makes one clerk for each of
   eight communes (Membership role CLERK) with a random password;
2. starts `make serve` on 127.0.0.1 (DEBUG off, HTTPS=0 on the loopback, WEB_CONCURRENCY workers,
   2 per core + 1 unless set);
3. runs the clerks as threads for --seconds (60): each logs in through /dang-nhap/ (CSRF token and
   all), then again and again opens the change page of one of its own commune's 2023 meetings
   (/quan-tri/council_sessions/standingcommitteemeeting/<id>/change/), takes every value of the
   form as the page gives it, changes `content` to a text of its own, and saves (POST). No two
   clerks ever edit the same record. A save is acknowledged by the admin's redirect (302);
4. stops the server and checks every acknowledged save against the database: each one is in the
   audit trail (councils.AuditEntry, `content` after = the text sent), and each meeting's content is
   the last text acknowledged for it.

It prints requests, errors (any answer other than the expected one, and any "Internal Server Error"
in the server's log), acknowledged and found saves, requests per second, and p50/p95 latency.
Only 127.0.0.1 is contacted; the run stops by itself.
"""

import argparse
import collections
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMUNES = ["pho-chau", "son-tay", "son-kim-1", "son-kim-2", "son-tien", "son-ninh", "son-giang", "son-trung"]
CHANGE_URL = "/quan-tri/council_sessions/standingcommitteemeeting/{}/change/"
FORM_ID = "standingcommitteemeeting_form"


# --- the browser's part: forms as a page gives them ----------------------------------------------


class FormValues(HTMLParser):
    """The values a browser would submit from the form with the given id (or the first form)."""

    def __init__(self, form_id: str | None = None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.values = form_id, False, []
        self._textarea = self._select = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form" and (self.form_id is None or attrs.get("id") == self.form_id) and not self.values:
            self.inside = True
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.values.append((name, attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.values.append((name, text.removeprefix("\n")))  # as browsers read it
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected] or [v for v, _ in self._options[:1]]
            self.values.extend((self._select, value) for value in chosen)
            self._select = None


def form_values(html: str, form_id: str | None = None) -> list[tuple[str, str]]:
    parser = FormValues(form_id)
    parser.feed(html)
    return parser.values


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Clerk(threading.Thread):
    """One clerk: logs in, then opens and saves their own meetings until the deadline."""

    def __init__(self, base: str, username: str, password: str, meeting_ids: list[int], deadline: float):
        super().__init__(name=username)
        self.base, self.username, self.password = base, username, password
        self.meeting_ids, self.deadline = meeting_ids, deadline
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )
        self.timings: list[tuple[str, float]] = []  # (kind, seconds)
        self.errors: list[str] = []
        self.acknowledged: list[tuple[int, str]] = []  # (meeting id, content) in order

    def request(self, kind: str, path: str, data: list[tuple[str, str]] | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        start = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body), timeout=60) as response:
                status, location, text = response.status, "", response.read().decode()
        except urllib.error.HTTPError as error:
            status, location, text = error.code, error.headers.get("Location", ""), error.read().decode()
        self.timings.append((kind, time.perf_counter() - start))
        return status, location, text

    def run(self):
        try:
            status, _, page = self.request("login page", "/dang-nhap/")
            values = dict(form_values(page))
            values |= {"username": self.username, "password": self.password}
            status, location, _ = self.request("log in", "/dang-nhap/", list(values.items()))
            if status != 302:
                self.errors.append(f"log in: {status}")
                return
            n = 0
            while time.monotonic() < self.deadline:
                meeting = self.meeting_ids[n % len(self.meeting_ids)]
                n += 1
                status, _, page = self.request("open", CHANGE_URL.format(meeting))
                if status != 200:
                    self.errors.append(f"open {meeting}: {status}")
                    continue
                content = f"Phiên họp {meeting}: nội dung lưu lần {n} của {self.username}"
                values = [(name, content if name == "content" else value) for name, value in form_values(page, FORM_ID)]
                values.append(("_save", "Lưu"))
                status, location, text = self.request("save", CHANGE_URL.format(meeting), values)
                if status == 302 and location.endswith("/standingcommitteemeeting/"):
                    self.acknowledged.append((meeting, content))
                else:
                    errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', text, re.S)
                    self.errors.append(f"save {meeting}: {status} {location} {' '.join(errors)[:200]}")
        except Exception as error:  # a refused connection or a timeout is an error of the run too
            self.errors.append(f"{type(error).__name__}: {error}")


# --- the server's part ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def postgres(url: str, *statements: str) -> None:
    """Run statements on the server's `postgres` database, about the database the URL names."""
    import psycopg2

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.endswith("_load"):
        sys.exit(f"DATABASE_URL names {name!r}: the load run drops and recreates it, so its name must end in _load.")
    admin = psycopg2.connect(
        dbname="postgres", user=parsed.username, password=parsed.password, host=parsed.hostname, port=parsed.port
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.format(name=name))
    admin.close()


def wait_for(url: str, server: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("make serve stopped; see its log above.")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"make serve did not answer on {url} within {seconds} s")


def percentile(values: list[float], fraction: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clerks", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    options = parser.parse_args()
    if not 1 <= options.clerks <= len(COMMUNES):
        sys.exit(f"--clerks: 1 to {len(COMMUNES)}")

    folder = Path(tempfile.mkdtemp(prefix="hdnd-load-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'hdnd.sqlite3'}"
    if database_url.startswith("postgres"):
        postgres(database_url, 'DROP DATABASE IF EXISTS "{name}"', 'CREATE DATABASE "{name}"')
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hdnd.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "HTTPS": "0",  # plain HTTP on the loopback: no proxy, no certificate
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from councils.models import AuditEntry, Council, Membership
    from sessions.models import StandingCommitteeMeeting

    start = time.perf_counter()
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo", "--no-users")
    password = secrets.token_urlsafe(16)
    clerks = {}
    for slug in COMMUNES[: options.clerks]:
        user = get_user_model().objects.create_user(f"load.{slug}", password=password)
        Membership.objects.create(user=user, council=Council.objects.get(unit__slug=slug), role=Membership.Role.CLERK)
        ids = list(
            StandingCommitteeMeeting.objects.filter(council__unit__slug=slug, date__year=2023).values_list(
                "pk", flat=True
            )
        )
        clerks[user.username] = ids
    connection.close()
    took = time.perf_counter() - start
    print(f"database: {connection.vendor}; fresh, demo loaded and {len(clerks)} clerks made in {took:.1f} s")

    log_path = folder / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/dang-nhap/", server, seconds=120)
        workers = len(re.findall(r"Booting worker with pid", log_path.read_text()))
        print(f"server: make serve, gunicorn with {workers} workers, on {base}")
        print(f"command: {' '.join(sys.argv)}  (python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
        print(f"machine load average before the run (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print()

        deadline = time.monotonic() + options.seconds
        threads = [Clerk(base, username, password, ids, deadline) for username, ids in clerks.items()]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    server_log = log_path.read_text()

    # Every acknowledged save, against the database.
    acknowledged = [(meeting, content) for thread in threads for meeting, content in thread.acknowledged]
    audited = collections.Counter(
        (int(entry.object_id), entry.changes["content"][1])
        for entry in AuditEntry.objects.filter(
            content_type__model="standingcommitteemeeting",
            object_id__in=[str(pk) for ids in clerks.values() for pk in ids],
            action=AuditEntry.Action.UPDATE,
        )
        if "content" in entry.changes
    )
    found = sum(1 for save in acknowledged if audited[save] > 0)
    last = {}
    for thread in threads:
        for meeting, content in thread.acknowledged:
            last[meeting] = content
    stored = dict(StandingCommitteeMeeting.objects.filter(pk__in=last).values_list("pk", "content"))
    final_ok = sum(1 for meeting, content in last.items() if stored[meeting] == content)

    timings = [seconds for thread in threads for _kind, seconds in thread.timings]
    errors = [f"{thread.name}: {error}" for thread in threads for error in thread.errors]
    server_errors = server_log.count("Internal Server Error")
    locked = server_log.count("database is locked")
    by_kind = collections.defaultdict(list)
    for thread in threads:
        for kind, seconds in thread.timings:
            by_kind[kind].append(seconds)

    print(f"{len(threads)} clerks for {elapsed:.1f} s")
    print(f"requests                {len(timings):8d}   ({len(timings) / elapsed:.1f} per second)")
    log_note = f"server log: {server_errors} 500s, {locked} 'database is locked' lines"
    print(f"errors                  {len(errors):8d}   ({log_note})")
    print(f"saves acknowledged      {len(acknowledged):8d}   ({len(acknowledged) / elapsed:.1f} per second)")
    print(f"  found in audit trail  {found:8d}")
    print(f"  meetings, last save stored {final_ok} of {len(last)}")
    for label, values in [("latency, all requests", timings), ("  open", by_kind["open"]), ("  save", by_kind["save"])]:
        p50, p95 = percentile(values, 0.5) * 1000, percentile(values, 0.95) * 1000
        print(f"{label:<23} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({len(values)} requests)")
    logins = by_kind["log in"]
    login_p50 = statistics.median(logins) * 1000
    print(f"  log in (PBKDF2)       p50 {login_p50:7.1f} ms   ({len(logins)} requests, at the start)")
    for error in errors[:10]:
        print("  error:", error)
    shutil.rmtree(folder)
    if database_url.startswith("postgres"):
        connection.close()
        postgres(database_url, 'DROP DATABASE "{name}"')
    ok = (
        not errors
        and not server_errors
        and not locked
        and found == len(acknowledged)
        and final_ok == len(last)
        and acknowledged
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
