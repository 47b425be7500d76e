"""Backups of the database and the attachments, and their restore (`make backup`, `make restore`).

A backup is two files in BACKUP_DIR named by the time it was taken:

- `<time>.dump`: PostgreSQL's custom format, made by `pg_dump -Fc` and read back by
  `pg_restore --clean`, or `<time>.sqlite3`: a copy of the SQLite database made by SQLite's online
  backup API, consistent even while clerks are saving;
- `<time>.media.tar.gz`: the uploaded attachments (MEDIA_ROOT).

Each file is written under a `.partial` name and renamed when complete, so a file with the final
name is a whole backup. Files and folder are readable by their owner only: they hold personal data.
"""

import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

log = logging.getLogger(__name__)

MEDIA_SUFFIX = ".media.tar.gz"
DATABASE_SUFFIXES = {"postgresql": ".dump", "sqlite": ".sqlite3"}


class BackupError(Exception):
    pass


def backup(directory: Path) -> list[Path]:
    """Back up the database and MEDIA_ROOT into `directory`; returns the two files made.
    Warnings of pg_dump, if any, are logged."""
    suffix = _database_suffix()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    database_file, media_file = _new_names(directory, suffix)
    with _written(database_file) as partial:
        if connection.vendor == "postgresql":
            _run(["pg_dump", "--format=custom", f"--file={partial}"])
        else:
            _sqlite_copy(_live_sqlite(), partial)
    with _written(media_file) as partial:
        _tar_media(partial)
    return [database_file, media_file]


def restore(database_file: Path) -> None:
    """Replace the database and MEDIA_ROOT with a backup. Nothing else may write meanwhile: stop the
    server first. The backup is checked whole before anything is replaced, and the cache (kept
    dashboards, logins) emptied after."""
    check(database_file)
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(database_file),
            ]
        )
    else:
        with closing(sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)) as source:
            source.backup(_live_sqlite())
    _untar_media(media_file_of(database_file))
    cache.clear()  # kept dashboards and logins belong to the database just replaced


def check(database_file: Path) -> None:
    """Refuse a backup of the other kind of database, a missing one, or one that cannot be read
    whole (the database file, and the attachments' archive beside it)."""
    media_file = media_file_of(database_file)
    expected = _database_suffix()
    if database_file.suffix != expected:
        raise BackupError(f"{database_file.name} is not a {connection.vendor} backup (those end with {expected}).")
    for path in (database_file, media_file):
        if not path.is_file():
            raise BackupError(f"{path} does not exist.")
    try:
        with tarfile.open(media_file, "r:gz") as archive:
            archive.getmembers()  # reads the archive to its end
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{media_file} is damaged: {error}") from None
    if connection.vendor == "postgresql":
        _run(["pg_restore", "--list", f"--file={os.devnull}", str(database_file)])
    else:
        with closing(sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)) as source:
            try:
                healthy = source.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            except sqlite3.DatabaseError:
                healthy = False
        if not healthy:
            raise BackupError(f"{database_file} is damaged (PRAGMA quick_check).")


def media_file_of(database_file: Path) -> Path:
    return database_file.with_name(database_file.name.removesuffix(database_file.suffix) + MEDIA_SUFFIX)


def _new_names(directory: Path, suffix: str) -> tuple[Path, Path]:
    """<time><suffix> and <time>.media.tar.gz, with -2, -3… after the time if it is taken."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    for extra in ["", *(f"-{n}" for n in range(2, 100))]:
        names = directory / f"{stamp}{extra}{suffix}", directory / f"{stamp}{extra}{MEDIA_SUFFIX}"
        if not any(path.exists() for path in names):
            return names
    raise BackupError(f"Too many backups in {directory} this second.")


def _database_suffix() -> str:
    if connection.vendor not in DATABASE_SUFFIXES:
        raise BackupError(f"Backups know PostgreSQL and SQLite, not {connection.vendor}.")
    return DATABASE_SUFFIXES[connection.vendor]


class _written:
    """A file written under `<name>.partial`, renamed to its name only when the writing succeeded."""

    def __init__(self, path: Path):
        self.path, self.partial = path, path.with_name(path.name + ".partial")

    def __enter__(self) -> Path:
        self.partial.unlink(missing_ok=True)
        return self.partial

    def __exit__(self, error_type, error, traceback):
        if error_type is None:
            self.partial.chmod(0o600)
            self.partial.rename(self.path)
        else:
            self.partial.unlink(missing_ok=True)


def _run(command: list[str]) -> None:
    """A PostgreSQL client tool, connected as Django is (the password through the environment,
    never on the command line where `ps` shows it). What it says besides failing is logged."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "PGDATABASE": database["NAME"],
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
    }
    if sslmode := database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    env = {name: value for name, value in env.items() if value != "" or not name.startswith("PG")}
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed:\n{result.stderr.strip()}")
    if result.stderr.strip():
        log.warning("%s: %s", command[0], result.stderr.strip())


def _live_sqlite() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


def _sqlite_copy(source: sqlite3.Connection, path: Path) -> None:
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()


def _tar_media(path: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "w:gz") as archive:
        if media.is_dir():
            for child in sorted(media.iterdir()):
                archive.add(child, arcname=child.name)


def _untar_media(path: Path) -> None:
    """MEDIA_ROOT becomes what the archive holds: unpacked beside it, then swapped in."""
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix=".restoring-", dir=media.parent))
    unpacked.chmod(media.stat().st_mode & 0o7777 if media.exists() else 0o755)
    try:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(unpacked, filter="data")
        if media.exists():
            shutil.rmtree(media)
        unpacked.rename(media)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)
