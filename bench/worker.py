"""Benchmark: what signing a report costs the web request, rendered in it or queued for a worker.

Run with `SECRET_KEY=… .venv/bin/python bench/worker.py` (see docs/deploy.md, "Beyond one machine").
It builds a fresh database (SQLite in a temporary directory unless DATABASE_URL is set), loads the
Hương Sơn 2023 demo, then signs the district's 2023 report through the signing page, each time
after removing the version signed before (so each signature renders): with Django's
ImmediateBackend (the default: the PDF is drawn in the request) and with django-tasks-db's
DatabaseBackend (TASKS_BACKEND=database: the request queues it), then times one `db_worker --batch`
run that renders what was queued.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdnd.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the signing page is posted through Django's test client
os.environ.setdefault("HTTPS", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from councils import demo  # noqa: E402
from councils.models import AdministrativeUnit, Membership  # noqa: E402
from oversight import demo as oversight_demo  # noqa: E402
from reports import demo as reports_demo  # noqa: E402
from reports.models import ReportVersion  # noqa: E402
from sessions import demo as sessions_demo  # noqa: E402

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RUNS = 5


def ms(seconds: list[float]) -> str:
    median, best = statistics.median(seconds) * 1000, min(seconds) * 1000
    return f"median {median:8.1f} ms   best {best:8.1f} ms   ({len(seconds)} runs)"


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if AdministrativeUnit.objects.exists():
        sys.exit("bench/worker.py loads the demo into a new database; this one already holds units.")
    district = demo.load_units()
    sessions_demo.load_2023(district)
    oversight_demo.load_2023(district)
    reports_demo.load_2023(district)
    signer = get_user_model().objects.create_user("huyen.bench")
    Membership.objects.create(user=signer, council=district, role=Membership.Role.REVIEWER)
    client = Client()
    client.force_login(signer)
    url = f"/bao-cao/{district.slug}/2023/bao-cao-nam/ky/"
    print(f"database: {connection.vendor}; command: {' '.join(sys.argv)}  ({os.cpu_count()} CPUs)")

    def sign() -> float:
        ReportVersion.objects.filter(council=district, year=2023).delete()
        start = time.perf_counter()
        assert client.post(url).status_code == 302
        return time.perf_counter() - start

    with override_settings(TASKS=IMMEDIATE):
        sign()  # warm-up: templates, fonts
        immediate = [sign() for _ in range(RUNS)]
        assert ReportVersion.objects.filter(council=district, year=2023).count() == 1
    print(f"{'signing request, rendered in it':<42} {ms(immediate)}")

    with override_settings(TASKS=DATABASE):
        queued, worker = [], []
        for _ in range(RUNS):
            queued.append(sign())
            assert not ReportVersion.objects.filter(council=district, year=2023).exists()
            start = time.perf_counter()
            call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
            worker.append(time.perf_counter() - start)
            assert ReportVersion.objects.filter(council=district, year=2023).count() == 1
        assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == RUNS
    print(f"{'signing request, queued (database)':<42} {ms(queued)}")
    print(f"{'db_worker --batch, rendering one report':<42} {ms(worker)}")


if __name__ == "__main__":
    main()
