"""Backups (hdnd/backups.py): a round trip gives back the same records, figures and attachments.

The in-process round trip runs on the database of the test run (PostgreSQL through pg_dump and
pg_restore, or SQLite through its backup API); a second one runs `make backup` and
`make restore` on a SQLite database of its own, as an operator would. Backups need committed
data, so these tests commit (transactional_db) and the database is emptied after each;
`district` puts the unit tree back for the tests that follow."""

import datetime
import io
import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from reports.figures import year_figures
from sessions import demo as sessions_demo
from sessions.models import Resolution, Session, StandingCommitteeMeeting

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n% the signed agenda\n"


def counts() -> dict[str, int]:
    """Rows of every model, Django's and axes' included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def main(response) -> str:
    """A page's own content, without the per-request parts around it (CSRF tokens)."""
    assert response.status_code == 200
    return response.content.decode().split("<main>")[1].split("</main>")[0]


def figures(council) -> dict:
    result = year_figures(council, 2023, today=datetime.date(2024, 1, 31))
    return {
        "own": {key: cell.value for key, cell in result.own.items()},
        "communes": {key: cell.value for key, cell in result.communes.items()},
        "rows": {row.council.unit.slug: [cell.value for cell in row.table_cells] for row in result.rows},
        "follow_up": result.follow_up_status,
    }


@pytest.fixture
def council_2023(transactional_db, district):
    """Hương Sơn's 2023 sessions, resolutions and Standing Committee meetings (committed), and a
    signed agenda attached to one session."""
    sessions_demo.load_2023(district)
    session = Session.objects.filter(council__unit__slug="pho-chau").earliest("start_date")
    session.agenda.save("chuong-trinh.pdf", ContentFile(PDF))
    return district


def test_backup_then_restore_gives_back_every_record_figure_and_attachment(
    council_2023, reviewer, client, settings, tmp_path
):
    settings.BACKUP_DIR = tmp_path / "backups"
    dashboard = reverse("dashboard", args=[council_2023.slug, 2023])
    before_figures, before_counts = figures(council_2023), counts()
    assert before_figures["communes"]["sessions"] == 82
    agenda = Session.objects.exclude(agenda="").get()
    agenda_path = Path(agenda.agenda.path)

    call_command("backup", stdout=io.StringIO())
    suffix = {"postgresql": ".dump", "sqlite": ".sqlite3"}[connection.vendor]
    (database_file,) = settings.BACKUP_DIR.glob(f"*{suffix}")
    (media_file,) = settings.BACKUP_DIR.glob("*.media.tar.gz")
    assert media_file.name == database_file.name.removesuffix(suffix) + ".media.tar.gz"
    assert (database_file.stat().st_mode & 0o777, media_file.stat().st_mode & 0o777) == (0o600, 0o600)

    # A bad day: meetings deleted, resolutions renamed, a session moved, the agenda's file lost,
    # a stray file and a new user.
    StandingCommitteeMeeting.objects.filter(council__unit__slug="son-tay").delete()
    Resolution.objects.filter(session__council=council_2023).update(summary="?")
    Session.objects.filter(council__unit__slug="son-kim-1").update(kind=Session.Kind.URGENT)
    agenda_path.unlink()
    (agenda_path.parent / "stray.pdf").write_bytes(PDF)
    get_user_model().objects.create(username="khach")
    client.force_login(reviewer)  # a login the backup does not hold
    assert (figures(council_2023), counts()) != (before_figures, before_counts)
    # the dashboard drawn now is kept (reports.fragments); the writes above bypassed the signals
    kept_before = main(client.get(dashboard))

    call_command("restore", str(database_file), interactive=False, stdout=io.StringIO())

    assert figures(council_2023) == before_figures
    assert counts() == before_counts
    assert not Resolution.objects.filter(summary="?").exists()
    assert agenda_path.read_bytes() == PDF
    assert not (agenda_path.parent / "stray.pdf").exists()
    # nothing kept from the replaced database is shown: not its dashboards, not its logins
    assert client.get(dashboard).status_code == 302
    client.force_login(reviewer)
    shown = main(client.get(dashboard))
    cache.clear()
    assert shown == main(client.get(dashboard)) != kept_before
    # The state it replaced was backed up first: the first backup, the safety backup, their media.
    assert len(list(settings.BACKUP_DIR.iterdir())) == 4


def test_restore_refuses_another_databases_backup_a_missing_one_or_a_damaged_one(
    transactional_db, district, settings, tmp_path
):
    settings.BACKUP_DIR = tmp_path / "backups"
    before = counts()
    other = {"postgresql": "x.sqlite3", "sqlite": "x.dump"}[connection.vendor]
    (tmp_path / other).write_bytes(b"not this database's kind")
    with pytest.raises(CommandError, match=f"x.* is not a {connection.vendor} backup"):
        call_command("restore", str(tmp_path / other), interactive=False)
    suffix = {"postgresql": ".dump", "sqlite": ".sqlite3"}[connection.vendor]
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / f"y{suffix}"), interactive=False)

    call_command("backup", dir=tmp_path / "good", stdout=io.StringIO())
    (database_file,) = (tmp_path / "good").glob(f"*{suffix}")
    media_file = database_file.with_name(database_file.name.removesuffix(suffix) + ".media.tar.gz")
    whole = media_file.read_bytes()
    media_file.write_bytes(whole[:20])  # cut short
    with pytest.raises(CommandError, match=r"media\.tar\.gz is damaged"):
        call_command("restore", str(database_file), interactive=False)
    media_file.write_bytes(whole)
    database_file.write_bytes(database_file.read_bytes()[:100])  # now the database file cut short
    with pytest.raises(CommandError, match={".dump": "pg_restore failed", ".sqlite3": "is damaged"}[suffix]):
        call_command("restore", str(database_file), interactive=False)

    assert counts() == before
    assert not settings.BACKUP_DIR.exists()  # refused before the backup of the present state


def test_make_backup_and_make_restore_on_sqlite(tmp_path):
    """What docs/deploy.md tells the operator to type, on a SQLite database of the test's own (a
    table of its own too: backup and restore copy the file whole, whatever its tables)."""
    database, media = tmp_path / "hdnd.sqlite3", tmp_path / "media"
    env = {name: value for name, value in os.environ.items() if name in {"PATH", "HOME", "LANG"}}
    env |= {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "BACKUP_DIR": str(tmp_path / "backups"),
    }

    def make(*args, stdin=None):
        result = subprocess.run(
            ["make", "--no-print-directory", *args], cwd=ROOT, env=env, capture_output=True, text=True, input=stdin
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def rows():
        with closing(sqlite3.connect(database)) as db:
            return db.execute("SELECT name FROM minutes ORDER BY name").fetchall()

    with closing(sqlite3.connect(database)) as db, db:
        db.execute("CREATE TABLE minutes (name text)")
        db.executemany("INSERT INTO minutes VALUES (?)", [("kỳ họp thứ 7",), ("kỳ họp thứ 8",)])
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "bien-ban.pdf").write_bytes(PDF)

    backed_up = make("backup")
    (database_file,) = tmp_path.glob("backups/*.sqlite3")
    assert str(database_file) in backed_up

    with closing(sqlite3.connect(database)) as db, db:
        db.execute("DELETE FROM minutes")
    (media / "attachments" / "bien-ban.pdf").unlink()

    make("restore", f"FILE={database_file}", stdin="yes\n")

    assert rows() == [("kỳ họp thứ 7",), ("kỳ họp thứ 8",)]
    assert (media / "attachments" / "bien-ban.pdf").read_bytes() == PDF


def test_make_restore_without_a_file_says_how(tmp_path):
    result = subprocess.run(["make", "--no-print-directory", "restore"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert "usage: make restore FILE=var/backups/<time>.dump" in result.stdout
