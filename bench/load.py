"""Throughput of the real server (issue 15, point 5): reviewers reading their dashboards under wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hb_national .venv/bin/python -m bench.load
    DATABASE_URL=… .venv/bin/python -m bench.load --seconds 15 --connections 8     # shorter, lighter

Against the database DATABASE_URL names, which must be migrated already (this runner never
migrates; it stops if a migration is pending):

1. compiles the translations and collects the static files into a temporary folder, as `make serve`
   does, then starts gunicorn with the command `make serve` would run (read from `make -n serve`:
   `hdnd.wsgi`, DEBUG=0, WEB_CONCURRENCY workers, 2 per core + 1 unless set, its access log and
   `--max-requests`) on a free loopback port, with HTTPS=0 (plain HTTP, no proxy) and
   ALLOWED_HOSTS=127.0.0.1;
2. opens --sessions sessions for each reviewer (--users, default the generated database's
   `bench.district` and `bench.province`) with Django's session engine, as `login()` would store
   them: these users have no password, so the product's login page cannot be used. Each session
   may read the dashboard of each council the user is a member of, for each of --years;
3. requests every (session, page) pair once and stops unless each answers 200 (a lost session
   would be a 302 to the login page); this also warms the workers;
4. runs wrk for --seconds with --connections, its Lua script rotating through the pairs, and counts
   every answer that is not 2xx (its `response` hook) and every socket error as an error;
5. prints wrk's own output and one table (requests per second, p50/p90/p99/max latency, errors,
   workers, the load average, the command) with the issue's targets met or not.

What it writes to the database: the sessions of step 2, deleted at the end; and whatever the
product writes when it serves a dashboard (the year tallies it keeps, `reports/tallies.py`).
Exit status 1 on any error, 0 otherwise whether or not the targets are met.
"""

import argparse
import dataclasses
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RPS = 150  # issue 15, point 5: at least 150 dashboard requests a second …
TARGET_P99_MS = 500  # … with the 99th percentile at most 500 ms

# wrk runs one Lua state per thread: each rotates through the same pages, from its own offset;
# `done` (in a state of its own) sums the threads' non-2xx counts and prints one line of figures.
LUA = """-- written by bench/load.py
local pages = {
%(pages)s
}
local threads, next_id = {}, 0
function setup(thread)
  thread:set("offset", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
function init(args)
  n = offset or 0
  bad = 0
end
function request()
  n = n %% #pages + 1
  return wrk.format("GET", pages[n][1], {["Cookie"] = pages[n][2]})
end
function response(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local non2xx = 0
  for _, thread in ipairs(threads) do non2xx = non2xx + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    "bench.load: requests=%%d duration_us=%%d non2xx=%%d connect=%%d read=%%d write=%%d timeout=%%d " ..
    "p50_us=%%d p90_us=%%d p99_us=%%d max_us=%%d\\n",
    summary.requests, summary.duration, non2xx, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


@dataclasses.dataclass(frozen=True)
class Result:
    """What one wrk run measured (times in milliseconds)."""

    requests: int
    seconds: float
    non2xx: int
    socket_errors: dict[str, int]
    p50: float
    p90: float
    p99: float
    max: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def errors(self) -> int:
        return self.non2xx + sum(self.socket_errors.values())


def parse(output: str) -> Result:
    """The figures of the line the Lua script's `done` prints, out of wrk's whole output."""
    line = re.search(r"^bench\.load: (.*)$", output, re.M)
    if line is None:
        raise ValueError("wrk's output has no 'bench.load:' line: did the Lua script run?\n" + output)
    values = {key: int(float(value)) for key, value in re.findall(r"(\w+)=(\S+)", line.group(1))}
    return Result(
        requests=values["requests"],
        seconds=values["duration_us"] / 1e6,
        non2xx=values["non2xx"],
        socket_errors={kind: values[kind] for kind in ("connect", "read", "write", "timeout")},
        p50=values["p50_us"] / 1000,
        p90=values["p90_us"] / 1000,
        p99=values["p99_us"] / 1000,
        max=values["max_us"] / 1000,
    )


def lua_script(pages: list[tuple[str, str]]) -> str:
    """The Lua script for (path, Cookie header) pairs; both are plain ASCII (slugs, session keys)."""
    for path, cookie in pages:
        if not (path + cookie).isascii() or re.search(r'["\\\n]', path + cookie):
            raise ValueError(f"not a plain path or cookie: {path!r} {cookie!r}")
    return LUA % {"pages": ",\n".join(f'  {{"{path}", "{cookie}"}}' for path, cookie in pages)}


def serve_command(port: int) -> list[str]:
    """gunicorn's command line as `make serve` would run it on 127.0.0.1:port (its last recipe line,
    printed by `make -n`), without the `DEBUG=0 exec` before it: DEBUG=0 is in the environment."""
    printed = subprocess.run(
        ["make", "-n", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\\\n", " ")
    line = next((line for line in printed.splitlines() if "gunicorn hdnd.wsgi" in line), None)
    if line is None:
        sys.exit("bench.load: `make -n serve` prints no gunicorn line; has the Makefile changed?\n" + printed)
    words = shlex.split(line)
    return words[words.index("exec") + 1 :]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def status_of(url: str, cookie: str = "") -> int:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(url: str, server: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("bench.load: gunicorn stopped:\n" + log.read_text())
        try:
            if status_of(url) == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"bench.load: the server did not answer on {url} within {seconds:.0f} s")


def migrations_pending() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return [str(migration) for migration, _backwards in executor.migration_plan(executor.loader.graph.leaf_nodes())]


def open_sessions(usernames: list[str], per_user: int, years: list[int]) -> list[tuple[str, str, list[str]]]:
    """(username, Cookie header, the dashboard paths the user may read): `per_user` sessions for each user,
    stored by the session engine as `django.contrib.auth.login` stores them (user id, backend, the
    password's hash), for the dashboards of every council the user is a member of, each year."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db import connection
    from django.urls import reverse

    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = []
    for username in usernames:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            sys.exit(f"bench.load: no user {username!r} in this database (see --users)")
        councils = [membership.council for membership in user.memberships.select_related("council__unit")]
        if not councils:
            sys.exit(f"bench.load: {username} is a member of no council: no dashboard to read")
        paths = [reverse("dashboard", args=[council.slug, year]) for council in councils for year in years]
        for _ in range(per_user):
            session = store()
            session[SESSION_KEY] = user._meta.pk.value_to_string(user)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            sessions.append((username, f"{settings.SESSION_COOKIE_NAME}={session.session_key}", paths))
    connection.close()  # the server has its own connections
    return sessions


def close_sessions(sessions: list[tuple[str, str, list[str]]]) -> None:
    from importlib import import_module

    from django.conf import settings
    from django.db import connection

    store = import_module(settings.SESSION_ENGINE).SessionStore
    for _username, cookie, _paths in sessions:
        store(cookie.partition("=")[2]).delete()
    connection.close()


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def table(result: Result, command: str, workers: int, load_before: str, load_after: str) -> str:
    """One Markdown table: the figures, what else describes the run, and the issue's targets."""

    def met(ok: bool) -> str:
        return "met" if ok else "**not met**"

    socket_errors = ", ".join(f"{kind} {n}" for kind, n in result.socket_errors.items())
    rows = [
        ("requests per second", f"{result.per_second:,.1f}", f"≥ {TARGET_RPS}", met(result.per_second >= TARGET_RPS)),
        ("latency p50", f"{result.p50:,.1f} ms", "", ""),
        ("latency p90", f"{result.p90:,.1f} ms", "", ""),
        ("latency p99", f"{result.p99:,.1f} ms", f"≤ {TARGET_P99_MS} ms", met(result.p99 <= TARGET_P99_MS)),
        ("latency max", f"{result.max:,.1f} ms", "", ""),
        ("errors", f"{result.errors} (not 2xx {result.non2xx}; socket: {socket_errors})", "0", met(not result.errors)),
        ("requests", f"{result.requests:,} in {result.seconds:.1f} s", "", ""),
        ("workers", f"{workers} (gunicorn, DEBUG=0)", "", ""),
        ("load average (1, 5, 15 min)", f"before {load_before}; after {load_after}", "", ""),
        ("command", f"`{command}`", "", ""),
    ]
    lines = ["| measure | value | target | |", "|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="wrk's duration (default 60)")
    parser.add_argument("--connections", type=int, default=32, help="wrk's open connections (default 32)")
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="wrk's threads (default: the cores)")
    parser.add_argument("--timeout", type=int, default=30, help="seconds before wrk counts a request as timed out")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default WEB_CONCURRENCY, or make serve's)")
    parser.add_argument("--users", default="bench.district,bench.province", help="reviewers, comma-separated")
    parser.add_argument("--sessions", type=int, default=4, help="sessions opened per user (default 4)")
    parser.add_argument("--years", default="2021-2025", help="dashboard years, first-last (default 2021-2025)")
    args = parser.parse_args(argv)
    first, _sep, last = args.years.partition("-")
    args.year_list = list(range(int(first), int(last or first) + 1))
    return args


def prepare(args: argparse.Namespace, folder: Path) -> None:
    """Django set up against DATABASE_URL, then what `make serve` does before gunicorn but migrating."""
    os.environ.update(ALLOWED_HOSTS="127.0.0.1", HTTPS="0", STATIC_ROOT=str(folder / "static"))
    if args.workers:
        os.environ["WEB_CONCURRENCY"] = str(args.workers)
    from bench import env  # noqa: F401  (Django set up: DEBUG=0, the bench key unless SECRET_KEY is set)

    if pending := migrations_pending():
        sys.exit(f"bench.load: {len(pending)} migration(s) pending ({pending[0]} …); this runner never migrates.")
    from django.core.management import call_command

    subprocess.run(["make", "--no-print-directory", "-s", "translations"], cwd=ROOT, check=True)
    call_command("collectstatic", interactive=False, verbosity=0)  # hashed names, as make serve


def start_server(log: Path) -> tuple[subprocess.Popen, str, int]:
    """gunicorn started as make serve starts it; its address and how many workers it was told to run
    (its log names fewer: with --preload a worker logs its boot once it has started)."""
    port = free_port()
    command = serve_command(port)
    with open(log, "w") as out:
        server = subprocess.Popen(
            command, cwd=ROOT, env=os.environ | {"DEBUG": "0"}, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    return server, f"http://127.0.0.1:{port}", int(command[command.index("--workers") + 1])


def check_pages(base: str, pages: list[tuple[str, str, str]], at_once: int) -> None:
    """Each (user, path, cookie) once, `at_once` at a time so that every worker is warmed; stops
    unless every one answers 200 (a redirect is not followed: a lost session would be a 302)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(at_once) as pool:
        statuses = list(pool.map(lambda page: status_of(base + page[1], page[2]), pages))
    wrong = sorted({(user, path, status) for (user, path, _), status in zip(pages, statuses, strict=True)})
    wrong = [f"  {status} for {user}: {path}" for user, path, status in wrong if status != 200]
    if wrong:
        sys.exit("bench.load: before the run, pages that are not 200 for their user:\n" + "\n".join(wrong))
    print(f"each pair answered 200 ({at_once} at a time, warming the workers) in {time.perf_counter() - started:.1f} s")


def main(argv=None) -> None:
    args = arguments(argv)
    if not os.environ.get("DATABASE_URL"):
        sys.exit("bench.load: set DATABASE_URL to the (migrated) database to serve, e.g. the generated hb_national.")
    if shutil.which("wrk") is None:
        sys.exit("bench.load: wrk is not installed (Debian: apt-get install -y wrk).")
    folder = Path(tempfile.mkdtemp(prefix="hdnd-bench-load-"))
    prepare(args, folder)
    sessions = open_sessions(args.users.split(","), args.sessions, args.year_list)
    pages = [(username, path, cookie) for username, cookie, paths in sessions for path in paths]
    log, server = folder / "serve.log", None
    try:
        server, base, workers = start_server(log)
        wait_for(base + "/dang-nhap/", server, log, seconds=120)
        print(f"server: gunicorn as make serve runs it, {workers} workers, on {base}")
        print(f"pages: {len(pages)} (session, dashboard) pairs; {args.sessions} sessions each for {args.users}")
        check_pages(base, pages, args.connections)
        script = folder / "rotate.lua"
        script.write_text(lua_script([(path, cookie) for _user, path, cookie in pages]))
        command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s", "--latency"]
        command += [f"--timeout={args.timeout}s", "-s", str(script), base + "/"]
        load_before = load_average()
        print(f"load average before the run (1, 5, 15 min): {load_before}")
        print(f"$ {shlex.join(command)}", flush=True)
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        load_after = load_average()
        print(output)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        close_sessions(sessions)
    result = parse(output)
    server_errors = log.read_text().count("Internal Server Error")
    print(table(result, shlex.join(command), workers, load_before, load_after))
    failed = result.errors or server_errors
    print(f"\nserver log: {server_errors} 'Internal Server Error' lines" + (f" ({log})" if failed else ""))
    if not failed:
        shutil.rmtree(folder)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
