"""The scale runner (issue 15): every page that grows with the country, timed against a database
filled by `python -m bench.generate`, each beside a hand-written SQL floor timed in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hb_national .venv/bin/python -m bench.scale
    (the same: .venv/bin/python -m bench.run --scale)

Pages go through Django's test client (DEBUG off, force_login) as the generator's users: the clerk
of one commune, the reviewer of its district, the reviewer of the two-tier province. Each is asked
once to warm up, once more to count and capture its queries, then timed `--runs` times, fewer when a
page has used up `--budget` seconds (at least 3). The national roll-up has no page: it is measured
twice, through the two selectors the dashboards call (`work_counts_by_council`,
`constituent_work_by_council`) for every council of the year, and as the sum of their kept yearly
counts (`reports.tallies.summed`, added up by the database; what is overdue left out). The floors
are in bench/floors.py. Prints one Markdown table; `--explain N` then prints EXPLAIN (ANALYZE,
BUFFERS) of the N slowest product statements seen in the counted runs.
"""

import argparse
import datetime
import os
import re
import statistics
import sys
import time

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench import (
    env,  # noqa: F401  (Django set up)
    floors,
)
from councils import tree
from councils.models import AdministrativeUnit, Council, Membership
from oversight.selectors import constituent_work_by_council
from reports import tallies
from reports.lists import LISTS
from reports.views.dashboard import PAGE_SIZE
from sessions.selectors import work_counts_by_council

USERS = {"clerk": "bench.clerk", "district": "bench.district", "province": "bench.province"}


class Runner:
    def __init__(self, runs: int, budget: float):
        self.runs, self.budget = runs, budget
        self.rows = []
        self.statements = []  # (seconds, label, sql) of every product statement in the counted runs

    def measure(self, label: str, product, floor_sql: str | None = None, params: dict | None = None) -> None:
        product()  # warm-up (caches), then once more to count and capture its statements
        with CaptureQueriesContext(connection) as captured:
            product()
        queries = captured.captured_queries  # now: a request in the timed runs empties Django's query log
        for query in queries:
            self.statements.append((float(query["time"]), label, query["sql"]))
        times = self._timed(product)
        floor = None
        if floor_sql:
            with connection.cursor() as cursor:
                cursor.execute(floor_sql, params)  # warm-up
                floor = statistics.median(self._timed(lambda: _run(cursor, floor_sql, params), len(times)))
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
        self.rows.append((label, len(queries), median, p95, floor, len(times)))
        ratio = f"{median / floor:.0f}×" if floor else "—"
        line = f"{len(queries):4d} q  {_ms(median):>10}  floor {_ms(floor):>10}  {ratio}"
        print(f"  {label:<62} {line}", file=sys.stderr, flush=True)

    def _timed(self, func, runs: int | None = None) -> list[float]:
        times, spent = [], 0.0
        for _ in range(runs or self.runs):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
            spent += times[-1]
            if runs is None and len(times) >= 3 and spent > self.budget:
                break
        return times

    def table(self) -> str:
        lines = [
            "| page | queries | median | p95 | SQL floor | ratio | runs |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for label, queries, median, p95, floor, runs in self.rows:
            ratio = f"{median / floor:.0f}×" if floor else "—"
            lines.append(f"| {label} | {queries} | {_ms(median)} | {_ms(p95)} | {_ms(floor)} | {ratio} | {runs} |")
        return "\n".join(lines)


def _run(cursor, sql, params):
    cursor.execute(sql, params)
    cursor.fetchall()


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def page(client: Client, url: str, drawn: bool = False):
    """A GET of `url`; `drawn`: with the cache emptied first, so a dashboard is drawn, not kept
    (reports.fragments)."""

    def get():
        if drawn:
            cache.clear()
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
        if response.streaming:
            b"".join(response.streaming_content)

    return get


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2024, help="year of the district dashboard and the lists")
    parser.add_argument("--province-year", type=int, default=2025, help="year of the province dashboard")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--budget", type=float, default=8.0, help="seconds of timed runs per page (at least 3 runs)")
    parser.add_argument("--explain", type=int, default=3, metavar="N")
    parser.add_argument("--only", default="", help="only pages whose label contains this text")
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        sys.exit("bench.scale: the floors are PostgreSQL statements; set DATABASE_URL to the generated database.")
    call_command("collectstatic", interactive=False, verbosity=0)  # as in production: hashed names
    User = get_user_model()
    users = {role: User.objects.get(username=name) for role, name in USERS.items()}
    councils = {role: Membership.objects.get(user=user).council for role, user in users.items()}
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    runner = Runner(args.runs, args.budget)
    measure = runner.measure
    if args.only:
        measure = lambda label, *a, **k: args.only in label and runner.measure(label, *a, **k)  # noqa: E731
    load, started = os.getloadavg(), time.perf_counter()
    year, first, last = args.year, datetime.date(args.year - 1, 1, 1), datetime.date(args.year, 12, 31)
    today = timezone.localdate()
    district, province = councils["district"], councils["province"]
    below = {"first": first, "last": last, "today": today}
    communes = len(tree.days(tree.below([district.unit_id], *tree.year_bounds(year))))
    for drawn, how in ((True, "drawn"), (False, "kept")):
        measure(
            f"district dashboard {year} ({communes} communes), district reviewer, {how}",
            page(clients["district"], reverse("dashboard", args=[district.slug, year]), drawn),
            floors.figures_below(),
            {**below, "council": district.pk},
        )
    py = args.province_year
    communes = len(tree.days([e for e in tree.below([province.unit_id], *tree.year_bounds(py)) if e.level == "XA"]))
    for drawn, how in ((True, "drawn"), (False, "kept")):
        measure(
            f"province dashboard {py} ({communes} communes), province reviewer, {how}",
            page(clients["province"], reverse("dashboard", args=[province.slug, py]), drawn),
            floors.figures_below(),
            {
                "first": datetime.date(py - 1, 1, 1),
                "last": datetime.date(py, 12, 31),
                "today": today,
                "council": province.pk,
            },
        )
    everyone = list(Council.objects.filter(unit__in=AdministrativeUnit.objects.active_in_year(year)))
    measure(
        f"national roll-up {year} ({len(everyone):,} councils; selectors)",
        lambda: (work_counts_by_council(everyone, year), constituent_work_by_council(everyone, year, today)),
        floors.figures_national(),
        {"first": datetime.date(year, 1, 1), "last": last, "today": today},
    )
    ids = [council.pk for council in everyone]

    measure(  # the councils' kept yearly counts (counted at the warm-up run), summed by the database
        f"national roll-up {year} ({len(everyone):,} councils; tallies)",
        lambda: tallies.summed(ids, year),
        floors.figures_national(),
        {"first": datetime.date(year, 1, 1), "last": last, "today": today},
    )
    for role in ("clerk", "district"):
        roles = {"user": users[role].pk, "reading": floors.reading_roles()}
        for slug, definition in LISTS.items():
            measure(
                f"list /danh-sach/{slug}/, {role}",
                page(clients[role], reverse("record_list", args=[slug])),
                floors.list_page(definition.model, PAGE_SIZE),
                roles,
            )
        for model, model_admin in admin.site._registry.items():
            if not hasattr(model, "council_path") or not hasattr(model, "date_path") or model is Council:
                continue
            opts = model._meta
            measure(
                f"admin {opts.app_label}/{opts.model_name}, {role}",
                page(clients[role], reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")),
                floors.list_page(model, model_admin.list_per_page),
                roles,
            )
    # Each document drawn (the cache emptied first), then kept (reports.annual.kept).
    for kind, state, drawn in (
        ("pdf", ", drawn", True),
        ("pdf", ", kept", False),
        ("docx", ", drawn", True),
        ("docx", ", kept", False),
    ):
        measure(
            f"annual report {kind.upper()} {year}{state}, district reviewer",
            page(clients["district"], reverse(f"annual_report_{kind}", args=[district.slug, year]), drawn=drawn),
            floors.figures_below(),
            {**below, "council": district.pk},
        )
    elapsed = time.perf_counter() - started
    name, version = connection.settings_dict["NAME"], sys.version.split()[0]
    print(f"database {name}; {today}; python {version}; {os.cpu_count()} CPUs")
    print(f"load average before the pass (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in load)}")
    print(f"command: python -m bench.scale {' '.join(sys.argv[1:] if argv is None else argv)}".rstrip())
    print()
    print(runner.table())
    print()
    print(f"one pass: {elapsed:.0f} s")
    explain(runner.statements, args.explain)


def shorten(sql: str) -> str:
    """The statement or plan as printed: a list of more than 20 ids shown by its first and last."""

    def ids(match):
        items = match.group(1).split(", ")
        return f"IN ({', '.join(items[:3])}, … {items[-1]})  /* {len(items):,} ids */" if len(items) > 20 else match[0]

    def array(match):
        items = match.group(1).split(",")
        return f"'{{{','.join(items[:3])},…{items[-1]}}}'" if len(items) > 20 else match[0]

    sql = re.sub(r"IN \(([0-9]+(?:, [0-9]+)*)\)", ids, sql)
    return re.sub(r"'\{([0-9]+(?:,[0-9]+)*)\}'", array, sql)


def explain(statements: list, n: int) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of each of the `n` pages whose slowest
    statement is slowest (in the counted runs)."""
    seen, slowest = set(), []
    for seconds, label, sql in sorted(statements, key=lambda s: -s[0]):
        if label not in seen and len(slowest) < n:
            seen.add(label)
            slowest.append((seconds, label, sql))
    for seconds, label, sql in slowest:
        print()
        print(f"### {seconds * 1000:,.0f} ms in its counted run — {label}")
        print()
        print("```sql")
        print(shorten(sql))
        print("```")
        print()
        print("```")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            print(shorten("\n".join(row[0] for row in cursor.fetchall())))
        print("```")


if __name__ == "__main__":
    main()
