"""Beyond one machine (docs/deploy.md): the settings that turn each part on, the figures pages
reading a replica while writes stay on the primary, attachments on a storage that is not a
directory, and the signing of a report rendered by a worker from the database queue.

The replica is the test mirror of `default` (tests/settings.py): another connection to the same
test database, as a replica with no delay would be. A connection sees only what another has
committed, so the replica tests commit (`transaction=True`); so does the worker test, since the
worker's loop closes connections left inside a transaction, as a request's end does.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from councils.records import save_record
from hdnd import routers
from reports.models import ReportVersion
from sessions.models import Resolution
from tests.factories import SessionFactory
from tests.reports.test_annual_report import pdf_text
from tests.sessions.test_attachments import PDF, form_data, upload

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ("dashboard", ["huong-son", 2023])


# --- settings: nothing changes unless asked ---------------------------------------------------------

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
from django.tasks import task_backends
from django.core.cache import caches
storage = storages["default"]
print(json.dumps({
    "databases": {alias: db["NAME"] for alias, db in settings.DATABASES.items()},
    "routers": settings.DATABASE_ROUTERS,
    "after_auth": settings.MIDDLEWARE[
        settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    ],
    "storage": type(storage).__module__ + "." + type(storage).__name__,
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "url": storage.url("attachments/0123.pdf"),
    "tasks": type(task_backends["default"]).__name__,
    "cache": type(caches["default"]).__name__,
}))
"""


def settings_with(**env) -> dict:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "MEDIA_S3_BUCKET", "TASKS_BACKEND", "DEBUG", "CACHE_URL"}
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "hdnd.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_the_new_variables_one_database_local_files_and_tasks_in_the_request():
    shown = settings_with()
    assert list(shown["databases"]) == ["default"]
    assert shown["routers"] == []
    assert shown["after_auth"] != "hdnd.routers.ReplicaReadsMiddleware"
    assert shown["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert shown["url"] == "/tep/attachments/0123.pdf"
    assert shown["tasks"] == "ImmediateBackend"
    assert shown["cache"] == "DummyCache"  # DEBUG on (make run): nothing kept, an edited template shows at once


def test_the_kept_dashboards_live_in_files_on_one_machine_and_in_redis_for_several():
    """reports.fragments: shared by the worker processes of one server, or by every app server."""
    production = {"DEBUG": "0", "ALLOWED_HOSTS": "hdnd.example.vn"}
    assert settings_with(**production)["cache"] == "FileBasedCache"
    assert settings_with(**production, CACHE_URL="redis://cache.example.vn:6379/0")["cache"] == "RedisCache"


def test_the_variables_add_a_replica_a_bucket_and_the_database_queue():
    """The S3 backend is chosen and configured; nothing here talks to a bucket (there is none)."""
    shown = settings_with(
        DATABASE_URL="postgres://postgres@db-primary:5432/hdnd",
        DATABASE_REPLICA_URL="postgres://postgres@db-replica:5432/hdnd",
        MEDIA_S3_BUCKET="hdnd-tep",
        MEDIA_S3_ENDPOINT_URL="https://s3.example.vn",
        TASKS_BACKEND="database",
    )
    assert shown["databases"] == {"default": "hdnd", "replica": "hdnd"}
    assert shown["routers"] == ["hdnd.routers.ReplicaRouter"]
    assert shown["after_auth"] == "hdnd.routers.ReplicaReadsMiddleware"
    assert shown["storage"] == "hdnd.media.S3AttachmentStorage"
    assert (shown["bucket"], shown["endpoint"]) == ("hdnd-tep", "https://s3.example.vn")
    assert shown["url"] == "/tep/attachments/0123.pdf"  # the checking view, never the bucket
    assert shown["tasks"] == "DatabaseBackend"


def test_an_unknown_tasks_backend_stops_start_up():
    clean = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "hdnd.settings", "DEBUG": "1", "TASKS_BACKEND": "celery"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "TASKS_BACKEND='celery' is not one of immediate, database." in result.stderr


# --- the replica ------------------------------------------------------------------------------------


@pytest.fixture
def replica_routing(settings):
    """What DATABASE_REPLICA_URL installs (hdnd/settings.py), on the test mirror."""
    settings.DATABASE_ROUTERS = ["hdnd.routers.ReplicaRouter"]
    after_auth = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:after_auth],
        "hdnd.routers.ReplicaReadsMiddleware",
        *settings.MIDDLEWARE[after_auth:],
    ]


def tables(queries) -> set[str]:
    return {name for query in queries for name in re.findall(r'(?:FROM|JOIN|INTO|UPDATE) "(\w+)"', query["sql"])}


def resolutions_of(council, n: int, user) -> list[Resolution]:
    session = SessionFactory(council=council, ordinal=1)
    return [
        save_record(
            Resolution(session=session, code=f"{i:02d}/NQ-HĐND", adopted_on=session.start_date, summary="Về dự toán"),
            user=user,
        )
        for i in range(1, n + 1)
    ]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_dashboard_reads_the_replica_and_the_login_the_primary(client, reviewer, district, replica_routing):
    resolutions_of(district, 3, reviewer)
    client.force_login(reviewer)

    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        page = client.get(reverse(DASHBOARD[0], args=DASHBOARD[1]))

    assert page.status_code == 200
    assert 'data-figure="own-resolutions">3<' in page.content.decode()
    # the user is loaded before the switch (the login itself comes from the cache: SESSION_ENGINE);
    # the primary also keeps the years the page counted (reports.tallies)
    assert tables(primary.captured_queries) == {"auth_user", "councils_yeartally"}
    assert all(
        query["sql"].startswith(("INSERT", "UPDATE"))
        for query in primary.captured_queries
        if "councils_yeartally" in query["sql"]
    )
    assert {"council_sessions_resolution", "councils_membership"} <= tables(replica.captured_queries)
    assert "django_session" not in tables(replica.captured_queries)
    # reads only ("(SELECT …) UNION ALL (SELECT …)" on PostgreSQL: what is overdue, oversight.selectors)
    assert all(query["sql"].lstrip("(").startswith("SELECT") for query in replica.captured_queries)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_save_reads_and_writes_the_primary_even_on_a_replica_page(reviewer, district, replica_routing):
    """save_record's reads (select_for_update, the year's lock, validation) are in its transaction:
    they go where its writes go, so it reads its own writes."""
    (resolution,) = resolutions_of(district, 1, reviewer)
    resolution.summary = "Về dự toán (sửa)"

    with (
        routers.replica_reads(),
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        save_record(resolution, user=reviewer)
        outside = Resolution.objects.get(pk=resolution.pk)  # no transaction: the replica

    assert [query["sql"] for query in replica.captured_queries if "council_sessions_resolution" in query["sql"]]
    assert outside.summary == "Về dự toán (sửa)" and outside._state.db == "replica"
    primary_sql = " ".join(query["sql"] for query in primary.captured_queries)
    assert "FOR UPDATE" in primary_sql or connections["default"].vendor == "sqlite"  # SQLite has no row locks
    assert 'UPDATE "council_sessions_resolution"' in primary_sql and 'INTO "councils_auditentry"' in primary_sql
    assert len(replica.captured_queries) == 1  # only the read after the transaction


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_pages_that_write_or_follow_a_write_read_the_primary(client, reviewer, district, replica_routing):
    resolutions_of(district, 1, reviewer)
    client.force_login(reviewer)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get(reverse("annual_report_edit", args=DASHBOARD[1])).status_code == 200
        assert client.get(reverse("council_home", args=["huong-son"])).status_code == 200
        assert client.get(reverse("admin:council_sessions_resolution_changelist")).status_code == 200
    assert replica.captured_queries == []


# --- attachments on a storage that is not a directory ----------------------------------------------


@pytest.fixture
def memory_storage(settings):
    """Django's in-memory storage: no path on disk, as with a bucket."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage", "OPTIONS": {"base_url": "/tep/"}},
    }


def test_an_attachment_is_stored_and_served_through_the_storage(
    client, clerk, other_clerk, pho_chau, memory_storage, settings
):
    resolution = resolutions_of(pho_chau, 1, clerk)[0]
    client.force_login(clerk)
    change = reverse("admin:council_sessions_resolution_change", args=[resolution.pk])

    assert client.post(change, form_data(resolution, signed_pdf=upload())).status_code == 302

    resolution.refresh_from_db()
    url = resolution.signed_pdf.url
    assert url == f"/tep/{resolution.signed_pdf.name}"
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on disk
    served = client.get(url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    client.force_login(other_clerk)
    assert client.get(url).status_code == 404


def test_a_pdf_kept_after_a_failed_form_is_kept_in_the_storage(client, clerk, pho_chau, memory_storage, settings):
    """A PDF chosen on a form that failed is kept aside in the storage and offered again. (Old kept
    files are found by listing their prefix, since on S3 `exists` of a prefix is False; that part
    needs a bucket and is not tested here.)"""
    resolution = resolutions_of(pho_chau, 1, clerk)[0]
    client.force_login(clerk)
    change = reverse("admin:council_sessions_resolution_change", args=[resolution.pk])

    for _ in range(2):  # the first keeps into an empty storage, the second lists what the first kept
        page = client.post(change, form_data(resolution, code="", signed_pdf=upload()))
        assert page.status_code == 200 and 'name="signed_pdf__kept"' in page.content.decode()

    assert not Path(settings.MEDIA_ROOT).exists()


# --- a report rendered by the worker ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_signing_queues_the_report_and_the_worker_renders_it(client, clerk, pho_chau, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    resolutions = resolutions_of(pho_chau, 3, clerk)
    client.force_login(clerk)

    page = client.post(reverse("annual_report_sign", args=["pho-chau", 2023]), follow=True)

    assert "Đang lập bản báo cáo để chốt; tải lại trang sau ít phút." in page.content.decode()
    queued = DBTaskResult.objects.get()
    assert (queued.task_path, queued.status) == ("reports.tasks.sign_report", "READY")
    assert not ReportVersion.objects.exists()

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    queued.refresh_from_db()
    version = ReportVersion.objects.get(council=pho_chau, year=2023)
    assert (queued.status, queued.return_value) == ("SUCCESSFUL", version.pk)
    assert (version.version, version.signed_by) == (1, clerk)
    assert f"ban hành {len(resolutions):02d} nghị quyết" in pdf_text(bytes(version.pdf))
