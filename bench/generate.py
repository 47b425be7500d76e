"""Fill an empty database with a whole country's council records, for the scale benchmark (issue 15).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hb_national .venv/bin/python -m bench.generate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hb_small .venv/bin/python -m bench.generate --small

Defaults: 63 provinces of 11 districts, 10,546 communes, 2021–2025, at the Hương Sơn demo's yearly
rates (bench/records.py); the first province's 170 communes sit directly under it from 01/07/2025
(bench/tree.py). The database must exist; it is migrated, and refused if it already holds units.
Records are written through the product's models with bulk_create (no audit entries: nobody
typed them), one transaction per province; the same seed gives the same database. At the end:
VACUUM ANALYZE (PostgreSQL), rows per table, elapsed time and the database's size. `--check N`
runs `full_clean()` on N records of each kind (the models' own rules) and stops on the first error.
"""

import argparse
import random
import sys
import time

from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

from bench import (
    env,  # noqa: F401  (Django set up)
    records,
    tree,
)
from councils.models import AdministrativeUnit
from oversight.models import Petition

SMALL = {"provinces": 3, "districts": 2, "communes": 60, "two_tier": 20, "years": "2023-2025"}


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=63)
    parser.add_argument("--districts", type=int, default=11, help="districts per province (default 11)")
    parser.add_argument("--communes", type=int, default=10_546, help="communes in the whole country")
    parser.add_argument("--two-tier", type=int, default=170, help="communes of the first province (default 170)")
    parser.add_argument("--years", default="2021-2025", help="first-last (default 2021-2025)")
    parser.add_argument("--opinions-per-meeting", type=int, default=3, help="voters' opinions per meeting (demo: 3)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--check", type=int, default=0, metavar="N", help="full_clean N records of each kind")
    parser.add_argument("--small", action="store_true", help="a small country, under a minute: " + str(SMALL))
    args = parser.parse_args(argv)
    if args.small:
        for key, value in SMALL.items():
            setattr(args, key, value)
        args.check = args.check or 200
    first, _sep, last = args.years.partition("-")
    args.year_list = list(range(int(first), int(last or first) + 1))
    return args


def main(argv=None) -> None:
    args = arguments(argv)
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    if AdministrativeUnit.objects.exists():
        sys.exit("bench.generate: this database already holds units; give it an empty (new) database.")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; seed {args.seed}")
    with transaction.atomic():
        provinces = tree.build(args.provinces, args.districts, args.communes, args.two_tier, args.seed)
        users = tree.users(provinces)
    councils = sum(len(p.places) for p in provinces)
    print(f"tree: {len(provinces)} provinces, {councils} councils in {time.perf_counter() - start:.1f} s")
    total = 0
    for number, province in enumerate(provinces, start=1):
        with transaction.atomic():
            counts = records.fill(
                province.places, args.year_list, random.Random(args.seed * 1000 + number), args.opinions_per_meeting
            )
        total += sum(counts.values())
        if number % 7 == 0 or number == len(provinces):
            print(f"  {number:3d} provinces, {total:,} records, {time.perf_counter() - start:.0f} s", flush=True)
    dated = time.perf_counter()
    # bulk_create skips Petition.save(), which keeps each petition's deadline day (due_on)
    stored = Petition.objects.open().refresh_due_dates()
    print(f"petition deadlines: {stored:,} stored in {time.perf_counter() - dated:.0f} s")
    filled = time.perf_counter() - start
    if args.check:
        check(args.check)
    analyse = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE: {time.perf_counter() - analyse:.0f} s")
    print()
    report(users, filled, time.perf_counter() - start)


def check(n: int) -> None:
    """The models' own rules (`full_clean`, as save_record calls it) on `n` records of each kind."""
    for model in apps.get_models():
        if not hasattr(model, "date_path") or model._meta.app_label not in ("council_sessions", "oversight"):
            continue
        step = max(1, model.objects.count() // n)
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True)[::step][:n])
        for record in model.objects.filter(pk__in=pks):
            record.full_clean()
        print(f"full_clean: {len(pks)} {model.__name__} records valid")


def report(users: dict, filled: float, elapsed: float) -> None:
    rows = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in ("councils", "council_sessions", "oversight", "auth"):
            rows.append((model._meta.db_table, model.objects.count()))
    width = max(len(name) for name, _n in rows)
    for name, n in sorted(rows, key=lambda row: -row[1]):
        if n:
            print(f"{name:<{width}} {n:>12,}")
    print(f"{'total':<{width}} {sum(n for _name, n in rows):>12,}")
    print()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            print(f"database size: {cursor.fetchone()[0]}")
    print(f"records written in {filled:.0f} s; total {elapsed:.0f} s")
    print(f"users for the runner: {', '.join(f'{role} = {name}' for role, name in users.items())}")


if __name__ == "__main__":
    main()
